import { Chalk } from 'chalk';
import type { Exact } from '../rules/exact.js';
import { formatYuan } from '../rules/money.js';
import { prorate } from '../rules/standard.js';
import { GRADES, type Policy } from '../rules/types.js';
import type { Lang } from './lang.js';
import { fitTable, wrapText } from './layout.js';

/** What `cadre-calc policy` shows besides the policy itself. */
export interface PolicyView {
  policy: Policy;
  sha256: string;
  source: string;
}

const L = {
  zh: {
    policy: '政策',
    year: '年度',
    city: '城市',
    rounding: '舍入',
    source: '政策文件',
    roundingUnits: {
      fen: 'fen（分，四舍五入到 0.01 元）',
      jiao: 'jiao（角，四舍五入到 0.1 元）',
      yuan: 'yuan（元，四舍五入到 1 元）',
    },
    bands: '补贴标准（按户数分档，全年 12 个月，元）',
    households: '户数',
    standard: '标准 B',
    range: (lo: number, hi: number | null) => (hi === null ? `${lo} 及以上` : `${lo} – ${hi}`),
    roles: '享受补贴的职务',
    roleHead: ['职务', '比例', '上限', '别名'],
    unpaid: '不补贴的职务',
    none: '（无）',
    concurrent: '一人多职',
    concurrentPosts: {
      highest: 'highest：就高，不重复计发（只发比例最高的一份）',
      sum: 'sum：各职务分别计发',
    },
    reward: '奖励补贴（分值法）',
    share: '奖励提取额',
    shareText: (s0: string, roles: string) => `书记全年标准中提取 ${s0} 元（全年：${roles}）`,
    poolScope: '奖池范围',
    poolScopes: { city: 'city：全市统筹一个奖池', town: 'town：每个镇街一个奖池' },
    method: '计分方法',
    methods: {
      above_floor: (floor: string) => `above_floor：比例 × 月数 × max(0, 得分 − ${floor})`,
      linear: () => 'linear：比例 × 月数 × 综合得分',
      grades: () => 'grades：比例 × 月数 × 等次系数',
    },
    floor: '基准分',
    grades: '等次系数',
    forfeit: '零分者的提取额',
    forfeits: { redistribute: 'redistribute：留在奖池，分给其他人', return: 'return：不再分配，作为结余' },
    score: '年终综合得分',
    weights: '权重',
    weightNames: { quarterly: '季度综合检查', halfYear: '半年量化考核', commitments: '承诺兑现率' },
    gradeLines: '等次分数线',
    below: '低于',
    commitments: '践诺、审批与公示',
    supervision: '督办整改期限',
    days: (n: number) => `${n} 天`,
    deposit: '保证金',
    depositOff: '不收保证金',
    approval: '审批部门',
    approvalNote: '（全部审批后方可发放）',
    noticeDays: '公示期',
    phone: '监督电话',
    issuer: '公示单位',
    uplift: '标准上浮',
    weakVillage: '经济薄弱村',
    inlandTown: '内陆镇',
    yuan: '元',
  },
  en: {
    policy: 'Policy',
    year: 'Year',
    city: 'City',
    rounding: 'Rounding',
    source: 'Policy file',
    roundingUnits: {
      fen: 'fen (half up to 0.01 yuan)',
      jiao: 'jiao (half up to 0.1 yuan)',
      yuan: 'yuan (half up to 1 yuan)',
    },
    bands: 'Annual standards by households (12 months, yuan)',
    households: 'Households',
    standard: 'Standard B',
    range: (lo: number, hi: number | null) => (hi === null ? `${lo} and more` : `${lo} – ${hi}`),
    roles: 'Subsidized roles',
    roleHead: ['Role', 'Ratio', 'Cap', 'Aliases'],
    unpaid: 'Unpaid roles',
    none: '(none)',
    concurrent: 'Several posts',
    concurrentPosts: {
      highest: 'highest: only the post with the highest ratio is paid',
      sum: 'sum: every post is paid',
    },
    reward: 'Reward pool (points)',
    share: 'Share held back',
    shareText: (s0: string, roles: string) => `${s0} yuan of the secretary's full year (full year: ${roles})`,
    poolScope: 'Pool scope',
    poolScopes: { city: 'city: one pool for the whole city', town: 'town: one pool per town' },
    method: 'Points',
    methods: {
      above_floor: (floor: string) => `above_floor: ratio × months × max(0, score − ${floor})`,
      linear: () => 'linear: ratio × months × score',
      grades: () => 'grades: ratio × months × grade coefficient',
    },
    floor: 'Floor',
    grades: 'Grade coefficients',
    forfeit: 'Zero-point shares',
    forfeits: {
      redistribute: 'redistribute: stay in the pool',
      return: 'return: reported as remainder',
    },
    score: 'Year-end composite score',
    weights: 'Weights',
    weightNames: { quarterly: 'quarterly', halfYear: 'half-year', commitments: 'commitments' },
    gradeLines: 'Grade lines',
    below: 'below',
    commitments: 'Commitments, approval and notice',
    supervision: 'Rectification deadline',
    days: (n: number) => `${n} day${n === 1 ? '' : 's'}`,
    deposit: 'Deposits',
    depositOff: 'none (deposits off)',
    approval: 'Approvals',
    approvalNote: ' (all required before a payout)',
    noticeDays: 'Public notice',
    phone: 'Supervision phone',
    issuer: 'Issuer',
    uplift: 'Uplift of the standard',
    weakVillage: 'Weak villages',
    inlandTown: 'Inland towns',
    yuan: 'yuan',
  },
};

