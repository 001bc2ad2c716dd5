// A raw TCP "server" for H2Connection tests that need what no real HTTP/2 server sends: it answers the
// client's preface with whatever frames a test scripts, and parses the frames the client sends back
// (RST_STREAM, GOAWAY, WINDOW_UPDATE) so a test can check the error codes the client chose.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { CLIENT_PREFACE, FRAME_HEADER_BYTES, FrameType } from '../../../../src/connect/h2/frames';

export interface SentFrame { type: number; flags: number; stream: number; payload: Buffer }

export interface PeerConnection {
  socket: Socket;
  /** Frames the client has sent so far (after its preface), in order. */
  frames: SentFrame[];
  /** Resolves with the first frame of `type` the client sends (now or later). */
  next(type: FrameType): Promise<SentFrame>;
}

export interface ScriptedPeer {
  port: number;
  close(): Promise<void>;
}

/** `onRequest` runs once the client's preface, SETTINGS and first request have arrived. */
export async function scriptedPeer(onRequest: (peer: PeerConnection) => void): Promise<ScriptedPeer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const frames: SentFrame[] = [];
    const waiters: Array<{ type: number; resolve: (f: SentFrame) => void }> = [];
    const peer: PeerConnection = {
      socket, frames,
      next: (type) => new Promise((resolve) => {
        const had = frames.find((f) => f.type === type);
        if (had) resolve(had);
        else waiters.push({ type, resolve });
      }),
    };
    let pending = Buffer.alloc(0);
    let sawPreface = false;
    let started = false;
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!sawPreface) {
        if (pending.length < CLIENT_PREFACE.length) return;
        pending = pending.subarray(CLIENT_PREFACE.length);
        sawPreface = true;
      }
      while (pending.length >= FRAME_HEADER_BYTES) {
        const length = pending.readUIntBE(0, 3);
        if (pending.length < FRAME_HEADER_BYTES + length) break;
        const frame = {
          type: pending[3]!, flags: pending[4]!, stream: pending.readUInt32BE(5) & 0x7fffffff,
          payload: Buffer.from(pending.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length)),
        };
        pending = pending.subarray(FRAME_HEADER_BYTES + length);
        frames.push(frame);
        for (const w of waiters.filter((x) => x.type === frame.type)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(frame);
        }
        if (!started && frame.type === FrameType.Headers) {
          started = true;
          onRequest(peer);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
