import { describe, expect, it } from 'vitest';
import { amountOf, batchIdOf, batchSummary, planPayout } from '../../src/commands/payout.js';
import { judgePayout } from '../../src/io/approvals/judge.js';
import type { RosterRowRead } from '../../src/io/documents/roster/read.js';
import { makeCard, makeId } from '../helpers/workbook-builder.js';

const FILE = 'out/审批花名册-2012.xlsx';
const ID_A = makeId('371082', '19650412', '123');
const ID_B = makeId('371082', '19701102', '234');
const ID_C = makeId('371082', '19800229', '345');
const CARD_A = makeCard('62215914', 19);
const CARD_B = makeCard('621799', 16);
const CARD_C = makeCard('622202', 19);

let nextRow = 3;
/** A paid roster row: base + share = total and base + reward = payable, as subsidy writes them. */
function row(p: Partial<RosterRowRead> & { idNumber: string }): RosterRowRead {
  const baseFen = p.baseFen ?? 100_000;
  const shareFen = p.shareFen ?? 70_000;
  const rewardFen = p.rewardFen ?? 50_000;
  return {
    row: nextRow++,
    town: '石岛管理区',
    name: '傅磊芳',
    villageCode: '371082001001',
    role: '书记',
    months: 12,
    paid: true,
    totalFen: baseFen + shareFen,
    shareFen,
    baseFen,
    rewardFen,
    payableFen: baseFen + rewardFen,
    bank: '农商银行',
    account: CARD_A,
    hold: '',
    ...p,
  } as RosterRowRead;
}

describe('planPayout', () => {
  it('pays base → 基本补贴, reward → 奖励补贴 and all → 应发合计 of a row', () => {
    const r = row({ idNumber: ID_A, baseFen: 123_400, rewardFen: 5_601 });
    expect([amountOf(r, 'base'), amountOf(r, 'reward'), amountOf(r, 'all')]).toEqual([
      123_400, 5_601, 129_001,
    ]);
  });

  it('gives a person transferred between villages one bank row with the sum of both roster rows', () => {
    const rows = [
      row({ idNumber: ID_A, villageCode: '371082002001', months: 5, baseFen: 41_667 }),
      row({ idNumber: ID_B, name: '汪伟杰', bank: '邮储银行', account: CARD_B, baseFen: 90_000 }),
      row({ idNumber: ID_A, villageCode: '371082002002', months: 7, baseFen: 58_333 }),
    ];
    const plan = planPayout(rows, 'base', FILE);
    expect(plan.findings).toEqual([]);
    expect(plan.banks.map((b) => [b.bank, b.rows.map((r) => [r.idNumber, r.amountFen]), b.totalFen])).toEqual(
      [
        ['农商银行', [[ID_A, 100_000]], 100_000],
        ['邮储银行', [[ID_B, 90_000]], 90_000],
      ],
    );
    expect(plan.expectedTotalFen).toBe(190_000);
  });

  it('leaves out unpaid rows and zero amounts without a word', () => {
    const rows = [
      row({ idNumber: ID_A, rewardFen: 0 }),
      row({
        idNumber: ID_B,
        name: '汪伟杰',
        paid: false,
        baseFen: 0,
        shareFen: 0,
        rewardFen: 0,
        bank: '',
        account: '',
      }),
      row({ idNumber: ID_C, name: '魏胜志', account: CARD_C, rewardFen: 30_000 }),
    ];
    const plan = planPayout(rows, 'reward', FILE);
    expect(plan.findings).toEqual([]);
    expect(plan.excluded).toEqual([]);
    expect(plan.banks.flatMap((b) => b.rows.map((r) => r.idNumber))).toEqual([ID_C]);
    expect(plan.expectedTotalFen).toBe(30_000);
  });

  it('excludes a held person with the reason, under the bank they would have been paid through', () => {
    const rows = [
      row({ idNumber: ID_A }),
      row({ idNumber: ID_B, name: '阿依古丽·买买提', account: CARD_B, hold: '审计未结束', baseFen: 80_000 }),
    ];
    const plan = planPayout(rows, 'base', FILE);
    expect(plan.findings).toEqual([]);
    expect(plan.banks).toHaveLength(1);
    expect(plan.banks[0]?.rows.map((r) => r.idNumber)).toEqual([ID_A]);
    const held = {
      idNumber: ID_B,
      name: '阿依古丽·买买提',
      reason: '暂停发放: 审计未结束',
      bank: '农商银行',
      amountFen: 80_000,
    };
    expect(plan.excluded).toEqual([held]);
    expect(plan.banks[0]?.excluded).toEqual([held]);
    expect(plan.expectedTotalFen).toBe(100_000);
  });

  it('holds a person whose hold is on only one of their rows, and needs no card of them', () => {
    const rows = [
      row({ idNumber: ID_A, bank: '', account: '' }),
      row({ idNumber: ID_A, bank: '', account: '', hold: '离任审计' }),
    ];
    const plan = planPayout(rows, 'all', FILE);
    expect(plan.findings).toEqual([]);
    expect(plan.banks).toEqual([]);
    expect(plan.excluded.map((x) => [x.reason, x.amountFen])).toEqual([['暂停发放: 离任审计', 300_000]]);
  });

  it('refuses a person to be paid who has no bank, naming the row and the 开户行 column', () => {
    const r = row({ idNumber: ID_A, bank: ' ' });
    const plan = planPayout([r], 'base', FILE);
    expect(plan.findings.map((f) => [f.level, f.code, f.sheet, f.row, f.column, f.header])).toEqual([
      ['error', 'payout_bank_missing', '花名册', r.row, 'T', '开户行'],
    ]);
    expect(plan.banks).toEqual([]);
  });

  it.each([
    ['11 digits', '62215914323'],
    ['20 digits', '62215914323035819000'],
    ['empty', ''],
    ['letters', '6221591432303581X'],
  ])('refuses a card number that is %s', (_what, account) => {
    const r = row({ idNumber: ID_A, account });
    const plan = planPayout([r], 'base', FILE);
    expect(plan.findings.map((f) => [f.level, f.code, f.row, f.column, f.value])).toEqual([
      ['error', 'payout_card_invalid', r.row, 'U', account],
    ]);
  });

  it('only warns about a 12–19 digit card that fails the Luhn check, and still pays it', () => {
    const good = makeCard('6217', 16);
    const bad = good.slice(0, -1) + String((Number(good.at(-1)) + 1) % 10);
    const plan = planPayout([row({ idNumber: ID_A, account: bad })], 'base', FILE);
    expect(plan.findings.map((f) => [f.level, f.code])).toEqual([['warning', 'payout_card_luhn']]);
    expect(plan.banks[0]?.rows[0]?.account).toBe(bad);
  });

  it('refuses one card number under two ID numbers, on the rows of both people, held or not', () => {
    const a = row({ idNumber: ID_A, name: '张三' });
    const b = row({ idNumber: ID_B, name: '李四', hold: '待核实' });
    const plan = planPayout([a, b], 'base', FILE);
    expect(plan.findings.map((f) => [f.code, f.row, f.value, f.params?.others])).toEqual([
      ['payout_card_shared', a.row, CARD_A, `李四（${b.row}）`],
      ['payout_card_shared', b.row, CARD_A, `张三（${a.row}）`],
    ]);
  });

  it('refuses a person whose rows name two different cards', () => {
    const rows = [row({ idNumber: ID_A }), row({ idNumber: ID_A, account: CARD_C })];
    const plan = planPayout(rows, 'base', FILE);
    expect(plan.findings.map((f) => [f.code, f.header, f.params?.rows])).toEqual([
      ['payout_person_conflict', '银行卡号', `${rows[0]?.row}, ${rows[1]?.row}`],
    ]);
    expect(plan.banks).toEqual([]);
  });
});

