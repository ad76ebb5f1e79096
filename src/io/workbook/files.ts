import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Finding } from '../../rules/findings.js';
import { readZipDirectory, ZipFormatError } from './zip.js';

/**
 * The largest workbook the in-memory reader accepts, by the sum of the uncompressed
 * sizes its zip central directory declares for its XML parts (pictures under xl/media/
 * are held as they are and not counted). A whole city (858 villages, 2,240 cadres, a
 * year of ledgers) is well under 5 MB. Measured with exceljs 4.4 on Node 20: 49 MB of
 * sheet XML (100,000 cadre rows) loads in about 6 s and 640 MB of memory, 150 MB in 28 s
 * and 2.1 GB; 64 MB (about 130,000 rows) stays near 1 GB, which an office PC has.
 * Past it the workbook is refused (too_large) before anything is inflated.
 */
export const MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;
/** The largest file read at all (pictures included). */
export const MAX_FILE_BYTES = 128 * 1024 * 1024;
/** More parts than any real workbook has (sheets, styles, drawings …). */
export const MAX_ZIP_ENTRIES = 10_000;

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

/**
 * Reads one file and checks it is an .xlsx the reader can take: not empty, not an old
 * .xls or an encrypted workbook (both OLE compound files), not text renamed .xlsx, a zip
 * whose central directory is sound and declares no more than MAX_UNCOMPRESSED_BYTES.
 */
export async function openWorkbookFile(c: Candidate): Promise<OpenedFile | Finding> {
  let size: number;
  try {
    size = (await stat(c.path)).size;
  } catch (e) {
    return fileFinding('file_unreadable', c.display, {
      reason: (e as NodeJS.ErrnoException).code ?? String(e),
    });
  }
  if (size === 0) return fileFinding('empty_file', c.display);
  if (size > MAX_FILE_BYTES) {
    return fileFinding('too_large', c.display, { size: mb(size), limit: mb(MAX_FILE_BYTES) });
  }
  let buffer: Buffer;
  try {
    buffer = await readFile(c.path);
  } catch (e) {
    return fileFinding('file_unreadable', c.display, {
      reason: (e as NodeJS.ErrnoException).code ?? String(e),
    });
  }
  if (buffer.length >= 8 && buffer.subarray(0, 8).equals(CFB_MAGIC)) {
    // An OOXML file encrypted with a password is stored in a compound file with these streams.
    const enc = buffer.includes(Buffer.from('EncryptedPackage', 'utf16le'));
    return fileFinding(enc ? 'encrypted' : 'xls_old', c.display);
  }
  if (buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b) {
    let entries: ReturnType<typeof readZipDirectory>;
    try {
      entries = readZipDirectory(buffer);
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
    if (total > MAX_UNCOMPRESSED_BYTES) {
      return fileFinding('too_large', c.display, { size: mb(total), limit: mb(MAX_UNCOMPRESSED_BYTES) });
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
    return { buffer, sha256: createHash('sha256').update(buffer).digest('hex') };
  }
  const kind = looksLikeText(buffer.subarray(0, 4096));
  if (kind) return fileFinding('not_xlsx', c.display, { kind });
  return fileFinding('corrupt', c.display, { reason: 'not a zip' });
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
