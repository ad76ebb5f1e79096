import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, cli, tempDir } from '../helpers/cli.js';
import { type CommitmentRow, type VillageRow, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * `cadre-calc ledger` through the real CLI on a workbook with only 村庄 and 承诺台账, as
 * a town clerk keeps it at the end of June. Every expected status is worked by hand from
 * rules.md §6 at the as-of date 2012-06-30 (supervision.days = 7 → rectify by 2012-07-07).
 */
const AS_OF = '2012-06-30';
const RECTIFY = '2012-07-07';

const VILLAGES: VillageRow[] = [
  { code: '371082001001', name: '小庄村', town: '石岛管理区', households: 63 },
  { code: '371082001002', name: '南山村', town: '石岛管理区', households: 120 },
  // The same village name in another town: the notice sheets must still be told apart.
  { code: '371082002001', name: '南山村', town: '宁津街道', households: 233 },
  // Only an item due later in the year: nothing is due yet.
  { code: '371082002002', name: '上庄村', town: '宁津街道', households: 410 },
  // No items at all.
  { code: '371082002003', name: '西山村', town: '宁津街道', households: 90 },
];

const ITEMS: CommitmentRow[] = [
  // 小庄村
  {
    villageCode: '371082001001',
    itemNo: '01',
    content: '硬化村内主街',
    due: '2012-06-30',
    responsible: '傅磊芳',
    status: '进行中',
  }, // due on the as-of date → pending
  {
    villageCode: '371082001001',
    itemNo: '02',
    content: '建设村级活动场所',
    due: '2012-06-29',
    responsible: '汪伟杰',
    status: '进行中',
  }, // one day past due, not done → overdue
  {
    villageCode: '371082001001',
    itemNo: '03',
    content: '清理河道',
    due: '2012-07-15',
    responsible: '傅磊芳',
    status: '已完成',
    result: '不合格',
    inspected: '2012-07-02',
  }, // inspected after the as-of date: the result stands → failed
  {
    villageCode: '371082001001',
    itemNo: '04',
    content: '发展特色产业',
    due: '2012-03-31',
    responsible: '傅磊芳',
    status: '已完成',
    result: '合格',
    inspected: '2012-03-20',
    satisfaction: 90,
  }, // passed
  {
    villageCode: '371082001001',
    itemNo: '05',
    content: '党员冬训',
    due: '2012-06-01',
    responsible: '汪伟杰',
    status: '已完成',
  }, // done, not yet inspected → pending
  {
    villageCode: '371082001001',
    itemNo: '06',
    content: '调解矛盾纠纷',
    due: '2012-07-01',
    responsible: '汪伟杰',
    status: '未完成',
  }, // due tomorrow → open
  // 南山村（石岛管理区）
  {
    villageCode: '371082001002',
    itemNo: '1',
    content: '修建村级道路',
    due: '2012-05-31',
    responsible: '魏胜志',
    status: '已完成',
    result: '合格',
    inspected: '2012-07-05',
    satisfaction: 80,
  }, // passed (inspected later)
  {
    villageCode: '371082001002',
    itemNo: '2',
    content: '改造危房',
    due: '2012-04-30',
    responsible: '石松波',
    status: '未完成',
  }, // overdue
  // 南山村（宁津街道）
  {
    villageCode: '371082002001',
    itemNo: '01',
    content: '环境整治',
    due: '2012-01-15',
    responsible: '康林军',
    status: '已完成',
    result: '不合格',
    inspected: '2012-01-20',
  }, // failed
  // 上庄村
  {
    villageCode: '371082002002',
    itemNo: 'A-1',
    content: '清理集体资产',
    due: '2012-12-31',
    responsible: '苏林',
  }, // open
];

const HEADERS = ['镇街', '村代码', '村名', '编号', '承诺内容', '完成时限', '责任人', '问题', '整改期限'];
const FILE = '督办通知单-20120630.xlsx';

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
}

/** Every non-empty cell text of a sheet, row by row. */
function sheetTexts(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) => {
    row.eachCell((c) => {
      out.push(text(c.value));
    });
  });
  return out;
}

let dir: string;
let input: string;
let out: string;
let run: CliRun;
let report: Record<string, unknown>;

beforeAll(async () => {
  dir = tempDir('cadre-ledger-');
  input = join(dir, '石岛-2012-台账.xlsx');
  await writeWorkbook(input, { villages: VILLAGES, commitments: ITEMS }, { titleRow: true });
  out = join(dir, 'out');
  run = cli(['ledger', input, '--as-of', AS_OF, '-o', out, '--json']);
  report = run.code === 0 ? run.json() : {};
});

