import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyRecordRows } from '../../src/decide/policy-record.js';
import { type Manifest, readManifestSheet } from '../../src/io/documents/manifest.js';
import { noticeWorkbookBytes } from '../../src/io/documents/notice.js';
import { digestManifestOf, rosterDigest } from '../../src/io/documents/roster/digest.js';
import { readRoster } from '../../src/io/documents/roster/read.js';
import {
  FULL_EXPLAIN_MAX_ROWS,
  methodNote,
  rosterDigestRows,
  rosterFileName,
  rosterWorkbookBytes,
  yuan4,
} from '../../src/io/documents/roster/writer.js';
import { computeRun } from '../../src/rules/compute.js';
import { Exact } from '../../src/rules/exact.js';
import { specPolicy } from '../helpers/records.js';
import { IDS, type Sample, sample, sampleInput, sampleManifest, workedExample } from './run-fixture.js';

/** spec/outputs.md 审批花名册 → 花名册, copied from the spec. */
const SPEC_ROSTER_HEADERS = [
  '序号',
  '镇街',
  '村代码',
  '村名',
  '户数',
  '补贴标准',
  '职务',
  '姓名',
  '身份证号',
  '任职月数',
  '比例',
  '发放',
  '补贴总额',
  '基本补贴',
  '奖励提取',
  '综合得分',
  '等次',
  '奖励补贴',
  '应发合计',
  '开户行',
  '银行卡号',
  '暂停发放',
  '备注',
];
/** 汇总: towns (villages, cadres, paid cadres and the five sums), then pools (spec/outputs.md). */
const TOWN_HEADERS = [
  '镇街',
  '村数',
  '干部数',
  '计发人数',
  '补贴总额',
  '基本补贴',
  '奖励提取',
  '奖励补贴',
  '应发合计',
];
const POOL_HEADERS = ['奖励池范围', '奖励池', '积分合计', '分值（元/分）', '已分配', '结余', '说明'];
/** 计算明细: the chain of rules.md in order, then the 说明. */
const DETAIL_HEADERS = [
  '序号',
  '镇街',
  '村名',
  '姓名',
  '职务',
  '户数',
  '档次标准',
  '上浮系数',
  '补贴标准',
  '比例',
  '任职月数',
  '补贴总额',
  '奖励提取',
  '基本补贴',
  '季度考核Q',
  '半年考核H',
  '承诺兑现C',
  '村综合得分',
  '个人加减分',
  '综合得分',
  '等次',
  '积分',
  '理论奖励',
  '尾差调整',
  '奖励补贴',
  '应发合计',
  '说明',
];
const DEPOSIT_HEADERS = [
  '序号',
  '镇街',
  '村代码',
  '村名',
  '姓名',
  '身份证号',
  '职务',
  '保证金',
  '扣发',
  '退还',
  '处理',
  '未兑现/考核',
  '未兑现事项',
];
const MONEY = ['补贴标准', '补贴总额', '基本补贴', '奖励提取', '奖励补贴', '应发合计'];

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

function rowValues(ws: ExcelJS.Worksheet, r: number): unknown[] {
  const out: unknown[] = [];
  for (let c = 1; c <= ws.columnCount; c++) out.push(ws.getCell(r, c).value);
  while (out.length && (out.at(-1) === null || out.at(-1) === undefined)) out.pop();
  return out;
}

/** The data rows under the header in row 2, up to (not including) 合计 or a blank row. */
function dataRows(ws: ExcelJS.Worksheet, headerRow = 2): ExcelJS.Row[] {
  const out: ExcelJS.Row[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const first = ws.getCell(r, 1).value;
    if (first === null || first === '合计') break;
    out.push(ws.getRow(r));
  }
  return out;
}

function colOf(ws: ExcelJS.Worksheet, header: string, headerRow = 2): number {
  const i = rowValues(ws, headerRow).indexOf(header);
  if (i < 0) throw new Error(`no column ${header}`);
  return i + 1;
}

