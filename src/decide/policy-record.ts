/**
 * The policy parameters a roster carries (the 政策参数 table of its 校验 sheet), so that
 * `diff` and `explain`, which take no --policy, can show and check the rules the roster was
 * made under: bands, ratios, S0, rounding, pool scope, points method, floor, grade
 * coefficients and lines, weights, deposits, required approvals, uplift.
 *
 * One row per parameter: a Chinese label, the value as canonical JSON (money in yuan with
 * two decimals, decimals as exact text) for the machine, and the same in words for the
 * person reading the sheet. Pure: no fs, no clock.
 */
import { Exact } from '../rules/exact.js';
import { type Fen, fen, formatYuan, type RoundingUnit } from '../rules/money.js';
import { GRADES, type Grade, type Policy } from '../rules/types.js';

/** The part of a policy that decides amounts and approvals: what a roster records. */
export type RecordedPolicy = Pick<
  Policy,
  | 'rounding'
  | 'bands'
  | 'concurrentPosts'
  | 'unpaidRoles'
  | 'reward'
  | 'score'
  | 'deposit'
  | 'approval'
  | 'uplift'
> & { roles: { name: string; ratio: Exact; cap: Exact; order: number }[] };

/** The table's caption and headers in 校验. */
export const POLICY_RECORD_CAPTION = '政策参数';
export const POLICY_RECORD_HEADERS = ['参数', '取值', '说明'] as const;

const LABEL = {
  rounding: '舍入单位',
  bands: '户数档次',
  roles: '职务比例',
  unpaidRoles: '不补贴职务',
  concurrentPosts: '一肩挑',
  shareYuan: '奖励提取基数',
  poolScope: '奖励池范围',
  method: '积分方法',
  floor: '积分起点',
  grades: '等次系数',
  forfeit: '零积分提取额',
  weights: '得分权重',
  gradeLines: '等次线',
  deposit: '保证金',
  approval: '须审批部门',
  uplift: '上浮系数',
} as const;

type Key = keyof typeof LABEL;

const y = (f: number): string => formatYuan(f, false);
const yy = (f: number): string => formatYuan(f);
const UNIT = { fen: '分', jiao: '角', yuan: '元' } as const;

/** The 政策参数 rows of `policy`: [label, JSON value, words]. */
export function policyRecordRows(policy: Policy): string[][] {
  const r = policy.reward;
  const s = policy.score;
  const rows: [Key, unknown, string][] = [
    ['rounding', policy.rounding, `金额四舍五入到${UNIT[policy.rounding]}`],
    [
      'bands',
      policy.bands.map((b) => [b.maxHouseholds, y(b.amountFen)]),
      policy.bands
        .map((b, i) => {
          const from = i === 0 ? 1 : (policy.bands[i - 1]?.maxHouseholds ?? 0) + 1;
          const range = b.maxHouseholds === null ? `${from}户以上` : `${from}–${b.maxHouseholds}户`;
          return `${range} ${yy(b.amountFen)}元`;
        })
        .join('；'),
    ],
    [
      'roles',
      policy.roles.map((x) => [x.name, x.ratio.toString(), x.cap.toString()]),
      policy.roles.map((x) => `${x.name} ${x.ratio.toString()}（上限${x.cap.toString()}）`).join('；'),
    ],
    ['unpaidRoles', policy.unpaidRoles, policy.unpaidRoles.join('、') || '无'],
    [
      'concurrentPosts',
      policy.concurrentPosts,
      policy.concurrentPosts === 'highest' ? '一人多职按就高原则只计发一职' : '一人多职各职均计发',
    ],
    ['shareYuan', y(r.shareFen), `书记每年${yy(r.shareFen)}元提入奖励池，其他职务按比例和月数`],
    ['poolScope', r.poolScope, r.poolScope === 'city' ? '全市一个奖励池' : '每个镇街一个奖励池'],
    [
      'method',
      r.method,
      r.method === 'above_floor'
        ? '积分＝比例×月数×max(0，综合得分−积分起点)'
        : r.method === 'linear'
          ? '积分＝比例×月数×综合得分'
          : '积分＝比例×月数×等次系数',
    ],
    [
      'floor',
      r.floor.toString(),
      r.method === 'above_floor' ? `综合得分高于${r.floor.toString()}分的部分计分` : '不适用',
    ],
    [
      'grades',
      GRADES.map((g) => [g, r.grades[g].toString()]),
      GRADES.map((g) => `${g}${r.grades[g].toString()}`).join('，'),
    ],
    [
      'forfeit',
      r.forfeit,
      r.forfeit === 'redistribute' ? '积分为0者的提取额留在奖励池中分配' : '积分为0者的提取额退回，列为结余',
    ],
    [
      'weights',
      [s.weights.quarterly.toString(), s.weights.halfYear.toString(), s.weights.commitments.toString()],
      `季度考核Q ${s.weights.quarterly.toString()}，半年考核H ${s.weights.halfYear.toString()}，承诺兑现C ${s.weights.commitments.toString()}`,
    ],
    [
      'gradeLines',
      [s.gradeLines.优秀.toString(), s.gradeLines.良好.toString(), s.gradeLines.合格.toString()],
      `优秀≥${s.gradeLines.优秀.toString()}，良好≥${s.gradeLines.良好.toString()}，合格≥${s.gradeLines.合格.toString()}`,
    ],
    [
      'deposit',
      Object.entries(policy.deposit).map(([k, v]) => [k, y(v)]),
      Object.entries(policy.deposit)
        .map(([k, v]) => `${k}${yy(v)}元`)
        .join('，') || '无',
    ],
    ['approval', policy.approval.required, policy.approval.required.join('、')],
    [
      'uplift',
      policy.uplift
        ? [
            policy.uplift.weakVillage?.toString() ?? null,
            policy.uplift.inlandTown?.toString() ?? null,
            policy.uplift.inlandTowns,
          ]
        : null,
      policy.uplift
        ? [
            policy.uplift.weakVillage ? `薄弱村×${policy.uplift.weakVillage.toString()}` : '',
            policy.uplift.inlandTown
              ? `内陆镇（${policy.uplift.inlandTowns.join('、')}）×${policy.uplift.inlandTown.toString()}`
              : '',
          ]
            .filter((t) => t)
            .join('，')
        : '无',
    ],
  ];
  return rows.map(([k, v, words]) => [LABEL[k], JSON.stringify(v), words]);
}

