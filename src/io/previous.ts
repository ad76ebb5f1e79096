import { access } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { EXIT, ExitError, fileError } from '../errors.js';
import type { Finding } from '../rules/findings.js';
import type { Policy } from '../rules/types.js';
import { newWorkbook } from './exceljs.js';
import { readManifestSheet } from './manifest.js';

const SANCTIONS = new Set(['诫勉谈话', '动员辞职']);

function problem(code: string, file: string, params?: Record<string, string | number>): ExitError {
  const f: Finding = { level: 'error', code, file, sheet: '', row: 0, column: '', header: '', value: '' };
  if (params) f.params = params;
  return new ExitError(EXIT.inputErrors, [f]);
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  return String(v).trim();
}

/**
 * rules.md §6: the IDs that last year's roster (--previous) gave a sanction in its
 * 践诺奖惩 sheet. The file must be a 审批花名册 of this tool, of the same city and the
 * policy year before; anything else is an input error (exit 1).
 */
export async function readPreviousSanctions(file: string, policy: Policy): Promise<Set<string>> {
  // A path that does not exist is a file that cannot be read (exit 4), not a wrong roster.
  try {
    await access(file);
  } catch {
    throw fileError('file_missing', file);
  }
  const wb = newWorkbook();
  try {
    await wb.xlsx.readFile(file);
  } catch {
    throw problem('previous_not_roster', file);
  }
  const manifest = readManifestSheet(wb);
  const sheet = wb.getWorksheet('践诺奖惩');
  if (manifest?.kind !== 'roster' || !sheet || !wb.getWorksheet('花名册')) {
    throw problem('previous_not_roster', file);
  }
  if (manifest.city !== policy.city || manifest.year !== policy.year - 1) {
    throw problem('previous_mismatch', file, {
      got: `${manifest.city} ${manifest.year}`,
      expected: `${policy.city} ${policy.year - 1}`,
    });
  }
  // A provisional roster was made before its year's end: it holds no sanctions yet, and
  // reading it would silently turn a second year into a first.
  if (manifest.provisional) throw problem('previous_provisional', file, { asOf: manifest.asOf });
  // The sheet opens with a merged title row: the header row is the first with 身份证号.
  const ids = new Set<string>();
  let idCol = -1;
  let actionCol = -1;
  sheet.eachRow((row) => {
    const cells = (row.values as ExcelJS.CellValue[]).map(text);
    if (idCol < 0) {
      if (cells.includes('身份证号') && cells.includes('处理')) {
        idCol = cells.indexOf('身份证号');
        actionCol = cells.indexOf('处理');
      }
      return;
    }
    const id = cells[idCol];
    if (id && SANCTIONS.has(cells[actionCol] ?? '')) ids.add(id);
  });
  if (idCol < 0) throw problem('previous_not_roster', file);
  return ids;
}
