import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

let cached: typeof ExcelJS | undefined;

/**
 * exceljs, loaded on first use: it takes about half a second to load, which every
 * command (and `--version`) would otherwise pay, although the reader and the large
 * writers do not use it.
 */
export function loadExcelJs(): typeof ExcelJS {
  cached ??= createRequire(import.meta.url)('exceljs') as typeof ExcelJS;
  return cached;
}

/** A new, empty exceljs workbook. */
export function newWorkbook(): ExcelJS.Workbook {
  return new (loadExcelJs().Workbook)();
}
