/**
 * The one zip module of the xlsx engine: reading (a zip file's central directory and its
 * parts, streamed), writing (the container of the fast writer) and the entry-time fix for
 * archives other libraries write.
 *
 * Reading: A minimal reader of a zip file's central directory (APPNOTE 4.3.12–4.3.16, with Zip64):
 * the names, declared sizes and places of its parts, read before anything is inflated, so
 * a workbook too large to read is refused before it takes any memory; and the parts
 * themselves, inflated as a stream (never whole in memory) with their inflated bytes
 * counted against the declared size and their CRC-32 checked at the end.
 */

import type { FileHandle } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import zlib, { crc32, createInflateRaw, type ZlibOptions } from 'node:zlib';
import { Zip, type ZipInputFile } from 'fflate';
import { intWidth, putDigits } from './layout.js';

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

/** The largest central directory the readers of workbooks read. */
export const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

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

// ---- Writing ----

/**
 * The zip container of xlsx-fast: fflate's `Zip` lays out the archive (local headers,
 * data descriptors, central directory, UTF-8 names) and Node's zlib deflates each entry.
 *
 * Why not fflate's own ZipDeflate: measured on an 87 MB worksheet, zlib's native
 * deflateRaw took 448 ms at level 1 (fflate's JavaScript deflate 2,694 ms) and 2,170 ms at
 * level 6 (fflate 4,191 ms), and zlib's streams run in libuv's thread pool, so on two
 * cores the XML of the next rows is built while the previous ones are compressed.
 * fflate's Zip accepts any entry object that reports its own CRC and size at the end
 * (its ZipInputFile interface), which is what ZipWriteEntry is.
 *
 * An entry is written as bytes into a buffer (ASCII markup, numbers and escaped UTF-8
 * text encoded here, in one pass): building the XML as JavaScript strings and encoding
 * them with Buffer.from cost 1.8 s of a 100,000-row workbook's 5.6 s, mostly flattening
 * the concatenated strings.
 */
/** 1980-01-01 00:00 local time: fflate writes the entry time from local fields, so this is the same DOS time (zero) in every time zone, as Excel writes. */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);
/** The end of an inline-string cell (after its text). */
export const STR_END = '</t></is></c>';

/** Not a token's character: a token is printable ASCII without space, " & < or >. */
function notToken(c: number): boolean {
  return c < 0x21 || c > 0x7e || c === 0x22 || c === 0x26 || c === 0x3c || c === 0x3e;
}

/** 10^k for k = 0 … 9: the powers of ten a 32-bit integer holds. */
const POW10_INT: number[] = Array.from({ length: 10 }, (_, k) => 10 ** k);

/** Bytes gathered before they are handed to the deflater. */
const BLOCK = 1 << 18;
/** The first block of an entry: a small sheet is some tens of kilobytes; blocks double up to BLOCK. */
const FIRST_BLOCK = 1 << 16;
/** fflate writes 32-bit sizes (no ZIP64). */
const MAX_ENTRY = 0xffffffff;

export type ByteSink = (chunk: Uint8Array) => void;

/** The end of a deflate stream after a flush: an empty final block with fixed codes. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
/** Small entries compressing at once before the next one waits. */
const MAX_PENDING = 6;
/** zlib streams a large entry's blocks are spread over (each runs on its own thread-pool thread). */
const LANES = 2;

interface Lane {
  d: zlib.DeflateRaw;
  out: Buffer[];
  /** Settles when the lane's current block is done. */
  idle: Promise<void>;
}

/**
 * A large entry's blocks deflated on LANES zlib streams at once, block i on lane i mod
 * LANES. Each block ends with a full flush: nothing in it refers back before it, and it
 * ends on a byte, so the segments joined in block order are one deflate stream, which
 * end() closes with an empty final block. On 300,000 rows the main thread had waited
 * 5.1 s of 17 s for a single zlib stream (idle in the profile) while building the XML.
 * Same input, same bytes: the lane of a block and each lane's sequence are fixed.
 */
class BlockDeflater {
  private readonly lanes: Lane[] = [];
  private readonly done: (Buffer[] | undefined)[] = [];
  private nextIn = 0;
  private nextOut = 0;
  private failed: Error | null = null;

