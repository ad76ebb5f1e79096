/**
 * A minimal reader of a zip file's central directory (APPNOTE 4.3.12–4.3.16, with Zip64):
 * the names, declared sizes and places of its parts, read before anything is inflated, so
 * a workbook too large to read is refused before it takes any memory; and the parts
 * themselves, inflated as a stream (never whole in memory) with their inflated bytes
 * counted against the declared size and their CRC-32 checked at the end.
 */
import type { FileHandle } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { crc32, createInflateRaw, type ZlibOptions } from 'node:zlib';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflated; anything else is refused when the part is read. */
  method: number;
  /** General purpose flags (bit 0: encrypted). */
  flags: number;
  crc32: number;
  /** Where the part's local header starts. */
  localOffset: number;
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record (22 bytes) may be followed by a comment of up to 65,535 bytes. */
const TAIL_BYTES = 22 + 0xffff + 20;

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('zip64 size out of range');
  return Number(v);
}

interface DirectoryPlace {
  count: number;
  size: number;
  offset: number;
  /** Where the Zip64 end record is, when the 32-bit fields overflowed. */
  zip64At?: number;
}

/** Finds the end record in `tail` (the last bytes of a file of `fileSize`, starting at `base`). */
function findEnd(tail: Buffer, base: number): DirectoryPlace {
  const min = Math.max(0, tail.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = tail.length - 22; i >= min; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  const place: DirectoryPlace = {
    count: tail.readUInt16LE(eocd + 10),
    size: tail.readUInt32LE(eocd + 12),
    offset: tail.readUInt32LE(eocd + 16),
  };
  if (place.count === 0xffff || place.size === 0xffffffff || place.offset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR)
      throw new ZipFormatError('zip64 locator missing');
    place.zip64At = u64(tail, loc + 8);
    if (place.zip64At >= base + eocd) throw new ZipFormatError('zip64 record missing');
  }
  return place;
}

