// Records when each gRPC call leaves the client: grpc-js opens one HTTP/2 stream per call with
// session.request(headers), which writes the HEADERS frame (the call's first bytes on the wire) at once.
// Imported before the client so that grpc-js's http2.connect is the wrapped one. Bench only.
import http2 from 'node:http2';

/** Each call's path, when it left (performance.now()) and the process's CPU time then. */
export const sent: Array<{ path: string; at: number; cpu: NodeJS.CpuUsage }> = [];

const connect = http2.connect;
(http2 as { connect: typeof http2.connect }).connect = ((...args: Parameters<typeof http2.connect>) => {
  const session = connect(...args);
  const request = session.request.bind(session);
  session.request = ((headers?: http2.OutgoingHttpHeaders, options?: http2.ClientSessionRequestOptions) => {
    sent.push({ path: String(headers?.[':path'] ?? ''), at: performance.now(), cpu: process.cpuUsage() });
    return request(headers, options);
  }) as typeof session.request;
  return session;
}) as typeof http2.connect;
