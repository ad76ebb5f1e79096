import { describe, expect, it } from 'vitest';
import type { RunOptions } from '../../src/rules/compute.js';
import { fen, type RoundingUnit } from '../../src/rules/money.js';
import type { CommitmentRecord, Policy } from '../../src/rules/types.js';
import { cadre, fenOf, idFrom, item, onlyScore, runOf, specPolicy, village } from '../helpers/records.js';

/** rules.md §6: deposits (保证金) forfeited at year end for unkept commitments, and sanctions. */

const SEC = idFrom('37108219700101001');
const DIR = idFrom('37108219700101002');
const ACC = idFrom('37108219700101003');
const WOMEN = idFrom('37108219700101004');
const BOTH = idFrom('37108219700101005');

/** 6 items passed and 1 failed: assessed 7, forfeit = deposit × 1/7. */
function sevenItems(code: string): CommitmentRecord[] {
  const out = [1, 2, 3, 4, 5, 6].map((n) =>
    item(code, String(n), `2012-0${n}-28`, { status: '已完成', result: '合格' }),
  );
  out.push(item(code, '7', '2012-07-31', { status: '已完成', result: '不合格' }));
  return out;
}

function run(policy: Policy = specPolicy(), opts: Partial<RunOptions> = {}, commitments = sevenItems('V')) {
  return runOf(
    {
      villages: [village('V', 350), village('W', 80)],
      cadres: [
        cadre('V', '书记', SEC),
        cadre('V', '主任', DIR),
        // Months do not prorate the deposit.
        cadre('V', '会计', ACC, { months: 7 }),
        cadre('V', '妇女主任', WOMEN),
        cadre('W', '书记', BOTH),
        cadre('W', '主任', BOTH),
      ],
      scores: [onlyScore('V', '86.50'), onlyScore('W', '72.00')],
      commitments: [...commitments, ...sevenItems('W')],
    },
    policy,
    opts,
  );
}

const byRole = (r: ReturnType<typeof run>, v: string, role: string) => {
  const c = r.cadres.find((x) => x.record.villageCode === v && x.record.role === role);
  if (!c) throw new Error(`no ${role} in ${v}`);
  return c;
};

describe('the deposit forfeited at year end for a village with 1 failed item of 7 assessed (rules.md §6)', () => {
  it.each([
    // 书记 1000 × 1/7 = 142.857…; 主任 800 × 1/7 = 114.285…; 会计 600 × 1/7 = 85.714…
    ['fen', ['142.86', '857.14'], ['114.29', '685.71'], ['85.71', '514.29']],
    ['jiao', ['142.90', '857.10'], ['114.30', '685.70'], ['85.70', '514.30']],
    ['yuan', ['143.00', '857.00'], ['114.00', '686.00'], ['86.00', '514.00']],
  ] as [RoundingUnit, string[], string[], string[]][])(
    'under %s rounding: the secretary forfeits %j (forfeit, refund), the director %j, the accountant %j',
    (unit, sec, dir, acc) => {
      const r = run(specPolicy({ rounding: unit }));
      for (const [role, want, deposit] of [
        ['书记', sec, '1,000.00'],
        ['主任', dir, '800.00'],
        ['会计', acc, '600.00'],
      ] as const) {
        const d = byRole(r, 'V', role).deposit;
        expect([d?.depositFen, d?.forfeitFen, d?.refundFen]).toEqual([
          fenOf(deposit),
          fenOf(want[0] as string),
          fenOf(want[1] as string),
        ]);
      }
    },
  );

  it('counts overdue items with failed ones: 2 failed and 1 overdue of 5 assessed forfeit 3/5 (600, 480, 360)', () => {
    const r = run(specPolicy(), {}, [
      item('V', '1', '2012-03-31', { status: '已完成', result: '合格' }),
      item('V', '2', '2012-04-30', { status: '已完成', result: '合格' }),
      item('V', '3', '2012-05-31', { status: '已完成', result: '不合格' }),
      item('V', '4', '2012-06-30', { status: '已完成', result: '不合格' }),
      item('V', '5', '2012-12-30'), // overdue on 31 December
      item('V', '6', '2012-12-31'), // pending: not assessed
      item('V', '7', '2012-11-30', { status: '已完成' }), // pending: not assessed
    ]);
    expect(['书记', '主任', '会计'].map((role) => byRole(r, 'V', role).deposit?.forfeitFen)).toEqual([
      fenOf('600.00'),
      fenOf('480.00'),
      fenOf('360.00'),
    ]);
  });

  it('gives no deposit outcome to unpaid rows: an unpaid role and the second post of one person', () => {
    const r = run();
    expect(byRole(r, 'V', '妇女主任').deposit).toBeNull();
    expect(byRole(r, 'W', '主任').deposit).toBeNull();
    // The paid post of that person forfeits the secretary's deposit: 1000 / 7 → 142.86.
    expect(byRole(r, 'W', '书记').deposit?.forfeitFen).toBe(fenOf('142.86'));
  });

  it('marks the village as having unkept commitments and every paid row with 诫勉谈话 in the first year', () => {
    const r = run();
    expect(r.villages.map((v) => v.unkept)).toEqual([true, true]);
    expect(r.cadres.filter((c) => c.paid).map((c) => c.deposit?.sanction)).toEqual([
      '诫勉谈话',
      '诫勉谈话',
      '诫勉谈话',
      '诫勉谈话',
    ]);
  });

  it('gives 动员辞职 to an ID sanctioned in the previous roster, whichever village it was in, and 诫勉谈话 to the others', () => {
    const r = run(specPolicy(), { previousSanctions: new Set([DIR, BOTH]) });
    expect(r.cadres.filter((c) => c.paid).map((c) => [c.record.role, c.deposit?.sanction])).toEqual([
      ['书记', '诫勉谈话'],
      ['主任', '动员辞职'],
      ['会计', '诫勉谈话'],
      ['书记', '动员辞职'],
    ]);
  });
});

