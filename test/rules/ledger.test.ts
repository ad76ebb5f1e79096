import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/rules/exact.js';
import { addDays, hasUnkept, type ItemStatus, itemStatus, ledgerByVillage } from '../../src/rules/ledger.js';
import type { CommitmentRecord } from '../../src/rules/types.js';
import { cadre, idFrom, item, runOf, specPolicy, village } from '../helpers/records.js';

/** rules.md §6: each commitment item's status at the as-of date, supervision notices, counts. */

const AS_OF = '2012-06-30';

describe('the status of a commitment item at the as-of date 2012-06-30 (rules.md §6)', () => {
  it.each([
    ['due exactly on the as-of date, 进行中, no result, is pending (not overdue)', { due: AS_OF }, 'pending'],
    [
      'due exactly on the as-of date, 未完成, no result, is pending (not overdue)',
      { due: AS_OF, status: '未完成' },
      'pending',
    ],
    ['due the day before, 进行中, no result, is overdue', { due: '2012-06-29' }, 'overdue'],
    ['due the day before, 未完成, no result, is overdue', { due: '2012-06-29', status: '未完成' }, 'overdue'],
    [
      'due the day before, 已完成, no result, is pending (waiting for inspection)',
      { due: '2012-06-29', status: '已完成' },
      'pending',
    ],
    ['due months before, 已完成, no result, is pending', { due: '2012-01-31', status: '已完成' }, 'pending'],
    ['due the day after, 进行中, no result, is open', { due: '2012-07-01' }, 'open'],
    ['due the day after, 已完成, no result, is open', { due: '2012-07-01', status: '已完成' }, 'open'],
    [
      'inspected after the as-of date with the result 合格 recorded is passed (taken as recorded)',
      { due: '2012-06-15', status: '已完成', result: '合格', inspected: '2012-07-15' },
      'passed',
    ],
    [
      'inspected after the as-of date with the result 不合格 recorded is failed (taken as recorded)',
      { due: '2012-06-15', status: '已完成', result: '不合格', inspected: '2012-07-15' },
      'failed',
    ],
    [
      'with 合格 before its due date (done and inspected early) is passed',
      { due: '2012-12-31', status: '已完成', result: '合格', inspected: '2012-05-10' },
      'passed',
    ],
    [
      'with 不合格 and a due date after the as-of date is failed',
      { due: '2012-12-31', result: '不合格' },
      'failed',
    ],
    [
      'with 合格 although its status still says 进行中 is passed',
      { due: '2012-03-31', result: '合格' },
      'passed',
    ],
    [
      'with 合格 and no inspection date is passed',
      { due: '2012-03-31', status: '已完成', result: '合格', inspected: null },
      'passed',
    ],
  ] as [string, Partial<CommitmentRecord>, ItemStatus][])('an item %s', (_, more, want) => {
    expect(itemStatus(item('V', '1', more.due ?? AS_OF, more), AS_OF)).toBe(want);
  });
});

