/**
 * The zip container of an OOXML package, read and written with fflate's raw deflate (no zip layer of
 * fflate's own): reading walks the central directory and inflates a part only when asked for, writing
 * copies the compressed bytes of every part left unchanged as they were (no inflate, no deflate) and
 * deflates only the parts the transform rewrote. Pure: Uint8Array in, Uint8Array out, in Node and in
 * the task pane alike.
 *
 * Limits: no Zip64 (a package over 4 GB or 65,535 parts is refused with a message), no encryption
 * (an encrypted workbook is not a zip at all but an OLE compound file, refused as "not a zip").
 */
import { deflateSync, inflateSync } from "fflate";

/** One part of the package as stored. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  /** The bytes as stored (compressed when method is 8). */
  raw: Uint8Array;
  size: number;
  /** DOS date and time of the part, kept when it is copied. */
  time: number;
  date: number;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

/** The parts of a zip file, in central-directory order. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the end-of-central-directory record: 22 bytes plus a comment of at most 65,535
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("Not a zip file: an .xlsx workbook is a zip package");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) {
    throw new Error("Zip64 packages (over 4 GB or 65,535 parts) are not supported");
  }
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (view.getUint32(at, true) !== CENTRAL) throw new Error("Damaged zip: bad central directory");
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const time = view.getUint16(at + 12, true);
    const date = view.getUint16(at + 14, true);
    const crc = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (flags & 1) throw new Error(`Encrypted zip entry ${name} is not supported`);
    if (compressed === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) {
      throw new Error("Zip64 packages (over 4 GB or 65,535 parts) are not supported");
    }
    if (method !== 0 && method !== 8) {
      throw new Error(`Zip entry ${name} uses compression method ${method} (only deflate is read)`);
    }
    if (view.getUint32(offset, true) !== LOCAL) throw new Error(`Damaged zip: entry ${name}`);
    const dataStart =
      offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    entries.push({
      name,
      method,
      crc,
      raw: bytes.subarray(dataStart, dataStart + compressed),
      size,
      time,
      date,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of an entry. */
export function entryBytes(entry: ZipEntry): Uint8Array {
  if (entry.method === 0) return entry.raw;
  return inflateSync(entry.raw, { out: new Uint8Array(entry.size) });
}

let crcTable: Int32Array | undefined;

/** CRC-32 (IEEE), as zip stores it. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  const table = crcTable;
  let c = -1;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** A new entry from uncompressed bytes (deflated; `level` 1 is fast, 6 fflate's default). */
export function makeEntry(
  name: string,
  data: Uint8Array,
  options: { time?: number; date?: number; level?: number } = {}
): ZipEntry {
  const level = (options.level ?? 6) as 1 | 6;
  return {
    name,
    method: 8,
    crc: crc32(data),
    raw: deflateSync(data, { level }),
    size: data.length,
    // 1980-01-01 00:00 unless told: reproducible bytes
    time: options.time ?? 0,
    date: options.date ?? 0x21,
  };
}

/** A zip file of `entries`, in order. */
export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  if (entries.length >= 0xffff) throw new Error("Too many parts for a zip without Zip64");
  const encoder = new TextEncoder();
  const names = entries.map((entry) => encoder.encode(entry.name));
  let total = 22;
  entries.forEach((entry, i) => (total += 30 + 46 + 2 * names[i].length + entry.raw.length));
  if (total > 0xffffffff) throw new Error("The package would exceed 4 GB (Zip64 is not written)");
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  // UTF-8 names (bit 11) so that a part name outside ASCII reads back the same
  const header = (entry: ZipEntry, i: number, central: boolean): void => {
    let p = at;
    view.setUint32(p, central ? CENTRAL : LOCAL, true);
    p += 4;
    if (central) {
      view.setUint16(p, 20, true); // made by: version 2.0, MS-DOS
      p += 2;
    }
    view.setUint16(p, 20, true); // version needed
    view.setUint16(p + 2, 0x800, true);
    view.setUint16(p + 4, entry.method, true);
    view.setUint16(p + 6, entry.time, true);
    view.setUint16(p + 8, entry.date, true);
    view.setUint32(p + 10, entry.crc, true);
    view.setUint32(p + 14, entry.raw.length, true);
    view.setUint32(p + 18, entry.size, true);
    view.setUint16(p + 22, names[i].length, true);
    view.setUint16(p + 24, 0, true); // extra
    p += 26;
    if (central) {
      // comment length, disk, internal and external attributes, local header offset
      view.setUint16(p, 0, true);
      view.setUint16(p + 2, 0, true);
      view.setUint16(p + 4, 0, true);
      view.setUint32(p + 6, 0, true);
      view.setUint32(p + 10, offsets[i], true);
      p += 14;
    }
    out.set(names[i], p);
    at = p + names[i].length;
  };
  entries.forEach((entry, i) => {
    offsets.push(at);
    header(entry, i, false);
    out.set(entry.raw, at);
    at += entry.raw.length;
  });
  const directory = at;
  entries.forEach((entry, i) => header(entry, i, true));
  view.setUint32(at, END, true);
  view.setUint16(at + 4, 0, true);
  view.setUint16(at + 6, 0, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - directory, true);
  view.setUint32(at + 16, directory, true);
  view.setUint16(at + 20, 0, true);
  at += 22;
  return at === out.length ? out : out.subarray(0, at);
}
