import { Chalk } from 'chalk';
import { formatYuan } from '../rules/money.js';
import type { Lang } from './lang.js';
import { fitTable, wrapIndented, wrapText } from './layout.js';

interface Approval {
  dept: string;
  by: string;
  at: string;
  digest: string;
}

interface PayoutSummary {
  batch: string;
  batchId: string;
  banks: { bank: string; file: string; count: number; totalFen: number; totalUpper: string }[];
}

interface ExcludedPerson {
  idNumber: string;
  name: string;
  reason: string;
  bank: string;
  amountFen: number;
}

const L = {
  zh: {
    payoutTitle: (batch: string, id: string) =>
      `银行代发（${({ base: '基本补贴', reward: '奖励补贴', all: '全部补贴' } as Record<string, string>)[batch] ?? batch}），批次 ${id}`,
    bankHead: ['开户行', '笔数', '总金额', '总金额大写', '文件'],
    total: '合计',
    excludedTitle: '未列入代发的人员',
    excludedHead: ['身份证号', '姓名', '开户行', '金额', '原因'],
    excludedMore: (n: number, yuan: string) =>
      `另有 ${n} 人未列出（合计 ${yuan} 元）：全部名单及原因见代发汇总表的“暂停发放名单”表和 --json 的 excluded。`,
    none: '本批次没有需要代发的金额，未写出文件。',
    recorded: (a: Approval) => `已记录审批：${a.dept} ${a.by}，${a.at}`,
    digest: '花名册摘要',
    approvalHead: ['部门', '审批情况', '审批人', '时间'],
    done: '已审批',
    waiting: '待审批',
    ready: '各部门均已审批，可运行 payout 生成银行代发文件。',
    provisional: (asOf: string) =>
      `这是截至 ${asOf} 的预计花名册：审批已记录，但不能据此代发。年度结束后重新运行 subsidy，审批最终花名册。`,
    file: '已写回：',
  },
  en: {
    payoutTitle: (batch: string, id: string) => `Bank payout (${batch}), batch ${id}`,
    bankHead: ['Bank', 'Count', 'Total', 'Total in words', 'File'],
    total: 'Total',
    excludedTitle: 'Not paid in this batch',
    excludedHead: ['ID number', 'Name', 'Bank', 'Amount', 'Reason'],
    excludedMore: (n: number, yuan: string) =>
      `${n} more not listed here (${yuan} yuan): everyone with the reason is in the summary workbook's 暂停发放名单 sheet and in --json excluded.`,
    none: 'Nothing to pay in this batch; no file was written.',
    recorded: (a: Approval) => `Approval recorded: ${a.dept}, ${a.by}, ${a.at}`,
    digest: 'Roster digest',
    approvalHead: ['Department', 'Approval', 'By', 'At'],
    done: 'approved',
    waiting: 'waiting',
    ready: 'Every department has approved: payout can now write the bank files.',
    provisional: (asOf: string) =>
      `This is a provisional roster as of ${asOf}: the approval is recorded, but it cannot be paid. After the year ends, run subsidy again and approve the final roster.`,
    file: 'Rewritten:',
  },
};

/**
 * Held people listed on the terminal: a full sheet holds ten thousand of them, which no one
 * reads on a screen (and laying them out took seconds); the summary workbook and --json list all.
 */
export const EXCLUDED_SHOWN = 50;

/**
 * The human summary of a payout run: one table of the banks (count, total, uppercase
 * total, file) with a total line, then everyone left out with the reason; laid out for `width` columns.
 */
