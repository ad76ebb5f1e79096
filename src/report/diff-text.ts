/**
 * `cadre-calc diff` for people and machines: the --json body (spec/decide.md) and the
 * terminal text — both rosters' approval state, the changed rows with every field old →
 * new and the reason, the pool-only moves summarised, added and removed rows, totals.
 */
import { Chalk } from 'chalk';
import {
  type ChangedRow,
  type DiffResult,
  fieldText,
  reasonEn,
  reasonTextZh,
  type Side,
  type Sums,
} from '../decide/diff.js';
import type { RosterLine } from '../decide/types.js';
import { formatYuan } from '../rules/money.js';
import type { Lang } from './lang.js';
import { fitTable, wrapText } from './layout.js';

function reasonText(row: ChangedRow, lang: Lang): string {
  return lang === 'zh' ? reasonTextZh(row) : row.reasons.map(reasonEn).join('; ');
}

function lineJson(r: RosterLine) {
  return {
    idNumber: r.idNumber,
    name: r.name,
    villageCode: r.villageCode,
    villageName: r.villageName,
    town: r.town,
    role: r.role,
    households: r.households,
    standardFen: r.standardFen,
    months: r.months,
    ratio: r.ratio,
    paid: r.paid,
    totalFen: r.totalFen,
    baseFen: r.baseFen,
    shareFen: r.shareFen,
    score: r.score,
    grade: r.grade,
    rewardFen: r.rewardFen,
    payableFen: r.payableFen,
    bank: r.bank,
    account: r.account,
    hold: r.hold,
    remark: r.remark,
  };
}

function changedJson(c: ChangedRow) {
  return {
    idNumber: c.idNumber,
    name: c.name,
    villageCode: c.villageCode,
    town: c.town,
    role: c.role,
    fields: c.fields,
    reason: reasonText(c, 'zh'),
    poolOnly: c.poolOnly,
  };
}

const sideJson = (s: Side) => ({ file: s.file, digest: s.digest, approved: s.approved, signed: s.signed });

/** The body of `diff --json` (spec/decide.md), without the envelope's files and findings. */
export function diffJson(d: DiffResult, all: boolean) {
  return {
    old: sideJson(d.old),
    new: sideJson(d.new),
    approvalsCover: d.approvalsCover,
    added: d.added.map(lineJson),
    removed: d.removed.map(lineJson),
    changed: [...d.changed, ...(all ? d.poolOnly.rows : [])].map(changedJson),
    poolOnly: { count: d.poolOnly.count, maxFen: d.poolOnly.maxFen },
    totals: {
      old: d.totals.old,
      new: d.totals.new,
      towns: d.totals.towns,
    },
  };
}

const L = {
  zh: {
    old: '旧花名册',
    new: '新花名册',
    digest: '摘要',
    approved: (depts: string) => `已审批（${depts}）`,
    notApproved: (missing: string) => `未审批完（缺 ${missing}）`,
    signed: '，签名',
    unsigned: '，未签名',
    edited: '，花名册在生成后被改动过，审批无效',
    provisional: '，预计',
    cover: '旧花名册的审批仍然适用于新花名册（两者摘要相同，没有变动）。',
    noCover: '旧花名册的审批不适用于新花名册：新花名册须重新审批。',
    oldNotApproved: '旧花名册尚未审批完，新花名册须按程序审批。',
    same: '两份花名册没有任何变动。',
    counts: (a: number, r: number, c: number) => `新增 ${a} 行，删除 ${r} 行，变动 ${c} 行。`,
    pool: (n: number, max: string, all: boolean) =>
      `另有 ${n} 人只因共享奖励池分配变动（最大 ${max} 元）${all ? '，见下表。' : '，未逐一列出（加 --all 列出）。'}`,
    changedTitle: '变动明细',
    poolTitle: '仅因奖励池变动',
    addedTitle: '新增',
    removedTitle: '删除',
    head: ['人员', '变动', '原因'],
    lineHead: ['镇街', '村代码', '姓名', '职务', '身份证号', '应发合计'],
    poolsTitle: '奖励池',
    poolsHead: ['范围', '奖励池 旧 → 新', '积分合计 旧 → 新', '分值 旧 → 新'],
    totalsTitle: '合计（每行都计入，计发与否）',
    totalsHead: ['镇街', '干部 旧→新', '计发 旧→新', '应发合计 旧', '应发合计 新', '差额'],
    total: '合计',
  },
  en: {
    old: 'Old roster',
    new: 'New roster',
    digest: 'digest',
    approved: (depts: string) => `approved (${depts})`,
    notApproved: (missing: string) => `not fully approved (missing ${missing})`,
    signed: ', signed',
    unsigned: ', unsigned',
    edited: ', edited after subsidy wrote it: its approvals do not count',
    provisional: ', provisional',
    cover: "The old roster's approvals still cover the new one (same digest, nothing changed).",
    noCover: "The old roster's approvals do not cover the new one: it must be approved again.",
    oldNotApproved: 'The old roster was not fully approved: the new one must be approved in full.',
    same: 'The two rosters do not differ.',
    counts: (a: number, r: number, c: number) => `${a} rows added, ${r} removed, ${c} changed.`,
    pool: (n: number, max: string, all: boolean) =>
      `${n} more people moved only with the shared reward pool (at most ${max} yuan)${all ? ', listed below.' : '; not listed (--all lists them).'}`,
    changedTitle: 'Changed rows',
    poolTitle: 'Moved only with the pool',
    addedTitle: 'Added',
    removedTitle: 'Removed',
    head: ['Person', 'Changes', 'Reason'],
    lineHead: ['Town', 'Village', 'Name', 'Role', 'ID number', 'Payable'],
    poolsTitle: 'Reward pools',
    poolsHead: ['Scope', 'Pool old → new', 'Points old → new', 'Per point old → new'],
    totalsTitle: 'Totals (every row counts, paid or not)',
    totalsHead: ['Town', 'Cadres old→new', 'Paid old→new', 'Payable old', 'Payable new', 'Difference'],
    total: 'Total',
  },
};