describe('the rectification deadline of a supervision notice: as-of + supervision days', () => {
  it.each([
    ['2012-06-30', 7, '2012-07-07'],
    // Across a month end.
    ['2012-01-28', 7, '2012-02-04'],
    // 2012 is a leap year: 25 February + 7 days is 3 March (29 days in February).
    ['2012-02-25', 7, '2012-03-03'],
    ['2013-02-25', 7, '2013-03-04'],
    // Across a year end.
    ['2012-12-31', 7, '2013-01-07'],
    ['2012-12-28', 10, '2013-01-07'],
    ['2012-06-30', 0, '2012-06-30'],
  ] as const)('as-of %s + %i days is %s', (asOf, days, want) => {
    expect(addDays(asOf, days)).toBe(want);
  });

  it('gives failed and overdue items a notice due on as-of + 7 days and no notice to the others', () => {
    const ledger = ledgerByVillage(
      ['V'],
      [
        item('V', '1', '2012-12-20'), // overdue
        item('V', '2', '2012-11-30', { result: '不合格', status: '已完成' }), // failed
        item('V', '3', '2012-11-30', { result: '合格', status: '已完成' }), // passed
        item('V', '4', '2012-12-31'), // pending
        item('V', '5', '2013-01-31'), // open
      ],
      '2012-12-31',
      7,
    ).get('V');
    expect(ledger?.items.map((i) => [i.item.itemNo, i.status, i.rectifyBy])).toEqual([
      ['1', 'overdue', '2013-01-07'],
      ['2', 'failed', '2013-01-07'],
      ['3', 'passed', null],
      ['4', 'pending', null],
      ['5', 'open', null],
    ]);
  });

  it('takes the number of days from the policy', () => {
    const run = runOf(
      {
        villages: [village('V', 350)],
        cadres: [cadre('V', '书记', idFrom('37108219700101001'))],
        commitments: [item('V', '1', '2012-06-01')],
      },
      specPolicy({ supervision: { days: 10 } }),
      { asOf: '2012-06-25' },
    );
    expect(run.villages[0]?.ledger.items[0]?.rectifyBy).toBe('2012-07-05');
  });
});

describe("a village's ledger counts at the as-of date", () => {
  const items = [
    item('A', '1', '2012-03-31', { status: '已完成', result: '合格', satisfaction: Exact.parse('90') }),
    item('A', '2', '2012-04-30', { status: '已完成', result: '合格', satisfaction: Exact.parse('85') }),
    item('A', '3', '2012-05-31', { status: '已完成', result: '不合格' }),
    item('A', '4', '2012-06-29', { satisfaction: Exact.parse('96') }), // overdue
    item('A', '5', '2012-06-30'), // pending
    item('A', '6', '2012-06-01', { status: '已完成' }), // pending
    item('A', '7', '2012-09-30'), // open
    item('Z', '1', '2012-03-31', { result: '不合格' }), // a village not in the run: ignored
  ];
  const ledgers = ledgerByVillage(['A', 'B'], items, AS_OF, 7);

  it('counts 2 passed, 1 failed, 1 overdue, 2 pending and 1 open; assessed = 4 and completion = 50', () => {
    const a = ledgers.get('A');
    expect([a?.passed, a?.failed, a?.overdue, a?.pending, a?.open, a?.assessed]).toEqual([2, 1, 1, 2, 1, 4]);
    expect(a?.completion?.toString()).toBe('50');
    expect(a && hasUnkept(a)).toBe(true);
  });

  it('takes the mean satisfaction of the rated items: (90 + 85 + 96) / 3 = 90.333…', () => {
    expect(ledgers.get('A')?.satisfaction?.eq(Exact.of(271, 3))).toBe(true);
  });

  it('gives a village with no items zeros, no completion and no satisfaction', () => {
    const b = ledgers.get('B');
    expect([b?.items.length, b?.passed, b?.failed, b?.overdue, b?.pending, b?.open, b?.assessed]).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(b?.completion).toBeNull();
    expect(b?.satisfaction).toBeNull();
    expect(b && hasUnkept(b)).toBe(false);
  });

  it('leaves out items of villages not in the run', () => {
    expect(ledgers.has('Z')).toBe(false);
    expect([...ledgers.keys()]).toEqual(['A', 'B']);
  });

  it('has no completion when only pending and open items exist, and no unkept commitments', () => {
    const c = ledgerByVillage(['C'], [item('C', '1', AS_OF), item('C', '2', '2012-12-31')], AS_OF, 7).get(
      'C',
    );
    expect([c?.assessed, c?.pending, c?.open]).toEqual([0, 1, 1]);
    expect(c?.completion).toBeNull();
    expect(c && hasUnkept(c)).toBe(false);
  });

  it('moves an item from open to pending to overdue as the as-of date passes its due date', () => {
    const it1 = item('V', '1', '2012-09-30');
    expect(['2012-09-29', '2012-09-30', '2012-10-01'].map((d) => itemStatus(it1, d))).toEqual([
      'open',
      'pending',
      'overdue',
    ]);
  });
});
