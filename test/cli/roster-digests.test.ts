import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * Every field that decides who is paid what is in the roster digest, and an edit of it is
 * located to its row and header by the row digests of the hidden sheet 行摘要
 * (spec/approvals.md). The roster is made by the real CLI, edited with exceljs as a clerk's
 * spreadsheet program would, and judged by the real CLI.
 */

interface Finding {
  level: string;
  code: string;
  sheet: string;
  row: number;
  column: string;
  header: string;
  value: string;
  params?: Record<string, string>;
}

const work = tempDir('cadre-digests-');
const input = join(work, 'input.xlsx');
const roster = join(work, 'out', '审批花名册-2012.xlsx');

beforeAll(async () => {
  await writeWorkbook(input, sampleData());
  const r = cli([
    'subsidy',
    input,
    '-o',
    join(work, 'out'),
    '--prepared-by',
    '张三',
    '--as-of',
    '2012-12-31',
  ]);
  if (r.code !== 0) throw new Error(`subsidy failed (${r.code}): ${r.stdout}${r.stderr}`);
}, 60_000);

/** A copy of the roster edited with exceljs. */
async function edited(name: string, edit: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const file = join(tempDir('cadre-digest-edit-'), name);
  copyFileSync(roster, file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  edit(wb);
  await wb.xlsx.writeFile(file);
  return file;
}

/** The 花名册 column of a header (row 2). */
function col(ws: ExcelJS.Worksheet, header: string): number {
  let n = 0;
  ws.getRow(2).eachCell((c, i) => {
    if (String(c.value).trim() === header) n = i;
  });
  if (!n) throw new Error(`no header ${header}`);
  return n;
}

/** approve's findings on a roster (it checks the roster before anything else). */
function judged(file: string): Finding[] {
  const r = cli(['approve', file, '--dept', '组织部', '--by', '李四', '--json']);
  expect(r.code).toBe(3);
  return r.json().findings as Finding[];
}

describe('the roster digest and its row digests', () => {
  it('leaves a roster re-saved unchanged by another program unedited', async () => {
    const file = await edited('same.xlsx', () => undefined);
    const r = cli(['approve', file, '--dept', '组织部', '--by', '李四', '--json']);
    expect(r.code).toBe(0);
  });

  const EDITS: [string, (v: ExcelJS.CellValue) => ExcelJS.CellValue][] = [
    ['身份证号', () => '371082196504120011'],
    ['姓名', (v) => `${String(v)}x`],
    ['村代码', () => '371082001099'],
    ['镇街', () => '港湾街道'],
    ['职务', (v) => (String(v) === '书记' ? '主任' : '书记')],
    ['比例', () => 0.5],
    ['任职月数', () => 6],
    ['发放', () => '否'],
    ['基本补贴', (v) => (v as number) + 500],
    ['奖励补贴', (v) => (v as number) + 0.01],
    ['应发合计', (v) => (v as number) + 50000],
    ['开户行', () => '中国银行'],
    ['银行卡号', () => '6222020000000000000'],
    ['暂停发放', () => '审计未结束'],
  ];
  it.each(EDITS)('locates an edit of %s to its row and header', async (header, change) => {
    let column = 0;
    const file = await edited(`${header}.xlsx`, (wb) => {
      const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
      column = col(ws, header);
      const c = ws.getCell(4, column);
      c.value = change(c.value);
    });
    const found = judged(file);
    expect(found.map((f) => f.code)).toContain('roster_edited');
    const located = found.filter((f) => f.code === 'roster_row_edited');
    expect(located.map((f) => [f.sheet, f.row, f.header, f.column])).toEqual([
      ['花名册', 4, header, columnLetter(column)],
    ]);
  });

  it('does not let 备注 decide who is paid: the explicit 发放 column does, and 备注 is not digested', async () => {
    const file = await edited('remark.xlsx', (wb) => {
      const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
      ws.getCell(3, col(ws, '备注')).value = '一肩挑，按就高原则不重复计发';
    });
    const r = cli(['approve', file, '--dept', '组织部', '--by', '李四', '--json']);
    expect(r.code).toBe(0);
  });

  it('names a removed row by the row it had and an added row by the row it has', async () => {
    const removed = await edited('removed.xlsx', (wb) => {
      (wb.getWorksheet('花名册') as ExcelJS.Worksheet).spliceRows(5, 1);
    });
    const a = judged(removed).filter(
      (f) => f.code.startsWith('roster_row_') && f.code !== 'roster_row_total',
    );
    expect(a.map((f) => [f.code, f.row])).toContainEqual(['roster_row_removed', 5]);
    expect(a.some((f) => f.code === 'roster_row_edited')).toBe(false);

    const added = await edited('added.xlsx', (wb) => {
      const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
      const copy = (ws.getRow(4).values as ExcelJS.CellValue[]).slice();
      ws.spliceRows(5, 0, copy.slice(1));
    });
    const b = judged(added).filter((f) => f.code.startsWith('roster_row_'));
    expect(b.map((f) => [f.code, f.row])).toContainEqual(['roster_row_added', 5]);
    expect(b.some((f) => f.code === 'roster_row_edited' || f.code === 'roster_row_removed')).toBe(false);
  });

  it.each([
    ['是否预计', '是'],
    ['截止日期', '2012-06-30'],
    ['制表人', '王八'],
    ['生成时间', '2013-01-01T00:00:00+08:00'],
    ['城市', '威海市'],
  ])('names an edit of the 校验 field %s', async (label, value) => {
    const file = await edited(`m-${label}.xlsx`, (wb) => {
      const ws = wb.getWorksheet('校验') as ExcelJS.Worksheet;
      ws.eachRow((row) => {
        if (String(row.getCell(1).value) === label) row.getCell(2).value = value;
      });
    });
    const found = judged(file);
    expect(found.map((f) => f.code)).toContain('roster_edited');
    expect(found.filter((f) => f.code === 'roster_manifest_edited').map((f) => f.value)).toEqual([label]);
  });

  it('decides by the rows, not by the row digest cells: a rewritten 行摘要 alone refuses nothing', async () => {
    const file = await edited('cells.xlsx', (wb) => {
      const ws = wb.getWorksheet('行摘要') as ExcelJS.Worksheet;
      ws.getCell(3, 2).value = 'A'.repeat(43);
    });
    const r = cli(['approve', file, '--dept', '组织部', '--by', '李四', '--json']);
    expect(r.code).toBe(0);
  });

  it('refuses a roster whose hidden sheet of row digests was deleted', async () => {
    const file = await edited('no-digests.xlsx', (wb) => {
      wb.removeWorksheet((wb.getWorksheet('行摘要') as ExcelJS.Worksheet).id);
    });
    expect(judged(file).map((f) => f.code)).toContain('roster_digests_missing');
  });
});

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
