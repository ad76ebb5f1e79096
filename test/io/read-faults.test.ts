import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/io/policy/policy.js';
import { readWorkbooks } from '../../src/io/workbook/read.js';
import { localize, MESSAGES } from '../../src/report/messages/index.js';
import type { Finding } from '../../src/rules/findings.js';
import type { Policy } from '../../src/rules/types.js';
import {
  columnOf,
  dataRow,
  type ExtraOptions,
  makeCard,
  makeId,
  raw,
  type SheetKind,
  sampleData,
  type WorkbookData,
  writeWorkbook,
} from '../helpers/workbook-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-faults-'));
let policy: Policy;
let baseline: Set<string>;

const SHEET: Record<SheetKind, string> = {
  villages: '村庄',
  cadres: '干部',
  commitments: '承诺台账',
  scores: '考核评分',
};
type Expected = [level: 'error' | 'warning', code: string, sheet: string, row: number, column: string];

/** Where data row `index` of a sheet written by the builder lands, and a field's column. */
const at = (kind: SheetKind, index: number, field: string, level: Expected[0], code: string): Expected => [
  level,
  code,
  SHEET[kind],
  dataRow(index),
  columnOf(kind, field),
];
const E = (kind: SheetKind, index: number, field: string, code: string) =>
  at(kind, index, field, 'error', code);
const W = (kind: SheetKind, index: number, field: string, code: string) =>
  at(kind, index, field, 'warning', code);

const key = (f: Pick<Finding, 'level' | 'code' | 'sheet' | 'row' | 'column'>) =>
  [f.level, f.code, f.sheet, f.row, f.column].join('|');

let n = 0;
async function findingsOf(mutate: (d: WorkbookData) => void, extra: ExtraOptions = {}): Promise<Finding[]> {
  const data = sampleData();
  mutate(data);
  const file = join(dir, `fault-${n++}.xlsx`);
  await writeWorkbook(file, data, {}, extra);
  const r = await readWorkbooks([file], policy, { need: ['villages', 'cadres', 'commitments', 'scores'] });
  return r.findings.filter((f) => !baseline.has(key(f)));
}

beforeAll(async () => {
  policy = (await loadPolicy()).policy;
  const file = join(dir, 'baseline.xlsx');
  await writeWorkbook(file, sampleData());
  const r = await readWorkbooks([file], policy, { need: ['villages', 'cadres', 'commitments', 'scores'] });
  // The sample's one warning (a 5,200-household village) is there in every case.
  expect(r.findings.map(key)).toEqual(['warning|households_implausible|村庄|5|D']);
  baseline = new Set(r.findings.map(key));
});

const ids = () => sampleData().cadres?.map((c) => String(c.idNumber)) ?? [];

type Case = [name: string, mutate: (d: WorkbookData) => void, expected: Expected[]];
const v = (d: WorkbookData) => d.villages as NonNullable<WorkbookData['villages']>;
const c = (d: WorkbookData) => d.cadres as NonNullable<WorkbookData['cadres']>;
const m = (d: WorkbookData) => d.commitments as NonNullable<WorkbookData['commitments']>;
const s = (d: WorkbookData) => d.scores as NonNullable<WorkbookData['scores']>;
const set = <T>(list: T[], i: number, patch: Partial<T>) => {
  list[i] = { ...(list[i] as T), ...patch };
};