  constructor(
    private readonly level: number,
    private readonly emit: (chunk: Buffer) => void,
  ) {}

  private lane(k: number): Lane {
    let lane = this.lanes[k];
    if (!lane) {
      const d = zlib.createDeflateRaw({
        level: this.level,
        chunkSize: 1 << 16,
        flush: zlib.constants.Z_FULL_FLUSH,
      });
      const l: Lane = { d, out: [], idle: Promise.resolve() };
      d.on('data', (c: Buffer) => l.out.push(c));
      d.on('error', (e: Error) => {
        this.failed = e;
      });
      this.lanes[k] = l;
      lane = l;
    }
    return lane;
  }

  /**
   * Queues a block; `release` is called once zlib is done with it. The promise settles
   * when the block has started, i.e. once its lane is done with the block before it
   * (the caller waits: at most LANES blocks are in zlib).
   */
  push(block: Buffer, release: () => void): Promise<void> {
    const i = this.nextIn++;
    const lane = this.lane(i % LANES);
    let began: () => void = () => {};
    let refused: (e: Error) => void = () => {};
    const started = new Promise<void>((resolve, reject) => {
      began = resolve;
      refused = reject;
    });
    // Chained at once, not when the caller gets round to it: two blocks pushed without a
    // wait in between still go through their lane one after the other.
    lane.idle = lane.idle.then(
      () =>
        new Promise<void>((resolve) => {
          if (this.failed) {
            refused(this.failed);
            resolve();
            return;
          }
          lane.out = [];
          // Deflated and flushed in one job of the thread pool (the stream's flush flag):
          // a write then a separate flush took two, and the main thread, busy building
          // rows, started the second only at its next wait (idle in the profile).
          lane.d.write(block, () => {
            this.done[i] = lane.out;
            release();
            this.drain();
            resolve();
          });
          began();
        }),
    );
    // A block handed on from inside a row is not waited for: its failure is not lost, as
    // end() throws it, but it must not surface as an unhandled rejection first.
    started.catch(() => {});
    return started;
  }

  /** Hands finished segments to the archive in block order. */
  private drain(): void {
    for (let seg = this.done[this.nextOut]; seg; seg = this.done[this.nextOut]) {
      this.done[this.nextOut] = undefined;
      this.nextOut++;
      for (const c of seg) this.emit(c);
    }
  }

  /** Waits for every block; the caller then ends the stream with FINAL_BLOCK. */
  async end(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.idle));
    for (const l of this.lanes) l.d.destroy();
    if (this.failed) throw this.failed;
    if (this.nextOut !== this.nextIn) throw new Error('xlsx-fast: a deflated block went missing');
  }
}

/** An entry as fflate's Zip takes it: its bytes are handed to `ondata`, which add() sets. */
type ZipFile = ZipInputFile & { ondata?: (err: Error | null, data: Uint8Array, final: boolean) => void };

/** An entry added to `zip`, dated ZIP_TIME; its data (compressed by `compression`) is pushed through its ondata. */
function addFile(zip: Zip, name: string, compression: number, size: number, crc: number): ZipFile {
  const file = { filename: name, compression, mtime: ZIP_TIME, size, crc } as unknown as ZipFile;
  zip.add(file);
  return file;
}

/** One deflated entry, written as bytes; `close()` ends it. */
export class ZipWriteEntry {
  private readonly file: ZipFile;
  /** Created when the first block is full; a small entry is deflated in one call at close. */
  private deflate: BlockDeflater | null = null;
  private crc = 0;
  private size = 0;
  private buf: Buffer;
  /** The next byte to write. */
  pos = 0;

  constructor(
    zip: Zip,
    name: string,
    private readonly level: number,
    /** Compresses a small entry in the thread pool while the next entry is built. */
    private readonly small: (bytes: Buffer) => Promise<Buffer>,
    /**
     * Takes a small entry's pending compression (the writer waits for all before it ends);
     * a promise when too many are pending (the caller waits: memory stays bounded).
     */
    private readonly background: (work: Promise<void>) => Promise<void> | undefined,
    private readonly pool: BlockPool,
  ) {
    this.buf = pool.take(FIRST_BLOCK);
    // size and CRC are set at close(), before the last data
    this.file = addFile(zip, name, 8, 0, 0);
  }

