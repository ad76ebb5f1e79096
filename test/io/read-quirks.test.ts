import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/io/policy/policy.js';
import { type ReadResult, readWorkbooks } from '../../src/io/workbook/read.js';
import type { Policy } from '../../src/rules/types.js';
import { ALL_QUIRKS, makeId, type Quirks, sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-quirks-'));
let policy: Policy;
let plain: ReadResult;

beforeAll(async () => {
  policy = (await loadPolicy()).policy;
  await writeWorkbook(join(dir, 'plain.xlsx'), sampleData());
  plain = await read('plain.xlsx');
});

async function read(...names: string[]): Promise<ReadResult> {
  return readWorkbooks(
    names.map((n) => join(dir, n)),
    policy,
    { need: ['villages', 'cadres', 'commitments', 'scores'] },
  );
}

/** Records without their provenance (rows and columns differ with the layout quirks). */
function content(r: ReadResult) {
  // where each record came from differs between the variants; what was read must not
  const strip = <T extends { src: unknown }>(xs: T[]) =>
    xs.map((x) => JSON.parse(JSON.stringify(x, (k, v) => (k.startsWith('src') ? undefined : v))));
  return {
    villages: strip(r.input.villages),
    cadres: strip(r.input.cadres),
    commitments: strip(r.input.commitments),
    scores: strip(r.input.scores),
  };
}

describe('a clean workbook written from plain rows', () => {
  it('reads every row with nothing but the one planted warning (a 5,200-household village)', () => {
    expect(plain.findings.map((f) => [f.level, f.code, f.sheet, f.row, f.column])).toEqual([
      ['warning', 'households_implausible', '村庄', 5, 'D'],
    ]);
  });

  it('reads 4 villages, with an empty 经济薄弱村 taken as 否', () => {
    expect(plain.input.villages.map((v) => [v.code, v.name, v.town, v.households, v.weak])).toEqual([
      ['371082001001', '小庄村', '石岛管理区', 63, false],
      ['371082001002', '南山村', '石岛管理区', 101, true],
      ['371082002001', '西山村', '宁津街道', 233, false],
      ['371082002002', '上庄村', '宁津街道', 5200, false],
    ]);
  });

  it('splits the combined post 书记兼主任 into two records and maps aliases to canonical roles', () => {
    expect(plain.input.cadres.map((c) => [c.name, c.role, c.months, c.seq])).toEqual([
      ['傅磊芳', '书记', 12, 0],
      ['汪伟杰', '主任', 12, 1],
      ['魏胜志', '书记', 12, 2],
      ['魏胜志', '主任', 12, 3],
      ['石松波', '会计', 9, 4],
      ['康林军', '书记', 5, 5],
      ['康林军', '书记', 7, 6],
      ['阿依古丽·买买提', '会计', 12, 7],
      ['苏林', '妇女主任', 12, 8],
    ]);
  });

  it('keeps ratios and adjustments exact and leaves absent ones null', () => {
    expect(
      plain.input.cadres.map((c) => [c.ratio?.toString() ?? null, c.adjustment?.toString() ?? null]),
    ).toEqual([
      [null, null],
      ['0.85', null],
      [null, '-2.5'],
      [null, '-2.5'],
      ['0.7', '3'],
      [null, null],
      [null, null],
      [null, null],
      [null, null],
    ]);
    // 0.85 typed in a number cell is exactly 17/20, not the nearest double
    expect([plain.input.cadres[1]?.ratio?.n, plain.input.cadres[1]?.ratio?.d]).toEqual([17n, 20n]);
  });

  it('reads every commitment date as ISO text and defaults the status to 进行中', () => {
    expect(
      plain.input.commitments.map((c) => [
        c.itemNo,
        c.due,
        c.status,
        c.result,
        c.inspected,
        c.satisfaction?.toString() ?? null,
      ]),
    ).toEqual([
      ['01', '2012-03-31', '已完成', '合格', '2012-03-20', '92.5'],
      ['02', '2012-09-30', '未完成', '不合格', '2012-10-08', null],
      ['01', '2012-01-15', '进行中', null, null, null],
      ['1', '2012-12-31', '进行中', null, null, null],
      ['A-3', '2012-06-30', '已完成', null, null, '88'],
      ['A-4', '2012-02-29', '已完成', '合格', '2012-02-28', null],
    ]);
  });

  it('reads every period spelling into Q1–Q4 / H1 / H2', () => {
    expect(plain.input.scores.map((s) => [s.period, s.score.toString()])).toEqual([
      ['Q1', '82'],
      ['Q2', '83.5'],
      ['H1', '78.5'],
      ['Q1', '90'],
      ['H1', '88.25'],
      ['H2', '61'],
      ['H2', '100'],
      ['Q4', '0'],
    ]);
  });

  it('gives each record its Excel row and the column letter and header of each field', () => {
    const c = plain.input.cadres[3];
    expect(c?.src.row).toBe(4);
    expect(c?.src.sheet).toBe('干部');
    expect(c?.src.file).toBe('plain.xlsx');
    expect(c?.src.columns?.role).toEqual({ column: 'D', header: '职务' });
    expect(c?.src.columns?.account).toEqual({ column: 'I', header: '银行卡号' });
    // one columns object per sheet, shared by its rows
    expect(plain.input.cadres[0]?.src.columns).toBe(c?.src.columns);
  });

  it('names the file by its base name and gives its SHA-256', () => {
    expect(plain.files).toHaveLength(1);
    expect(plain.files[0]?.name).toBe('plain.xlsx');
    expect(plain.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

const QUIRKS: [string, Quirks][] = [
  ['a merged title row and a units row above the header', { titleRow: true, unitsRow: true }],
  ['a leading 序号 column', { serialColumn: true }],
  [
    'headers with aliases, inner spaces, line breaks, full-width spaces, unit suffixes and English',
    { headerVariants: true },
  ],
  ['the accepted alternative sheet names', { sheetAliases: true }],
  ['town names merged vertically over their villages', { mergedTowns: true }],
  ['numbers typed as text (63户, full-width digits, padded with spaces)', { numbersAsText: true }],
  ['dates as Excel serial numbers', { dates: 'serial' }],
  ['dates as text (2012/3/31, 2012.3.31, 2012年3月31日, 2012-03-31)', { dates: 'text' }],
  ['dates as date cells in the 1904 date system', { date1904: true }],
  ['dates as serial numbers in the 1904 date system', { date1904: true, dates: 'serial' }],
  ['rich text cells', { richText: true }],
  ['formulas with cached results', { formulas: true }],
  ['hyperlink cells', { hyperlinks: true }],
  ['blank rows between data rows', { blankRows: true }],
  ['ID numbers with lower-case x, full-width digits or spaces', { messyIds: true }],
  ['names with inner spaces and lookalike middle dots', { messyNames: true }],
  ['a two-level header (银行信息 over 开户行 and 银行卡号, the rest merged down)', { twoRowHeader: true }],
  ['every quirk at once', ALL_QUIRKS],
];

describe('the same data written with the quirks of real workbooks', () => {
  it.each(QUIRKS)('reads to the same records as the plain workbook with %s', async (_name, quirks) => {
    const file = `q-${QUIRKS.findIndex(([, q]) => q === quirks)}.xlsx`;
    await writeWorkbook(join(dir, file), sampleData(), quirks);
    const r = await read(file);
    expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(content(r)).toEqual(content(plain));
  });

  it('gives the Excel rows and columns of the quirky layout (title and units rows, 序号 column, blank rows)', async () => {
    await writeWorkbook(join(dir, 'layout.xlsx'), sampleData(), {
      titleRow: true,
      unitsRow: true,
      serialColumn: true,
      blankRows: true,
      headerVariants: true,
    });
    const r = await read('layout.xlsx');
    // header on row 3; data rows 4, 5, 6, then a blank row 7, then 8 …
    expect(r.input.cadres.map((c) => c.src.row)).toEqual([4, 5, 6, 6, 8, 9, 10, 12, 13]);
    expect(r.input.cadres[0]?.src.columns?.idNumber).toEqual({ column: 'B', header: '公民身份号码' });
    expect(r.input.villages[3]?.src.row).toBe(8);
    const w = r.findings.find((f) => f.code === 'households_implausible');
    expect([w?.row, w?.column, w?.header, w?.value]).toEqual([8, 'E', '户数（户）', '5200']);
  });

  it('reads the sub-headers of a two-level header and starts the data below them', async () => {
    await writeWorkbook(join(dir, 'two-level.xlsx'), sampleData(), { twoRowHeader: true, titleRow: true });
    const r = await read('two-level.xlsx');
    expect(r.input.cadres[0]?.src.row).toBe(4);
    expect(r.input.cadres[0]?.src.columns?.account).toEqual({ column: 'I', header: '银行卡号' });
    expect(r.input.cadres[0]?.src.columns?.idNumber).toEqual({ column: 'A', header: '身份证号' });
  });

  it('fills a vertically merged town into every village row it covers', async () => {
    await writeWorkbook(join(dir, 'merged.xlsx'), sampleData(), { mergedTowns: true });
    const r = await read('merged.xlsx');
    expect(r.input.villages.map((v) => v.town)).toEqual(['石岛管理区', '石岛管理区', '宁津街道', '宁津街道']);
  });
});

describe('several workbooks in one run', () => {
  it('numbers cadre rows across files in the order given, then rows as listed', async () => {
    const data = sampleData();
    const a = { villages: data.villages?.slice(0, 2), cadres: data.cadres?.slice(0, 4) };
    const b = { villages: data.villages?.slice(2), cadres: data.cadres?.slice(4) };
    await writeWorkbook(join(dir, 'b-town.xlsx'), b);
    await writeWorkbook(join(dir, 'a-town.xlsx'), a);
    const r = await readWorkbooks([join(dir, 'b-town.xlsx'), join(dir, 'a-town.xlsx')], policy, {
      need: ['villages', 'cadres'],
    });
    expect(r.files.map((f) => f.name)).toEqual(['b-town.xlsx', 'a-town.xlsx']);
    expect(r.input.cadres.map((c) => [c.src.file, c.name, c.seq])).toEqual([
      ['b-town.xlsx', '康林军', 0],
      ['b-town.xlsx', '康林军', 1],
      ['b-town.xlsx', '阿依古丽·买买提', 2],
      ['b-town.xlsx', '苏林', 3],
      ['a-town.xlsx', '傅磊芳', 4],
      ['a-town.xlsx', '汪伟杰', 5],
      ['a-town.xlsx', '魏胜志', 6],
      ['a-town.xlsx', '魏胜志', 7],
      ['a-town.xlsx', '石松波', 8],
    ]);
    expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  it('reads a folder’s workbooks sorted by name, whatever order the file system lists them in', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'cadre-calc-folder-'));
    const data = sampleData();
    await writeWorkbook(join(sub, '2-宁津街道.xlsx'), {
      villages: data.villages?.slice(2),
      cadres: data.cadres?.slice(4),
    });
    await writeWorkbook(join(sub, '1-石岛管理区.xlsx'), {
      villages: data.villages?.slice(0, 2),
      cadres: data.cadres?.slice(0, 4),
    });
    const r = await readWorkbooks([sub], policy, { need: ['villages', 'cadres'] });
    expect(r.files.map((f) => f.name)).toEqual(['1-石岛管理区.xlsx', '2-宁津街道.xlsx']);
    expect(r.input.cadres[0]?.name).toBe('傅磊芳');
    expect(r.input.villages.map((v) => v.code)).toEqual([
      '371082001001',
      '371082001002',
      '371082002001',
      '371082002002',
    ]);
  });

  it('accepts a cadre in one file whose village is listed in another file of the run', async () => {
    const id = makeId('371082', '19700101', '111');
    await writeWorkbook(join(dir, 'v-only.xlsx'), {
      villages: [{ code: '371082003001', name: '东村', town: '港湾街道', households: 80 }],
      cadres: [],
    });
    await writeWorkbook(join(dir, 'c-only.xlsx'), {
      villages: [],
      cadres: [{ idNumber: id, name: '王五', villageCode: '371082003001', role: '书记' }],
    });
    const r = await readWorkbooks([join(dir, 'v-only.xlsx'), join(dir, 'c-only.xlsx')], policy, {
      need: ['villages', 'cadres'],
    });
    expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(r.input.cadres.map((c) => c.villageCode)).toEqual(['371082003001']);
  });
});
