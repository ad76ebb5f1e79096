import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { formatYuan } from '../rules/money.js';
import { escapeTerminal as esc } from './escape.js';
import type { Lang } from './lang.js';

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
    none: '本批次没有需要代发的金额，未写出文件。',
    recorded: (a: Approval) => `已记录审批：${a.dept} ${a.by}，${a.at}`,
    digest: '花名册摘要',
    state: '审批情况',
    done: '已审批',
    waiting: '待审批',
    ready: '各部门均已审批，可运行 payout 生成银行代发文件。',
    file: '已写回：',
  },
  en: {
    payoutTitle: (batch: string, id: string) => `Bank payout (${batch}), batch ${id}`,
    bankHead: ['Bank', 'Count', 'Total', 'Total in words', 'File'],
    total: 'Total',
    excludedTitle: 'Not paid in this batch',
    excludedHead: ['ID number', 'Name', 'Bank', 'Amount', 'Reason'],
    none: 'Nothing to pay in this batch; no file was written.',
    recorded: (a: Approval) => `Approval recorded: ${a.dept}, ${a.by}, ${a.at}`,
    digest: 'Roster digest',
    state: 'Approvals',
    done: 'approved',
    waiting: 'waiting',
    ready: 'Every department has approved: payout can now write the bank files.',
    file: 'Rewritten:',
  },
};

const style = (color: boolean) => ({ head: color ? ['cyan'] : [], border: color ? ['grey'] : [] });

/**
 * The human summary of a payout run: one table of the banks (count, total, uppercase
 * total, file) with a total line, then everyone left out with the reason.
 */
export function renderPayout(
  body: PayoutSummary,
  excluded: readonly ExcludedPerson[],
  lang: Lang,
  color: boolean,
): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines = [c.bold(t.payoutTitle(body.batch, body.batchId))];
  if (!body.banks.length) lines.push(t.none);
  else {
    const table = new Table({
      head: t.bankHead,
      style: style(color),
      colAligns: ['left', 'right', 'right', 'left', 'left'],
    });
    let count = 0;
    let total = 0;
    for (const b of body.banks) {
      table.push([esc(b.bank), b.count, formatYuan(b.totalFen), b.totalUpper, esc(b.file)]);
      count += b.count;
      total += b.totalFen;
    }
    if (body.banks.length > 1) table.push([c.bold(t.total), count, c.bold(formatYuan(total)), '', '']);
    lines.push(table.toString());
  }
  if (excluded.length) {
    const table = new Table({
      head: t.excludedHead,
      style: style(color),
      colAligns: ['left', 'left', 'left', 'right', 'left'],
    });
    for (const x of excluded)
      table.push([esc(x.idNumber), esc(x.name), esc(x.bank), formatYuan(x.amountFen), esc(x.reason)]);
    lines.push(c.yellow(t.excludedTitle), table.toString());
  }
  return `${lines.join('\n')}\n`;
}

/** The human result of approve: what was recorded, and which required departments are still to approve. */
export function renderApprove(
  body: { files: string[]; digest: string; approvals: Approval[] },
  recorded: Approval,
  required: readonly string[],
  lang: Lang,
  color: boolean,
): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const table = new Table({ head: [t.state, '', '', ''], style: style(color) });
  let all = true;
  for (const dept of required) {
    const a = body.approvals.find((x) => x.dept === dept && x.digest === body.digest);
    if (!a) all = false;
    table.push(a ? [dept, c.green(t.done), esc(a.by), esc(a.at)] : [dept, c.yellow(t.waiting), '', '']);
  }
  const shown = { ...recorded, by: esc(recorded.by), at: esc(recorded.at) };
  const lines = [c.bold(t.recorded(shown)), `${t.digest}: ${body.digest}`, table.toString()];
  if (all) lines.push(t.ready);
  lines.push(t.file, ...body.files.map((f) => `  ${esc(f)}`));
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
      ctx.stderr.write(`\r${STAGES[ctx.lang][stage]}${detail ? ` ${esc(detail)}` : ''}…`.padEnd(60));
    },
    done: () => {
      if (shown) ctx.stderr.write(`\r${' '.repeat(60)}\r`);
      shown = false;
    },
  };
}
