// Reads selected entries of a zip/jar with Node's zlib only, so the conformance test needs no
// unzip binary. Handles stored and deflated entries; zip64 archives are rejected with a clear error
// (Spark's connect jars have a few thousand entries, far below the zip64 limits).
import fs from 'node:fs';
import zlib from 'node:zlib';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;
const MAX_COMMENT = 0xffff;

function findEndOfCentralDirectory(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - EOCD_MIN_SIZE - MAX_COMMENT);
  for (let i = buf.length - EOCD_MIN_SIZE; i >= lowest; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  throw new Error('not a zip file (no end-of-central-directory record)');
}

/** Returns the text of every entry whose name passes `wanted`, keyed by entry name. */
export function readZipEntries(zipPath: string, wanted: (name: string) => boolean): Map<string, string> {
  const buf = fs.readFileSync(zipPath);
  const eocd = findEndOfCentralDirectory(buf);
  const entryCount = buf.readUInt16LE(eocd + 10);
  const directoryOffset = buf.readUInt32LE(eocd + 16);
  if (entryCount === 0xffff || directoryOffset === 0xffffffff) {
    throw new Error(`${zipPath} is a zip64 archive, which this reader does not support`);
  }
  const result = new Map<string, string>();
  let p = directoryOffset;
  for (let n = 0; n < entryCount; n++) {
    if (buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new Error(`corrupt central directory at ${p} in ${zipPath}`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (!wanted(name)) continue;

    if (buf.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw new Error(`corrupt local header for ${name}`);
    // The local header's own name/extra lengths can differ from the central directory's.
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const raw = buf.subarray(dataStart, dataStart + compressedSize);
    let data: Buffer;
    if (method === 0) data = raw;
    else if (method === 8) data = zlib.inflateRawSync(raw);
    else throw new Error(`entry ${name} uses unsupported compression method ${method}`);
    result.set(name, data.toString('utf8'));
  }
  return result;
}
