import type { StreamTransportChoice } from '../../src/connect/channel';

/** The client's streamTransport option from a command-line word. */
export function streamTransportChoice(v: string): StreamTransportChoice {
  if (v === 'auto' || v === 'direct' || v === 'grpc-js') return v;
  throw new Error(`stream transport must be auto, direct or grpc-js, got ${v}`);
}
