import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { EXIT, ExitError } from '../errors.js';
import {
  type BankFileInput,
  type BankRow,
  bankFileName,
  readBankFile,
  writeBankFile,
} from '../io/documents/bank-file.js';
import type { Approval } from '../io/documents/manifest.js';
import type { RosterRowRead } from '../io/documents/roster/read.js';
import { checkTargets, writeAllAtomicStreams } from '../io/files/atomic.js';
import { sha256Hex } from '../io/files/fingerprint.js';
import { loadPolicy } from '../io/policy/policy.js';
import { luhnValid } from '../io/workbook/ids.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import { type Progress, progress, renderPayout } from '../report/payout-text.js';
import { type Finding, hasErrors } from '../rules/findings.js';
import { formatYuan, sumFen } from '../rules/money.js';
import { rmbUpper } from '../rules/rmb-upper.js';
import type { Ctx, Outcome } from './context.js';
import { addCommonOptions, addOutputOptions, addPolicyOption, type CommonOpts } from './options.js';
import {
  CARD_FORM,
  fileFinding,
  MANIFEST_SHEET,
  notXlsxKind,
  openedRoster,
  ROSTER_SHEET,
  readRosterStreamed,
  rosterFinding,
} from './roster-checks.js';
import { action } from './runner.js';

export type Batch = 'base' | 'reward' | 'all';
export const BATCHES: readonly Batch[] = ['base', 'reward', 'all'];

const SUMMARY_LABEL: Record<Batch, string> = { base: '基本补贴', reward: '奖励补贴', all: '补贴' };

/** 摘要 of every detail row: `2012年度农村干部基本补贴` (spec/outputs.md, 银行代发). */
export function batchSummary(year: number, batch: Batch): string {
  return `${year}年度农村干部${SUMMARY_LABEL[batch]}`;
}

/**
 * The batch id: the first 16 hex digits of SHA-256 over the roster digest and the batch,
 * so the same roster and batch always give the same id and another roster never does.
 */
export function batchIdOf(rosterDigest: string, batch: Batch): string {
  return sha256Hex(`cadre-calc payout batch v1\n${rosterDigest}\n${batch}`).slice(0, 16);
}

/** The amount of one roster row in a batch: base → 基本补贴, reward → 奖励补贴, all → 应发合计. */
export function amountOf(r: RosterRowRead, batch: Batch): number {
  return batch === 'base' ? r.baseFen : batch === 'reward' ? r.rewardFen : r.payableFen;
}

export interface Excluded {
  idNumber: string;
  name: string;
  reason: string;
  /** The bank the person would have been paid through ('' when none). */
  bank: string;
  amountFen: number;
}

export interface PlannedBank {
  bank: string;
  rows: BankRow[];
  totalFen: number;
  /** Held people who would otherwise be in this bank's file. */
  excluded: Excluded[];
}

export interface PayoutPlan {
  banks: PlannedBank[];
  excluded: Excluded[];
  findings: Finding[];
  /**
   * Σ of the batch's amount over every paid, not held roster row, summed row by row
   * (not through the plan): what the bank files together must come to.
   */
  expectedTotalFen: number;
}

interface Person {
  idNumber: string;
  rows: RosterRowRead[];
}

const rowList = (rows: readonly RosterRowRead[]) => rows.map((r) => r.row).join(', ');
const distinct = (xs: readonly string[]) => [...new Set(xs)];

/**
 * Who is paid how much through which bank in one batch (spec/outputs.md, 银行代发). One bank
 * row per person (ID number) with the sum of their paid rows, in roster order; zero amounts
 * and unpaid rows are left out silently; a person with a hold on any row is excluded and
 * listed with the reason. Every person to be paid needs one name, one bank and one 12–19
 * digit account over all their rows; a card number under two ID numbers is an error (also
 * for held people: the card is wrong either way); a Luhn failure is a warning.
 */