describe('cadre-calc ledger --json on a workbook with only 村庄 and 承诺台账', () => {
  it('exits 0, prints one JSON object and nothing on stderr', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(report.command).toBe('ledger');
    expect(report.ok).toBe(true);
    expect(report.asOf).toBe(AS_OF);
    expect(report.findings).toEqual([]);
    expect(report.files).toEqual([join(out, FILE)]);
  });

  it('gives every item its status on every side of the as-of date, with a rectification date only for failed and overdue ones', () => {
    const items = (report.items as Record<string, unknown>[]).map((i) => ({
      villageCode: i.villageCode,
      itemNo: i.itemNo,
      status: i.status,
      due: i.due,
      responsible: i.responsible,
      rectifyBy: i.rectifyBy,
    }));
    expect(items).toEqual([
      {
        villageCode: '371082001001',
        itemNo: '01',
        status: 'pending',
        due: '2012-06-30',
        responsible: '傅磊芳',
        rectifyBy: null,
      },
      {
        villageCode: '371082001001',
        itemNo: '02',
        status: 'overdue',
        due: '2012-06-29',
        responsible: '汪伟杰',
        rectifyBy: RECTIFY,
      },
      {
        villageCode: '371082001001',
        itemNo: '03',
        status: 'failed',
        due: '2012-07-15',
        responsible: '傅磊芳',
        rectifyBy: RECTIFY,
      },
      {
        villageCode: '371082001001',
        itemNo: '04',
        status: 'passed',
        due: '2012-03-31',
        responsible: '傅磊芳',
        rectifyBy: null,
      },
      {
        villageCode: '371082001001',
        itemNo: '05',
        status: 'pending',
        due: '2012-06-01',
        responsible: '汪伟杰',
        rectifyBy: null,
      },
      {
        villageCode: '371082001001',
        itemNo: '06',
        status: 'open',
        due: '2012-07-01',
        responsible: '汪伟杰',
        rectifyBy: null,
      },
      {
        villageCode: '371082001002',
        itemNo: '1',
        status: 'passed',
        due: '2012-05-31',
        responsible: '魏胜志',
        rectifyBy: null,
      },
      {
        villageCode: '371082001002',
        itemNo: '2',
        status: 'overdue',
        due: '2012-04-30',
        responsible: '石松波',
        rectifyBy: RECTIFY,
      },
      {
        villageCode: '371082002001',
        itemNo: '01',
        status: 'failed',
        due: '2012-01-15',
        responsible: '康林军',
        rectifyBy: RECTIFY,
      },
      {
        villageCode: '371082002002',
        itemNo: 'A-1',
        status: 'open',
        due: '2012-12-31',
        responsible: '苏林',
        rectifyBy: null,
      },
    ]);
  });

  it('lists every village of 村庄 with its counts, also those with nothing due (completion null)', () => {
    const villages = (report.villages as Record<string, unknown>[]).map((v) => ({
      code: v.code,
      town: v.town,
      assessed: v.assessed,
      passed: v.passed,
      failed: v.failed,
      overdue: v.overdue,
      pending: v.pending,
      open: v.open,
      completion: v.completion,
      satisfaction: v.satisfaction,
    }));
    const z = { assessed: 0, passed: 0, failed: 0, overdue: 0, pending: 0 };
    expect(villages).toEqual([
      // 1 passed of 3 assessed: 100 × 1/3 = 33.333… → 33.33
      {
        code: '371082001001',
        town: '石岛管理区',
        assessed: 3,
        passed: 1,
        failed: 1,
        overdue: 1,
        pending: 2,
        open: 1,
        completion: '33.33',
        satisfaction: '90.00',
      },
      {
        code: '371082001002',
        town: '石岛管理区',
        assessed: 2,
        passed: 1,
        failed: 0,
        overdue: 1,
        pending: 0,
        open: 0,
        completion: '50.00',
        satisfaction: '80.00',
      },
      {
        code: '371082002001',
        town: '宁津街道',
        assessed: 1,
        passed: 0,
        failed: 1,
        overdue: 0,
        pending: 0,
        open: 0,
        completion: '0.00',
        satisfaction: null,
      },
      { code: '371082002002', town: '宁津街道', ...z, open: 1, completion: null, satisfaction: null },
      { code: '371082002003', town: '宁津街道', ...z, open: 0, completion: null, satisfaction: null },
    ]);
  });

  it('names one notice per village with a failed or overdue item, listing those items as typed', () => {
    expect(report.notices).toEqual([
      { villageCode: '371082001001', items: ['02', '03'] },
      { villageCode: '371082001002', items: ['2'] },
      { villageCode: '371082002001', items: ['01'] },
    ]);
  });
});