const CASES: Case[] = [
  // 村庄
  [
    'households 0',
    (d) => set(v(d), 0, { households: 0 }),
    [E('villages', 0, 'households', 'households_invalid')],
  ],
  [
    'negative households',
    (d) => set(v(d), 0, { households: -5 }),
    [E('villages', 0, 'households', 'households_invalid')],
  ],
  [
    'fractional households',
    (d) => set(v(d), 1, { households: 12.5 }),
    [E('villages', 1, 'households', 'households_invalid')],
  ],
  [
    'households that are not a number',
    (d) => set(v(d), 2, { households: '很多户' }),
    [E('villages', 2, 'households', 'households_invalid')],
  ],
  [
    'more than 5,000 households (a warning)',
    (d) => set(v(d), 0, { households: 6000 }),
    [W('villages', 0, 'households', 'households_implausible')],
  ],
  [
    '经济薄弱村 neither 是 nor 否',
    (d) => set(v(d), 0, { weak: 'maybe' }),
    [E('villages', 0, 'weak', 'weak_invalid')],
  ],
  [
    'an empty village name',
    (d) => set(v(d), 1, { name: null }),
    [E('villages', 1, 'name', 'required_empty')],
  ],
  [
    'a village code listed twice',
    (d) => v(d).push({ ...(v(d)[0] as object) } as never),
    [E('villages', 4, 'code', 'duplicate_village')],
  ],
  [
    'a cached #N/A in households',
    (d) => set(v(d), 0, { households: raw({ error: '#N/A' }) }),
    [E('villages', 0, 'households', 'cell_error')],
  ],
  [
    'a formula with no cached result in households',
    (d) => set(v(d), 0, { households: raw({ formula: 'SUM(Z1:Z9)' } as never) }),
    [E('villages', 0, 'households', 'formula_no_value')],
  ],
  [
    'a 合计 row after the villages (skipped with a warning)',
    (d) => v(d).push({ code: '合计', name: null, town: null, households: 5597 }),
    [W('villages', 4, 'code', 'total_row')],
  ],
  // 干部
  [
    'an ID number stored as a number',
    (d) => set(c(d), 0, { idNumber: Number('371082196504121233') }),
    [E('cadres', 0, 'idNumber', 'id_as_number')],
  ],
  [
    'an ID number with a wrong check digit',
    (d) => set(c(d), 0, { idNumber: `${ids()[0]?.slice(0, 17)}${ids()[0]?.endsWith('4') ? '5' : '4'}` }),
    [E('cadres', 0, 'idNumber', 'id_checksum')],
  ],
  [
    'an ID number with an impossible birth date',
    (d) => set(c(d), 0, { idNumber: makeId('371082', '19650230', '123') }),
    [E('cadres', 0, 'idNumber', 'id_birth_date')],
  ],
  [
    'an old 15-digit ID number',
    (d) => set(c(d), 0, { idNumber: '371082650412123' }),
    [E('cadres', 0, 'idNumber', 'id_15_digit')],
  ],
  [
    'a malformed ID number',
    (d) => set(c(d), 0, { idNumber: '3710821965041212' }),
    [E('cadres', 0, 'idNumber', 'id_format')],
  ],
  [
    'a #REF! in the ID column',
    (d) => set(c(d), 0, { idNumber: raw({ error: '#REF!' }) }),
    [E('cadres', 0, 'idNumber', 'cell_error')],
  ],
  [
    'the same person in the same post and village twice',
    (d) => c(d).push({ ...(c(d)[0] as object) } as never),
    [E('cadres', 8, 'idNumber', 'duplicate_cadre')],
  ],
  [
    'a transfer whose months add up to 13',
    (d) => set(c(d), 5, { months: 8 }),
    [E('cadres', 4, 'months', 'transfer_months'), E('cadres', 5, 'months', 'transfer_months')],
  ],
  [
    'a cadre of an unknown village',
    (d) => set(c(d), 0, { villageCode: '371082009999' }),
    [E('cadres', 0, 'villageCode', 'unknown_village')],
  ],
  ['an unknown role', (d) => set(c(d), 0, { role: '村长' }), [E('cadres', 0, 'role', 'unknown_role')]],
  [
    'a combined post with an unknown part',
    (d) => set(c(d), 2, { role: '书记兼村长' }),
    [E('cadres', 2, 'role', 'unknown_role')],
  ],
  [
    'a formula with no cached result in 职务',
    (d) => set(c(d), 0, { role: raw({ formula: 'A1' } as never) }),
    [E('cadres', 0, 'role', 'formula_no_value')],
  ],
  ['13 months', (d) => set(c(d), 0, { months: 13 }), [E('cadres', 0, 'months', 'months_range')]],
  ['0 months', (d) => set(c(d), 0, { months: 0 }), [E('cadres', 0, 'months', 'months_range')]],
  ['6.5 months', (d) => set(c(d), 0, { months: 6.5 }), [E('cadres', 0, 'months', 'months_range')]],
  ['months as words', (d) => set(c(d), 0, { months: '半年' }), [E('cadres', 0, 'months', 'months_range')]],
  [
    'a director’s ratio above the 0.9 cap',
    (d) => set(c(d), 1, { ratio: 0.95 }),
    [E('cadres', 1, 'ratio', 'ratio_above_cap')],
  ],
  [
    'a ratio of 1 on 书记兼主任 (above the director’s cap)',
    (d) => set(c(d), 2, { ratio: 1 }),
    [E('cadres', 2, 'ratio', 'ratio_above_cap')],
  ],
  ['a ratio of 0', (d) => set(c(d), 0, { ratio: 0 }), [E('cadres', 0, 'ratio', 'ratio_invalid')]],
  ['a negative ratio', (d) => set(c(d), 0, { ratio: -0.1 }), [E('cadres', 0, 'ratio', 'ratio_invalid')]],
  [
    'a ratio that is not a number',
    (d) => set(c(d), 0, { ratio: 'abc' }),
    [E('cadres', 0, 'ratio', 'ratio_invalid')],
  ],
  [
    'an adjustment above 100',
    (d) => set(c(d), 0, { adjustment: 101 }),
    [E('cadres', 0, 'adjustment', 'adjustment_invalid')],
  ],
  [
    'an adjustment with 3 decimals',
    (d) => set(c(d), 0, { adjustment: 1.234 }),
    [E('cadres', 0, 'adjustment', 'adjustment_invalid')],
  ],
  [
    'a 19-digit card number stored as a number',
    (d) => set(c(d), 0, { account: Number('6221591430741852966') }),
    [E('cadres', 0, 'account', 'card_as_number')],
  ],
  [
    'a 12-digit card number stored as a number (exact, a warning)',
    (d) => set(c(d), 0, { account: Number(makeCard('6221', 12)) }),
    [W('cadres', 0, 'account', 'card_as_number')],
  ],
  [
    'a card number that is too short (a warning here)',
    (d) => set(c(d), 0, { account: '1234 5678' }),
    [W('cadres', 0, 'account', 'card_format')],
  ],
  [
    'a card number failing the Luhn check (a warning)',
    (d) => {
      const good = makeCard('622848', 19);
      set(c(d), 0, { account: good.slice(0, 18) + ((Number(good[18]) + 1) % 10) });
    },
    [W('cadres', 0, 'account', 'card_luhn')],
  ],
  [
    'one card number for two people',
    (d) => set(c(d), 1, { account: c(d)[0]?.account }),
    [E('cadres', 0, 'account', 'card_shared'), E('cadres', 1, 'account', 'card_shared')],
  ],
  ['an empty name', (d) => set(c(d), 0, { name: null }), [E('cadres', 0, 'name', 'required_empty')]],
  [
    '否 in 暂停发放 (taken as not held, a warning)',
    (d) => set(c(d), 0, { hold: '否' }),
    [W('cadres', 0, 'hold', 'hold_not_reason')],
  ],
  [
    'one ID number under two names',
    (d) => set(c(d), 5, { name: '康林' }),
    [E('cadres', 5, 'idNumber', 'id_name_conflict')],
  ],
  [
    'a template example row left in (skipped with a warning)',
    (d) =>
      c(d).push({
        idNumber: makeId('110105', '19650412', '123'),
        name: '张三',
        villageCode: '999999001001',
        role: '书记',
        remark: '示例行，请删除',
      }),
    [W('cadres', 8, 'remark', 'example_row')],
  ],
  [
    'a real row still marked as an example (copied from one): an error, never silently dropped',
    (d) =>
      c(d).push({
        ...(c(d)[0] as object),
        idNumber: makeId('371082', '19770707', '777'),
        remark: '示例行，请删除',
      } as never),
    [E('cadres', 8, 'remark', 'example_marker')],
  ],
  // 承诺台账
  [
    'a commitment number used twice in one village',
    (d) => set(m(d), 1, { itemNo: '01' }),
    [E('commitments', 1, 'itemNo', 'duplicate_item')],
  ],
  [
    'a due date that does not exist',
    (d) => set(m(d), 0, { due: raw('2012-02-30') }),
    [E('commitments', 0, 'due', 'date_invalid')],
  ],
  [
    'a due date in words',
    (d) => set(m(d), 0, { due: raw('明年') }),
    [E('commitments', 0, 'due', 'date_invalid')],
  ],
  ['an empty due date', (d) => set(m(d), 0, { due: null }), [E('commitments', 0, 'due', 'required_empty')]],
  [
    'an inspection date in month 13',
    (d) => set(m(d), 0, { inspected: raw('2012-13-01') }),
    [E('commitments', 0, 'inspected', 'date_invalid')],
  ],
  [
    'a status not in the list',
    (d) => set(m(d), 0, { status: '完成了' }),
    [E('commitments', 0, 'status', 'status_invalid')],
  ],
  [
    'a result not in the list',
    (d) => set(m(d), 0, { result: '通过' }),
    [E('commitments', 0, 'result', 'result_invalid')],
  ],
  [
    'satisfaction above 100',
    (d) => set(m(d), 0, { satisfaction: 120 }),
    [E('commitments', 0, 'satisfaction', 'satisfaction_range')],
  ],
  [
    'a commitment of an unknown village',
    (d) => set(m(d), 0, { villageCode: '371082009999' }),
    [E('commitments', 0, 'villageCode', 'unknown_village')],
  ],
  // 考核评分
  ['a score above 100', (d) => set(s(d), 0, { score: 101 }), [E('scores', 0, 'score', 'score_range')]],
  ['a negative score', (d) => set(s(d), 0, { score: -1 }), [E('scores', 0, 'score', 'score_range')]],
  [
    'a score that is not a number',
    (d) => set(s(d), 0, { score: '良好' }),
    [E('scores', 0, 'score', 'score_not_number')],
  ],
  ['an empty score', (d) => set(s(d), 0, { score: null }), [E('scores', 0, 'score', 'required_empty')]],
  [
    'a #DIV/0! score',
    (d) => set(s(d), 0, { score: raw({ error: '#DIV/0!' }) }),
    [E('scores', 0, 'score', 'cell_error')],
  ],
  ['an unknown period', (d) => set(s(d), 0, { period: 'Q5' }), [E('scores', 0, 'period', 'period_invalid')]],
  [
    'two scores of one village for one period',
    (d) => set(s(d), 1, { period: '一季度' }),
    [E('scores', 1, 'period', 'duplicate_period')],
  ],
  [
    'a score of an unknown village',
    (d) => set(s(d), 0, { villageCode: '371082009999' }),
    [E('scores', 0, 'villageCode', 'unknown_village')],
  ],
];

