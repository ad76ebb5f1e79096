import type ExcelJS from 'exceljs';
import { LeakScanner } from '../../rules/public-text.js';
import { loadExcelJs } from '../xlsx/exceljs.js';

export {
  digitBound,
  foldForPrivacy,
  hasLongDigitRun,
  LeakScanner,
  PUBLIC_DIGIT_RUN,
} from '../../rules/public-text.js';

function cellTexts(v: ExcelJS.CellValue): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  if (v instanceof Date) return [];
  if (typeof v === 'object') {
    const o = v as unknown as Record<string, unknown>;
    if (Array.isArray(o.richText)) return [(o.richText as { text: string }[]).map((r) => r.text).join('')];
    const out: string[] = [];
    for (const k of ['text', 'result', 'formula', 'hyperlink'])
      if (typeof o[k] === 'string' || typeof o[k] === 'number') out.push(String(o[k]));
    return out;
  }
  return [];
}

/**
 * outputs.md 公示表: reads a notice workbook back and lists every cell that holds an
 * ID-number pattern, a known ID number or a known card number (none may appear). The
 * command checks the notice as it writes it (LeakScanner through the writer's text hook);
 * this reads any workbook, e.g. one edited by hand.
 */
export async function noticeLeaks(
  bytes: Uint8Array,
  secrets: { idNumbers: Iterable<string>; accounts: Iterable<string> },
): Promise<string[]> {
  const wb = new (loadExcelJs().Workbook)();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const scanner = new LeakScanner(secrets);
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        for (const text of cellTexts(cell.value)) scanner.check(`${ws.name}!${cell.address}`, text);
      });
    });
  });
  return scanner.leaks;
}
