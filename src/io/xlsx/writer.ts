/**
 * A streaming xlsx writer for large workbooks (a million rows in a sheet, thousands of
 * small sheets in a workbook). Worksheet XML is written straight
 * into deflated zip entries, sheet after sheet: strings inline (`t="inlineStr"`), numbers
 * as they are, every cell format defined once in a styles.xml written last. Memory stays
 * bounded by one sheet's measuring sample, whatever the number of rows.
 *
 * Same input, same bytes: fixed zip entry times (1980-01-01 00:00), document dates from
 * the run date, no clock anywhere.
 *
 * Part order: [Content_Types].xml, _rels, docProps, the workbook's rels, the worksheets
 * as they are finished, then xl/workbook.xml (its print titles are known once each sheet
 * is) and xl/styles.xml (every format is known once every sheet is).
 */
import { closeSync, openSync, writeSync, writev } from 'node:fs';
import type { IsoDate } from './dates.js';
import { columnLetter } from './grid.js';
import { FastSheet, type SheetOptions, type SheetResult, type TextHook } from './sheet.js';
import { StyleTable } from './styles.js';
import { quoteSheet, xmlAttr, xmlText } from './xml.js';
import { type ByteSink, ZipWriter } from './zip.js';

export type { CellInput, Column, ColumnKind } from './layout.js';
export type { FinishOptions, RowSource, SheetOptions, TextHook, TokenBytes } from './sheet.js';
export { FastSheet, SAMPLE_ROWS } from './sheet.js';

/**
 * The deflate level. Measured on a 100,000-row workbook of the bench (see the commit that
 * set it): level 1 is the fastest by far at a modest size cost.
 */
export const DEFAULT_LEVEL = 1;

export interface XlsxOptions {
  /** Every sheet name, in order: declared first so [Content_Types].xml can lead the archive. */
  sheets: readonly string[];
  /** The document's created and modified date (00:00 UTC of the run date). */
  date: IsoDate;
  creator?: string;
  level?: number;
  /** Sees every string written (and every number as its text). */
  onText?: TextHook;
  /** Sheets hidden (and so never printed); at least one sheet stays visible. */
  hidden?: readonly string[];
}

/** Bytes handed to the thread pool and not yet written, past which a batch is written at once. */
const MAX_QUEUED = 32 * 1024 * 1024;
/** Chunks are gathered into batches of about this many bytes, each one write of the pool. */
const BATCH = 1024 * 1024;

/**
 * A sink that writes into the file at `path` (created or truncated). Chunks (zlib's, tens
 * of kilobytes, and the archive's headers of a few bytes) are gathered into batches of a
 * megabyte, each written at its own offset by the thread pool (fs.writev), so the thread
 * building the XML neither waits on the file nor pays a call per chunk: at a full sheet a
 * write per chunk, in this thread, was over a second of it. A disk slower than the writer
 * is caught up with in this thread (a batch written at once once 32 MB wait), so what
 * waits never grows. The sink runs inside zlib's callbacks: a failed write (a full disk)
 * must not throw there, where nothing could catch it. It is kept, and `check()` (after
 * `close()`) throws it. `close()` writes the last batch and waits for every write before
 * it closes the file (its descriptor is never closed under a write in flight).
 */