describe('approvals for payout', () => {
  const digest = 'd'.repeat(64);
  it('asks for every required department that has not approved the current digest, and names a stale approval', () => {
    const found = judgePayout(
      FILE,
      '校验',
      [
        {
          dept: '组织部',
          by: '李四',
          at: '2013-01-20T09:30:00+08:00',
          digest,
          key: '',
          publicKey: '',
          signature: '',
        },
        {
          dept: '财政局',
          by: '王五',
          at: '2013-01-21T10:00:00+08:00',
          digest: 'e'.repeat(64),
          key: '',
          publicKey: '',
          signature: '',
        },
      ],
      { digest, provisional: false, preparedBy: '张三' },
      ['组织部', '财政局', '纪委'],
      null,
    ).findings;
    expect(found.map((f) => [f.code, f.value])).toEqual([
      ['payout_approval_stale', '财政局'],
      ['approval_missing', '纪委'],
    ]);
  });
});

describe('batch id and summary', () => {
  it('derives a 16-hex batch id that depends on the digest and the batch, and on nothing else', () => {
    const a = batchIdOf('a'.repeat(64), 'base');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(batchIdOf('a'.repeat(64), 'base')).toBe(a);
    expect(batchIdOf('a'.repeat(64), 'reward')).not.toBe(a);
    expect(batchIdOf('b'.repeat(64), 'base')).not.toBe(a);
  });

  it('writes the summary the spec gives, 2012年度农村干部基本补贴', () => {
    expect(batchSummary(2012, 'base')).toBe('2012年度农村干部基本补贴');
    expect(batchSummary(2012, 'reward')).toBe('2012年度农村干部奖励补贴');
    expect(batchSummary(2013, 'all')).toBe('2013年度农村干部补贴');
  });
});