  /** The block deflater, on first need: its output goes to fflate as it comes, in order. */
  private stream(): BlockDeflater {
    if (!this.deflate)
      this.deflate = new BlockDeflater(this.level, (chunk) => this.file.ondata?.(null, chunk, false));
    return this.deflate;
  }

  /** Room for `n` more bytes: a small entry's block grows; a full block goes to the deflater. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (!this.deflate && this.buf.length < BLOCK) {
      this.grow(n);
      if (this.pos + n <= this.buf.length) return;
    }
    this.pass();
    if (this.buf.length < n) this.buf = Buffer.allocUnsafe(n);
  }

  private grow(n: number): void {
    const want = Math.max(this.pos + n, Math.min(BLOCK, this.buf.length * 2));
    const b = want === BLOCK ? this.pool.take(BLOCK) : Buffer.allocUnsafe(want);
    this.buf.copy(b, 0, 0, this.pos);
    this.pool.give(this.buf);
    this.buf = b;
  }

  /** Hands the bytes written so far to the deflater; a new block takes their place (zlib reads them later). */
  private pass(): Promise<void> | undefined {
    if (this.pos === 0) return undefined;
    const block = this.buf;
    const bytes = block.subarray(0, this.pos);
    this.buf = this.pool.take(BLOCK);
    this.pos = 0;
    this.crc = zlib.crc32(bytes, this.crc);
    this.size += bytes.length;
    if (this.size > MAX_ENTRY) throw new Error('xlsx-fast: a worksheet part larger than 4 GiB');
    // The deflater calls back once zlib is done with the block: then it can be filled again.
    return this.stream().push(bytes, () => this.pool.give(block));
  }

  /** Call between rows: a promise when a full block met a deflater that is behind. */
  maybeFlush(): Promise<void> | undefined {
    if (this.pos < this.buf.length - 4096) return undefined;
    if (!this.deflate && this.buf.length < BLOCK) {
      this.grow(4096);
      return undefined;
    }
    return this.pass();
  }

  /** Markup or other text that is already XML (escaped by the caller). */
  text(s: string): Promise<void> | undefined {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    return this.maybeFlush();
  }