export function renderPayout(
  body: PayoutSummary,
  excluded: readonly ExcludedPerson[],
  lang: Lang,
  color: boolean,
  width = 80,
): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines = wrapText(t.payoutTitle(body.batch, body.batchId), width).map((l) => c.bold(l));
  if (!body.banks.length) lines.push(...wrapText(t.none, width));
  else {
    const rows: (string | number)[][] = [];
    let count = 0;
    let total = 0;
    for (const b of body.banks) {
      rows.push([b.bank, b.count, formatYuan(b.totalFen), b.totalUpper, b.file]);
      count += b.count;
      total += b.totalFen;
    }
    if (body.banks.length > 1) rows.push([t.total, count, formatYuan(total), '', '']);
    const last = body.banks.length > 1 ? rows.length - 1 : -1;
    lines.push(
      fitTable({
        head: t.bankHead,
        rows,
        width,
        color,
        aligns: ['left', 'right', 'right', 'left', 'left'],
        wrap: [true, false, false, true, true],
        paint: (r, col, x) => (r === last && (col === 0 || col === 2) ? c.bold(x) : x),
      }),
    );
  }
  if (excluded.length) {
    lines.push(
      ...wrapText(t.excludedTitle, width).map((l) => c.yellow(l)),
      fitTable({
        head: t.excludedHead,
        rows: excluded
          .slice(0, EXCLUDED_SHOWN)
          .map((x) => [
            x.idNumber,
            x.name,
            x.bank,
            formatYuan(x.amountFen),
            lang === 'zh' ? chineseColons(x.reason) : x.reason,
          ]),
        width,
        color,
        aligns: ['left', 'left', 'left', 'right', 'left'],
        wrap: [false, true, true, false, true],
      }),
    );
    if (excluded.length > EXCLUDED_SHOWN) {
      const rest = excluded.slice(EXCLUDED_SHOWN);
      const fen = rest.reduce((t, x) => t + x.amountFen, 0);
      lines.push(...wrapText(t.excludedMore(rest.length, formatYuan(fen)), width));
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Chinese text with a full-width colon after Chinese words: the --json reason keeps the
 * spec's form ("暂停发放: …"), the clerk reads "暂停发放：…".
 */
export function chineseColons(s: string): string {
  return s.replace(/(\p{Script=Han}): ?/gu, '$1：');
}

/** The human result of approve: what was recorded, and which required departments are still to approve; laid out for `width` columns. */
export function renderApprove(
  body: { files: string[]; digest: string; approvals: Approval[] },
  recorded: Approval,
  required: readonly string[],
  lang: Lang,
  color: boolean,
  width = 80,
  provisionalAsOf: string | null = null,
): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const rows: string[][] = [];
  let all = true;
  for (const dept of required) {
    const a = body.approvals.find((x) => x.dept === dept && x.digest === body.digest);
    if (!a) all = false;
    rows.push(a ? [dept, t.done, a.by, a.at] : [dept, t.waiting, '', '']);
  }
  const lines = [
    ...wrapText(t.recorded(recorded), width).map((l) => c.bold(l)),
    ...wrapText(`${t.digest}${lang === 'zh' ? '：' : ': '}${body.digest}`, width),
    fitTable({
      head: t.approvalHead,
      rows,
      width,
      color,
      wrap: [true, false, true, false],
      paint: (r, col, x) => (col === 1 ? (rows[r]?.[1] === t.done ? c.green(x) : c.yellow(x)) : x),
    }),
  ];
  // A provisional (预计) roster may be approved, never paid: say so where the result is read.
  if (provisionalAsOf) lines.push(...wrapText(t.provisional(provisionalAsOf), width).map((l) => c.yellow(l)));
  else if (all) lines.push(...wrapText(t.ready, width));
  lines.push(t.file, ...body.files.flatMap((f) => wrapIndented(f, width, '', 2)));
  return `${lines.join('\n')}\n`;
}

const STAGES = {
  zh: {
    read: '读取花名册',
    check: '核对',
    write: '写出银行文件',
    readBack: '读回核对',
    rewrite: '写回花名册',
  },
  en: {
    read: 'reading the roster',
    check: 'checking',
    write: 'writing bank files',
    readBack: 'reading back',
    rewrite: 'rewriting the roster',
  },
};
export type Stage = keyof (typeof STAGES)['en'];
export interface Progress {
  step(stage: Stage, detail?: string): void;
  done(): void;
}

/** A progress writer for a terminal (spec/cli.md: work over about a second shows progress); a no-op otherwise. */
export function progress(ctx: {
  progress: boolean;
  lang: Lang;
  stderr: { write(s: string): unknown };
}): Progress {
  if (!ctx.progress) return { step: () => undefined, done: () => undefined };
  let shown = false;
  return {
    step: (stage, detail) => {
      shown = true;
      ctx.stderr.write(`\r${STAGES[ctx.lang][stage]}${detail ? ` ${detail}` : ''}…`.padEnd(60));
    },
    done: () => {
      if (shown) ctx.stderr.write(`\r${' '.repeat(60)}\r`);
      shown = false;
    },
  };
}