describe('every planted fault is reported with its code, sheet, Excel row and column', () => {
  it.each(CASES)('%s', async (_name, mutate, expected) => {
    const found = await findingsOf(mutate);
    expect(found.map(key).sort()).toEqual(expected.map((e) => e.join('|')).sort());
    for (const f of found) {
      // every finding says what was expected and renders in both languages
      expect(f.params?.expected).toBeDefined();
      expect(f.file).toMatch(/^fault-\d+\.xlsx$/);
      expect(MESSAGES[f.code]?.fixZh).toBeTruthy();
      for (const lang of ['zh', 'en'] as const) {
        const l = localize(f, lang);
        expect(`${l.message} ${l.hint}`).not.toMatch(/\{\w+\}/);
      }
    }
  });
});

describe('what a finding says', () => {
  it('gives an ID stored as a number with the digits the cell holds and the header as typed', async () => {
    const [f] = await findingsOf((d) => set(c(d), 0, { idNumber: Number('371082196504121233') }));
    expect(f?.header).toBe('身份证号');
    // Excel (a double) cannot hold 18 digits: the last ones are already gone
    expect(f?.value).toMatch(/^37108219650412\d{4}$/);
    expect(f?.value).not.toBe('371082196504121233');
  });

  it('says what an old 15-digit ID converts to (19 inserted, check character computed)', async () => {
    const [f] = await findingsOf((d) => set(c(d), 0, { idNumber: '371082650412123' }));
    expect(f?.params?.converted).toBe(makeId('371082', '19650412', '123'));
    expect(f?.value).toBe('371082650412123');
  });

  it('names the role and its cap when a ratio is above it', async () => {
    const [f] = await findingsOf((d) => set(c(d), 2, { ratio: 1 }));
    expect(f?.params).toMatchObject({ role: '主任', cap: '0.9' });
    expect(f?.value).toBe('1');
  });

  it('names the other row of a duplicated commitment number', async () => {
    const [f] = await findingsOf((d) => set(m(d), 1, { itemNo: '01' }));
    expect(f?.params).toMatchObject({ otherSheet: '承诺台账', otherRow: dataRow(0) });
    expect(f?.value).toBe('01');
  });

  it('shows the period as typed, not as read, for a duplicated period', async () => {
    const [f] = await findingsOf((d) => set(s(d), 1, { period: '一季度' }));
    expect(f?.value).toBe('一季度');
  });

  it('gives the total of the transfer and both village codes', async () => {
    const found = await findingsOf((d) => set(c(d), 5, { months: 8 }));
    expect(found[0]?.params).toMatchObject({ total: 13, villages: '371082002001、371082002002' });
  });
});