export function planPayout(rows: readonly RosterRowRead[], batch: Batch, file: string): PayoutPlan {
  const findings: Finding[] = [];
  const people = new Map<string, Person>();
  for (const r of rows) {
    const p = people.get(r.idNumber);
    if (p) p.rows.push(r);
    else people.set(r.idNumber, { idNumber: r.idNumber, rows: [r] });
  }

  // One card, one person: over every row that names a card.
  const byCard = new Map<string, Map<string, RosterRowRead>>();
  for (const r of rows) {
    if (!r.account) continue;
    const owners = byCard.get(r.account) ?? new Map<string, RosterRowRead>();
    byCard.set(r.account, owners);
    if (!owners.has(r.idNumber)) owners.set(r.idNumber, r);
  }
  for (const [card, owners] of byCard) {
    if (owners.size < 2) continue;
    const list = [...owners.values()];
    for (const r of list) {
      const others = list
        .filter((o) => o !== r)
        .map((o) => `${o.name}（${o.row}）`)
        .join('、');
      findings.push(
        rosterFinding('error', 'payout_card_shared', file, r.row, '银行卡号', card, { name: r.name, others }),
      );
    }
  }

  const banks = new Map<string, PlannedBank>();
  const excluded: Excluded[] = [];
  for (const p of people.values()) {
    const paying = p.rows.filter((r) => r.paid && amountOf(r, batch) !== 0);
    const amountFen = sumFen(paying.map((r) => amountOf(r, batch)));
    if (amountFen <= 0) continue;
    const first = paying[0] as RosterRowRead;
    const holds = distinct(p.rows.map((r) => r.hold.trim()).filter(Boolean));
    const names = distinct(paying.map((r) => r.name));
    const bankNames = distinct(paying.map((r) => r.bank.trim()));
    const accounts = distinct(paying.map((r) => r.account));
    const bank = bankNames.length === 1 ? (bankNames[0] as string) : '';

    if (holds.length) {
      excluded.push({
        idNumber: p.idNumber,
        name: first.name,
        reason: `暂停发放: ${holds.join('；')}`,
        bank,
        amountFen,
      });
      continue;
    }

    let ok = true;
    const conflict = (header: '姓名' | '开户行' | '银行卡号', values: string[]) => {
      ok = false;
      findings.push(
        rosterFinding('error', 'payout_person_conflict', file, first.row, header, p.idNumber, {
          rows: rowList(paying),
          got: values.map((v) => v || '（空）').join(' / '),
        }),
      );
    };
    if (names.length > 1) conflict('姓名', names);
    if (bankNames.length > 1) conflict('开户行', bankNames);
    if (accounts.length > 1) conflict('银行卡号', accounts);
    if (!ok) continue;

    const account = accounts[0] as string;
    if (!bank) {
      ok = false;
      findings.push(
        rosterFinding('error', 'payout_bank_missing', file, first.row, '开户行', '', { name: first.name }),
      );
    }
    if (!CARD_FORM.test(account)) {
      ok = false;
      findings.push(
        rosterFinding('error', 'payout_card_invalid', file, first.row, '银行卡号', account, {
          name: first.name,
        }),
      );
    } else if (!luhnValid(account)) {
      findings.push(
        rosterFinding('warning', 'payout_card_luhn', file, first.row, '银行卡号', account, {
          name: first.name,
        }),
      );
    }
    if (!ok) continue;

    const b = banks.get(bank) ?? { bank, rows: [], totalFen: 0, excluded: [] };
    banks.set(bank, b);
    b.rows.push({ name: first.name, idNumber: p.idNumber, account, amountFen });
  }

  for (const x of excluded) banks.get(x.bank)?.excluded.push(x);
  const planned = [...banks.values()].map((b) => ({
    ...b,
    totalFen: sumFen(b.rows.map((r) => r.amountFen)),
  }));

  const heldIds = new Set(excluded.map((x) => x.idNumber));
  const expectedTotalFen = sumFen(
    rows.filter((r) => r.paid && !heldIds.has(r.idNumber)).map((r) => amountOf(r, batch)),
  );
  return { banks: planned, excluded, findings, expectedTotalFen };
}

/**
 * Departments the policy requires that have not approved the roster's current digest: a
 * missing approval, or one given to another version of the roster (stale).
 */
export function approvalFindings(
  file: string,
  required: readonly string[],
  approvals: readonly Approval[],
  digest: string,
): Finding[] {
  const out: Finding[] = [];
  for (const dept of required) {
    if (approvals.some((a) => a.dept === dept && a.digest === digest)) continue;
    const old = approvals.find((a) => a.dept === dept);
    out.push(
      old
        ? fileFinding('error', 'payout_approval_stale', file, MANIFEST_SHEET, dept, {
            by: old.by,
            at: old.at,
            got: old.digest,
          })
        : fileFinding('error', 'payout_approval_missing', file, MANIFEST_SHEET, dept, { expected: digest }),
    );
  }
  return out;
}