  /** ASCII markup (no escaping, one byte per character). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Three ASCII strings in a row (a cell's start: `<c r="B`, the row, the style): one room check. */
  ascii3(a: string, b: string, c: string): void {
    const na = a.length;
    const nb = b.length;
    const nc = c.length;
    this.room(na + nb + nc);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < na; i++) buf[p++] = a.charCodeAt(i);
    for (let i = 0; i < nb; i++) buf[p++] = b.charCodeAt(i);
    for (let i = 0; i < nc; i++) buf[p++] = c.charCodeAt(i);
    this.pos = p;
  }

  /**
   * A cell's start: `<c r="B` + row (ASCII, short) + its tail (`" s="N" t="inlineStr"><is><t>`,
   * given as bytes and copied whole), one room check.
   */
  cellStart(open: string, row: string, tail: Uint8Array): void {
    const n1 = open.length;
    const n2 = row.length;
    this.room(n1 + n2 + tail.length);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n1; i++) b[p++] = open.charCodeAt(i);
    for (let i = 0; i < n2; i++) b[p++] = row.charCodeAt(i);
    b.set(tail, p);
    this.pos = p + tail.length;
  }

  /** A number cell whole: `<c r="B` + row + `" s="N"><v>` + value + `</v></c>`, one room check. */
  numberCell(open: string, row: string, tail: Uint8Array, value: string): void {
    const n1 = open.length;
    const n2 = row.length;
    const n3 = tail.length;
    const n4 = value.length;
    this.room(n1 + n2 + n3 + n4 + 8);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n1; i++) b[p++] = open.charCodeAt(i);
    for (let i = 0; i < n2; i++) b[p++] = row.charCodeAt(i);
    b.set(tail, p);
    p += n3;
    for (let i = 0; i < n4; i++) b[p++] = value.charCodeAt(i);
    this.pos = p;
    this.valueEnd();
  }

  /**
   * A number cell of a decimal given as an integer scaled by 10^places, when it is the usual
   * amount (below 2^31, at most 9 places): its shortest text (trailing zeros of the decimals
   * and a point left bare dropped, -0 as 0 — what decimalValue makes of the fixed text),
   * written as digits in 32-bit integer steps, without a text. False, with nothing written,
   * for any other: the caller writes its text.
   */
  decimalCell(open: string, row: string, tail: Uint8Array, scaled: number, places: number): boolean {
    const neg = scaled < 0;
    const a = neg ? -scaled : scaled;
    if (!(a <= 0x7fffffff) || places > 9) return false;
    let whole = a;
    let frac = 0;
    let fracDigits = 0;
    if (places > 0) {
      const unit = POW10_INT[places] as number;
      whole = (a / unit) | 0;
      frac = a - whole * unit;
      fracDigits = places;
      // trailing zeros of the decimals dropped
      while (fracDigits > 0) {
        const q = (frac / 10) | 0;
        if (frac - q * 10 !== 0) break;
        frac = q;
        fracDigits--;
      }
    }
    const wholeDigits = intWidth(whole);
    this.room(open.length + row.length + tail.length + wholeDigits + fracDigits + 10);
    this.cellStart(open, row, tail);
    const b = this.buf;
    let p = this.pos;
    if (neg) b[p++] = 45;
    putDigits(b, p, whole, wholeDigits);
    p += wholeDigits;
    if (fracDigits > 0) {
      b[p++] = 46;
      putDigits(b, p, frac, fracDigits);
      p += fracDigits;
    }
    this.pos = p;
    this.valueEnd();
    return true;
  }

  /** `</v></c>`: a number cell's end (room made by the caller). */
  private valueEnd(): void {
    const b = this.buf;
    let p = this.pos;
    b[p++] = 60;
    b[p++] = 47;
    b[p++] = 118;
    b[p++] = 62;
    b[p++] = 60;
    b[p++] = 47;
    b[p++] = 99;
    b[p++] = 62;
    this.pos = p;
  }

  /**
   * An inline-string cell whole whose text is a token (printable ASCII, no space, none of
   * `" & < >`): `<c r="B` + row + tail + token + `</t></is></c>`, one room check, no
   * escaping. Any other character is the caller's bug: thrown before anything is written.
   */
  tokenCell(open: string, row: string, tail: Uint8Array, token: string): void {
    const n4 = token.length;
    // the token is copied and checked in one pass, after the cell's start; pos moves only
    // when the whole cell is written, so a refused token leaves nothing behind
    this.room(open.length + row.length + tail.length + n4 + STR_END.length);
    const start = this.pos;
    this.cellStart(open, row, tail);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n4; i++) {
      const c = token.charCodeAt(i);
      if (notToken(c)) this.refuseToken(start, c);
      b[p++] = c;
    }
    this.pos = p;
    this.ascii(STR_END);
  }

  /** tokenCell of a token given as bytes: `width` bytes of `bytes` from `start`. */
  tokenBytes(
    open: string,
    row: string,
    tail: Uint8Array,
    bytes: Uint8Array,
    start: number,
    width: number,
  ): void {
    if (start < 0 || start + width > bytes.length) throw new Error('xlsx-fast: a token past its bytes');
    this.room(open.length + row.length + tail.length + width + STR_END.length);
    const begin = this.pos;
    this.cellStart(open, row, tail);
    const b = this.buf;
    let p = this.pos;
    for (let i = start, end = start + width; i < end; i++) {
      const c = bytes[i] as number;
      if (notToken(c)) this.refuseToken(begin, c);
      b[p++] = c;
    }
    this.pos = p;
    this.ascii(STR_END);
  }

  /** Takes back a token cell begun at `begin` and says which character it held. */
  private refuseToken(begin: number, c: number): never {
    this.pos = begin;
    throw new Error(`xlsx-fast: a token cell holds U+${c.toString(16).padStart(4, '0')}`);
  }

  /** A non-negative integer in decimal. */
  uint(v: number): void {
    if (v < 10) {
      this.room(1);
      this.buf[this.pos++] = 48 + v;
      return;
    }
    this.ascii(String(v));
  }

  /**
   * Text content or attribute value, escaped and UTF-8 encoded: & < > " as entities; the
   * control characters XML 1.0 cannot carry (C0 other than tab, LF, CR; DEL; U+FFFE,
   * U+FFFF) dropped, as exceljs drops them; a lone surrogate becomes U+FFFD.
   */
  escaped(s: string): void {
    const n = s.length;
    this.room(n * 6);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x3f || (c > 0x22 && c !== 0x26 && c !== 0x3c && c !== 0x3e)) {
          if (c !== 0x7f) b[p++] = c;
          continue;
        }
        switch (c) {
          case 0x26: // &amp;
            b[p++] = 38;
            b[p++] = 97;
            b[p++] = 109;
            b[p++] = 112;
            b[p++] = 59;
            break;
          case 0x3c: // &lt;
            b[p++] = 38;
            b[p++] = 108;
            b[p++] = 116;
            b[p++] = 59;
            break;
          case 0x3e: // &gt;
            b[p++] = 38;
            b[p++] = 103;
            b[p++] = 116;
            b[p++] = 59;
            break;
          case 0x22: // &quot;
            b[p++] = 38;
            b[p++] = 113;
            b[p++] = 117;
            b[p++] = 111;
            b[p++] = 116;
            b[p++] = 59;
            break;
          default:
            if (c >= 0x20 || c === 9 || c === 10 || c === 13) b[p++] = c;
        }
        continue;
      }
      if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 63);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const lo = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
          const cp = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
          i++;
          b[p++] = 0xf0 | (cp >> 18);
          b[p++] = 0x80 | ((cp >> 12) & 63);
          b[p++] = 0x80 | ((cp >> 6) & 63);
          b[p++] = 0x80 | (cp & 63);
          continue;
        }
        c = 0xfffd;
      } else if (c === 0xfffe || c === 0xffff) continue;
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 63);
      b[p++] = 0x80 | (c & 63);
    }
    this.pos = p;
  }

  async close(): Promise<void> {
    if (!this.deflate) {
      // Never more than a block (a workbook may have thousands of sheets of a few kilobytes each):
      // deflated by the writer's shared small-entry stream in the thread pool; fflate holds
      // the entries after it until it is done, and the next sheet is built meanwhile.
      const bytes = this.buf.subarray(0, this.pos);
      this.crc = zlib.crc32(bytes);
      this.file.crc = this.crc >>> 0;
      this.file.size = bytes.length;
      const block = this.buf;
      await this.background(
        this.small(bytes).then((out) => {
          this.pool.give(block);
          this.file.ondata?.(null, out, true);
        }),
      );
      return;
    }
    const d = this.deflate;
    await this.pass();
    await d.end();
    this.pool.give(this.buf);
    this.file.crc = this.crc >>> 0;
    this.file.size = this.size;
    this.file.ondata?.(null, FINAL_BLOCK, true);
  }
}

