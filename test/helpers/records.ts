import { computeRun, type RunOptions, type RunResult } from '../../src/rules/compute.js';
import { Exact } from '../../src/rules/exact.js';
import { fen } from '../../src/rules/money.js';
import type {
  CadreRecord,
  CommitmentRecord,
  Period,
  Policy,
  RowRef,
  RunInput,
  ScoreRecord,
  VillageRecord,
} from '../../src/rules/types.js';

const x = (s: string) => Exact.parse(s);

/**
 * The default policy rongcheng-2012 of spec/policy.md, written out by hand from the spec
 * (not loaded), so the rules tests do not depend on the YAML loader; a loader test checks
 * that policies/rongcheng-2012.yaml loads to this same value.
 */
export function specPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    id: 'rongcheng-2012',
    title: '荣成市农村干部财政补贴办法（2012年度）',
    year: 2012,
    city: '荣成市',
    rounding: 'fen',
    bands: [
      { maxHouseholds: 100, amountFen: fen(120000) },
      { maxHouseholds: 200, amountFen: fen(150000) },
      { maxHouseholds: 300, amountFen: fen(190000) },
      { maxHouseholds: 400, amountFen: fen(220000) },
      { maxHouseholds: null, amountFen: fen(250000) },
    ],
    roles: [
      {
        name: '书记',
        ratio: x('1.0'),
        cap: x('1.0'),
        aliases: ['党组织书记', '村党组织书记', '党支部书记', '党总支书记', '支部书记', '村支书'],
        order: 0,
      },
      {
        name: '主任',
        ratio: x('0.9'),
        cap: x('0.9'),
        aliases: ['村委会主任', '村民委员会主任', '村主任'],
        order: 1,
      },
      { name: '会计', ratio: x('0.7'), cap: x('0.7'), aliases: ['村会计', '报账员'], order: 2 },
    ],
    unpaidRoles: ['妇女主任', '治保主任', '民兵连长', '委员'],
    concurrentPosts: 'highest',
    reward: {
      shareFen: fen(70000),
      poolScope: 'city',
      method: 'above_floor',
      floor: x('60'),
      grades: { 优秀: x('1.5'), 良好: x('1.2'), 合格: x('1.0'), 不合格: x('0') },
      forfeit: 'redistribute',
    },
    score: {
      weights: { quarterly: x('0.3'), halfYear: x('0.5'), commitments: x('0.2') },
      gradeLines: { 优秀: x('90'), 良好: x('80'), 合格: x('60') },
    },
    supervision: { days: 7 },
    deposit: { 书记: fen(100000), 主任: fen(80000), 会计: fen(60000) },
    approval: { required: ['组织部', '财政局'] },
    notice: { days: 5, phone: '0631-0000000', issuer: '中共荣成市委组织部' },
    uplift: null,
    ...overrides,
  };
}

let rowCounter = 2;
const src = (sheet: string, row?: number): RowRef => ({ file: 'test.xlsx', sheet, row: row ?? rowCounter++ });

export function village(code: string, households: number, more: Partial<VillageRecord> = {}): VillageRecord {
  return { code, name: `${code}村`, town: '测试镇', households, weak: false, src: src('村庄'), ...more };
}

let seq = 0;
export function cadre(
  villageCode: string,
  role: string,
  idNumber: string,
  more: Partial<Omit<CadreRecord, 'ratio' | 'adjustment'>> & { ratio?: string; adjustment?: string } = {},
): CadreRecord {
  const { ratio, adjustment, ...rest } = more;
  return {
    idNumber,
    name: `姓名${idNumber.slice(-4)}`,
    villageCode,
    role,
    months: 12,
    ratio: ratio === undefined ? null : x(ratio),
    adjustment: adjustment === undefined ? null : x(adjustment),
    bank: '荣成农商银行',
    account: '6228480000000000000',
    hold: '',
    remark: '',
    seq: seq++,
    src: src('干部'),
    ...rest,
  };
}

/** One half-year score that makes S_village exactly `score` when it is the only component. */
export function onlyScore(villageCode: string, score: string): ScoreRecord {
  return { villageCode, period: 'H1', score: x(score), src: src('考核评分') };
}

export function item(
  villageCode: string,
  itemNo: string,
  due: string,
  more: Partial<CommitmentRecord> = {},
): CommitmentRecord {
  return {
    villageCode,
    itemNo,
    content: `承诺事项${itemNo}`,
    category: '经济发展',
    due,
    responsible: '',
    status: '进行中',
    result: null,
    inspected: null,
    satisfaction: null,
    src: src('承诺台账'),
    ...more,
  };
}

/** A syntactically valid 18-character ID number (GB 11643 check digit) from a 17-digit body. */
export function idFrom(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((a, ch, i) => a + Number(ch) * (w[i] as number), 0);
  return body17 + ('10X98765432'[sum % 11] as string);
}

/** "1,980.00" → 198000 fen, by text (never through a float); the test tables write yuan as the spec does. */
export function fenOf(yuan: string): number {
  const t = yuan.replaceAll(',', '');
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(t);
  if (!m) throw new Error(`test table: write yuan with two decimals: ${yuan}`);
  const v = Number(m[2]) * 100 + Number(m[3]);
  return m[1] === '-' ? -v : v;
}

/** computeRun with empty sheets filled in, the default policy and the year end as defaults. */
export function runOf(
  input: Partial<RunInput>,
  policy: Policy = specPolicy(),
  opts: Partial<RunOptions> = {},
): RunResult {
  return computeRun({ villages: [], cadres: [], commitments: [], scores: [], ...input }, policy, {
    asOf: `${policy.year}-12-31`,
    allowMissingScores: false,
    ...opts,
  });
}

/** One quarterly (Q1–Q4) or half-year (H1, H2) score of a village. */
export function periodScore(villageCode: string, period: Period, score: string): ScoreRecord {
  return { villageCode, period, score: x(score), src: src('考核评分') };
}