const signed = (n: number): string => (n > 0 ? `+${formatYuan(n)}` : formatYuan(n));

function sideLine(label: string, s: Side, lang: Lang): string {
  const t = L[lang];
  const zh = lang === 'zh';
  const missing = s.required.filter((d) => !s.approvals.some((a) => a.dept === d));
  const state = s.approved
    ? `${t.approved(s.approvals.map((a) => `${a.dept} ${a.by}`).join(zh ? '、' : ', '))}${s.signed ? t.signed : t.unsigned}`
    : t.notApproved(missing.join(zh ? '、' : ', '));
  const inner = `${t.digest} ${s.digest.slice(0, 12)}…${zh ? '，' : ', '}${state}${s.edited ? t.edited : ''}${s.provisional ? t.provisional : ''}`;
  return zh ? `${label}：${s.file}（${inner}）` : `${label}: ${s.file} (${inner})`;
}

/** The terminal text of a diff, laid out for `width` columns (layout.ts: wrapped, never cut, escaped). */
export function renderDiff(d: DiffResult, lang: Lang, color: boolean, all: boolean, width = 80): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const text = (x: string) => wrapText(x, width);
  const bold = (x: string) => text(x).map((l) => c.bold(l));
  const out: string[] = [];
  out.push(...text(sideLine(t.old, d.old, lang)), ...text(sideLine(t.new, d.new, lang)));
  const cover = d.approvalsCover ? t.cover : d.old.approved ? t.noCover : t.oldNotApproved;
  out.push(...text(cover).map((l) => (d.approvalsCover ? c.green(l) : c.yellow(l))));
  const nothing = !d.added.length && !d.removed.length && !d.changed.length && !d.poolOnly.count;
  if (nothing) {
    out.push(...text(t.same));
    return `${out.join('\n')}\n`;
  }
  out.push(...text(t.counts(d.added.length, d.removed.length, d.changed.length)));
  if (d.poolOnly.count) out.push(...text(t.pool(d.poolOnly.count, formatYuan(d.poolOnly.maxFen), all)));

  // three columns; the person's cell holds town, village, name, role and ID, one to a line
  const changes = (title: string, rows: readonly ChangedRow[]) => {
    if (!rows.length) return;
    out.push(
      ...bold(title),
      fitTable({
        head: t.head,
        rows: rows.map((r) => [
          `${r.town} ${r.villageCode}\n${r.name} ${r.role}\n${r.idNumber}`,
          r.fields.map(fieldText).join('\n'),
          reasonText(r, lang),
        ]),
        width,
        color,
        wrap: [true, true, true],
      }),
    );
  };
  changes(t.changedTitle, d.changed);
  if (all) changes(t.poolTitle, d.poolOnly.rows);
  for (const [title, rows] of [
    [t.addedTitle, d.added],
    [t.removedTitle, d.removed],
  ] as const) {
    if (!rows.length) continue;
    out.push(
      ...bold(title),
      fitTable({
        head: t.lineHead,
        rows: rows.map((r) => [r.town, r.villageCode, r.name, r.role, r.idNumber, formatYuan(r.payableFen)]),
        width,
        color,
        aligns: ['left', 'left', 'left', 'left', 'left', 'right'],
        wrap: [true, false, true, true, false, false],
      }),
    );
  }
  const movedPools = d.pools.filter(
    (p) =>
      p.old?.poolFen !== p.new?.poolFen ||
      p.old?.points !== p.new?.points ||
      p.old?.valuePerPoint !== p.new?.valuePerPoint,
  );
  if (movedPools.length) {
    const v = (x: string | undefined) => x ?? '—';
    out.push(
      ...bold(t.poolsTitle),
      fitTable({
        head: t.poolsHead,
        rows: movedPools.map((p) => [
          p.scope,
          `${p.old ? formatYuan(p.old.poolFen) : '—'} → ${p.new ? formatYuan(p.new.poolFen) : '—'}`,
          `${v(p.old?.points)} → ${v(p.new?.points)}`,
          `${v(p.old?.valuePerPoint)} → ${v(p.new?.valuePerPoint)}`,
        ]),
        width,
        color,
        wrap: [true, true, true, true],
      }),
    );
  }
  const line = (name: string, o: Sums, n: Sums) => [
    name,
    `${o.cadres} → ${n.cadres}`,
    `${o.paid} → ${n.paid}`,
    formatYuan(o.payableFen),
    formatYuan(n.payableFen),
    signed(n.payableFen - o.payableFen),
  ];
  const totals = d.totals.towns
    .filter((x) => JSON.stringify(x.old) !== JSON.stringify(x.new))
    .map((x) => line(x.town, x.old, x.new));
  totals.push(line(t.total, d.totals.old, d.totals.new));
  out.push(
    ...bold(t.totalsTitle),
    fitTable({
      head: t.totalsHead,
      rows: totals,
      width,
      color,
      aligns: ['left', 'right', 'right', 'right', 'right', 'right'],
      wrap: [true, false, false, false, false, false],
      paint: (r, col, x) => (r === totals.length - 1 && col === 0 ? c.bold(x) : x),
    }),
  );
  return `${out.join('\n')}\n`;
}
