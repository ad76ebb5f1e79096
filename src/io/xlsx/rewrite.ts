/**
 * One sheet of a workbook xlsx-fast wrote, replaced without touching the rest: every
 * other part is copied as its compressed bytes (nothing inflated or deflated), the new
 * sheet is written with the workbook's own style table rebuilt from its styles.xml (every
 * cell format keeps its index, so the copied sheets still mean what they meant), and
 * styles.xml is written last, grown by any format the new sheet added. Memory and time
 * grow with the sheet written, not with the workbook: a small control sheet of a workbook
 * of a million rows is updated this way.
 */
import type { FileHandle } from 'node:fs/promises';
import { FastSheet, type SheetResult } from './sheet.js';
import { StyleTable } from './styles.js';
import { DEFAULT_LEVEL, fileSink } from './writer.js';
import { storedChunks, type ZipEntry, ZipWriter } from './zip.js';

export interface SheetSwap {
  /** The open workbook and its central directory, in archive order. */
  fh: FileHandle;
  entries: readonly ZipEntry[];
  /** The part of the sheet replaced (e.g. xl/worksheets/sheet5.xml) and its name. */
  part: string;
  name: string;
  /** The styles part and its text. */
  stylesPart: string;
  stylesXml: string;
  /** Writes the new sheet (declares its blocks; finish() is called here). */
  fill: (sheet: FastSheet) => void;
}

/**
 * Writes the workbook with `swap.part` replaced into the file at `path` (created or
 * truncated). Null, with nothing written, when its styles.xml is not one xlsx-fast wrote
 * (the workbook was saved by another program): the formats' indexes cannot be kept.
 */
export async function writeWithSheetReplaced(path: string, swap: SheetSwap): Promise<SheetResult | null> {
  const styles = StyleTable.fromXml(swap.stylesXml);
  if (!styles) return null;
  if (!swap.entries.some((e) => e.name === swap.part))
    throw new Error(`xlsx-fast: no part ${swap.part} to replace`);
  const file = fileSink(path);
  let result: SheetResult | null = null;
  try {
    const zip = new ZipWriter(file.sink, DEFAULT_LEVEL);
    for (const e of swap.entries) {
      if (e.name === swap.stylesPart) continue;
      if (e.name === swap.part) {
        const sheet = new FastSheet(swap.name, styles, zip.entry(e.name), undefined, {});
        swap.fill(sheet);
        result = await sheet.finish();
      } else {
        await zip.copy(e.name, e, storedChunks(swap.fh, e));
      }
    }
    await zip.add(swap.stylesPart, styles.xml());
    await zip.end();
  } finally {
    file.close();
  }
  file.check();
  return result;
}