describe('the approval roster of the worked example', () => {
  let ex: ReturnType<typeof workedExample>;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    ex = workedExample();
    wb = await load(await rosterWorkbookBytes(ex.run, ex.policy, ex.meta));
  });

  it('has the sheets 花名册, 汇总, 计算明细, 践诺奖惩 and 校验, in that order, all names within 31 characters', () => {
    // 行摘要 (hidden) right after the 花名册 whose rows it digests
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '花名册',
      '行摘要',
      '汇总',
      '计算明细',
      '践诺奖惩',
      '校验',
    ]);
    // the row digests are for machines: hidden, the rest shown
    expect(wb.worksheets.map((w) => w.state)).toEqual([
      'visible',
      'hidden',
      'visible',
      'visible',
      'visible',
      'visible',
    ]);
  });

  it('heads 花名册 with exactly the spec headers in row 2 under a merged title row', () => {
    const ws = sheet(wb, '花名册');
    expect(rowValues(ws, 2)).toEqual(SPEC_ROSTER_HEADERS);
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getCell(1, SPEC_ROSTER_HEADERS.length).master.address).toBe('A1');
  });

  it('heads 汇总, 计算明细 and 践诺奖惩 with their header lists', () => {
    const s = sheet(wb, '汇总');
    expect(rowValues(s, 2)).toEqual(TOWN_HEADERS);
    // towns: one town and 合计, a blank row, then the pool table's header
    expect(rowValues(s, 6)).toEqual(POOL_HEADERS);
    expect(rowValues(sheet(wb, '计算明细'), 2)).toEqual(DETAIL_HEADERS);
    expect(rowValues(sheet(wb, '践诺奖惩'), 2)).toEqual(DEPOSIT_HEADERS);
  });

  it('writes one 花名册 row per cadre row, in order, then a 合计 row', () => {
    const ws = sheet(wb, '花名册');
    const rows = dataRows(ws);
    expect(rows.map((r) => r.getCell(1).value)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.map((r) => r.getCell(colOf(ws, '身份证号')).value)).toEqual([
      ex.ids[0],
      ex.ids[1],
      ex.ids[2],
      ex.ids[3],
      ex.ids[3],
    ]);
    expect(ws.getCell(8, 1).value).toBe('合计');
  });

  it("puts the worked example's amounts in yuan as numbers formatted #,##0.00 (rules.md table)", () => {
    const ws = sheet(wb, '花名册');
    const rows = dataRows(ws);
    const get = (h: string) => rows.map((r) => r.getCell(colOf(ws, h)).value);
    expect(get('补贴标准')).toEqual([2200, 2200, 2200, 1200, 1200]);
    expect(get('补贴总额')).toEqual([2200, 1980, 898.33, 1200, 0]);
    expect(get('奖励提取')).toEqual([700, 630, 285.83, 700, 0]);
    expect(get('基本补贴')).toEqual([1500, 1350, 612.5, 500, 0]);
    expect(get('奖励补贴')).toEqual([838.71, 754.84, 342.48, 379.8, 0]);
    expect(get('应发合计')).toEqual([2338.71, 2104.84, 954.98, 879.8, 0]);
    for (const h of MONEY) {
      for (const r of rows) expect(r.getCell(colOf(ws, h)).numFmt, h).toBe('#,##0.00');
    }
    const total = ws.getRow(8);
    expect(total.getCell(colOf(ws, '奖励补贴')).value).toBe(2315.83);
    expect(total.getCell(colOf(ws, '奖励补贴')).numFmt).toBe('#,##0.00');
  });

  it('writes ID numbers, card numbers and village codes as text cells', () => {
    const ws = sheet(wb, '花名册');
    for (const r of dataRows(ws)) {
      for (const h of ['身份证号', '银行卡号', '村代码']) {
        const cell = r.getCell(colOf(ws, h));
        expect(typeof cell.value, h).toBe('string');
        expect(cell.numFmt, h).toBe('@');
      }
    }
  });

  it('remarks the second post of one person with the 一肩挑 note and leaves it unpaid', () => {
    const ws = sheet(wb, '花名册');
    const second = dataRows(ws)[4] as ExcelJS.Row;
    expect(second.getCell(colOf(ws, '备注')).value).toBe('一肩挑，按就高原则不重复计发');
    expect(second.getCell(colOf(ws, '应发合计')).value).toBe(0);
  });

  it('sums the pool in 汇总: 2,315.83 over 878.05 points, 2.6375 yuan a point, all allocated', () => {
    const ws = sheet(wb, '汇总');
    expect(rowValues(ws, 7)).toEqual(['全市', 2315.83, 878.05, 2.6375, 2315.83, 0]);
    expect(ws.getCell(7, 2).numFmt).toBe('#,##0.00');
    expect(rowValues(ws, 3).slice(0, 4)).toEqual(['测试镇', 2, 5, 4]);
    expect(rowValues(ws, 4)[0]).toBe('合计');
  });

  it('explains in 计算明细 why the 7-month accountant gets 954.98, from the standard to the rounding unit', () => {
    const ws = sheet(wb, '计算明细');
    const r = dataRows(ws)[2] as ExcelJS.Row;
    const why = String(r.getCell(colOf(ws, '说明')).value);
    expect(why).toContain('总额=2200.00×0.7×7/12=898.33');
    expect(why).toContain('提取=700.00×0.7×7/12=285.83');
    expect(why).toContain('基本=898.33−285.83=612.50');
    expect(why).toContain('积分=0.7×7×(86.50−60)=129.85');
    expect(why).toContain('奖励=2315.83×129.85/878.05=342.4754');
    expect(why).toContain('+0.01=342.48');
    expect(why).toContain('应发=612.50+342.48=954.98');
    expect(r.getCell(colOf(ws, '理论奖励')).value).toBe(342.4754);
    expect(r.getCell(colOf(ws, '尾差调整')).value).toBe(0.01);
    expect(r.getCell(colOf(ws, '积分')).value).toBe(129.85);
  });

  it('gives the unpaid second post its reason in 计算明细, naming the row that is paid', () => {
    const ws = sheet(wb, '计算明细');
    const r = dataRows(ws)[4] as ExcelJS.Row;
    expect(String(r.getCell(colOf(ws, '说明')).value)).toMatch(/一肩挑.*书记.*序号4/);
  });

  it('prints every sheet on A4 landscape, one page wide, with the header row repeated and frozen below it', () => {
    for (const ws of wb.worksheets.filter((w) => w.name !== '行摘要')) {
      expect(ws.pageSetup.paperSize, ws.name).toBe(9);
      expect(ws.pageSetup.orientation, ws.name).toBe('landscape');
      expect(ws.pageSetup.fitToPage, ws.name).toBe(true);
      // 花名册 two pages wide with 序号–村名 repeated; 计算明细 not printed (its title only).
      expect(ws.pageSetup.fitToWidth, ws.name).toBe(ws.name === '花名册' ? 2 : 1);
      expect(ws.pageSetup.fitToHeight, ws.name).toBe(0);
      expect(ws.pageSetup.printTitlesRow, ws.name).toBe(ws.name === '计算明细' ? undefined : '2:2');
      expect(ws.pageSetup.printTitlesColumn, ws.name).toBe(ws.name === '花名册' ? 'A:D' : undefined);
      if (ws.name === '计算明细') expect(ws.pageSetup.printArea).toMatch(/^A1:[A-Z]+1$/);
      expect(ws.views[0]?.state, ws.name).toBe('frozen');
      expect((ws.views[0] as { ySplit?: number }).ySplit, ws.name).toBe(2);
    }
  });

  it('sizes columns to their content, CJK counting double: the ID column is wider than 序号 and than 职务', () => {
    const ws = sheet(wb, '花名册');
    const w = (h: string) => ws.getColumn(colOf(ws, h)).width ?? 0;
    expect(w('身份证号')).toBeGreaterThanOrEqual(18);
    expect(w('身份证号')).toBeGreaterThan(w('序号'));
    expect(w('身份证号')).toBeGreaterThan(w('职务'));
  });

  it('signs under the table: 制表人 with the preparer, 审核人, 审批人 and 日期', () => {
    const ws = sheet(wb, '花名册');
    const texts: string[] = [];
    for (let r = 9; r <= ws.rowCount; r++) {
      ws.getRow(r).eachCell((c) => {
        // a merged stretch reports its master's value in every cell: count it once
        if (typeof c.value === 'string' && c.master.address === c.address) texts.push(c.value);
      });
    }
    expect(texts).toEqual(['制表人：郑会计', '审核人：', '审批人：', '日期：2013年1月5日']);
  });

  it('records kind roster and the digest of its rows in 校验', () => {
    const m = readManifestSheet(wb);
    expect(m?.kind).toBe('roster');
    expect(m?.rosterDigest).toBe(rosterDigest(rosterDigestRows(ex.run), digestManifestOf(m as Manifest)));
    expect(m?.approvals).toEqual([]);
  });

  it('is the same bytes for the same run, with the run date as the document date', async () => {
    const a = await rosterWorkbookBytes(ex.run, ex.policy, ex.meta);
    const b = await rosterWorkbookBytes(ex.run, ex.policy, ex.meta);
    expect(a.equals(b)).toBe(true);
    expect((await load(a)).created.toISOString()).toBe('2013-01-05T00:00:00.000Z');
  });

  it('refuses (as a bug) a manifest whose digest is not the digest of the run', async () => {
    const meta = { ...ex.meta, manifest: { ...ex.meta.manifest, rosterDigest: '0'.repeat(64) } };
    await expect(rosterWorkbookBytes(ex.run, ex.policy, meta)).rejects.toThrow(/digest/);
  });
});