describe('the 督办通知单 workbook read back with exceljs', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, FILE));
  });

  it('has 汇总, one sheet per noticed village (same names told apart by town) and 校验', () => {
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('汇总');
    expect(names.at(-1)).toBe('校验');
    const notices = names.slice(1, -1);
    expect(notices).toHaveLength(3);
    expect(new Set(notices).size).toBe(3);
    for (const n of notices) expect([...n].length).toBeLessThanOrEqual(31);
    expect(notices[0]).toBe('小庄村');
    // Both 南山村 sheets exist and each names its own town.
    expect(notices[1]).toContain('南山村');
    expect(notices[1]).toContain('石岛管理区');
    expect(notices[2]).toContain('南山村');
    expect(notices[2]).toContain('宁津街道');
  });

  it('汇总 has the spec headers and one row per failed or overdue item, 编号 "01" kept as text', () => {
    const ws = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
    let headerRow = 0;
    ws.eachRow((row, r) => {
      if (!headerRow && HEADERS.every((h, i) => text(row.getCell(i + 1).value) === h)) headerRow = r;
    });
    expect(headerRow).toBeGreaterThan(0);
    const rows: unknown[][] = [];
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (!row.hasValues) continue;
      rows.push(HEADERS.map((_, i) => row.getCell(i + 1).value));
    }
    expect(rows).toEqual([
      [
        '石岛管理区',
        '371082001001',
        '小庄村',
        '02',
        '建设村级活动场所',
        '2012-06-29',
        '汪伟杰',
        '逾期未完成',
        RECTIFY,
      ],
      [
        '石岛管理区',
        '371082001001',
        '小庄村',
        '03',
        '清理河道',
        '2012-07-15',
        '傅磊芳',
        '验收不合格',
        RECTIFY,
      ],
      [
        '石岛管理区',
        '371082001002',
        '南山村',
        '2',
        '改造危房',
        '2012-04-30',
        '石松波',
        '逾期未完成',
        RECTIFY,
      ],
      ['宁津街道', '371082002001', '南山村', '01', '环境整治', '2012-01-15', '康林军', '验收不合格', RECTIFY],
    ]);
    // 编号 is a text cell (formatted '@'), not the number 1.
    const first = ws.getRow(headerRow + 1).getCell(4);
    expect(first.value).toBe('02');
    expect(first.numFmt).toBe('@');
  });

  it('each notice is titled 督办通知单, addressed to the branch and committee, lists its items and is signed and dated by the town office', () => {
    const [xz, nsA, nsB] = wb.worksheets.slice(1, -1) as ExcelJS.Worksheet[];
    const a = sheetTexts(xz as ExcelJS.Worksheet);
    expect(a[0]).toBe('督办通知单');
    expect(a).toContain('小庄村党支部、村民委员会：');
    expect(a).toContain('石岛管理区考核办');
    expect(a).toContain('2012年6月30日');
    expect(a).toContain('建设村级活动场所');
    expect(a).toContain('清理河道');
    expect(a).toContain('逾期未完成');
    expect(a).toContain('验收不合格');
    expect(a.filter((t) => t === '2012年7月7日')).toHaveLength(2);
    expect(a.join('')).not.toContain('发展特色产业'); // a passed item is not on the notice
    expect(a.join('')).not.toContain('调解矛盾纠纷'); // nor an open one

    const b = sheetTexts(nsA as ExcelJS.Worksheet);
    expect(b).toContain('南山村党支部、村民委员会：');
    expect(b).toContain('石岛管理区考核办');
    expect(b).toContain('改造危房');
    const c = sheetTexts(nsB as ExcelJS.Worksheet);
    expect(c).toContain('宁津街道考核办');
    expect(c).toContain('环境整治');
    expect(c).not.toContain('改造危房');
  });

  it('each notice prints A4 landscape with its header row repeated', () => {
    const ws = wb.worksheets[1] as ExcelJS.Worksheet;
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.printTitlesRow).toMatch(/^\d+:\d+$/);
  });

  it('校验 records the kind, the as-of date and the input file', () => {
    const t = sheetTexts(wb.getWorksheet('校验') as ExcelJS.Worksheet);
    expect(t).toContain('ledger');
    expect(t).toContain(AS_OF);
    expect(t).toContain('石岛-2012-台账.xlsx');
  });
});