describe('when deposits do not apply', () => {
  it('holds no deposit and gives no sanction before the year end (a provisional run)', () => {
    const r = run(specPolicy(), { asOf: '2012-11-30' });
    expect(r.provisional).toBe(true);
    expect(r.villages.map((v) => v.unkept)).toEqual([false, false]);
    expect(r.cadres.map((c) => c.deposit)).toEqual([null, null, null, null, null, null]);
    // The failed item still gets its supervision notice.
    expect(r.villages[0]?.ledger.failed).toBe(1);
  });

  it('holds no deposit at year end in a village whose assessed items all passed', () => {
    const allPassed = [1, 2, 3].map((n) =>
      item('V', String(n), '2012-06-30', { status: '已完成', result: '合格' }),
    );
    const r = run(specPolicy(), {}, allPassed);
    expect(r.cadres.filter((c) => c.record.villageCode === 'V').map((c) => c.deposit)).toEqual([
      null,
      null,
      null,
      null,
    ]);
    // W still has its failed item.
    expect(byRole(r, 'W', '书记').deposit?.forfeitFen).toBe(fenOf('142.86'));
  });

  it('forfeits nothing when the policy turns deposits off with {}, while the sanction still applies', () => {
    const r = run(specPolicy({ deposit: {} }));
    for (const c of r.cadres.filter((x) => x.paid)) {
      expect([c.deposit?.depositFen ?? 0, c.deposit?.forfeitFen ?? 0, c.deposit?.refundFen ?? 0]).toEqual([
        0, 0, 0,
      ]);
      expect(c.deposit?.sanction).toBe('诫勉谈话');
    }
  });

  it('forfeits nothing from a role the deposit table leaves out', () => {
    const r = run(specPolicy({ deposit: { 书记: fen(100000) } }));
    expect(byRole(r, 'V', '书记').deposit?.forfeitFen).toBe(fenOf('142.86'));
    expect(byRole(r, 'V', '主任').deposit?.forfeitFen ?? 0).toBe(0);
  });

  it('does not change any payable amount: payable = base + reward (rules.md §5), the deposit is held apart', () => {
    const on = run();
    const off = run(specPolicy({ deposit: {} }));
    expect(on.cadres.map((c) => c.payableFen)).toEqual(off.cadres.map((c) => c.payableFen));
  });
});