const dec = (e: Exact) => e.toString();

/** The policy in force as readable tables (spec/cli.md `cadre-calc policy`). */
export function renderPolicy(view: PolicyView, lang: Lang, color: boolean, width = 80): string {
  const t = L[lang];
  const p = view.policy;
  const c = new Chalk({ level: color ? 1 : 0 });
  const sep = lang === 'zh' ? '、' : ', ';
  const colon = lang === 'zh' ? '：' : ': ';
  const dot = ' · ';
  const out: string[] = [];
  const keyValues = (rows: [string, string][]) =>
    fitTable({
      head: ['', ''],
      noHead: true,
      rows,
      width,
      color,
      wrap: [true, true],
      paint: (_r, col, x) => (col === 0 ? c.bold(x) : x),
    });
  const text = (s: string) => out.push(...wrapText(s, width));
  const section = (title: string) => out.push('', ...wrapText(title, width).map((l) => c.bold.underline(l)));

  out.push(...wrapText(`${t.policy} ${p.id}  ${p.title}`, width).map((l) => c.bold(l)));
  text(`${t.year} ${p.year}${dot}${t.city} ${p.city}${dot}${t.rounding} ${t.roundingUnits[p.rounding]}`);
  text(`${t.source}${colon}${view.source}`);
  text(`SHA-256${colon}${view.sha256}`);

  // Bands, with each role's full-year amount computed by the rule itself (rules.md §2).
  section(t.bands);
  const bandRows: string[][] = [];
  let lo = 1;
  for (const b of p.bands) {
    bandRows.push([
      t.range(lo, b.maxHouseholds),
      formatYuan(b.amountFen),
      ...p.roles.map((r) => formatYuan(prorate(b.amountFen, r.ratio, 12, p).totalFen)),
    ]);
    if (b.maxHouseholds !== null) lo = b.maxHouseholds + 1;
  }
  out.push(
    fitTable({
      head: [t.households, t.standard, ...p.roles.map((r) => `${r.name} ×${dec(r.ratio)}`)],
      rows: bandRows,
      width,
      color,
      aligns: ['left', 'right', ...p.roles.map(() => 'right' as const)],
    }),
  );
  if (p.uplift) {
    const u = p.uplift;
    const rows: [string, string][] = [];
    if (u.weakVillage) rows.push([t.weakVillage, `× ${dec(u.weakVillage)}`]);
    if (u.inlandTown) rows.push([t.inlandTown, `× ${dec(u.inlandTown)}${colon}${u.inlandTowns.join(sep)}`]);
    section(t.uplift);
    out.push(keyValues(rows));
  }

  section(t.roles);
  out.push(
    fitTable({
      head: t.roleHead,
      rows: p.roles.map((r) => [r.name, dec(r.ratio), dec(r.cap), r.aliases.join(sep) || t.none]),
      width,
      color,
      wrap: [true, false, false, true],
    }),
  );
  out.push(
    keyValues([
      [t.unpaid, p.unpaidRoles.join(sep) || t.none],
      [t.concurrent, t.concurrentPosts[p.concurrentPosts]],
    ]),
  );

  section(t.reward);
  // The share does not depend on the band (rules.md §2: S0 × r × m / 12).
  const shares = p.roles
    .map((r) => `${r.name} ${formatYuan(prorate(p.reward.shareFen, r.ratio, 12, p).shareFen)}`)
    .join(sep);
  const grades = GRADES.map((g) => `${g} ${dec(p.reward.grades[g])}`);
  out.push(
    keyValues([
      [t.share, t.shareText(formatYuan(p.reward.shareFen), shares)],
      [t.poolScope, t.poolScopes[p.reward.poolScope]],
      [t.method, t.methods[p.reward.method](dec(p.reward.floor))],
      [t.floor, dec(p.reward.floor)],
      [t.grades, grades.join(dot)],
      [t.forfeit, t.forfeits[p.reward.forfeit]],
    ]),
  );

  section(t.score);
  const w = p.score.weights;
  const gl = p.score.gradeLines;
  out.push(
    keyValues([
      [
        t.weights,
        [
          `${t.weightNames.quarterly} ${dec(w.quarterly)}`,
          `${t.weightNames.halfYear} ${dec(w.halfYear)}`,
          `${t.weightNames.commitments} ${dec(w.commitments)}`,
        ].join(dot),
      ],
      [
        t.gradeLines,
        [
          `优秀 ≥ ${dec(gl.优秀)}`,
          `良好 ≥ ${dec(gl.良好)}`,
          `合格 ≥ ${dec(gl.合格)}`,
          `不合格 < ${dec(gl.合格)}`,
        ].join(dot),
      ],
    ]),
  );

  section(t.commitments);
  const deposits = Object.entries(p.deposit).map(([role, f]) => `${role} ${formatYuan(f)}`);
  out.push(
    keyValues([
      [t.supervision, t.days(p.supervision.days)],
      [t.deposit, deposits.length ? `${deposits.join(dot)} ${t.yuan}` : t.depositOff],
      [t.approval, `${p.approval.required.join(' → ')}${t.approvalNote}`],
      [t.noticeDays, t.days(p.notice.days)],
      [t.phone, p.notice.phone],
      [t.issuer, p.notice.issuer],
    ]),
  );
  return `${out.join('\n')}\n`;
}