export function fileSink(
  path: string,
  maxQueued = MAX_QUEUED,
): { sink: ByteSink; close: () => Promise<void>; check: () => void } {
  const fd = openSync(path, 'w');
  let closed = false;
  let failed: unknown = null;
  /** Where the next batch goes in the file. */
  let position = 0;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let queued = 0;
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const settle = (bytes: number) => {
    queued -= bytes;
    if (--inFlight === 0 && drained) drained();
  };
  /** Writes `bytes` at `at` in the pool; a short write's rest follows at its own offset. */
  const put = (chunks: Uint8Array[], bytes: number, at: number) => {
    inFlight++;
    queued += bytes;
    writev(fd, chunks, at, (err, n) => {
      if (err) failed ??= err;
      // a short write (put in flight before this one settles)
      else if (n < bytes && !failed) {
        const rest = Buffer.concat(chunks).subarray(n);
        put([rest], rest.length, at + n);
      }
      settle(bytes);
    });
  };
  const flush = () => {
    if (batchBytes === 0) return;
    const chunks = batch;
    const bytes = batchBytes;
    const at = position;
    position += bytes;
    batch = [];
    batchBytes = 0;
    if (queued < maxQueued) {
      put(chunks, bytes, at);
      return;
    }
    try {
      const all = Buffer.concat(chunks);
      let off = 0;
      while (off < all.length) off += writeSync(fd, all, off, all.length - off, at + off);
    } catch (e) {
      failed = e;
    }
  };
  return {
    sink: (c) => {
      if (closed || failed || c.length === 0) return;
      batch.push(c);
      batchBytes += c.length;
      if (batchBytes >= BATCH) flush();
    },
    close: async () => {
      if (closed) return;
      if (!failed) flush();
      closed = true;
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      closeSync(fd);
    },
    check: () => {
      if (failed) throw failed;
    },
  };
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export class XlsxWriter {
  private readonly zip: ZipWriter;
  private readonly styles = new StyleTable();
  private readonly done: SheetResult[] = [];
  private next = 0;
  private started: Promise<void>;
  private open: FastSheet | null = null;

  private constructor(
    sink: ByteSink,
    private readonly opts: XlsxOptions,
  ) {
    if (opts.sheets.length === 0) throw new Error('xlsx-fast: a workbook needs a sheet');
    this.zip = new ZipWriter(sink, opts.level ?? DEFAULT_LEVEL);
    this.started = this.front();
  }

  private chunks: Uint8Array[] | null = null;

  /** A writer whose bytes are collected in memory: `bytes()` after `close()`. */
  static toBuffer(opts: XlsxOptions): XlsxWriter {
    const chunks: Uint8Array[] = [];
    const w = new XlsxWriter((c) => chunks.push(c), opts);
    w.chunks = chunks;
    return w;
  }

  /** The archive of a toBuffer() writer, once closed. */
  bytes(): Buffer {
    if (!this.chunks) throw new Error('xlsx-fast: bytes() of a writer that writes to a file');
    return Buffer.concat(this.chunks);
  }

  /** A writer straight into the file at `path` (created or truncated). */
  static toFile(path: string, opts: XlsxOptions): XlsxWriter {
    const file = fileSink(path);
    const w = new XlsxWriter(file.sink, opts);
    const close = w.close.bind(w);
    w.close = async () => {
      try {
        await close();
      } finally {
        await file.close();
      }
      file.check();
    };
    w.abort = file.close;
    return w;
  }

  /** The workbook `fill` writes, as bytes. */
  static async writeBytes(opts: XlsxOptions, fill: (xw: XlsxWriter) => Promise<void>): Promise<Buffer> {
    const xw = XlsxWriter.toBuffer(opts);
    await fill(xw);
    await xw.close();
    return xw.bytes();
  }

  /** The workbook `fill` writes, streamed into the file at `path`; the file is released if `fill` fails. */
  static async writeFile(
    path: string,
    opts: XlsxOptions,
    fill: (xw: XlsxWriter) => Promise<void>,
  ): Promise<void> {
    const xw = XlsxWriter.toFile(path, opts);
    try {
      await fill(xw);
      await xw.close();
    } catch (e) {
      await xw.abort();
      throw e;
    }
  }

  /** Releases the file of a writer that will not be closed (after an error), once its writes are done. */
  abort: () => Promise<void> = async () => undefined;

  /** The next sheet, in the order declared; finish() it before asking for the one after. */
  async sheet(name: string, opts: SheetOptions = {}): Promise<FastSheet> {
    await this.started;
    if (this.open) throw new Error(`xlsx-fast: sheet ${this.open.name} is not finished`);
    if (this.opts.sheets[this.next] !== name) {
      throw new Error(
        `xlsx-fast: sheet ${name} was not declared next (${this.opts.sheets[this.next] ?? 'none left'})`,
      );
    }
    this.next++;
    const entry = this.zip.entry(`xl/worksheets/sheet${this.next}.xml`);
    const hook = this.opts.onText;
    const sheet = new FastSheet(name, this.styles, entry, hook, opts);
    const finish = sheet.finish.bind(sheet);
    sheet.finish = async (o) => {
      const r = await finish(o);
      this.done.push(r);
      this.open = null;
      return r;
    };
    this.open = sheet;
    return sheet;
  }

  private async front(): Promise<void> {
    const n = this.opts.sheets.length;
    const overrides = this.opts.sheets
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join('');
    await this.zip.add(
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        overrides +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
        '</Types>',
    );
    await this.zip.add(
      '_rels/.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/>` +
        '</Relationships>',
    );
    const titles = this.opts.sheets.map((s) => `<vt:lpstr>${xmlText(s)}</vt:lpstr>`).join('');
    await this.zip.add(
      'docProps/app.xml',
      `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
        '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
        `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
        `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${titles}</vt:vector></TitlesOfParts>` +
        '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>',
    );
    const creator = xmlText(this.opts.creator ?? '');
    const at = `${this.opts.date}T00:00:00Z`;
    await this.zip.add(
      'docProps/core.xml',
      `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:creator>${creator}</dc:creator><cp:lastModifiedBy>${creator}</cp:lastModifiedBy>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified>` +
        '</cp:coreProperties>',
    );
    const rels = this.opts.sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join('');
    await this.zip.add(
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}` +
        `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    );
  }

  /** Writes workbook.xml and styles.xml and ends the archive; every declared sheet must be finished. */
  async close(): Promise<void> {
    await this.started;
    if (this.open || this.done.length !== this.opts.sheets.length) {
      throw new Error(
        `xlsx-fast: ${this.opts.sheets.length - this.done.length} declared sheet(s) not written`,
      );
    }
    const hidden = new Set(this.opts.hidden ?? []);
    if (this.done.every((s) => s.hidden || hidden.has(s.name)))
      throw new Error('xlsx-fast: every sheet would be hidden');
    const sheets = this.done
      .map(
        (s, i) =>
          `<sheet name="${xmlAttr(s.name)}" sheetId="${i + 1}"${s.hidden || hidden.has(s.name) ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`,
      )
      .join('');
    const names = this.done
      .map((s, i) => {
        const q = quoteSheet(s.name);
        // Excel keeps the built-in names sorted (Print_Area before Print_Titles); the
        // columns come before the rows in a print-titles formula.
        // a hidden sheet is never printed: no print area or titles
        if (s.hidden || hidden.has(s.name)) return '';
        const area = s.printArea
          ? `<definedName name="_xlnm.Print_Area" localSheetId="${i}">${xmlText(`${q}!${s.printArea}`)}</definedName>`
          : '';
        const titles = [
          ...(s.repeatColumns ? [`${q}!$A:$${columnLetter(s.repeatColumns)}`] : []),
          ...(s.headerRow ? [`${q}!$${s.headerRow}:$${s.headerRow}`] : []),
        ].join(',');
        return (
          area +
          (titles
            ? `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(titles)}</definedName>`
            : '')
        );
      })
      .join('');
    await this.zip.add(
      'xl/workbook.xml',
      `${XML}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><workbookPr/>` +
        `<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="12000" windowHeight="24000"/></bookViews>` +
        `<sheets>${sheets}</sheets>${names ? `<definedNames>${names}</definedNames>` : ''}<calcPr calcId="171027"/></workbook>`,
    );
    await this.zip.add('xl/styles.xml', this.styles.xml());
    await this.zip.end();
  }
}
