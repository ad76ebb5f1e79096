import { access } from 'node:fs/promises';
import { EXIT, ExitError, fileError } from '../../errors.js';
import type { Finding } from '../../rules/findings.js';
import type { Policy } from '../../rules/types.js';
import { MANIFEST_SHEET, manifestFromSheetRows } from './manifest.js';
import { readSheetTexts } from './sheet-texts.js';

const SANCTIONS = new Set(['诫勉谈话', '动员辞职']);

function problem(code: string, file: string, params?: Record<string, string | number>): ExitError {
  const f: Finding = { level: 'error', code, file, sheet: '', row: 0, column: '', header: '', value: '' };
  if (params) f.params = params;
  return new ExitError(EXIT.inputErrors, [f]);
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
  // Only the 校验 and 践诺奖惩 sheets are read (streamed): a province's roster is 2.6 GB of
  // sheet XML, nearly all of it in 花名册 and 计算明细, which are not needed here.
  let read: Awaited<ReturnType<typeof readSheetTexts>>;
  try {
    read = await readSheetTexts(file, [MANIFEST_SHEET, '践诺奖惩']);
  } catch {
    // a zip whose parts are not a workbook's (damaged XML, a part past its declared size)
    throw problem('previous_not_roster', file);
  }
  if ('code' in read) {
    // A file that cannot be read at all is exit 4 with its own finding; one that is not a workbook, not a roster.
    if (read.code === 'file_unreadable' || read.code === 'too_large') throw new ExitError(EXIT.io, [read]);
    throw problem('previous_not_roster', file);
  }
  const kv = read.sheets.get(MANIFEST_SHEET);
  const manifest = kv ? manifestFromSheetRows(kv) : null;
  const sheet = read.sheets.get('践诺奖惩');
  if (manifest?.kind !== 'roster' || !sheet || !read.names.includes('花名册')) {
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
  for (const row of sheet) {
    if (!row) continue;
    const cells = Array.from(row, (c) => (c ?? '').trim());
    if (idCol < 0) {
      if (cells.includes('身份证号') && cells.includes('处理')) {
        idCol = cells.indexOf('身份证号');
        actionCol = cells.indexOf('处理');
      }
      continue;
    }
    const id = cells[idCol];
    if (id && SANCTIONS.has(cells[actionCol] ?? '')) ids.add(id);
  }
  if (idCol < 0) throw problem('previous_not_roster', file);
  return ids;
}