class Bad extends Error {}

function str(v: unknown): string {
  if (typeof v !== 'string') throw new Bad();
  return v;
}
function dec(v: unknown): Exact {
  const x = Exact.tryParse(str(v));
  if (!x) throw new Bad();
  return x;
}
function money(v: unknown): Fen {
  const f = dec(v).mul(Exact.HUNDRED);
  if (!f.isInteger() || !Number.isSafeInteger(Number(f.n))) throw new Bad();
  return fen(f.n);
}
function arr(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new Bad();
  return v;
}
function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T {
  const s = str(v);
  if (!(allowed as readonly string[]).includes(s)) throw new Bad();
  return s as T;
}

/**
 * The recorded policy from the 政策参数 rows ([label, JSON value, …]); null when the table
 * is missing (a roster of an older cadre-calc) or any value is not what the writer puts
 * there (the sheet was edited).
 */
export function policyFromRecord(rows: readonly (readonly string[])[] | undefined): RecordedPolicy | null {
  if (!rows?.length) return null;
  const byLabel = new Map<string, unknown>();
  try {
    for (const r of rows) byLabel.set(r[0] ?? '', JSON.parse(r[1] ?? ''));
    const get = (k: Key): unknown => {
      if (!byLabel.has(LABEL[k])) throw new Bad();
      return byLabel.get(LABEL[k]);
    };
    const bands = arr(get('bands')).map((b, i, all) => {
      const [max, amount] = arr(b);
      if (max !== null && !(Number.isSafeInteger(max) && (max as number) > 0)) throw new Bad();
      if (max === null && i !== all.length - 1) throw new Bad();
      return { maxHouseholds: max as number | null, amountFen: money(amount) };
    });
    if (!bands.length || bands[bands.length - 1]?.maxHouseholds !== null) throw new Bad();
    const roles = arr(get('roles')).map((x, order) => {
      const [name, ratio, cap] = arr(x);
      return { name: str(name), ratio: dec(ratio), cap: dec(cap), order };
    });
    const grades = Object.fromEntries(
      arr(get('grades')).map((x) => {
        const [g, c] = arr(x);
        return [oneOf(g, GRADES), dec(c)];
      }),
    ) as Record<Grade, Exact>;
    if (GRADES.some((g) => !grades[g])) throw new Bad();
    const [q, h, c] = arr(get('weights'));
    const [l1, l2, l3] = arr(get('gradeLines'));
    const up = get('uplift');
    let uplift: RecordedPolicy['uplift'] = null;
    if (up !== null) {
      const [weak, inland, towns] = arr(up);
      uplift = {
        weakVillage: weak === null ? null : dec(weak),
        inlandTown: inland === null ? null : dec(inland),
        inlandTowns: arr(towns).map(str),
      };
    }
    return {
      rounding: oneOf<RoundingUnit>(get('rounding'), ['fen', 'jiao', 'yuan']),
      bands,
      roles,
      unpaidRoles: arr(get('unpaidRoles')).map(str),
      concurrentPosts: oneOf(get('concurrentPosts'), ['highest', 'sum'] as const),
      reward: {
        shareFen: money(get('shareYuan')),
        poolScope: oneOf(get('poolScope'), ['city', 'town'] as const),
        method: oneOf(get('method'), ['above_floor', 'linear', 'grades'] as const),
        floor: dec(get('floor')),
        grades,
        forfeit: oneOf(get('forfeit'), ['redistribute', 'return'] as const),
      },
      score: {
        weights: { quarterly: dec(q), halfYear: dec(h), commitments: dec(c) },
        gradeLines: { 优秀: dec(l1), 良好: dec(l2), 合格: dec(l3) },
      },
      deposit: Object.fromEntries(
        arr(get('deposit')).map((x) => {
          const [k, v] = arr(x);
          return [str(k), money(v)];
        }),
      ),
      approval: { required: arr(get('approval')).map(str) },
      uplift,
    };
  } catch (e) {
    if (e instanceof Bad || e instanceof SyntaxError) return null;
    throw e;
  }
}