export interface PayoutBank {
  bank: string;
  file: string;
  count: number;
  totalFen: number;
  totalUpper: string;
}

export interface PayoutBody extends Record<string, unknown> {
  command: 'payout';
  ok: boolean;
  batch: Batch;
  batchId: string;
  files: string[];
  banks: PayoutBank[];
  excluded: { idNumber: string; name: string; reason: string }[];
}

interface PayoutOpts extends CommonOpts {
  batch?: string;
}

function readbackFinding(
  file: string,
  what: string,
  expected: string | number,
  got: string | number,
): Finding {
  return fileFinding('error', 'payout_readback', file, '', '', {
    what,
    expected: String(expected),
    got: String(got),
  });
}

/**
 * Reads every written bank file back (from `from`, its temporary file, when given) and
 * checks it against the plan: count and sum in fen
 * of the detail rows, the control sheet's count, total, uppercase total and batch id, every
 * detail row, and the files together against the roster's own total for the batch.
 */
export async function readBackBankFiles(
  written: { path: string; bank: PlannedBank; from?: string }[],
  batchId: string,
  expectedTotalFen: number,
): Promise<Finding[]> {
  const problems: Finding[] = [];
  let allFen = 0n;
  for (const { path, bank, from } of written) {
    let got: Awaited<ReturnType<typeof readBankFile>>;
    try {
      got = await readBankFile(from ?? path);
    } catch (e) {
      if (!(e instanceof ExitError)) throw e;
      for (const f of e.findings) {
        notXlsxKind(f);
        // named by the file it becomes, not by the temporary file read
        if (f.file === from) f.file = path;
      }
      problems.push(fileFinding('error', 'payout_readback_format', path, ''), ...e.findings);
      continue;
    }
    allFen += BigInt(got.totalFen);
    const check = (what: string, expected: string | number, actual: string | number) => {
      if (expected !== actual) problems.push(readbackFinding(path, what, expected, actual));
    };
    check('笔数', bank.rows.length, got.count);
    check('总金额', formatYuan(bank.totalFen, false), formatYuan(got.totalFen, false));
    check('控制信息 笔数', got.count, got.control.count);
    check('控制信息 总金额', formatYuan(got.totalFen, false), formatYuan(got.control.totalFen, false));
    check('总金额大写', rmbUpper(got.totalFen), got.control.upper);
    check('批次', batchId, got.control.batchId);
    const line = (r: BankRow) => `${r.idNumber} ${r.name} ${r.account} ${formatYuan(r.amountFen, false)}`;
    bank.rows.forEach((r, i) => {
      const back = got.rows[i];
      if (back && line(back) !== line(r)) check(`代发明细 第 ${i + 2} 行`, line(r), line(back));
    });
  }
  if (allFen !== BigInt(expectedTotalFen)) {
    problems.push(
      readbackFinding(
        '',
        '全部银行文件合计 / 花名册本批次合计',
        formatYuan(expectedTotalFen, false),
        formatYuan(Number(allFen), false),
      ),
    );
  }
  return problems;
}

/**
 * `cadre-calc payout <roster.xlsx> --batch base|reward|all`: the bank payout rosters, one per
 * bank (spec/outputs.md, 银行代发). Refuses (exit 3, every reason at once) unless the roster
 * is unedited, final, approved by every required department for its current digest and
 * every person to be paid has a bank and a card; reads every file back before it succeeds.
 */
export async function payoutCommand(args: string[], opts: PayoutOpts, ctx: Ctx): Promise<Outcome> {
  const shown = progress(ctx);
  try {
    return await runPayout(args, opts, ctx, shown);
  } finally {
    shown.done();
  }
}

