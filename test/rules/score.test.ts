import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/rules/exact.js';
import { cadreScore, commitmentComponent, gradeOf, pointsFor, villageScore } from '../../src/rules/score.js';
import type { Grade, Period, Policy } from '../../src/rules/types.js';
import {
  cadre,
  fenOf,
  idFrom,
  item,
  onlyScore,
  periodScore,
  runOf,
  specPolicy,
  village,
} from '../helpers/records.js';

/** rules.md §4 (composite score, adjustment, grades) and §5 (points by method). */

const x = (s: string) => Exact.parse(s);
const ID1 = idFrom('37108219700101001');
const ID2 = idFrom('37108219700101002');

function scoresOf(list: [Period, string][]) {
  return list.map(([p, s]) => periodScore('V', p, s));
}
const text = (e: Exact | null) => (e === null ? null : e.toString());

describe('the composite score of a village (rules.md §4)', () => {
  it('takes Q as the mean of the quarterly scores present: Q1 80 and Q3 91 give 85.5', () => {
    const s = villageScore(
      scoresOf([
        ['Q1', '80'],
        ['Q3', '91'],
      ]),
      null,
      specPolicy(),
    );
    expect([text(s.quarterly), text(s.halfYear), text(s.commitments)]).toEqual(['85.5', null, null]);
    expect(s.score?.toFixed(2)).toBe('85.50');
  });

  it('takes H as the mean of the half-year scores present: H1 70 and H2 75 give 72.5', () => {
    const s = villageScore(
      scoresOf([
        ['H1', '70'],
        ['H2', '75'],
      ]),
      null,
      specPolicy(),
    );
    expect(text(s.halfYear)).toBe('72.5');
    expect(s.score?.toFixed(2)).toBe('72.50');
  });

  it('takes C as 100 × passed / assessed: 3 of 4 is 75, 2 of 3 is 66.67 and nothing assessed is absent', () => {
    expect(text(commitmentComponent(3, 4))).toBe('75');
    expect(commitmentComponent(2, 3)?.eq(Exact.of(200, 3))).toBe(true);
    expect(commitmentComponent(0, 5)?.toString()).toBe('0');
    expect(commitmentComponent(0, 0)).toBeNull();
  });

  it('weighs all three: Q 87.5, H 85 and C 75 give 0.3×87.5 + 0.5×85 + 0.2×75 = 83.75', () => {
    const s = villageScore(
      scoresOf([
        ['Q1', '80'],
        ['Q2', '90'],
        ['Q3', '85'],
        ['Q4', '95'],
        ['H1', '82'],
        ['H2', '88'],
      ]),
      Exact.of(75),
      specPolicy(),
    );
    expect(s.score?.toFixed(2)).toBe('83.75');
  });

  it.each([
    // (0.3×87.5 + 0.5×85) / 0.8 = 68.75 / 0.8 = 85.9375 → 85.94
    [
      'only Q and H: 85.94',
      [
        ['Q1', '80'],
        ['Q2', '95'],
        ['H1', '85'],
      ],
      null,
      '85.94',
    ],
    // C alone: 200/3 = 66.666… → 66.67
    ['only C: 66.67', [], Exact.of(200, 3), '66.67'],
    // (0.3×90 + 0.2×50) / 0.5 = 37 / 0.5 = 74
    ['only Q and C: 74.00', [['Q2', '90']], Exact.of(50), '74.00'],
    // (0.5×80 + 0.2×100) / 0.7 = 60 / 0.7 = 85.714… → 85.71
    ['only H and C: 85.71', [['H2', '80']], Exact.of(100), '85.71'],
  ] as [string, [Period, string][], Exact | null, string][])(
    'renormalises the weights over the components present (%s)',
    (_, list, c, want) => {
      expect(villageScore(scoresOf(list), c, specPolicy()).score?.toFixed(2)).toBe(want);
    },
  );

  it('has no score when no component is present', () => {
    const s = villageScore([], null, specPolicy());
    expect([s.quarterly, s.halfYear, s.commitments, s.exact, s.score]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('rounds once at the end: Q 80.01, 80.01, 80.02 and H 80 give exactly 80.005 → 80.01, where rounding Q first gives 80.00', () => {
    // Q = 240.04/3 = 80.01333…; S = (0.3 × 80.01333… + 0.5 × 80) / 0.8 = 64.004 / 0.8 = 80.005 → 80.01 (half up).
    // Rounding Q first to 80.01: (24.003 + 40) / 0.8 = 80.00375 → 80.00.
    const s = villageScore(
      scoresOf([
        ['Q1', '80.01'],
        ['Q2', '80.01'],
        ['Q3', '80.02'],
        ['H1', '80'],
      ]),
      null,
      specPolicy(),
    );
    expect(s.exact?.toString()).toBe('80.005');
    expect(s.score?.toFixed(2)).toBe('80.01');
  });

  it('rounds once at the end: Q 80.01, 80.01, 80.03 and H 80.06 give 80.04375 → 80.04, where rounding Q first gives 80.05', () => {
    // Q = 80.01666…; S = (24.005 + 40.03) / 0.8 = 80.04375 → 80.04. With Q rounded to 80.02: 80.045 → 80.05.
    const s = villageScore(
      scoresOf([
        ['Q1', '80.01'],
        ['Q2', '80.01'],
        ['Q3', '80.03'],
        ['H1', '80.06'],
      ]),
      null,
      specPolicy(),
    );
    expect(s.score?.toFixed(2)).toBe('80.04');
  });

  it('treats a component whose weight is 0 as absent', () => {
    const p = specPolicy();
    const noC = specPolicy({ score: { ...p.score, weights: { ...p.score.weights, commitments: x('0') } } });
    // (0.3×90 + 0.5×70) / 0.8 = 62 / 0.8 = 77.5; C = 0 is ignored.
    expect(
      villageScore(
        scoresOf([
          ['Q1', '90'],
          ['H1', '70'],
        ]),
        Exact.ZERO,
        noC,
      ).score?.toFixed(2),
    ).toBe('77.50');
    expect(villageScore([], Exact.ZERO, noC).score).toBeNull();
  });

  it('takes C from the commitment ledger in a run: Q 80 and 3 passed of 4 assessed give (24 + 15) / 0.5 = 78.00', () => {
    const run = runOf({
      villages: [village('V', 350)],
      cadres: [cadre('V', '书记', ID1)],
      scores: [periodScore('V', 'Q4', '80')],
      commitments: [
        item('V', '1', '2012-03-31', { status: '已完成', result: '合格' }),
        item('V', '2', '2012-06-30', { status: '已完成', result: '合格' }),
        item('V', '3', '2012-09-30', { status: '已完成', result: '合格' }),
        item('V', '4', '2012-10-31', { status: '已完成', result: '不合格' }),
        // Pending and open items count nowhere.
        item('V', '5', '2012-12-31'),
        item('V', '6', '2013-03-31'),
      ],
    });
    expect(run.villages[0]?.score.commitments?.toString()).toBe('75');
    expect(run.cadres[0]?.score?.toFixed(2)).toBe('78.00');
  });
});

describe("a cadre's score: adjustment and clamp to 0..100 (rules.md §4)", () => {
  it.each([
    ['86.50', '5', '91.50', '优秀'],
    ['86.50', '-6.50', '80.00', '良好'],
    ['86.50', '-26.51', '59.99', '不合格'],
    ['86.50', '0.01', '86.51', '良好'],
    ['98.00', '5', '100.00', '优秀'],
    ['3.00', '-5', '0.00', '不合格'],
  ])('a village score of %s with an adjustment of %s gives %s (%s)', (vs, adj, want, grade) => {
    expect(cadreScore(x(vs), x(adj)).toFixed(2)).toBe(want);
    const run = runOf({
      villages: [village('V', 350)],
      cadres: [cadre('V', '书记', ID1, { adjustment: adj }), cadre('V', '主任', ID2)],
      scores: [onlyScore('V', vs)],
    });
    expect(run.cadres[0]?.score?.toFixed(2)).toBe(want);
    expect(run.cadres[0]?.grade).toBe(grade);
    // The adjustment is personal: the director of the same village keeps the village score.
    expect(run.cadres[1]?.score?.toFixed(2)).toBe(vs);
  });

  it('keeps the village score when there is no adjustment', () => {
    expect(cadreScore(x('72.00'), null).toFixed(2)).toBe('72.00');
  });
});

describe('grades (rules.md §4: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below)', () => {
  it.each([
    ['100', '优秀'],
    ['90', '优秀'],
    ['90.00', '优秀'],
    ['89.99', '良好'],
    ['80', '良好'],
    ['79.99', '合格'],
    ['60', '合格'],
    ['59.99', '不合格'],
    ['0', '不合格'],
  ] as [string, Grade][])('a score of %s is %s', (s, g) => {
    expect(gradeOf(x(s), specPolicy())).toBe(g);
  });

  it('reads the grade lines from the policy', () => {
    const p = specPolicy({
      score: { ...specPolicy().score, gradeLines: { 优秀: x('95'), 良好: x('85'), 合格: x('70') } },
    });
    expect(['95', '94.99', '85', '84.99', '70', '69.99'].map((s) => gradeOf(x(s), p))).toEqual([
      '优秀',
      '良好',
      '良好',
      '合格',
      '合格',
      '不合格',
    ]);
  });
});

describe('points = r × m × f(S) for each method (rules.md §5)', () => {
  const method = (m: Policy['reward']['method'], floor = '60') =>
    specPolicy({ reward: { ...specPolicy().reward, method: m, floor: x(floor) } });

  it.each([
    // above_floor: f = max(0, S − 60)
    ['above_floor', '0.9', 12, '86.50', '286.2'], // 0.9 × 12 × 26.5
    ['above_floor', '0.7', 7, '95', '171.5'], // 0.7 × 7 × 35
    ['above_floor', '0.9', 12, '60', '0'], // at the floor
    ['above_floor', '0.9', 12, '55', '0'], // below the floor: never negative
    // linear: f = S
    ['linear', '0.9', 12, '86.50', '934.2'], // 0.9 × 12 × 86.5
    ['linear', '0.7', 7, '95', '465.5'], // 0.7 × 7 × 95
    ['linear', '0.9', 12, '55', '594'], // 0.9 × 12 × 55
    // grades: f = coefficient of the grade (优秀 1.5, 良好 1.2, 合格 1.0, 不合格 0)
    ['grades', '0.9', 12, '86.50', '12.96'], // 良好: 0.9 × 12 × 1.2
    ['grades', '0.7', 7, '95', '7.35'], // 优秀: 0.7 × 7 × 1.5
    ['grades', '1.0', 5, '60', '5'], // 合格: 1 × 5 × 1.0
    ['grades', '0.9', 12, '55', '0'], // 不合格
  ] as [Policy['reward']['method'], string, number, string, string][])(
    'under %s, ratio %s, %i months and a score of %s give %s points',
    (m, r, months, s, want) => {
      const p = method(m);
      expect(pointsFor(x(r), months, x(s), gradeOf(x(s), p), p).toString()).toBe(want);
    },
  );

  it('reads the floor from the policy: with floor 50 a director scoring 55 gets 0.9 × 12 × 5 = 54 points', () => {
    const p = method('above_floor', '50');
    expect(pointsFor(x('0.9'), 12, x('55'), '不合格', p).toString()).toBe('54');
  });

  it('gives a run row its points from its own ratio, months and adjusted score', () => {
    const run = runOf(
      {
        villages: [village('V', 350)],
        cadres: [
          cadre('V', '书记', ID1, { adjustment: '3.5' }),
          cadre('V', '会计', ID2, { months: 7, ratio: '0.6' }),
        ],
        scores: [onlyScore('V', '86.50')],
      },
      method('linear'),
    );
    // 1.0 × 12 × 90 = 1080; 0.6 × 7 × 86.5 = 363.3.
    expect(run.cadres.map((c) => c.points.toString())).toEqual(['1080', '363.3']);
  });
});

describe('equal points under grades (rules.md §5 tie-break)', () => {
  it('gives the left-over fen of two 良好 accountants (85 and 88, equal points) to the smaller ID, not the higher score', () => {
    const ID3 = idFrom('37108219700101003');
    const run = runOf(
      {
        villages: [village('X', 350), village('Y', 350), village('Z', 350)],
        cadres: [cadre('X', '会计', ID2), cadre('Y', '会计', ID1), cadre('Z', '书记', ID3)],
        scores: [onlyScore('X', '88'), onlyScore('Y', '85'), onlyScore('Z', '95')],
      },
      specPolicy({ reward: { ...specPolicy().reward, method: 'grades' } }),
    );
    // Points 0.7 × 12 × 1.2 = 10.08 (twice) and 1 × 12 × 1.5 = 18; P = 490 + 490 + 700 = 1,680.00.
    // Ideals 168000 × 10.08 / 38.16 = 44,377.358… (twice) and 168000 × 18 / 38.16 = 79,245.283…;
    // floors leave 1 fen; the two .358 fractions tie, and so do their points: the smaller ID (Y's) wins.
    expect(run.cadres.map((c) => c.points.toString())).toEqual(['10.08', '10.08', '18']);
    expect(run.cadres.map((c) => c.rewardFen)).toEqual([44377, 44378, 79245]);
  });
});

describe('a village with no score (rules.md §4)', () => {
  const input = () => ({
    villages: [village('A', 350), village('B', 80)],
    cadres: [cadre('A', '书记', ID1), cadre('B', '书记', ID2)],
    scores: [onlyScore('A', '86.50')],
    // Only pending and open items: still no component.
    commitments: [item('B', '1', '2012-12-31'), item('B', '2', '2013-06-30')],
  });

  it('is an error (score_missing) on its row of 村庄 when missing scores are not allowed', () => {
    const i = input();
    const run = runOf(i);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({
      level: 'error',
      code: 'score_missing',
      sheet: '村庄',
      row: i.villages[1]?.src.row,
      value: 'B',
    });
  });

  it('is a warning with --allow-missing-scores, and its cadres get no score, no grade and 0 points', () => {
    const run = runOf(input(), specPolicy(), { allowMissingScores: true });
    expect(run.findings.map((f) => [f.level, f.code])).toEqual([['warning', 'score_missing']]);
    const b = run.cadres[1];
    expect([b?.score, b?.grade, b?.points.toString(), b?.rewardFen]).toEqual([null, null, '0', 0]);
    // Its secretary keeps the base (1,200 − 700 = 500) and its 700 share goes to the pool.
    expect(b?.baseFen).toBe(fenOf('500.00'));
    expect(run.pools[0]?.poolFen).toBe(fenOf('1,400.00'));
    // Under `redistribute` the whole pool goes to A's secretary, the only one with points.
    expect(run.cadres[0]?.rewardFen).toBe(fenOf('1,400.00'));
  });
});