/**
 * One deflate stream for every small entry of an archive. Each entry ends with a full
 * flush (nothing after it refers back into it, and it ends on a byte) and an empty final
 * block, so each is a whole deflate stream of its own. A zlib stream set up per entry
 * (zlib.deflateRaw) cost ~0.3 ms each in allocation and set-up: 8,000 small sheets in one
 * workbook.
 */
class SmallDeflater {
  private d: zlib.DeflateRaw | null = null;
  private out: Buffer[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly level: number) {}

  deflate(bytes: Buffer): Promise<Buffer> {
    const run = this.chain.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          if (!this.d) {
            this.d = zlib.createDeflateRaw({ level: this.level, flush: zlib.constants.Z_FULL_FLUSH });
            this.d.on('data', (c: Buffer) => this.out.push(c));
          }
          const d = this.d;
          this.out = [];
          d.once('error', reject);
          // deflated and flushed in one job (see BlockDeflater.push)
          d.write(bytes, () => {
            d.off('error', reject);
            resolve(Buffer.concat([...this.out, FINAL_BLOCK]));
          });
        }),
    );
    this.chain = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.d?.destroy();
    this.d = null;
  }
}

/**
 * Blocks of the two sizes entries use, handed back once zlib is done with them: a new
 * 64 KB or 256 KB buffer per entry or per block is external memory that the GC counts
 * and chases (0.4 s of a 300,000-row workbook's 2,300 entries went to allocating them).
 */
