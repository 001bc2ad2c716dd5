/** A malformed header block. In HTTP/2 this is a connection error of type COMPRESSION_ERROR. */
export class HpackError extends Error {
  override name = 'HpackError';
}

/**
 * A header list that decodes to more than the decoder's limit (RFC 9113 section 6.5.2 counts each field
 * as its name, its value and 32 octets). The block was valid; the peer is merely too generous, or is
 * inflating a small block through the dynamic table.
 */
export class HeaderListSizeError extends HpackError {
  override name = 'HeaderListSizeError';
}
