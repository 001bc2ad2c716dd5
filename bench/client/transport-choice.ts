import { STREAM_TRANSPORTS, type StreamTransportChoice } from '../../src/connect/stream-transport';

/** The client's streamTransport option from a command-line word. */
export function streamTransportChoice(v: string): StreamTransportChoice {
  const hit = STREAM_TRANSPORTS.find((t) => t === v);
  if (hit === undefined) throw new Error(`stream transport must be one of ${STREAM_TRANSPORTS.join(', ')}, got ${v}`);
  return hit;
}