class BlockPool {
  private readonly first: Buffer[] = [];
  private readonly full: Buffer[] = [];

  take(size: number): Buffer {
    const list = size === BLOCK ? this.full : size === FIRST_BLOCK ? this.first : null;
    return list?.pop() ?? Buffer.allocUnsafe(size);
  }

  give(b: Buffer): void {
    const list = b.length === BLOCK ? this.full : b.length === FIRST_BLOCK ? this.first : null;
    if (list && list.length < 8) list.push(b);
  }
}

/** An archive written front to back into `sink`, entry after entry. */
export class ZipWriter {
  private readonly zip: Zip;
  private failed: Error | null = null;
  private readonly pending: Promise<void>[] = [];
  /** Small entries go to these in turn (entry k to k mod LANES), compressing side by side. */
  private readonly small: SmallDeflater[];
  private smallCount = 0;
  private readonly pool = new BlockPool();

  constructor(
    sink: ByteSink,
    private readonly level: number,
  ) {
    this.small = Array.from({ length: LANES }, () => new SmallDeflater(level));
    this.zip = new Zip((err, data) => {
      if (err) this.failed = err;
      else sink(data);
    });
  }

  entry(name: string): ZipWriteEntry {
    this.check();
    return new ZipWriteEntry(
      this.zip,
      name,
      this.level,
      (bytes) => (this.small[this.smallCount++ % LANES] as SmallDeflater).deflate(bytes),
      (work) => {
        // a rejection is taken up by end(); meanwhile it must not count as unhandled
        work.catch(() => undefined);
        this.pending.push(work);
        // At most a few small sheets wait for zlib: their blocks then come back to the pool.
        const behind = this.pending[this.pending.length - 1 - MAX_PENDING];
        return behind?.catch(() => undefined);
      },
      this.pool,
    );
  }

  /**
   * An entry copied as it is stored in another archive: `chunks` are its compressed bytes
   * (deflated when `method` is 8, stored when 0), `crc` and `size` those of its content,
   * as that archive's central directory gives them. Nothing is inflated or deflated.
   */
  async copy(
    name: string,
    from: { method: number; crc32: number; uncompressedSize: number },
    chunks: AsyncIterable<Uint8Array>,
  ): Promise<void> {
    this.check();
    if (from.method !== 0 && from.method !== 8)
      throw new Error(`xlsx-fast: cannot copy ${name} (compression method ${from.method})`);
    const file = addFile(this.zip, name, from.method, from.uncompressedSize, from.crc32);
    for await (const c of chunks) file.ondata?.(null, c, false);
    file.ondata?.(null, new Uint8Array(0), true);
    this.check();
  }

  /** A whole entry at once. */
  async add(name: string, text: string): Promise<void> {
    const e = this.entry(name);
    await e.text(text);
    await e.close();
  }

  /** Ends the archive once every entry's compression has finished. */
  async end(): Promise<void> {
    try {
      await Promise.all(this.pending);
    } finally {
      for (const d of this.small) d.close();
    }
    this.zip.end();
    this.check();
  }

  private check(): void {
    if (this.failed) throw this.failed;
  }
}

// ---- Entry times of archives written by other libraries ----

/** 1980-01-01 00:00:00 in MS-DOS form, the time Excel itself gives every part of an xlsx. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * exceljs zips through JSZip, which stamps every entry with the wall clock (jszip
 * lib/object.js: `o.date = o.date || new Date()`; exceljs passes no date). This sets the
 * time of every entry, in its local header and in the central directory, to 1980-01-01
 * 00:00 as Excel does; no CRC covers these fields.
 */
export function pinZipTimes(buf: Buffer): Buffer {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('pinZipTimes: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== CENTRAL) throw new Error('pinZipTimes: damaged central directory');
    buf.writeUInt16LE(DOS_TIME, p + 12);
    buf.writeUInt16LE(DOS_DATE, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== LOCAL) throw new Error('pinZipTimes: damaged local header');
    buf.writeUInt16LE(DOS_TIME, local + 10);
    buf.writeUInt16LE(DOS_DATE, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}
