// What may carry result streams, in a module of its own with no gRPC import: the extension's settings
// read it at activation, and the activation bundle must not pull in grpc-js (activation-split.test.ts).
//
// grpc-js, the default, carries every call of a session over one connection. 'direct' reads result
// streams over a second HTTP/2 connection of the client's own (h2/direct-stream.ts): less CPU on large
// results, but a load balancer or round-robin DNS may send that connection to another server than the
// session's other calls. (ClientOptions.streamTransport; the CLI's --stream-transport; the
// sparkConnect.streamTransport setting.)
export const STREAM_TRANSPORTS = ['grpc-js', 'direct'] as const;
export type StreamTransportChoice = (typeof STREAM_TRANSPORTS)[number];
export const DEFAULT_STREAM_TRANSPORT: StreamTransportChoice = 'grpc-js';
