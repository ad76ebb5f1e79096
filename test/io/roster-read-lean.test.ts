import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RosterRead, readRoster, readRosterLean } from '../../src/io/documents/roster/read.js';
import { cellText } from '../../src/io/documents/style.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/**
 * payout reads the roster with the lean reader (readRosterLean), approve with exceljs
 * (readRoster): on the same file both must see exactly the same rows, manifest, 合计 row
 * and findings — for the roster as written and for rosters edited and saved by another
 * program (exceljs here: shared strings, its own styles).
 */

const dir = tempDir('cadre-roster-lean-');
let roster = '';
let provisional = '';

function same(a: RosterRead, b: RosterRead): void {
  expect(b.rows).toEqual(a.rows);
  expect(b.manifest).toEqual(a.manifest);
  expect(b.provisional).toBe(a.provisional);
  expect(b.findings).toEqual(a.findings);
  expect(b.total?.row).toBe(a.total?.row);
  expect((b.total?.values ?? []).map((v) => cellText(v ?? null))).toEqual(
    (a.total?.values ?? []).map((v) => cellText(v ?? null)),
  );
}

async function edited(name: string, edit: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(roster);
  edit(wb);
  const file = join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

beforeAll(() => {
  const input = join(ROOT, 'fixtures/sample-city/荣成市-2012.xlsx');
  expect(cli(['subsidy', input, '-o', join(dir, 'final'), '--as-of', '2012-12-31', '-q']).code).toBe(0);
  expect(cli(['subsidy', input, '-o', join(dir, 'prov'), '--as-of', '2012-09-30', '-q']).code).toBe(0);
  roster = join(dir, 'final', '审批花名册-2012.xlsx');
  provisional = join(dir, 'prov', '审批花名册-2012.xlsx');
}, 60_000);

describe('the lean roster reader against the exceljs one', () => {
  it('reads the roster as written the same way, every one of its 2,234 rows', async () => {
    const a = await readRoster(roster);
    same(a, await readRosterLean(roster));
    expect(a.rows.length).toBe(2234);
    expect(a.manifest?.kind).toBe('roster');
  });

  it('reads a provisional roster the same way', async () => {
    const a = await readRoster(provisional);
    same(a, await readRosterLean(provisional));
    expect(a.provisional).toBe(true);
  });

  it('reads a roster whose amount, card and hold were edited and saved by another program the same way', async () => {
    const file = await edited('edited.xlsx', (wb) => {
      const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
      ws.getCell('S5').value = 99999.99;
      ws.getCell('U6').value = '6222020000000000000';
      ws.getCell('V7').value = '本人申请暂停';
      ws.getCell('M8').value = '1,234.5x';
    });
    const a = await readRoster(file);
    same(a, await readRosterLean(file));
    expect(a.findings.map((f) => f.code)).toEqual(['roster_amount_invalid']);
  });

  it('finds the same missing header and the same missing sheet', async () => {
    const renamed = await edited('renamed.xlsx', (wb) => {
      (wb.getWorksheet('花名册') as ExcelJS.Worksheet).getCell('I2').value = '证件号';
    });
    const a = await readRoster(renamed);
    same(a, await readRosterLean(renamed));
    expect(a.findings.map((f) => [f.code, f.header])).toEqual([['roster_header_missing', '身份证号']]);

    const gone = await edited('gone.xlsx', (wb) => {
      wb.removeWorksheet((wb.getWorksheet('花名册') as ExcelJS.Worksheet).id);
    });
    const b = await readRoster(gone);
    same(b, await readRosterLean(gone));
    expect(b.findings.map((f) => f.code)).toEqual(['roster_sheet_missing']);
  });

  it('ends the rows at an emptied row, keeping it as the row under them, the same way', async () => {
    const file = await edited('emptied.xlsx', (wb) => {
      const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
      // row 40's cells cleared (a person deleted by hand): the rows read end above it
      for (let c = 1; c <= 22; c++) ws.getCell(40, c).value = null;
    });
    const a = await readRoster(file);
    same(a, await readRosterLean(file));
    expect(a.rows.length).toBe(37);
    expect(a.rows.at(-1)?.row).toBe(39);
    expect(a.total?.row).toBe(40);
  });

  it('finds the header under more title rows, and reads a sheet of a few rows to its end, the same way', async () => {
    const file = await edited('short.xlsx', (wb) => {
      const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
      ws.spliceRows(1, 0, ['补充说明'], []);
      // keep the header (now row 4) and the first three people; drop the rest and the 合计
      const last = ws.rowCount;
      for (let r = last; r >= 8; r--) ws.spliceRows(r, 1);
    });
    const a = await readRoster(file);
    same(a, await readRosterLean(file));
    expect(a.rows.map((r) => r.row)).toEqual([5, 6, 7]);
    expect(a.total?.row).toBe(8);
    expect(a.total?.values.every((v) => v === null)).toBe(true);
  });
});