describe('the approval roster of a city with two towns', () => {
  let s: Sample;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    s = sample();
    wb = await load(await rosterWorkbookBytes(s.run, s.policy, s.meta));
  });

  it('titles every sheet with the city, the year and the as-of date, without 预计 at year end', () => {
    for (const ws of wb.worksheets.filter((w) => w.name !== '校验' && w.name !== '行摘要')) {
      const title = String(ws.getCell('A1').value);
      expect(title, ws.name).toContain('荣成市2012年度农村干部补贴审批花名册');
      expect(title, ws.name).toContain('2012年12月31日');
      expect(title, ws.name).not.toContain('预计');
    }
  });

  it('joins the rules note and the input remark with ；, and says why an unpaid role is 0', () => {
    const ws = sheet(wb, '花名册');
    const remarks = dataRows(ws).map((r) => r.getCell(colOf(ws, '备注')).value);
    expect(remarks[2]).toBe('5月起任');
    expect(remarks[3]).toBe('非补贴职务，不计发');
    expect(remarks[5]).toBe('一肩挑，按就高原则不重复计发');
    expect(remarks[6]).toBe('新任');
    expect(dataRows(ws)[6]?.getCell(colOf(ws, '暂停发放')).value).toBe('身份信息待核实');
  });

  it('leaves 比例 empty only for the role the policy does not subsidize', () => {
    const ws = sheet(wb, '花名册');
    const ratios = dataRows(ws).map((r) => r.getCell(colOf(ws, '比例')).value);
    expect(ratios).toEqual([1, 0.9, 0.7, null, 1, 0.9, 0.7, 1, 0.85, 0.7]);
  });

  it('sums each town and the city in 汇总', () => {
    const ws = sheet(wb, '汇总');
    expect(rowValues(ws, 3).slice(0, 4)).toEqual(['石岛镇', 2, 7, 5]);
    expect(rowValues(ws, 4).slice(0, 4)).toEqual(['港湾街道', 1, 3, 3]);
    const total = rowValues(ws, 5);
    expect(total.slice(0, 4)).toEqual(['合计', 3, 10, 8]);
    const paid = s.run.cadres.filter((c) => c.paid);
    expect(total[8]).toBe(paid.reduce((a, c) => a + c.payableFen, 0) / 100);
  });

  it('lists in 践诺奖惩 every paid cadre of the village with a failed and an overdue item, with the items', () => {
    const ws = sheet(wb, '践诺奖惩');
    const rows = dataRows(ws);
    expect(rows.map((r) => r.getCell(colOf(ws, '身份证号')).value)).toEqual([
      IDS.nzShuji,
      IDS.nzZhuren,
      IDS.nzKuaiji,
    ]);
    const first = rows[0] as ExcelJS.Row;
    // deposit 1000 × (1 failed + 1 overdue) / 4 assessed = 500 forfeited (rules.md §6)
    expect(first.getCell(colOf(ws, '保证金')).value).toBe(1000);
    expect(first.getCell(colOf(ws, '扣发')).value).toBe(500);
    expect(first.getCell(colOf(ws, '退还')).value).toBe(500);
    expect(first.getCell(colOf(ws, '扣发')).numFmt).toBe('#,##0.00');
    expect(first.getCell(colOf(ws, '处理')).value).toBe('诫勉谈话');
    expect(first.getCell(colOf(ws, '未兑现/考核')).value).toBe('2/4');
    const items = String(first.getCell(colOf(ws, '未兑现事项')).value);
    expect(items).toContain('03 改造自来水管网（验收不合格）');
    expect(items).toContain('04 清理河道垃圾（逾期未完成）');
    expect(items).not.toContain('01');
    expect(first.getCell(colOf(ws, '身份证号')).numFmt).toBe('@');
  });

  it('spells a personal adjustment and a proposed ratio in 计算明细', () => {
    const ws = sheet(wb, '计算明细');
    const rows = dataRows(ws);
    expect(String(rows[7]?.getCell(colOf(ws, '说明')).value)).toContain('个人=82.14+2.00=84.14');
    expect(String(rows[8]?.getCell(colOf(ws, '说明')).value)).toContain('总额=2500.00×0.85×12/12=2125.00');
    expect(String(rows[6]?.getCell(colOf(ws, '说明')).value)).toContain('暂停发放（身份信息待核实）');
  });

  it('says 预计 in every title when the as-of date is before the year end', async () => {
    const p = sample('2012-06-30');
    const pwb = await load(await rosterWorkbookBytes(p.run, p.policy, p.meta));
    for (const ws of pwb.worksheets.filter((w) => w.name !== '校验' && w.name !== '行摘要')) {
      expect(String(ws.getCell('A1').value), ws.name).toContain('预计');
      expect(String(ws.getCell('A1').value), ws.name).toContain('2012年6月30日');
    }
    expect(readManifestSheet(pwb)?.provisional).toBe(true);
    expect(dataRows(sheet(pwb, '践诺奖惩'))).toEqual([]);
  });

  it('names the roster file 审批花名册-YEAR.xlsx', () => {
    expect(rosterFileName(2012)).toBe('审批花名册-2012.xlsx');
  });
});

