/**
 * `cadre-calc explain` for people and machines: one person's chain as terminal text in
 * the chosen language, and the --json body. The step labels are here, in both languages;
 * the 补贴说明单 uses the Chinese ones.
 */
import { Chalk } from 'chalk';
import type { Explanation, StepKey } from '../decide/explain.js';
import type { Lang } from './lang.js';
import { fitTable, wrapText } from './layout.js';

/** zh / en: the terminal's labels; doc: the 补贴说明单's short ones (its note gives the formulas once). */
export const STEP_LABELS: Record<StepKey, { zh: string; en: string; doc: string }> = {
  band: { zh: '户数档次', en: 'Household band', doc: '户数档次' },
  standard: { zh: '补贴标准（书记全年）', en: "Standard (secretary's year)", doc: '补贴标准' },
  ratio: { zh: '职务比例', en: 'Ratio of the role', doc: '职务比例' },
  months: { zh: '任职月数', en: 'Months served', doc: '任职月数' },
  total: { zh: '补贴总额＝标准×比例×月数/12', en: 'Total = standard × ratio × months / 12', doc: '补贴总额' },
  share: {
    zh: '奖励提取＝提取基数×比例×月数/12',
    en: 'Reward share = S0 × ratio × months / 12',
    doc: '奖励提取',
  },
  base: { zh: '基本补贴＝总额−提取', en: 'Base = total − share', doc: '基本补贴' },
  villageScore: {
    zh: '村综合得分（Q、H、C 加权）',
    en: 'Village score (weighted Q, H, C)',
    doc: '村综合得分',
  },
  score: { zh: '个人综合得分', en: 'Score', doc: '个人综合得分' },
  grade: { zh: '等次', en: 'Grade', doc: '等次' },
  points: { zh: '积分＝比例×月数×f(得分)', en: 'Points = ratio × months × f(score)', doc: '积分' },
  pool: { zh: '分值＝奖励池÷积分合计', en: 'Value per point = pool ÷ Σ points', doc: '分值（元/分）' },
  ideal: {
    zh: '理论奖励＝奖励池×积分÷积分合计',
    en: 'Ideal reward = pool × points ÷ Σ points',
    doc: '理论奖励',
  },
  reward: {
    zh: '奖励补贴（舍尾＋最大余额法补足）',
    en: 'Reward (floor + largest remainder)',
    doc: '奖励补贴',
  },
  deposit: {
    zh: '保证金扣发＝保证金×未兑现/考核',
    en: 'Deposit forfeited = deposit × unkept / assessed',
    doc: '保证金扣发',
  },
  sanction: { zh: '未兑现承诺的处理', en: 'Sanction for unkept commitments', doc: '处理' },
  hold: {
    zh: '暂停发放（照常计算，不列入代发）',
    en: 'Held (computed, not in the bank files)',
    doc: '暂停发放',
  },
  payable: { zh: '应发合计＝基本补贴＋奖励补贴', en: 'Payable = base + reward', doc: '应发合计' },
  unpaid: { zh: '不计发', en: 'Not paid', doc: '不计发' },
};

/** The body of `explain --json`: per row the chain and the roster's amounts (fen). */
export function explainJson(e: Explanation) {
  return {
    idNumber: e.idNumber,
    name: e.name,
    rows: e.rows.map((r) => ({
      serial: r.line.serial,
      town: r.line.town,
      villageCode: r.line.villageCode,
      villageName: r.line.villageName,
      role: r.line.role,
      paid: r.line.paid,
      households: r.line.households,
      standardFen: r.line.standardFen,
      months: r.line.months,
      ratio: r.line.ratio,
      totalFen: r.line.totalFen,
      shareFen: r.line.shareFen,
      baseFen: r.line.baseFen,
      quarterly: r.detail?.quarterly ?? '',
      halfYear: r.detail?.halfYear ?? '',
      commitments: r.detail?.commitments ?? '',
      villageScore: r.detail?.villageScore ?? '',
      adjustment: r.detail?.adjustment ?? '',
      score: r.line.score,
      grade: r.line.grade,
      points: r.detail?.points ?? '',
      pool: r.pool
        ? {
            scope: r.pool.scope,
            allocatedFen: r.pool.allocatedFen,
            points: r.pool.points,
            valuePerPoint: r.pool.valuePerPoint,
          }
        : null,
      idealReward: r.detail?.ideal ?? '',
      rewardFen: r.line.rewardFen,
      payableFen: r.line.payableFen,
      depositFen: r.deposit?.depositFen ?? 0,
      depositForfeitFen: r.deposit?.forfeitFen ?? 0,
      sanction: r.deposit?.sanction || null,
      hold: r.line.hold || null,
      remark: r.line.remark,
      steps: r.steps.map((s) => ({
        step: s.key,
        label: STEP_LABELS[s.key].zh,
        formula: s.formula,
        value: s.value,
      })),
    })),
  };
}

const L = {
  zh: {
    title: (name: string, id: string) => `${name}（身份证号 ${id}）的补贴计算`,
    row: (town: string, village: string, role: string) => `${town} ${village} ${role}`,
    head: ['步骤', '计算', '结果'],
  },
  en: {
    title: (name: string, id: string) => `How the subsidy of ${name} (ID ${id}) is computed`,
    row: (town: string, village: string, role: string) => `${town} ${village} ${role}`,
    head: ['Step', 'Computation', 'Result'],
  },
};

/** The terminal text: one table per row of the person, laid out for `width` columns (layout.ts). */
export function renderExplain(e: Explanation, lang: Lang, color: boolean, width = 80): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const bold = (x: string) => wrapText(x, width).map((l) => c.bold(l));
  const out = [...bold(t.title(e.name, e.idNumber))];
  for (const r of e.rows) {
    out.push(...bold(t.row(r.line.town, r.line.villageName, r.line.role)));
    out.push(
      fitTable({
        head: t.head,
        rows: r.steps.map((s) => [STEP_LABELS[s.key][lang], s.formula, s.value]),
        width,
        color,
        aligns: ['left', 'left', 'right'],
        wrap: [true, true, true],
        paint: (row, col, x) => (col === 2 && r.steps[row]?.key === 'payable' ? c.bold(x) : x),
      }),
    );
  }
  return `${out.join('\n')}\n`;
}