async function runPayout(args: string[], opts: PayoutOpts, ctx: Ctx, shown: Progress): Promise<Outcome> {
  const file = args[0] ?? '';
  const batch = opts.batch as Batch;
  if (!BATCHES.includes(batch)) throw new RangeError(`payout: unknown batch ${String(opts.batch)}`);
  const outDir = opts.out ?? './out';

  const loaded = await loadPolicy(opts.policy);
  shown.step('read', file);
  const roster = await readRosterStreamed(file);
  shown.step('check');
  const body: PayoutBody = {
    command: 'payout',
    ok: false,
    batch,
    batchId: '',
    files: [],
    banks: [],
    excluded: [],
  };
  const { manifest, state, findings } = await openedRoster(file, roster, loaded, body);
  const batchId = batchIdOf(state.digest, batch);
  body.batchId = batchId;
  if (roster.provisional || manifest.provisional) {
    findings.push(fileFinding('error', 'payout_provisional', file, MANIFEST_SHEET, manifest.asOf));
  }
  const approvals = manifest.approvals.filter((a) => a.digest === state.digest);
  findings.push(...approvalFindings(file, loaded.policy.approval.required, manifest.approvals, state.digest));

  const plan = planPayout(roster.rows, batch, file);
  findings.push(...plan.findings);
  body.excluded = plan.excluded.map(({ idNumber, name, reason }) => ({ idNumber, name, reason }));

  const targets = plan.banks.map((b) => ({
    bank: b,
    path: join(outDir, bankFileName(manifest.year, batch, b.bank)),
  }));
  try {
    await checkTargets(
      targets.map((t) => t.path),
      [file],
      Boolean(opts.force),
    );
  } catch (e) {
    if (!(e instanceof ExitError)) throw e;
    findings.push(...e.findings);
  }
  if (hasErrors(findings)) throw new ExitError(EXIT.refused, findings, body);

  shown.step('write', `${targets.length}`);
  const summary = batchSummary(manifest.year, batch);
  // Each file is written as soon as it is made (no bank's bytes wait for the others) and
  // read back from its temporary file: the targets are replaced, together, only by files
  // that were checked. A file that fails the check never appears, nor is an older one
  // (--force) removed.
  await writeAllAtomicStreams(
    targets.map((t) => ({
      path: t.path,
      write: async (tmp: string) => {
        const input: BankFileInput = {
          year: manifest.year,
          batch,
          bank: t.bank.bank,
          batchId,
          rosterDigest: state.digest,
          summary,
          rows: t.bank.rows,
          approvals: approvals.map(({ dept, by, at, digest }) => ({ dept, by, at, digest })),
          excluded: t.bank.excluded.map(({ idNumber, name, reason }) => ({ idNumber, name, reason })),
        };
        await writeBankFile(tmp, input);
      },
    })),
    async (written) => {
      shown.step('readBack');
      const back = written.map((w, i) => ({
        path: w.path,
        from: w.tmp,
        bank: (targets[i] as (typeof targets)[number]).bank,
      }));
      const problems = await readBackBankFiles(back, batchId, plan.expectedTotalFen);
      if (problems.length) throw new ExitError(EXIT.refused, [...findings, ...problems], body);
    },
  );

  if (!plan.banks.length) {
    findings.push(fileFinding('warning', 'payout_nothing', file, ROSTER_SHEET, batch));
  }
  body.ok = true;
  body.files = targets.map((t) => t.path);
  body.banks = targets.map((t) => ({
    bank: t.bank.bank,
    file: t.path,
    count: t.bank.rows.length,
    totalFen: t.bank.totalFen,
    totalUpper: rmbUpper(t.bank.totalFen),
  }));

  shown.done();
  if (!ctx.json) {
    const warnings = findings.filter((f) => f.level === 'warning');
    if (warnings.length && !ctx.quiet)
      ctx.stderr.write(renderFindings(warnings, ctx.lang, ctx.color, ctx.width));
    ctx.stdout.write(renderPayout(body, plan.excluded, ctx.lang, ctx.color, ctx.width));
  }
  return { code: EXIT.ok, body: { ...body, findings: findingsJson(findings, ctx.lang) } };
}

export function registerPayoutCommand(program: Command): void {
  const cmd = program
    .command('payout')
    .description('bank payout rosters, one per bank, from an approved final roster')
    .argument('<roster.xlsx>', 'the approval roster written by subsidy')
    .addOption(
      new Option('--batch <batch>', 'base (基本补贴), reward (奖励补贴) or all')
        .choices([...BATCHES])
        .makeOptionMandatory(),
    );
  addPolicyOption(cmd);
  addOutputOptions(cmd);
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('payout', payoutCommand));
}