describe('reading a roster back', () => {
  let s: Sample;
  let bytes: Buffer;
  beforeAll(async () => {
    s = sample();
    bytes = await rosterWorkbookBytes(s.run, s.policy, s.meta);
  });

  it('returns the digest rows the writer digested, with Excel row numbers, towns and paid flags', async () => {
    const back = await readRoster(bytes);
    expect(back.findings).toEqual([]);
    const digestRows = back.rows.map(({ row, totalFen, shareFen, ...d }) => d);
    expect(digestRows).toEqual(rosterDigestRows(s.run));
    expect(rosterDigest(digestRows, digestManifestOf(back.manifest as Manifest))).toBe(
      back.manifest?.rosterDigest,
    );
    expect(back.digests).toEqual({
      digest: back.manifest?.rosterDigest,
      present: true,
      edits: [],
      moreEdits: 0,
      manifestEdits: [],
    });
    expect(back.rows.map((r) => r.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(back.rows.map((r) => r.paid)).toEqual(s.run.cadres.map((c) => c.paid));
    expect(back.rows.map((r) => r.totalFen)).toEqual(s.run.cadres.map((c) => c.totalFen));
    expect(back.rows.map((r) => r.shareFen)).toEqual(s.run.cadres.map((c) => c.shareFen));
    expect(back.rows[7]?.town).toBe('港湾街道');
    expect(back.provisional).toBe(false);
  });

  it('reads from a path as well as from bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-roster-'));
    const file = join(dir, rosterFileName(2012));
    writeFileSync(file, bytes);
    const back = await readRoster(file);
    expect(back.rows).toHaveLength(10);
    expect(back.findings.every((f) => f.file === '')).toBe(true);
  });

  it('reports a provisional roster as provisional', async () => {
    const p = sample('2012-06-30');
    const back = await readRoster(await rosterWorkbookBytes(p.run, p.policy, p.meta));
    expect(back.provisional).toBe(true);
  });

  it.each([
    ['应发合计', 2409.39],
    ['基本补贴', 1500.01],
    ['奖励补贴', 0.01],
    ['银行卡号', '6228480000000099999'],
    ['暂停发放', '待核实'],
    ['开户行', '中国银行'],
  ])('sees an edit of %s with exceljs in the recomputed digest', async (header, value) => {
    const wb = await load(bytes);
    const ws = sheet(wb, '花名册');
    ws.getCell(3, colOf(ws, header)).value = value;
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const back = await readRoster(edited);
    expect(back.digests.digest).not.toBe(back.manifest?.rosterDigest);
    expect(back.digests.edits).toEqual([{ kind: 'edited', row: 3, headers: [header] }]);
  });

  it('reports an amount that is not whole fen and months that are not whole, with row and column', async () => {
    const wb = await load(bytes);
    const ws = sheet(wb, '花名册');
    ws.getCell(4, colOf(ws, '奖励补贴')).value = 818.445;
    ws.getCell(5, colOf(ws, '任职月数')).value = '七';
    const back = await readRoster(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(back.findings.map((f) => [f.code, f.row, f.column, f.header])).toEqual([
      ['roster_amount_invalid', 4, 'R', '奖励补贴'],
      ['roster_months_invalid', 5, 'J', '任职月数'],
    ]);
  });

  it('reports a missing 花名册 sheet and a missing header as findings, not exceptions', async () => {
    const notice = await readRoster(await noticeWorkbookBytes(s.run, s.policy, s.meta));
    expect(notice.findings.map((f) => f.code)).toEqual(['roster_sheet_missing']);
    expect(notice.manifest?.kind).toBe('notice');

    const wb = await load(bytes);
    const ws = sheet(wb, '花名册');
    ws.getCell(2, colOf(ws, '银行卡号')).value = '卡号';
    const back = await readRoster(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(back.findings.map((f) => [f.code, f.header])).toEqual([['roster_header_missing', '银行卡号']]);
  });

  it('throws file_missing for a path that does not exist', async () => {
    await expect(readRoster(join(tmpdir(), 'no-such-dir-cadre', 'x.xlsx'))).rejects.toMatchObject({
      code: 4,
      findings: [{ code: 'file_missing' }],
    });
  });

  it('keeps the manifest the command passed, apart from kind, digest and the policy parameters', async () => {
    const m = (await readRoster(bytes)).manifest;
    expect(m).toEqual({ ...sampleManifest(s.run, s.policy), policyParams: policyRecordRows(s.policy) });
  });
});

describe('the roster under other policies', () => {
  const x = (t: string) => Exact.parse(t);

  it('spells the uplift factors of a weak village in an inland town (policy.md uplift: round(B × factors))', async () => {
    const policy = specPolicy({
      uplift: { weakVillage: x('1.1'), inlandTown: x('1.1'), inlandTowns: ['石岛镇'] },
    });
    const s = sample('2012-12-31', policy);
    const wb = await load(await rosterWorkbookBytes(s.run, s.policy, s.meta));
    const ws = sheet(wb, '计算明细');
    const xh = dataRows(ws)[4] as ExcelJS.Row; // 西河村's secretary: 80 households, band 1,200
    expect(xh.getCell(colOf(ws, '档次标准')).value).toBe(1200);
    expect(xh.getCell(colOf(ws, '上浮系数')).value).toBe('1.1(薄弱村)×1.1(内陆镇)');
    expect(xh.getCell(colOf(ws, '补贴标准')).value).toBe(1452);
    expect(String(xh.getCell(colOf(ws, '说明')).value)).toContain(
      '标准：80户→1200.00×1.1(薄弱村)×1.1(内陆镇)=1452.00',
    );
  });

  it('lists one pool per town in 汇总 under pool_scope town and names the town in the 说明', async () => {
    const policy = specPolicy({ reward: { ...specPolicy().reward, poolScope: 'town' } });
    const s = sample('2012-12-31', policy);
    const wb = await load(await rosterWorkbookBytes(s.run, s.policy, s.meta));
    const ws = sheet(wb, '汇总');
    expect(rowValues(ws, 7)).toEqual(POOL_HEADERS);
    expect([ws.getCell(8, 1).value, ws.getCell(9, 1).value]).toEqual(['石岛镇', '港湾街道']);
    // each town's pool is the sum of its cadres' shares (rules.md §5)
    const shares = (town: string) =>
      s.run.cadres.filter((c) => c.village.record.town === town).reduce((a, c) => a + c.shareFen, 0) / 100;
    expect(ws.getCell(8, 2).value).toBe(shares('石岛镇'));
    expect(ws.getCell(9, 2).value).toBe(shares('港湾街道'));
    const detail = sheet(wb, '计算明细');
    expect(String(dataRows(detail)[7]?.getCell(colOf(detail, '说明')).value)).toContain('港湾街道奖励=');
  });

  it('reports a pool with no points as all remainder, in 汇总 and in every row of 计算明细', async () => {
    const policy = specPolicy({ reward: { ...specPolicy().reward, floor: x('100') } });
    const s = sample('2012-12-31', policy);
    const wb = await load(await rosterWorkbookBytes(s.run, s.policy, s.meta));
    const ws = sheet(wb, '汇总');
    const pool = rowValues(ws, 8);
    expect(pool[0]).toBe('全市');
    expect(pool[3]).toBeNull(); // no value per point
    expect(pool[4]).toBe(0);
    expect(pool[5]).toBe(pool[1]);
    expect(String(pool[6])).toContain('积分合计为0');
    const detail = sheet(wb, '计算明细');
    expect(String(dataRows(detail)[0]?.getCell(colOf(detail, '说明')).value)).toContain(
      '奖励池积分合计为0，不分配，全部列为结余',
    );
  });
});

describe('the ideal reward in yuan', () => {
  it('is x / 100 to 4 decimals rounded half up, as Exact spells it, for any non-negative fen amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (n, d) => {
        const x = Exact.of(n, d);
        expect(yuan4(x)).toBe(x.div(Exact.of(100)).toFixed(4));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the 说明 of a large run (more than FULL_EXPLAIN_MAX_ROWS cadre rows)', () => {
  let s: Sample;
  let full: ExcelJS.Workbook;
  let brief: ExcelJS.Workbook;
  const whys = (wb: ExcelJS.Workbook): string[] => {
    const ws = sheet(wb, '计算明细');
    return dataRows(ws).map((r) => String(r.getCell(colOf(ws, '说明')).value ?? ''));
  };
  /** The note row under 合计 in 计算明细. */
  const noteOf = (wb: ExcelJS.Workbook): string => {
    const ws = sheet(wb, '计算明细');
    const texts: string[] = [];
    ws.eachRow((r) => {
      const v = r.getCell(1).value;
      if (typeof v === 'string' && v.startsWith('计算方法：')) texts.push(v);
    });
    expect(texts).toHaveLength(1);
    return texts[0] as string;
  };

  beforeAll(async () => {
    // 孙海涛's village scores over 50: an adjustment of +50 is held to 100
    const input = sampleInput();
    const k = input.cadres.findIndex((c) => c.idNumber === IDS.nzShuji);
    input.cadres[k] = {
      ...(input.cadres[k] as (typeof input.cadres)[number]),
      adjustment: Exact.parse('50'),
    };
    const policy = specPolicy();
    const run = computeRun(input, policy, { asOf: '2012-12-31', allowMissingScores: false });
    s = { run, policy, meta: { manifest: sampleManifest(run, policy), runDate: '2013-01-05' } };
    full = await load(await rosterWorkbookBytes(s.run, s.policy, s.meta));
    brief = await load(
      await rosterWorkbookBytes(s.run, s.policy, { ...s.meta, fullExplainMaxRows: s.run.cadres.length - 1 }),
    );
  });

  it('is a province-size threshold: a city or a prefecture keeps the whole chain on every row', () => {
    expect(FULL_EXPLAIN_MAX_ROWS).toBe(50_000);
  });

  it('keeps the whole chain for a run of exactly the threshold', async () => {
    const at = await rosterWorkbookBytes(s.run, s.policy, {
      ...s.meta,
      fullExplainMaxRows: s.run.cadres.length,
    });
    expect(at.equals(await rosterWorkbookBytes(s.run, s.policy, s.meta))).toBe(true);
    expect(whys(full)[2]).toContain('标准：350户→2200.00；总额=2200.00×0.7×7/12=898.33');
  });

  it('gives an ordinary paid row only its reward, with its pool’s figures and the rounding', () => {
    const why = whys(brief)[2] as string; // the 7-month accountant
    expect(why).toMatch(/^奖励=\d+\.\d{2}×[\d.]+\/[\d.]+=\d+\.\d{4}，舍至分\d+\.\d{2}/);
    expect(why.split('\n')).toHaveLength(1);
    expect(whys(full)[2]?.split('\n')).toContain(why);
  });

  it('says only what the row’s columns do not: every brief line is in the full 说明 of that row', () => {
    const b = whys(brief);
    const f = whys(full);
    expect(b).toHaveLength(s.run.cadres.length);
    b.forEach((why, i) => {
      for (const line of why.split('\n')) if (line) expect(f[i], `row ${i + 1}`).toContain(line);
      expect(why.length, `row ${i + 1}`).toBeLessThanOrEqual((f[i] as string).length);
      expect(why, `row ${i + 1}`).not.toMatch(/标准：|提取=|积分=|应发=/);
    });
  });

  it('keeps the hold, the deposit, the unpaid reasons and a score held to 0–100', () => {
    const b = whys(brief);
    const f = whys(full);
    const at = (id: string, role: string) =>
      s.run.cadres.findIndex((c) => c.record.idNumber === id && c.record.role === role);
    expect(b[at(IDS.xhKuaiji, '会计')]).toContain('暂停发放（身份信息待核实）：照常计算，不列入银行代发');
    expect(b[at(IDS.nzKuaiji, '会计')]).toMatch(/未兑现承诺2\/4项：保证金.*诫勉谈话/);
    expect(b[at(IDS.nzShuji, '书记')]).toMatch(/^个人=\d+\.\d\d\+50\.00=100\.00（限0–100）\n奖励=/);
    // unpaid rows: the same reason either way
    for (const i of [at(IDS.dsFunv, '妇女主任'), at(IDS.xhShuji, '主任')]) {
      expect(b[i]).toBe(f[i]);
      expect(b[i]).not.toBe('');
    }
  });

  it('changes nothing but the 说明: every other cell of 计算明细 and every other sheet is the same', () => {
    for (const name of ['花名册', '汇总', '践诺奖惩', '校验']) {
      const a = sheet(full, name);
      const b = sheet(brief, name);
      expect(b.rowCount, name).toBe(a.rowCount);
      for (let r = 1; r <= a.rowCount; r++)
        expect(rowValues(b, r), `${name} row ${r}`).toEqual(rowValues(a, r));
    }
    const a = sheet(full, '计算明细');
    const b = sheet(brief, '计算明细');
    const why = colOf(a, '说明');
    expect(b.rowCount).toBe(a.rowCount);
    for (let r = 1; r <= a.rowCount; r++) {
      const strip = (ws: ExcelJS.Worksheet) => rowValues(ws, r).filter((_, c) => r < 3 || c + 1 !== why);
      expect(strip(b), `row ${r}`).toEqual(strip(a));
    }
  });

  it('states the formulas once under the table, with the policy’s numbers, in both forms', () => {
    const note = noteOf(brief);
    expect(noteOf(full)).toBe(note);
    expect(note).toBe(methodNote(s.policy));
    const formulas = [
      '补贴总额＝补贴标准×比例×任职月数/12，奖励提取＝700.00×比例×任职月数/12，均四舍五入到分',
      '村综合得分＝(0.3×Q＋0.5×H＋0.2×C)',
      '综合得分＝村综合得分＋个人加减分，限0–100',
      '优秀≥90，良好≥80，合格≥60',
      '积分＝比例×任职月数×max(0，综合得分−60)',
      '理论奖励＝奖励池可分配额×积分÷奖励池积分合计',
      '应发合计＝基本补贴＋奖励补贴',
    ];
    for (const f of formulas) expect(note).toContain(f);
    expect(note).not.toContain('上浮系数');
  });
});

describe('the method note of 计算明细', () => {
  const x = (v: string) => Exact.parse(v);
  it('follows the reward method, the weights, the rounding unit, uplift and forfeit', () => {
    const base = specPolicy();
    expect(methodNote(specPolicy({ reward: { ...base.reward, method: 'linear' } }))).toContain(
      '积分＝比例×任职月数×综合得分；',
    );
    const grades = methodNote(specPolicy({ reward: { ...base.reward, method: 'grades' } }));
    expect(grades).toMatch(
      /积分＝比例×任职月数×等次系数（优秀[\d.]+，良好[\d.]+，合格[\d.]+，不合格[\d.]+）/,
    );
    const other = methodNote(
      specPolicy({
        rounding: 'jiao',
        reward: { ...base.reward, forfeit: 'return', floor: x('65') },
        score: { ...base.score, weights: { quarterly: x('0'), halfYear: x('0.6'), commitments: x('0.4') } },
        uplift: { weakVillage: x('1.1'), inlandTown: null, inlandTowns: [] },
      }),
    );
    for (const part of [
      '补贴标准＝档次标准×上浮系数；',
      '均四舍五入到角',
      '村综合得分＝(0.6×H＋0.4×C)',
      'max(0，综合得分−65)',
      '舍至角，余下的按最大余额法逐角补足',
      '积分为0者的奖励提取额不参与分配，列为结余',
    ])
      expect(other).toContain(part);
  });
});