describe('暂停发放', () => {
  it('holds a row with a reason and not a row with 否 or 无', async () => {
    const data = sampleData();
    set(c(data), 0, { hold: '否' });
    set(c(data), 1, { hold: ' 无 ' });
    set(c(data), 3, { hold: '离任审计未完成' });
    const file = join(dir, 'hold.xlsx');
    await writeWorkbook(file, data);
    const r = await readWorkbooks([file], policy, { need: ['villages', 'cadres'] });
    expect(r.input.cadres.slice(0, 5).map((x) => x.hold)).toEqual(['', '', '', '', '离任审计未完成']);
    expect(r.input.cadres[7]?.hold).toBe('审计未结束');
  });
});

describe('missing and ambiguous sheets and headers', () => {
  it('reports a missing 干部 sheet with the sheets found and the closest name', async () => {
    const found = await findingsOf(() => undefined, { sheetNames: { cadres: '干部表' } });
    expect(found.map((f) => [f.code, f.sheet, f.row, f.column])).toEqual([['sheet_missing', '干部', 0, '']]);
    expect(found[0]?.params).toMatchObject({ closest: '干部表', found: '村庄、干部表、承诺台账、考核评分' });
  });

  it('reports a missing required header with the headers found and the closest one', async () => {
    const found = await findingsOf(() => undefined, { headers: { cadres: { idNumber: '身份号' } } });
    expect(found.map((f) => [f.code, f.sheet, f.row, f.header])).toEqual([
      ['header_missing', '干部', 1, '身份证号'],
    ]);
    expect(found[0]?.params?.closest).toBe('身份号');
    expect(String(found[0]?.params?.found)).toContain('姓名');
  });

  it('leaves out an optional column without complaint (no 开户行, 银行卡号, 备注)', async () => {
    const found = await findingsOf(() => undefined, {
      headers: { cadres: { bank: null, account: null, remark: null } },
    });
    expect(found).toEqual([]);
  });

  it('reports two sheets that could both be 村庄', async () => {
    const found = await findingsOf(() => undefined, {
      extraSheets: [{ name: '村庄名单', rows: [['村代码', '村名', '镇街', '户数']] }],
    });
    expect(found.map((f) => [f.code, f.sheet])).toEqual([['sheet_ambiguous', '村庄']]);
  });
});

describe('the same village or person-post in two files', () => {
  it('is an error naming both files', async () => {
    const data = sampleData();
    const a = join(dir, '石岛.xlsx');
    const b = join(dir, '宁津.xlsx');
    await writeWorkbook(a, { villages: data.villages?.slice(0, 2), cadres: data.cadres?.slice(0, 2) });
    await writeWorkbook(b, { villages: data.villages?.slice(1, 2), cadres: data.cadres?.slice(0, 1) });
    const r = await readWorkbooks([a, b], policy, { need: ['villages', 'cadres'] });
    const errors = r.findings.filter((f) => f.level === 'error');
    expect(
      errors.map((f) => [f.code, f.file, f.sheet, f.row, f.column, f.params?.otherFile, f.params?.otherRow]),
    ).toEqual([
      ['duplicate_cadre', '宁津.xlsx', '干部', 2, 'A', '石岛.xlsx', 2],
      ['duplicate_village', '宁津.xlsx', '村庄', 2, 'A', '石岛.xlsx', 3],
    ]);
  });
});
