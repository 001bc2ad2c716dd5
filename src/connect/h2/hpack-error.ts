/** A malformed header block. In HTTP/2 this is a connection error of type COMPRESSION_ERROR. */
export class HpackError extends Error {
  override name = 'HpackError';
}