/** The policy as plain JSON for `--json`: amounts in integer fen, ratios and scores as decimal strings. */
export function policyJson(p: Policy): Record<string, unknown> {
  const g = p.reward.grades;
  return {
    id: p.id,
    title: p.title,
    year: p.year,
    city: p.city,
    rounding: p.rounding,
    bands: p.bands.map((b) => ({ maxHouseholds: b.maxHouseholds, amountFen: b.amountFen })),
    roles: p.roles.map((r) => ({
      name: r.name,
      ratio: dec(r.ratio),
      cap: dec(r.cap),
      aliases: [...r.aliases],
      order: r.order,
    })),
    unpaidRoles: [...p.unpaidRoles],
    concurrentPosts: p.concurrentPosts,
    reward: {
      shareFen: p.reward.shareFen,
      poolScope: p.reward.poolScope,
      method: p.reward.method,
      floor: dec(p.reward.floor),
      grades: { 优秀: dec(g.优秀), 良好: dec(g.良好), 合格: dec(g.合格), 不合格: dec(g.不合格) },
      forfeit: p.reward.forfeit,
    },
    score: {
      weights: {
        quarterly: dec(p.score.weights.quarterly),
        halfYear: dec(p.score.weights.halfYear),
        commitments: dec(p.score.weights.commitments),
      },
      gradeLines: {
        优秀: dec(p.score.gradeLines.优秀),
        良好: dec(p.score.gradeLines.良好),
        合格: dec(p.score.gradeLines.合格),
      },
    },
    supervision: { days: p.supervision.days },
    deposit: { ...p.deposit },
    approval: { required: [...p.approval.required] },
    notice: { ...p.notice },
    uplift: p.uplift
      ? {
          weakVillage: p.uplift.weakVillage ? dec(p.uplift.weakVillage) : null,
          inlandTown: p.uplift.inlandTown ? dec(p.uplift.inlandTown) : null,
          inlandTowns: [...p.uplift.inlandTowns],
        }
      : null,
  };
}
