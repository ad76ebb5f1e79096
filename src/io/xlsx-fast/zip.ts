/**
 * The zip container of xlsx-fast: fflate's `Zip` lays out the archive (local headers,
 * data descriptors, central directory, UTF-8 names) and Node's zlib deflates each entry.
 *
 * Why not fflate's own ZipDeflate: measured on an 87 MB worksheet, zlib's native
 * deflateRaw took 448 ms at level 1 (fflate's JavaScript deflate 2,694 ms) and 2,170 ms at
 * level 6 (fflate 4,191 ms), and zlib's streams run in libuv's thread pool, so on two
 * cores the XML of the next rows is built while the previous ones are compressed.
 * fflate's Zip accepts any entry object that reports its own CRC and size at the end
 * (its ZipInputFile interface), which is what ZipEntry is.
 *
 * An entry is written as bytes into a buffer (ASCII markup, numbers and escaped UTF-8
 * text encoded here, in one pass): building the XML as JavaScript strings and encoding
 * them with Buffer.from cost 1.8 s of a 100,000-row roster's 5.6 s, mostly flattening
 * the concatenated strings.
 */
import zlib from 'node:zlib';
import { Zip, type ZipInputFile } from 'fflate';

/** 1980-01-01 00:00 local time: fflate writes the entry time from local fields, so this is the same DOS time (zero) in every time zone, as Excel writes. */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);
/** Bytes gathered before they are handed to the deflater. */
const BLOCK = 1 << 18;
/** The first block of an entry: a town's notice sheet is some tens of kilobytes; blocks double up to BLOCK. */
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
export class ZipEntry {
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

  /** A number cell whole: `<c r="B` + row + `" s="N"><v>` + value + `</v></c>`, one room check. */
  numberCell(open: string, row: string, tail: string, value: string): void {
    const n1 = open.length;
    const n2 = row.length;
    const n3 = tail.length;
    const n4 = value.length;
    this.room(n1 + n2 + n3 + n4 + 8);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n1; i++) b[p++] = open.charCodeAt(i);
    for (let i = 0; i < n2; i++) b[p++] = row.charCodeAt(i);
    for (let i = 0; i < n3; i++) b[p++] = tail.charCodeAt(i);
    for (let i = 0; i < n4; i++) b[p++] = value.charCodeAt(i);
    // </v></c>
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
      // Never more than a block (a notice has a sheet per town, a few kilobytes each):
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
 * (zlib.deflateRaw) cost ~0.3 ms each in allocation and set-up: 8,000 town sheets in a
 * province's notice.
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
 * and chases (0.4 s of a 300,000-row notice's 2,300 entries went to allocating them).
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

  entry(name: string): ZipEntry {
    this.check();
    return new ZipEntry(
      this.zip,
      name,
      this.level,
      (bytes) => (this.small[this.smallCount++ % LANES] as SmallDeflater).deflate(bytes),
      (work) => {
        // a rejection is taken up by end(); meanwhile it must not count as unhandled
        work.catch(() => undefined);
        this.pending.push(work);
        // At most a few town sheets wait for zlib: their blocks then come back to the pool.
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
