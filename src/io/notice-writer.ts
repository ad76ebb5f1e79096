/**
 * 公示表-YEAR.xlsx (spec/outputs.md): one sheet per town, posted on village boards — no ID,
 * card, bank, hold reason or remark ever reaches it — and the 校验 sheet.
 */
import type { CadreResult, RunResult } from '../rules/compute.js';
import type { Policy } from '../rules/types.js';
import { MANIFEST_SHEET, type Manifest } from './manifest.js';
import { manifestSheetFast, type OutputMeta, personKey } from './roster-writer.js';
import {
  type Column,
  type RowSource,
  type TextHook,
  type XlsxOptions,
  XlsxWriter,
} from './xlsx-fast/index.js';
import { addDaysIso, fixedText, safeSheetName, zhDate } from './xlsx-fast/layout.js';

/** spec/outputs.md 公示表, in this order. */
export const NOTICE_HEADERS = [
  '序号',
  '村名',
  '职务',
  '姓名',
  '综合得分',
  '等次',
  '基本补贴',
  '奖励补贴',
  '合计',
] as const;

const NOTICE_COLUMNS: Column[] = [
  { header: '序号', kind: 'int', align: 'center' },
  { header: '村名', kind: 'text', maxWidth: 16 },
  { header: '职务', kind: 'text', align: 'center' },
  { header: '姓名', kind: 'text', align: 'center' },
  { header: '综合得分', kind: 'decimal', places: 2, numFmt: '0.00' },
  { header: '等次', kind: 'text', align: 'center' },
  { header: '基本补贴', kind: 'money' },
  { header: '奖励补贴', kind: 'money' },
  { header: '合计', kind: 'money' },
];

/** 公示表-2012.xlsx */
export function noticeFileName(year: number): string {
  return `公示表-${year}.xlsx`;
}

/**
 * The last day of the notice period. The period starts on the run date and lasts
 * `notice.days` calendar days counting the run date itself, so 5 days from 5 January end
 * on 9 January (spec/outputs.md: "from the run date, notice.days days").
 */
export function noticeEnd(runDate: string, days: number): string {
  return addDaysIso(runDate, Math.max(1, days) - 1);
}

/**
 * Everything a notice shows, as plain data (strings, numbers, typed arrays): what the
 * run decided, with nothing personal beyond the board's own columns. Built on the main
 * thread; written there, or by a worker thread for a province (notice-worker.ts) while
 * the roster is written, the same bytes either way.
 *
 * The rows are the paid rows (the people who receive a subsidy), town after town in
 * roster order. The second post of one person under `highest` is folded into the paid
 * row's 职务 (书记兼主任); rows of roles the policy does not subsidize are left out.
 */
export interface NoticeData {
  towns: NoticeTown[];
  /** The lines under each table, in order (说明, 预计, 公示期). */
  notes: string[];
  phone: string;
  issuer: string;
  runDate: string;
  manifest: Manifest;
  level?: number;
  // One entry per row:
  village: Int32Array;
  villages: string[];
  role: Int32Array;
  roles: string[];
  names: string[];
  /** 综合得分 rounded to 2 places (as 0.00 shows it), NaN when the village has none. */
  score: Float64Array;
  grade: Int32Array;
  /** 等次 texts; index 0 is '' (no grade). */
  grades: string[];
  base: Float64Array;
  reward: Float64Array;
  payable: Float64Array;
}

export interface NoticeTown {
  sheet: string;
  title: string;
  /** Its rows: [from, to) of the row columns. */
  from: number;
  to: number;
  base: number;
  reward: number;
  payable: number;
}

/** Index of a text in `list`, added on first sight. */
function indexer(list: string[]): (s: string) => number {
  const at = new Map<string, number>(list.map((s, i) => [s, i]));
  return (s) => {
    let i = at.get(s);
    if (i === undefined) {
      i = list.length;
      list.push(s);
      at.set(s, i);
    }
    return i;
  };
}

