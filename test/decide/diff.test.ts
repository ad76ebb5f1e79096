import { describe, expect, it } from 'vitest';
import { diffRosters, reasonZh } from '../../src/decide/diff.js';
import type { RosterBook, RosterLine } from '../../src/decide/types.js';

/** The pure diff on hand-made rosters: what the CLI tests on the sample city cannot easily make. */

function line(over: Partial<RosterLine> = {}): RosterLine {
  return {
    serial: 1,
    excelRow: 3,
    town: '石岛镇',
    villageCode: '371082001001',
    villageName: '小庄村',
    households: 150,
    standardFen: 150000,
    role: '书记',
    name: '张三',
    idNumber: '371082196504121234',
    months: 12,
    ratio: '1',
    paid: true,
    totalFen: 150000,
    baseFen: 80000,
    shareFen: 70000,
    score: '85',
    grade: '良好',
    rewardFen: 100000,
    payableFen: 180000,
    bank: '农商银行',
    account: '6221591400000000001',
    hold: '',
    remark: '',
    ...over,
  };
}

function book(rows: RosterLine[], over: Partial<RosterBook> = {}): RosterBook {
  return {
    file: 'a.xlsx',
    city: '荣成市',
    year: 2012,
    asOf: '2012-12-31',
    provisional: false,
    policyId: 'rongcheng-2012',
    policySha256: 'p',
    digest: 'd1',
    rowsDigest: 'd1',
    approvals: [],
    signed: false,
    policy: null,
    rows,
    details: [],
    pools: [],
    towns: [],
    deposits: [],
    ...over,
  };
}

const approved = [
  { dept: '组织部', by: '李四', at: '2013-01-20T09:30:00+08:00', digest: 'd1' },
  { dept: '财政局', by: '王五', at: '2013-01-21T09:30:00+08:00', digest: 'd1' },
];

describe('diffRosters', () => {
  it('finds rows added and removed by ID + village code + role (a changed role is one of each)', () => {
    const a = line();
    const b = line({ idNumber: '371082197011021234', name: '李四', role: '主任', serial: 2 });
    const d = diffRosters(book([a, b]), book([a, { ...b, role: '会计' }]));
    expect(d.removed.map((r) => r.role)).toEqual(['主任']);
    expect(d.added.map((r) => r.role)).toEqual(['会计']);
    expect(d.changed).toEqual([]);
    expect(d.totals.old.cadres).toBe(2);
  });

  it('counts a reward-only move as pool-only whatever its size, and lists it only apart', () => {
    const a = line();
    const moved = line({ rewardFen: 100003, payableFen: 180003 });
    const d = diffRosters(book([a]), book([moved]));
    expect(d.changed).toEqual([]);
    expect(d.poolOnly.count).toBe(1);
    expect(d.poolOnly.maxFen).toBe(3);
    expect(d.poolOnly.rows[0]?.fields.map((f) => f.field)).toEqual(['奖励补贴', '应发合计']);
    const big = diffRosters(book([a]), book([line({ rewardFen: 50000, payableFen: 130000 })]));
    expect(big.poolOnly.maxFen).toBe(50000);
  });

  it('explains a band crossing, months and a paid row becoming unpaid', () => {
    const d = diffRosters(
      book([line()]),
      book([
        line({
          households: 203,
          standardFen: 190000,
          months: 7,
          paid: false,
          remark: '一肩挑，按就高原则不重复计发',
        }),
      ]),
    );
    const reasons = d.changed[0]?.reasons.map(reasonZh) ?? [];
    expect(reasons[0]).toBe('户数 150 → 203：档次 1,500 → 1,900');
    expect(reasons).toContain('任职月数 12 → 7：补贴总额和奖励提取按 7/12 计');
    expect(reasons).toContain('发放 是 → 否（一肩挑，按就高原则不重复计发）');
  });

  it('says the old approvals cover the new roster only when nothing digested changed and the digests agree', () => {
    const rows = [line()];
    const same = diffRosters(book(rows, { approvals: approved }), book(rows, { approvals: approved }));
    expect(same.old.approved).toBe(true);
    expect(same.approvalsCover).toBe(true);
    // one department missing
    const half = diffRosters(book(rows, { approvals: approved.slice(0, 1) }), book(rows));
    expect(half.old.approved).toBe(false);
    expect(half.approvalsCover).toBe(false);
    // edited after approval: the rows digest no longer what 校验 says
    const edited = diffRosters(
      book(rows, { approvals: approved }),
      book(rows, { approvals: approved, rowsDigest: 'x' }),
    );
    expect(edited.new.edited).toBe(true);
    expect(edited.new.approved).toBe(false);
    expect(edited.approvalsCover).toBe(false);
    // a card number changed though the recorded digest was copied over
    const card = diffRosters(
      book(rows, { approvals: approved }),
      book([line({ account: '6221591400000000002' })], { approvals: approved }),
    );
    expect(card.approvalsCover).toBe(false);
    expect(card.changed[0]?.reasons).toEqual([]);
  });

  it('warns when city or year differ', () => {
    const d = diffRosters(book([line()]), book([line()], { city: '文登市', year: 2013 }));
    expect(d.findings.map((f) => f.code)).toEqual(['diff_city_differs', 'diff_year_differs']);
    expect(d.findings.every((f) => f.level === 'warning')).toBe(true);
  });
});
