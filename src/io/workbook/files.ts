import { createHash } from 'node:crypto';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Finding } from '../../rules/findings.js';
import { MAX_DIRECTORY_BYTES, readZipDirectoryOf, type ZipEntry, ZipFormatError } from '../xlsx/zip.js';

/**
 * The largest workbook the reader takes, by the sum of the uncompressed sizes its zip
 * central directory declares for its XML parts (pictures under xl/media/ are not read and
 * not counted). The reader streams every part (xlsx/source.ts): its memory does not grow
 * with this size, only its time does (about 1 s per 60 MB of sheet XML). A sheet at
 * Excel's limit of 1,048,576 rows with the 12 columns of 干部 is 360–700 MB of XML
 * (shared or inline strings), and a workbook holds one sheet of each kind, so 2 GiB
 * takes the largest real input and refuses a zip bomb before anything is inflated. Each
 * part is also stopped as soon as its inflated bytes pass the size it declared.
 */
export const MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024;
/** The largest file read at all (pictures included): a full 1,048,576-row workbook is under 100 MB. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;
/** More parts than any real workbook has (sheets, styles, drawings …). */
export const MAX_ZIP_ENTRIES = 10_000;

/**
 * The limits of openWorkbookFile, for a workbook loaded whole into memory by exceljs (the
 * roster approve and payout read back). Measured with exceljs 4.4 on Node 20: 49 MB of
 * sheet XML loads in about 6 s and 640 MB of memory, 150 MB in 28 s and 2.1 GB; 64 MB
 * stays near 1 GB, which an office PC has.
 */
export const MAX_IN_MEMORY_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;
export const MAX_IN_MEMORY_FILE_BYTES = 128 * 1024 * 1024;

function fileFinding(
  code: string,
  file: string,
  params: Record<string, string | number> = {},
  level: Finding['level'] = 'error',
): Finding {
  return {
    level,
    code,
    file,
    sheet: '',
    row: 0,
    column: '',
    header: '',
    value: '',
    params: { expected: 'xlsx', ...params },
  };
}

export interface Candidate {
  /** The path to open. */
  path: string;
  /** As shown in messages: the path as given, or folder/name for a folder's workbook. */
  display: string;
}

const isXlsx = (n: string) => extname(n).toLowerCase() === '.xlsx';
const isOldExcel = (n: string) => ['.xls', '.et'].includes(extname(n).toLowerCase());

/**
 * Paths as given → the files to read, in order: a file as it is; a folder → its *.xlsx
 * sorted by name (Excel lock files ~$* skipped with a warning; an old .xls in it is an
 * error rather than silently left out, so no town's data goes missing unnoticed).
 */