/** The notice of a run: its towns in roster order, each town's paid rows, its texts. */
export function noticeData(run: RunResult, policy: Policy, meta: OutputMeta): NoticeData {
  const byTown = new Map<string, CadreResult[]>();
  // The second posts of each person, found once (not a search of the town per row).
  const concurrent = new Map<string, string[]>();
  let paid = 0;
  for (const c of run.cadres) {
    if (c.unpaidReason === 'concurrent') {
      const k = personKey(c);
      const list = concurrent.get(k);
      if (list) list.push(c.record.role);
      else concurrent.set(k, [c.record.role]);
    }
    if (!c.paid) continue;
    paid++;
    const t = c.village.record.town;
    const list = byTown.get(t);
    if (list) list.push(c);
    else byTown.set(t, [c]);
  }
  const villages: string[] = [];
  const roles: string[] = [];
  const grades: string[] = [''];
  const villageIx = indexer(villages);
  const roleIx = indexer(roles);
  const gradeIx = indexer(grades);
  const d: NoticeData = {
    towns: [],
    notes: [],
    phone: policy.notice.phone,
    issuer: policy.notice.issuer,
    runDate: meta.runDate,
    manifest: { ...meta.manifest, kind: 'notice', rosterDigest: '', approvals: [] },
    ...(meta.level !== undefined ? { level: meta.level } : {}),
    village: new Int32Array(paid),
    villages,
    role: new Int32Array(paid),
    roles,
    names: new Array(paid),
    score: new Float64Array(paid),
    grade: new Int32Array(paid),
    grades,
    base: new Float64Array(paid),
    reward: new Float64Array(paid),
    payable: new Float64Array(paid),
  };
  const asOf = `截至${zhDate(run.asOf)}`;
  const taken = new Set<string>([MANIFEST_SHEET.toLowerCase()]);
  let k = 0;
  for (const { town } of run.towns) {
    const from = k;
    let base = 0;
    let reward = 0;
    let payable = 0;
    for (const c of byTown.get(town) ?? []) {
      const others = concurrent.size ? concurrent.get(personKey(c)) : undefined;
      d.village[k] = villageIx(c.village.record.name);
      d.role[k] = roleIx(others ? [c.record.role, ...others].join('兼') : c.record.role);
      d.names[k] = c.record.name;
      d.score[k] = c.score === null ? Number.NaN : Number(fixedText(c.score, 2));
      d.grade[k] = c.grade === null ? 0 : gradeIx(c.grade);
      d.base[k] = c.baseFen;
      d.reward[k] = c.rewardFen;
      d.payable[k] = c.payableFen;
      base += c.baseFen;
      reward += c.rewardFen;
      payable += c.payableFen;
      k++;
    }
    d.towns.push({
      sheet: safeSheetName(town, taken),
      title: `${policy.city}${policy.year}年度农村干部补贴公示（${town}）${run.provisional ? `（预计，${asOf}）` : ''}`,
      from,
      to: k,
      base,
      reward,
      payable,
    });
  }
  const end = noticeEnd(meta.runDate, policy.notice.days);
  d.notes.push(
    '说明：基本补贴按村户数档次标准、职务比例和任职月数计算；奖励补贴由奖励池按综合得分以分值法分配。',
  );
  if (run.provisional) d.notes.push(`本表为预计数（${asOf}），以年终考核结果为准，不作发放依据。`);
  d.notes.push(
    `公示期：${zhDate(meta.runDate)}至${zhDate(end)}（共${policy.notice.days}天）。公示期间如有异议，请向${policy.notice.issuer}反映。`,
  );
  return d;
}

/** A town's rows, made when asked for (to measure, to size the page, to write), never held: see FastSheet.finish. */
function townRows(d: NoticeData, t: NoticeTown): RowSource {
  return {
    length: t.to - t.from,
    get: (i) => {
      const k = t.from + i;
      const score = d.score[k] as number;
      return [
        i + 1,
        d.villages[d.village[k] as number] as string,
        d.roles[d.role[k] as number] as string,
        d.names[k] as string,
        Number.isNaN(score) ? null : score,
        d.grades[d.grade[k] as number] as string,
        d.base[k] as number,
        d.reward[k] as number,
        d.payable[k] as number,
      ];
    },
  };
}

/** The notice workbook's bytes: one sheet per town in roster order, then 校验 (kind notice, no roster digest). */
export async function noticeWorkbookBytes(
  run: RunResult,
  policy: Policy,
  meta: OutputMeta,
  onText?: TextHook,
): Promise<Buffer> {
  const d = noticeData(run, policy, meta);
  const xw = XlsxWriter.toBuffer(noticeOptions(d, onText));
  await writeNotice(xw, d);
  await xw.close();
  return xw.bytes();
}

/**
 * The notice streamed into the file at `path` (a temporary file the command renames).
 * `onText` sees every string and number written: the command's privacy check.
 */
export async function writeNoticeFile(
  path: string,
  run: RunResult,
  policy: Policy,
  meta: OutputMeta,
  onText?: TextHook,
): Promise<void> {
  await writeNoticeDataFile(path, noticeData(run, policy, meta), onText);
}

/** The notice of `d` streamed into the file at `path` (on the main thread or in notice-worker.ts). */
export async function writeNoticeDataFile(path: string, d: NoticeData, onText?: TextHook): Promise<void> {
  const xw = XlsxWriter.toFile(path, noticeOptions(d, onText));
  try {
    await writeNotice(xw, d);
    await xw.close();
  } catch (e) {
    xw.abort();
    throw e;
  }
}

function noticeOptions(d: NoticeData, onText?: TextHook): XlsxOptions {
  return {
    sheets: [...d.towns.map((t) => t.sheet), MANIFEST_SHEET],
    date: d.runDate,
    ...(d.level !== undefined ? { level: d.level } : {}),
    ...(onText ? { onText } : {}),
  };
}

async function writeNotice(xw: XlsxWriter, d: NoticeData): Promise<void> {
  for (const t of d.towns) {
    const sb = await xw.sheet(t.sheet, { fontSize: 14 });
    sb.title(t.title);
    sb.table(NOTICE_COLUMNS, townRows(d, t), [
      '合计',
      null,
      null,
      null,
      null,
      null,
      t.base,
      t.reward,
      t.payable,
    ]);
    sb.blank();
    for (const note of d.notes) sb.note(note);
    sb.split([`监督电话：${d.phone}`, '']);
    sb.split(['', d.issuer], 'right');
    sb.split(['', zhDate(d.runDate)], 'right');
    await sb.finish({ fill: true, onePage: true });
  }
  await manifestSheetFast(xw, d.manifest);
}