describe('cadre-calc ledger for people, and its refusals', () => {
  it('prints a table per town, villages worst completion first, and the file written', async () => {
    const o = join(tempDir('cadre-ledger-human-'), 'out');
    const r = cli(['ledger', input, '--as-of', AS_OF, '-o', o]);
    expect(r.code).toBe(0);
    const s = r.stdout;
    expect(s).toContain('石岛管理区');
    expect(s).toContain('宁津街道');
    expect(s).toContain(join(o, FILE));
    // 石岛管理区: 小庄村 33.33 before 南山村 50.00.
    expect(s.indexOf('371082001001')).toBeLessThan(s.indexOf('371082001002'));
    expect(s).toContain('33.33');
    // 宁津街道: 南山村 0.00 first, then the villages with nothing assessed.
    expect(s.indexOf('371082002001')).toBeLessThan(s.indexOf('371082002002'));
    expect(s.indexOf('371082002001')).toBeLessThan(s.indexOf('371082002003'));
  });

  it('writes the same bytes for the same input on a second run (no clock in the file)', () => {
    const o = join(tempDir('cadre-ledger-again-'), 'out');
    const r = cli(['ledger', input, '--as-of', AS_OF, '-o', o, '-q']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(o, FILE)).equals(readFileSync(join(out, FILE)))).toBe(true);
  });

  it('refuses to overwrite an existing notice without --force (exit 3) and overwrites it with --force', () => {
    const again = cli(['ledger', input, '--as-of', AS_OF, '-o', out, '--json']);
    expect(again.code).toBe(3);
    const body = again.json();
    expect(body.ok).toBe(false);
    expect((body.findings as { code: string }[]).map((f) => f.code)).toEqual(['output_exists']);
    const forced = cli(['ledger', input, '--as-of', AS_OF, '-o', out, '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(forced.json().files).toEqual([join(out, FILE)]);
  });

  it('writes no file and says so when nothing is failed or overdue', async () => {
    const d = tempDir('cadre-ledger-clean-');
    const file = join(d, 'clean.xlsx');
    await writeWorkbook(file, {
      villages: VILLAGES.slice(3),
      commitments: [
        {
          villageCode: '371082002002',
          itemNo: '01',
          content: '修路',
          due: '2012-03-31',
          status: '已完成',
          result: '合格',
        },
        { villageCode: '371082002002', itemNo: '02', content: '绿化', due: '2012-06-30', status: '进行中' },
        { villageCode: '371082002003', itemNo: '01', content: '打井', due: '2012-09-30' },
      ],
    });
    const o = join(d, 'out');
    const j = cli(['ledger', file, '--as-of', AS_OF, '-o', o, '--json']);
    expect(j.code).toBe(0);
    const body = j.json();
    expect(body.files).toEqual([]);
    expect(body.notices).toEqual([]);
    expect((body.villages as { completion: unknown }[]).map((v) => v.completion)).toEqual(['100.00', null]);
    expect(existsSync(o) ? readdirSync(o) : []).toEqual([]);

    const h = cli(['ledger', file, '--as-of', AS_OF, '-o', o]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('No item failed or overdue');
    const zh = cli(['ledger', file, '--as-of', AS_OF, '-o', o, '--lang', 'zh']);
    expect(zh.stdout).toContain('未生成督办通知单');
    expect(existsSync(o) ? readdirSync(o) : []).toEqual([]);
  });

  it('exits 1 with sheet_missing when the workbook has no 承诺台账', async () => {
    const d = tempDir('cadre-ledger-nosheet-');
    const file = join(d, 'villages-only.xlsx');
    await writeWorkbook(file, { villages: VILLAGES });
    const r = cli(['ledger', file, '--as-of', AS_OF, '-o', join(d, 'out'), '--json']);
    expect(r.code).toBe(1);
    const body = r.json();
    expect(body.command).toBe('ledger');
    expect(body.ok).toBe(false);
    expect(body.files).toEqual([]);
    expect((body.findings as { code: string }[]).map((f) => f.code)).toContain('sheet_missing');
    expect(existsSync(join(d, 'out'))).toBe(false);
  });

  it('has --help with an example', () => {
    const r = cli(['ledger', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--as-of');
    expect(r.stdout).toMatch(/\$ cadre-calc ledger /);
  });
});
