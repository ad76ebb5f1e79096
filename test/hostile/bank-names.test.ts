import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planPayout } from '../../src/commands/payout.js';
import type { RosterRowRead } from '../../src/io/documents/roster/read.js';
import { cli, tempDir } from '../helpers/cli.js';
import { columnOf, dataRow, makeCard, makeId, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * Issue 18 item 1: two spellings of a bank that come to one payout file, and a bank name
 * that cannot be a file name, are refused before anything is written — by validate from
 * the workbook, and by payout from the roster.
 */

interface Finding {
  level: string;
  code: string;
  sheet: string;
  row: number;
  column: string;
  value: string;
  message: string;
}

const id = (seq: string) => makeId('370282', '19681111', seq);
const LONG = `${'长'.repeat(80)}银行`;
const banks = ['建行/储蓄所', '建行／储蓄所', 'ABC Bank', 'abc bank', LONG, '交通\n银行', '邮储银行'];

const work = tempDir('cadre-bank-names-');
const input = join(work, 'banks.xlsx');

beforeAll(async () => {
  await writeWorkbook(input, {
    villages: [{ code: 'B1', name: '岭村', town: '丙镇', households: 150 }],
    cadres: banks.map((bank, i) => ({
      idNumber: id(`${i}${i}${i}`),
      name: `钱${'一二三四五六七'[i]}`,
      villageCode: 'B1',
      role: ['书记', '主任', '会计', '妇女主任', '治保主任', '团支部书记', '民兵连长'][i] as string,
      bank,
      account: makeCard(`6222${i}`, 19),
    })),
    scores: [
      { villageCode: 'B1', period: 'H1', score: 80 },
      { villageCode: 'B1', period: 'H2', score: 80 },
    ],
  });
}, 60_000);

describe('bank names as file names (issue 18 item 1)', () => {
  it('validate names both spellings of each clash and each name that cannot be a file name', () => {
    const r = cli(['validate', input, '--json']);
    expect(r.code).toBe(1);
    const f = (r.json().findings as Finding[]).filter((x) => x.code.startsWith('bank_name_'));
    const col = columnOf('cadres', 'bank');
    // the other spelling is the second quoted text of the message
    const other = (x: Finding) =>
      x.code === 'bank_name_clash' ? x.message.split('“')[2]?.split('”')[0] : null;
    const got = f.map((x) => [x.code, `${x.column}${x.row}`, x.value, other(x)]);
    expect(got.sort()).toEqual(
      [
        ['bank_name_too_long', `${col}${dataRow(4)}`, LONG, null],
        ['bank_name_control', `${col}${dataRow(5)}`, '交通\n银行', null],
        ['bank_name_clash', `${col}${dataRow(1)}`, '建行／储蓄所', '建行/储蓄所'],
        ['bank_name_clash', `${col}${dataRow(3)}`, 'abc bank', 'ABC Bank'],
      ].sort(),
    );
    expect(f.every((x) => x.level === 'error')).toBe(true);
  });

  it('subsidy refuses the same input (exit 1), writing nothing', () => {
    const out = join(work, 'out');
    const r = cli(['subsidy', input, '-o', out, '--as-of', '2012-12-31', '--json']);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it('payout’s plan refuses clashing spellings read from a roster, naming both rows', () => {
    let n = 3;
    const row = (bank: string, seq: string): RosterRowRead =>
      ({
        row: n++,
        town: '丙镇',
        name: `孙${seq}`,
        villageCode: 'B1',
        role: '书记',
        months: 12,
        paid: true,
        totalFen: 170_000,
        shareFen: 70_000,
        baseFen: 100_000,
        rewardFen: 50_000,
        payableFen: 150_000,
        bank,
        account: makeCard(`62170${seq}`, 19),
        hold: '',
        idNumber: id(seq),
      }) as RosterRowRead;
    const plan = planPayout(
      [row('Icbc', '901'), row('农行', '902'), row('ICBC', '903')],
      'base',
      'r.xlsx',
      2012,
    );
    const clash = plan.findings.filter((f) => f.code === 'bank_name_clash');
    expect(clash.map((f) => [f.row, f.value, f.params?.other, f.params?.otherRow])).toEqual([
      [5, 'ICBC', 'Icbc', 3],
    ]);
    const long = planPayout([row(LONG, '904')], 'all', 'r.xlsx', 2012);
    expect(long.findings.map((f) => f.code)).toEqual(['bank_name_too_long']);
  });
});