function readZip64End(rec: Buffer, place: DirectoryPlace): void {
  if (rec.length < 56 || rec.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('zip64 record missing');
  place.count = u64(rec, 32);
  place.size = u64(rec, 40);
  place.offset = u64(rec, 48);
}

/** The entries of a central directory held in `cd`. */
function parseCentral(cd: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
      throw new ZipFormatError('damaged central directory');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length)
      throw new ZipFormatError('damaged central directory');
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // Zip64 extended information: the 64-bit values, in this order, only for fields that overflowed.
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (uncompressedSize === 0xffffffff) {
            uncompressedSize = u64(cd, q);
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = u64(cd, q);
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = u64(cd, q);
          break;
        }
        e += 4 + len;
      }
    }
    entries.push({ name, compressedSize, uncompressedSize, method, flags, crc32: crc, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The entries of the central directory; throws ZipFormatError when there is none or it is damaged. */
export function readZipDirectory(buf: Buffer): ZipEntry[] {
  const place = findEnd(buf, 0);
  if (place.zip64At !== undefined) readZip64End(buf.subarray(place.zip64At, place.zip64At + 56), place);
  if (place.offset + place.size > buf.length)
    throw new ZipFormatError('central directory past the end of the file');
  return parseCentral(buf.subarray(place.offset, place.offset + place.size), place.count);
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/**
 * The entries of the central directory of an open file of `fileSize` bytes, reading only
 * its tail and the directory itself. `maxDirectoryBytes` bounds what is read.
 */
export async function readZipDirectoryOf(
  fh: FileHandle,
  fileSize: number,
  maxDirectoryBytes: number,
): Promise<ZipEntry[]> {
  const base = Math.max(0, fileSize - TAIL_BYTES);
  const tail = await readAt(fh, base, fileSize - base);
  const place = findEnd(tail, base);
  if (place.zip64At !== undefined) readZip64End(await readAt(fh, place.zip64At, 56), place);
  if (place.offset + place.size > fileSize)
    throw new ZipFormatError('central directory past the end of the file');
  if (place.size > maxDirectoryBytes) throw new ZipFormatError('central directory too large');
  return parseCentral(await readAt(fh, place.offset, place.size), place.count);
}

/** The compressed bytes of a part, read from the file a megabyte at a time. */
async function* compressedChunks(fh: FileHandle, start: number, length: number): AsyncGenerator<Buffer> {
  for (let done = 0; done < length; ) {
    const n = Math.min(1 << 20, length - done);
    const buf = Buffer.allocUnsafe(n);
    const { bytesRead } = await fh.read(buf, 0, n, start + done);
    if (bytesRead === 0) throw new ZipFormatError('part past the end of the file');
    done += bytesRead;
    yield bytesRead === n ? buf : buf.subarray(0, bytesRead);
  }
}

/** A part whose inflated bytes pass what the caller allows (a zip bomb, or a lying directory). */
export class ZipSizeError extends ZipFormatError {
  override name = 'ZipSizeError';
  constructor(
    readonly entry: string,
    readonly inflated: number,
  ) {
    super(`${entry} inflates past its declared size`);
  }
}

/** Where a part's compressed bytes start: after its local header, name and extra field. */
async function dataStart(fh: FileHandle, entry: ZipEntry): Promise<number> {
  const local = await readAt(fh, entry.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL)
    throw new ZipFormatError(`${entry.name}: damaged local header`);
  return entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

/** A part's bytes as they are stored (deflated or not), to be copied into another archive unchanged. */
export async function* storedChunks(fh: FileHandle, entry: ZipEntry): AsyncGenerator<Buffer> {
  if (entry.flags & 1) throw new ZipFormatError(`${entry.name} is encrypted`);
  yield* compressedChunks(fh, await dataStart(fh, entry), entry.compressedSize);
}

/**
 * The bytes of one part, inflated as a stream in chunks of 128 KB: the compressed
 * bytes are read from the file as they are needed and nothing of the part is kept. Counts
 * the inflated bytes and stops (ZipSizeError) as soon as they pass the size the central
 * directory declared; checks the CRC-32 at the end (ZipFormatError on a damaged part).
 */
export async function* inflateEntry(fh: FileHandle, entry: ZipEntry): AsyncGenerator<Buffer> {
  if (entry.flags & 1) throw new ZipFormatError(`${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8)
    throw new ZipFormatError(`${entry.name}: compression method ${entry.method}`);
  const start = await dataStart(fh, entry);
  if (entry.compressedSize === 0) {
    if (entry.uncompressedSize !== 0) throw new ZipFormatError(`${entry.name}: empty data`);
    return;
  }
  const source = Readable.from(compressedChunks(fh, start, entry.compressedSize), { objectMode: false });
  let stream: AsyncIterable<Buffer> = source;
  if (entry.method === 8) {
    // Room for 4 MB of inflated bytes ahead of the reader: zlib inflates on the thread
    // pool while the sheet is scanned. With the default 16 KB the inflater waited on the
    // scanner at every chunk and restarting it cost more main-thread time than the scan of
    // some sheets (profile: zlib's deferred _read 1-6 s of a 1 M-row read).
    const options: ZlibOptions & { readableHighWaterMark: number } = {
      chunkSize: 1 << 17,
      readableHighWaterMark: 1 << 22,
    };
    const inflate = createInflateRaw(options);
    stream = pipeline(source, inflate, () => undefined);
  }
  let size = 0;
  let crc = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > entry.uncompressedSize) throw new ZipSizeError(entry.name, size);
    crc = crc32(chunk, crc);
    yield chunk;
  }
  if (size !== entry.uncompressedSize) throw new ZipFormatError(`${entry.name}: truncated data`);
  if (crc !== entry.crc32) throw new ZipFormatError(`${entry.name}: CRC mismatch`);
}