export async function expandPaths(
  paths: readonly string[],
): Promise<{ files: Candidate[]; findings: Finding[] }> {
  const files: Candidate[] = [];
  const findings: Finding[] = [];
  for (const p of paths) {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') findings.push(fileFinding('file_missing', p));
      else findings.push(fileFinding('file_unreadable', p, { reason: code ?? String(e) }));
      continue;
    }
    if (!st.isDirectory()) {
      if (basename(p).startsWith('~$')) findings.push(fileFinding('lock_file_skipped', p, {}, 'warning'));
      else files.push({ path: p, display: p });
      continue;
    }
    let names: string[];
    try {
      names = (await readdir(p, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
    } catch (e) {
      findings.push(
        fileFinding('file_unreadable', p, { reason: (e as NodeJS.ErrnoException).code ?? String(e) }),
      );
      continue;
    }
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let count = 0;
    for (const n of names) {
      const full = join(p, n);
      if (n.startsWith('~$')) {
        if (isXlsx(n)) findings.push(fileFinding('lock_file_skipped', full, {}, 'warning'));
        continue;
      }
      if (n.startsWith('.')) continue;
      if (isXlsx(n)) {
        files.push({ path: full, display: full });
        count++;
      } else if (isOldExcel(n)) {
        findings.push(fileFinding('xls_old', full));
        count++;
      }
    }
    if (!count) findings.push(fileFinding('no_workbooks', p));
  }
  return { files, findings };
}

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function looksLikeText(head: Buffer): 'HTML' | 'XML' | 'CSV' | null {
  let s = head.toString('utf8');
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  // UTF-16 text (a "Unicode text" export) has a BOM of FF FE or FE FF.
  if (head[0] === 0xff && head[1] === 0xfe) s = head.subarray(2).toString('utf16le');
  const t = s.trimStart().toLowerCase();
  if (/^<(!doctype\s+html|html|table|head|body|meta)/.test(t) || t.includes('<html')) return 'HTML';
  if (t.startsWith('<?xml') || t.startsWith('<')) return 'XML';
  // Mostly printable characters: CSV or tab-separated text saved with an .xlsx name.
  let bad = 0;
  for (const ch of s.slice(0, 512)) {
    const c = ch.charCodeAt(0);
    if (c < 9 || (c > 13 && c < 32) || c === 0xfffd) bad++;
  }
  return bad <= 2 ? 'CSV' : null;
}

export interface OpenedFile {
  buffer: Buffer;
  sha256: string;
}

interface Limits {
  file: number;
  uncompressed: number;
}

/** An .xlsx open for the streaming reader: its handle (the caller closes it) and central directory. */
export interface InspectedFile {
  fh: FileHandle;
  size: number;
  entries: ZipEntry[];
  sha256: string;
}

const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const CHUNK = 1 << 20;

/** Whether `needle` occurs in the file, read a chunk at a time. */
async function fileIncludes(fh: FileHandle, size: number, needle: Buffer): Promise<boolean> {
  const buf = Buffer.allocUnsafe(CHUNK + needle.length);
  let keep = 0;
  for (let pos = 0; pos < size; ) {
    const { bytesRead } = await fh.read(buf, keep, CHUNK, pos);
    if (bytesRead === 0) break;
    const n = keep + bytesRead;
    if (buf.subarray(0, n).includes(needle)) return true;
    keep = Math.min(needle.length - 1, n);
    buf.copy(buf, 0, n - keep, n);
    pos += bytesRead;
  }
  return false;
}

async function sha256Of(fh: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK);
  for (let pos = 0; pos < size; ) {
    const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash.digest('hex');
}

function unreadable(c: Candidate, e: unknown): Finding {
  return fileFinding('file_unreadable', c.display, {
    reason: (e as NodeJS.ErrnoException).code ?? String(e),
  });
}

/**
 * Checks one file is an .xlsx the reader can take, reading only its head, and for a zip
 * its central directory: not empty, not an old .xls or an encrypted workbook (both OLE
 * compound files), not text renamed .xlsx, a zip whose central directory is sound and
 * declares no more than the limit of uncompressed XML. Returns the open file or a finding
 * (the file then closed).
 */
async function examine(
  c: Candidate,
  limits: Limits,
): Promise<{ fh: FileHandle; size: number; entries: ZipEntry[] } | Finding> {
  let size: number;
  try {
    size = (await stat(c.path)).size;
  } catch (e) {
    return unreadable(c, e);
  }
  if (size === 0) return fileFinding('empty_file', c.display);
  if (size > limits.file) {
    return fileFinding('too_large', c.display, { size: mb(size), limit: mb(limits.file) });
  }
  let fh: FileHandle;
  try {
    fh = await open(c.path, 'r');
  } catch (e) {
    return unreadable(c, e);
  }
  let done = false;
  try {
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);
    if (head.length >= 8 && head.subarray(0, 8).equals(CFB_MAGIC)) {
      // An OOXML file encrypted with a password is stored in a compound file with these streams.
      const enc = await fileIncludes(fh, size, ENCRYPTED_PACKAGE);
      return fileFinding(enc ? 'encrypted' : 'xls_old', c.display);
    }
    if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
      let entries: ZipEntry[];
      try {
        entries = await readZipDirectoryOf(fh, size, MAX_DIRECTORY_BYTES);
      } catch (e) {
        return fileFinding('corrupt', c.display, {
          reason: e instanceof ZipFormatError ? e.message : String(e),
        });
      }
      if (!entries.length) return fileFinding('corrupt', c.display, { reason: 'empty zip' });
      if (entries.length > MAX_ZIP_ENTRIES) {
        return fileFinding('too_large', c.display, {
          size: `${entries.length} parts`,
          limit: `${MAX_ZIP_ENTRIES} parts`,
        });
      }
      const total = entries
        .filter((e) => !/^\/?xl\/media\//.test(e.name))
        .reduce((a, e) => a + e.uncompressedSize, 0);
      if (total > limits.uncompressed) {
        return fileFinding('too_large', c.display, { size: mb(total), limit: mb(limits.uncompressed) });
      }
      const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
      if (!names.has('xl/workbook.xml') && ![...names].some((n) => /^xl\/workbook\d*\.xml$/.test(n))) {
        const kind = names.has('word/document.xml')
          ? 'Word'
          : names.has('ppt/presentation.xml')
            ? 'PowerPoint'
            : names.has('content.xml')
              ? 'OpenDocument'
              : 'zip';
        return fileFinding('not_xlsx', c.display, { kind });
      }
      done = true;
      return { fh, size, entries };
    }
    const kind = looksLikeText(head);
    if (kind) return fileFinding('not_xlsx', c.display, { kind });
    return fileFinding('corrupt', c.display, { reason: 'not a zip' });
  } catch (e) {
    return unreadable(c, e);
  } finally {
    if (!done) await fh.close();
  }
}

/**
 * Reads one file whole and checks it (see examine) with the limits of a workbook loaded
 * into memory (MAX_IN_MEMORY_*): for readers that hand the bytes to exceljs.
 */
export async function openWorkbookFile(c: Candidate): Promise<OpenedFile | Finding> {
  const got = await examine(c, {
    file: MAX_IN_MEMORY_FILE_BYTES,
    uncompressed: MAX_IN_MEMORY_UNCOMPRESSED_BYTES,
  });
  if ('code' in got) return got;
  try {
    const buffer = await got.fh.readFile();
    return { buffer, sha256: createHash('sha256').update(buffer).digest('hex') };
  } catch (e) {
    return unreadable(c, e);
  } finally {
    await got.fh.close();
  }
}

/**
 * Opens one file for the streaming reader and checks it (see examine) with its limits
 * (MAX_FILE_BYTES, MAX_UNCOMPRESSED_BYTES); its SHA-256 is read in passing. The caller
 * closes the handle.
 */
export async function inspectWorkbookFile(c: Candidate): Promise<InspectedFile | Finding> {
  const got = await examine(c, { file: MAX_FILE_BYTES, uncompressed: MAX_UNCOMPRESSED_BYTES });
  if ('code' in got) return got;
  try {
    return { ...got, sha256: await sha256Of(got.fh, got.size) };
  } catch (e) {
    await got.fh.close();
    return unreadable(c, e);
  }
}

/**
 * An output of this tool opened to read a few of its sheets (sheet-texts.ts): no bound on
 * the total unpacked size — a full sheet of cadres gives a roster of 2.6 GB of sheet XML,
 * and only the small sheets asked for are inflated, each stopped past its declared size.
 */
export async function openOutputFile(
  c: Candidate,
): Promise<{ fh: FileHandle; size: number; entries: ZipEntry[] } | Finding> {
  return examine(c, { file: MAX_FILE_BYTES, uncompressed: Number.POSITIVE_INFINITY });
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
