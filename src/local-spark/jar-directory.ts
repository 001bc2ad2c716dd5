// The names of the files in a jar, read from its ZIP central directory (stored uncompressed at the end
// of the file), so that we can tell what a Spark installation contains without unpacking or running it.
// Only the end of the file is read: the Connect jar is ~14 MB, its directory well under 1 MB.

export interface JarFile {
  size: number;
  /** Up to `length` bytes from `position`. */
  read(position: number, length: number): Promise<Uint8Array>;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
// A directory larger than this is not a Spark jar's; refuse rather than read a huge file into memory.
const MAX_DIRECTORY = 32 * 1024 * 1024;

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Where the central directory is, from the end-of-central-directory record; undefined if none (or ZIP64). */
export function locateCentralDirectory(tail: Uint8Array, tailStart: number): { offset: number; size: number } | undefined {
  const v = view(tail);
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (v.getUint32(i, true) !== EOCD_SIGNATURE) continue;
    // The comment must run exactly to the end of the file, or this is a signature inside the comment.
    if (i + EOCD_SIZE + v.getUint16(i + 20, true) !== tail.length) continue;
    const size = v.getUint32(i + 12, true);
    const offset = v.getUint32(i + 16, true);
    // 0xffffffff means the real values are in a ZIP64 record: no Spark jar is that big.
    if (size === 0xffffffff || offset === 0xffffffff) return undefined;
    if (offset + size > tailStart + i) return undefined;
    return { offset, size };
  }
  return undefined;
}

/** The entry names of a central directory. */
export function centralDirectoryNames(directory: Uint8Array): string[] {
  const v = view(directory);
  const decoder = new TextDecoder();
  const names: string[] = [];
  let at = 0;
  while (at + 46 <= directory.length && v.getUint32(at, true) === CENTRAL_SIGNATURE) {
    const nameLength = v.getUint16(at + 28, true);
    const extraLength = v.getUint16(at + 30, true);
    const commentLength = v.getUint16(at + 32, true);
    if (at + 46 + nameLength > directory.length) break;
    names.push(decoder.decode(directory.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The entry names of a jar, or undefined when it is not a ZIP file this reader understands. */
export async function jarEntryNames(jar: JarFile): Promise<string[] | undefined> {
  const tailLength = Math.min(jar.size, EOCD_SIZE + MAX_COMMENT);
  const tailStart = jar.size - tailLength;
  const where = locateCentralDirectory(await jar.read(tailStart, tailLength), tailStart);
  if (!where || where.size > MAX_DIRECTORY) return undefined;
  const directory = await jar.read(where.offset, where.size);
  if (directory.length !== where.size) return undefined;
  return centralDirectoryNames(directory);
}

/** True/false when the jar does/does not list `name`; undefined when it cannot be read. */
export async function jarHasEntry(jar: JarFile, name: string): Promise<boolean | undefined> {
  const names = await jarEntryNames(jar);
  return names === undefined ? undefined : names.includes(name);
}
