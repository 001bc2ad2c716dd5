// A minimal ZIP writer for tests: stored (uncompressed) entries with local headers, a central
// directory and its end record, as a jar has them. CRCs are left 0: nothing under test checks them.

export function buildZip(names: string[], comment = ''): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const n = enc.encode(name);
    const data = enc.encode(`content of ${name}`);
    const local = new Uint8Array(30 + n.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, n.length, true);
    local.set(n, 30);
    const extra = enc.encode('XT');
    const entry = new Uint8Array(46 + n.length + extra.length);
    const cv = new DataView(entry.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, n.length, true);
    cv.setUint16(30, extra.length, true);
    cv.setUint32(42, offset, true);
    entry.set(n, 46);
    entry.set(extra, 46 + n.length);
    parts.push(local, data);
    central.push(entry);
    offset += local.length + data.length;
  }
  const cdSize = central.reduce((s, e) => s + e.length, 0);
  const c = enc.encode(comment);
  const end = new Uint8Array(22 + c.length);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, names.length, true);
  ev.setUint16(10, names.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  ev.setUint16(20, c.length, true);
  end.set(c, 22);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A JarFile over bytes in memory, counting how many bytes were read. */
export function memoryJar(bytes: Uint8Array): { size: number; read(position: number, length: number): Promise<Uint8Array>; bytesRead: number } {
  const jar = {
    size: bytes.length,
    bytesRead: 0,
    read: async (position: number, length: number) => {
      const chunk = bytes.subarray(position, Math.min(bytes.length, position + length));
      jar.bytesRead += chunk.length;
      return chunk;
    },
  };
  return jar;
}
