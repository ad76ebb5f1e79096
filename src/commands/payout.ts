import { basename, join } from 'node:path';
import { type Command, Option } from 'commander';
import { EXIT, ExitError } from '../errors.js';
import { judgePayout } from '../io/approvals/judge.js';
import { loadTrust, TRUST_ENV } from '../io/approvals/trust.js';
import {
  type BankFileInput,
  type BankRow,
  bankNameClashes,
  bankNameProblem,
  readBankFile,
  writeBankFile,
} from '../io/documents/bank-file.js';
import { assignTargets, type BankTarget } from '../io/documents/banks/assign.js';
import {
  checkGenericValues,
  checkProfileValues,
  type ProfileFileInput,
  type ProfileRow,
} from '../io/documents/banks/fields.js';
import { type BankProfile, GENERIC_PROFILE_ID, loadProfiles } from '../io/documents/banks/profile.js';
import { decideIssue, readRegisterFile, recordIssue } from '../io/documents/banks/register.js';
import { summaryFileName, writeSummaryFile } from '../io/documents/banks/summary.js';
import { readBackTextFile, writeTextFile } from '../io/documents/banks/text-file.js';
import { readBackProfileXlsx, writeProfileXlsx } from '../io/documents/banks/xlsx-file.js';
import type { IssueRecord } from '../io/documents/manifest.js';
import type { RosterRowRead } from '../io/documents/roster/read.js';
import { checkTargets, writeAllAtomicStreams } from '../io/files/atomic.js';
import { sha256Hex } from '../io/files/fingerprint.js';
import { loadPolicy } from '../io/policy/policy.js';
import { luhnValid } from '../io/workbook/ids.js';
import { localIsoDate, localIsoDateTime } from '../io/xlsx/dates.js';
import { renderIssue } from '../report/banks-text.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import { type Progress, progress, renderPayout } from '../report/payout-text.js';
import { type Finding, hasErrors } from '../rules/findings.js';
import { formatYuan, sumFen } from '../rules/money.js';
import { rmbUpper } from '../rules/rmb-upper.js';
import { writeRosterWithManifest } from './approve.js';
import { lockedOutput, lockedRoster } from './common.js';
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
export function planPayout(
  rows: readonly RosterRowRead[],
  batch: Batch,
  file: string,
  /** The roster's year, for the length of the file names (always four digits). */
  year = 2000,
): PayoutPlan {
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

  // Two spellings of one bank file (农商银行/信用社 and 农商银行／信用社, ICBC and icbc) would
  // write one file over the other; a name that cannot be a file name would fail after both
  // approvals. Refused before anything is written, naming both spellings.
  const firstRowOf = new Map<string, number>();
  for (const r of rows)
    if (r.bank.trim() && !firstRowOf.has(r.bank.trim())) firstRowOf.set(r.bank.trim(), r.row);
  for (const bank of banks.keys()) {
    const problem = bankNameProblem(year, bank);
    if (problem)
      findings.push(
        rosterFinding('error', problem, file, firstRowOf.get(bank) ?? 0, '开户行', bank, { max: 255 }),
      );
  }
  for (const { bank, first } of bankNameClashes(banks.keys())) {
    findings.push(
      rosterFinding('error', 'bank_name_clash', file, firstRowOf.get(bank) ?? 0, '开户行', bank, {
        other: first,
        otherFile: file,
        otherSheet: ROSTER_SHEET,
        otherRow: firstRowOf.get(first) ?? 0,
      }),
    );
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

export interface PayoutBank {
  bank: string;
  /** The bank profile that wrote the file (spec/banks.md): `generic` or a profile's id. */
  profile: string;
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
  /** The payout register's view of this run (spec/banks.md); null when nothing was issued. */
  register: { issue: number; reissue: boolean; reason: string | null; summary: string } | null;
  /** The approvals' signatures were verified against the trust file (false: --unsigned). */
  signed: boolean;
}

interface PayoutOpts extends CommonOpts {
  batch?: string;
  banks?: string;
  reissue?: boolean;
  reason?: string;
  register?: string;
  trust?: string;
  unsigned?: boolean;
}

/** --reissue needs --reason and --reason needs --reissue (exit 2); the reason, trimmed, or null. */
function reissueReason(opts: PayoutOpts): string | null {
  const reason = (opts.reason ?? '').trim();
  if (!opts.reissue && opts.reason === undefined) return null;
  if (!opts.reissue || !reason) {
    throw new ExitError(EXIT.usage, [
      {
        level: 'error',
        code: opts.reissue ? 'payout_reissue_reason' : 'payout_reason_alone',
        file: '',
        sheet: '',
        row: 0,
        column: '',
        header: opts.reissue ? '--reason' : '--reissue',
        value: opts.reason ?? '',
      },
    ]);
  }
  return reason;
}

/** The bank profiles of `--banks DIR` or CADRE_CALC_BANKS; none (every bank generic) without either. */
async function payoutProfiles(opts: PayoutOpts, ctx: Ctx): Promise<BankProfile[]> {
  const dir = opts.banks ?? ctx.env.CADRE_CALC_BANKS;
  return dir ? loadProfiles(dir) : [];
}

/** YYYYMMDD of the run's local date ({date} of file names, `date` of summary lines). */
function runDate(ctx: Ctx): string {
  return localIsoDate(ctx.now()).replaceAll('-', '');
}

type Target = BankTarget<PlannedBank>;

/** The payers the profiles name, once each (the summary prints them; blank lines when none). */
function distinctPayers(targets: readonly Target[]): { name: string; account: string }[] {
  const out = new Map<string, { name: string; account: string }>();
  for (const t of targets)
    if (t.profile.payer) out.set(`${t.profile.payer.name}|${t.profile.payer.account}`, t.profile.payer);
  return [...out.values()];
}

/** What a profile's writer takes for one target. */
function profileInput(
  t: Target,
  base: Omit<ProfileFileInput, 'profile' | 'bankLabel' | 'rows' | 'totalFen' | 'excluded'>,
): ProfileFileInput {
  return {
    ...base,
    profile: t.profile,
    bankLabel: t.bankLabel,
    // a profile's target: its rows carry the 开户行 spelling
    rows: t.rows as ProfileRow[],
    totalFen: t.totalFen,
    excluded: t.excluded.map(({ idNumber, name, reason }) => ({ idNumber, name, reason })),
  };
}

/** Writes one profile's file (text or xlsx) into `tmp`. */
async function writeProfileFile(tmp: string, input: ProfileFileInput): Promise<void> {
  if (input.profile.format === 'text') await writeTextFile(tmp, input);
  else await writeProfileXlsx(tmp, input, input.date);
}

/** Reads one profile's file back from `tmp` with the profile alone (findings name `path`). */
async function readBackProfileFile(tmp: string, path: string, input: ProfileFileInput): Promise<Finding[]> {
  return input.profile.format === 'text'
    ? readBackTextFile(tmp, path, input)
    : readBackProfileXlsx(tmp, path, input);
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
    // The roster is locked for the whole read-check-write (approvals.md): an approval or
    // another payout cannot change it between the checks and the files.
    return await lockedRoster(
      args[0] ?? '',
      'payout',
      // not read-only: payout records the issued batch in the roster (spec/banks.md)
      // one clock reading for the run: the batch date, the summary's date and the record's time agree
      (warnings) => {
        const now = ctx.now();
        return runPayout(args, opts, { ...ctx, now: () => now }, shown, warnings);
      },
    );
  } finally {
    shown.done();
  }
}

async function runPayout(
  args: string[],
  opts: PayoutOpts,
  ctx: Ctx,
  shown: Progress,
  lockWarnings: Finding[],
): Promise<Outcome> {
  const file = args[0] ?? '';
  const batch = opts.batch as Batch;
  if (!BATCHES.includes(batch)) throw new RangeError(`payout: unknown batch ${String(opts.batch)}`);
  const outDir = opts.out ?? './out';

  if (opts.trust && opts.unsigned) {
    throw new ExitError(EXIT.usage, [fileFinding('error', 'payout_trust_unsigned', '', '')]);
  }
  const trustFile = opts.unsigned ? undefined : (opts.trust ?? (ctx.env[TRUST_ENV] || undefined));
  const loaded = await loadPolicy(opts.policy);
  const trust = trustFile ? await loadTrust(trustFile) : null;
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
    register: null,
    signed: Boolean(trust),
  };
  const { manifest, state, findings } = await openedRoster(file, roster, loaded, body);
  findings.push(...lockWarnings);
  const batchId = batchIdOf(state.digest, batch);
  body.batchId = batchId;
  if (roster.provisional || manifest.provisional) {
    findings.push(fileFinding('error', 'payout_provisional', file, MANIFEST_SHEET, manifest.asOf));
  }
  // Who approved: with --trust only valid, trusted, unrevoked signatures count; with
  // --unsigned the approvals as recorded (marked as not verified); with neither, nothing.
  if (!trust && !opts.unsigned) findings.push(fileFinding('error', 'payout_no_trust', file, MANIFEST_SHEET));
  if (trust && trust.city !== manifest.city) {
    findings.push(
      fileFinding('error', 'trust_city', trust.file, '', trust.city, { expected: manifest.city }),
    );
  }
  const judged = judgePayout(
    file,
    MANIFEST_SHEET,
    manifest.approvals,
    { digest: state.digest, provisional: manifest.provisional, preparedBy: manifest.preparedBy },
    loaded.policy.approval.required,
    trust,
  );
  findings.push(...judged.findings);
  if (!trust && opts.unsigned)
    findings.push(fileFinding('warning', 'payout_unsigned_warning', file, MANIFEST_SHEET));
  const approvals = judged.chosen.map((j) => j.approval);

  const plan = planPayout(roster.rows, batch, file, manifest.year);
  findings.push(...plan.findings);
  body.excluded = plan.excluded.map(({ idNumber, name, reason }) => ({ idNumber, name, reason }));

  const reason = reissueReason(opts);
  // ---- the payout register: was this batch (or an overlapping one) issued before? ----
  const registerFile = opts.register ?? ctx.env.CADRE_CALC_REGISTER ?? null;
  const decision = decideIssue(
    file,
    manifest.issues ?? [],
    registerFile ?? '',
    registerFile ? await readRegisterFile(registerFile) : [],
    state.digest,
    batch,
    reason !== null,
  );
  findings.push(...decision.findings);
  const reissue = reason === null ? null : { issue: decision.issue, reason };

  const profiles = await payoutProfiles(opts, ctx);
  const date = runDate(ctx);
  const assigned = assignTargets(plan.banks, profiles, { year: manifest.year, batch, date }, outDir, file);
  findings.push(...assigned.findings);
  const targets: Target[] = assigned.targets;
  const summary = batchSummary(manifest.year, batch);
  const approvalsShown = approvals.map(({ dept, by, at, digest, key }) => ({ dept, by, at, digest, key }));
  // with --unsigned the approvals were not verified: said in every xlsx control sheet, never in a text upload file
  const verified = Boolean(trust);
  const inputs = new Map<Target, ProfileFileInput>();
  for (const t of targets) {
    if (t.generic) {
      // today's layout writes text cells: only a leading = + - @ or a line break can hurt there
      findings.push(...checkGenericValues(t.generic.rows, t.path));
      continue;
    }
    const input = profileInput(t, {
      year: manifest.year,
      batch,
      batchId,
      rosterDigest: state.digest,
      memo: summary,
      date,
      approvals: approvalsShown,
      verified,
      reissue,
    });
    inputs.set(t, input);
    findings.push(...checkProfileValues(input, t.path));
  }
  const summaryPath = join(outDir, summaryFileName(manifest.year, batch));
  try {
    await checkTargets(
      [...targets.map((t) => t.path), ...(targets.length ? [summaryPath] : [])],
      [file],
      Boolean(opts.force),
    );
  } catch (e) {
    if (!(e instanceof ExitError)) throw e;
    findings.push(...e.findings);
  }
  if (hasErrors(findings)) throw new ExitError(EXIT.refused, findings, body);

  shown.step('write', `${targets.length}`);
  // Each file is written as soon as it is made (no bank's bytes wait for the others) and
  // read back from its temporary file: the targets are replaced, together, only by files
  // that were checked. A file that fails the check never appears, nor is an older one
  // (--force) removed.
  const files = [
    ...targets.map((t) => ({
      path: t.path,
      write: async (tmp: string) => {
        const own = inputs.get(t);
        if (own) {
          await writeProfileFile(tmp, own);
          return;
        }
        const g = t.generic as PlannedBank;
        const input: BankFileInput = {
          year: manifest.year,
          batch,
          bank: g.bank,
          batchId,
          rosterDigest: state.digest,
          summary,
          rows: g.rows,
          approvals: approvalsShown,
          verified,
          excluded: g.excluded.map(({ idNumber, name, reason }) => ({ idNumber, name, reason })),
          ...(reissue ? { reissue } : {}),
        };
        await writeBankFile(tmp, input);
      },
    })),
    ...(targets.length
      ? [
          {
            path: summaryPath,
            write: (tmp: string) =>
              writeSummaryFile(
                tmp,
                {
                  city: manifest.city,
                  year: manifest.year,
                  batch,
                  batchId,
                  rosterDigest: state.digest,
                  issue: decision.issue,
                  reissueReason: reason,
                  banks: targets.map((t) => ({
                    bank: t.bankLabel,
                    profile: t.generic ? GENERIC_PROFILE_ID : t.profile.id,
                    file: basename(t.path),
                    count: t.rows.length,
                    totalFen: t.totalFen,
                  })),
                  payers: distinctPayers(targets),
                  approvals: approvals.map((a) => ({
                    dept: a.dept,
                    by: a.by,
                    at: a.at,
                    signed: verified ? true : null,
                  })),
                  held: plan.excluded,
                  manifest,
                },
                localIsoDate(ctx.now()),
              ),
          },
        ]
      : []),
  ];
  // The summary goes first in the set (the set is put in place all or nothing; the roster
  // is restored if it cannot be).
  const summaryFirst = files.at(-1);
  if (summaryFirst && summaryFirst.path === summaryPath) files.unshift(files.pop() as (typeof files)[number]);
  const byPath = new Map(targets.map((t) => [t.path, t]));
  const verify = async (written: { path: string; tmp: string }[]) => {
    shown.step('readBack');
    const back: { path: string; from: string; bank: PlannedBank }[] = [];
    const problems: Finding[] = [];
    let profileFen = 0;
    for (const w of written) {
      const t = byPath.get(w.path);
      if (!t) continue;
      const own = inputs.get(t);
      if (t.generic) back.push({ path: w.path, from: w.tmp, bank: t.generic });
      else if (own) {
        problems.push(...(await readBackProfileFile(w.tmp, w.path, own)));
        profileFen += t.totalFen;
      }
    }
    // The generic files are checked together against what the profiles' files leave of the roster's total.
    problems.push(...(await readBackBankFiles(back, batchId, plan.expectedTotalFen - profileFen)));
    if (problems.length) throw new ExitError(EXIT.refused, [...findings, ...problems], body);
  };

  // Under the output folder's lock, the targets checked again there (a run that wrote
  // meanwhile is never replaced without --force); then the record first, then the files,
  // put in place all or nothing; the roster is put back if the files cannot be.
  const commit = async () => {
    await checkTargets(
      files.map((f) => f.path),
      [file],
      Boolean(opts.force),
    );
    // LOCK: the roster lock is held by the caller (issue 18: lockedRoster in payoutCommand)
    const entry: IssueRecord = {
      batch,
      batchId,
      issue: decision.issue,
      at: localIsoDateTime(ctx.now()),
      files: files.map((f) => basename(f.path)),
      count: targets.reduce((n, t) => n + t.rows.length, 0),
      totalFen: plan.expectedTotalFen,
      signed: verified,
      reason: reason ?? '',
    };
    const recorded = await recordIssue(
      file,
      manifest,
      entry,
      state.digest,
      writeRosterWithManifest,
      registerFile,
    );
    try {
      const placed = await writeAllAtomicStreams(files, verify, { replace: Boolean(opts.force) });
      await recorded.commit();
      return placed;
    } catch (e) {
      await recorded.restore();
      throw e;
    }
  };
  if (targets.length) {
    try {
      findings.push(...(await lockedOutput(outDir, 'payout', commit)).warnings);
    } catch (e) {
      if (e instanceof ExitError && !e.body) throw new ExitError(e.code, e.findings, body);
      throw e;
    }
  }
  body.register = targets.length
    ? { issue: decision.issue, reissue: reason !== null, reason, summary: summaryPath }
    : null;

  if (!plan.banks.length) {
    findings.push(fileFinding('warning', 'payout_nothing', file, ROSTER_SHEET, batch));
  }
  body.ok = true;
  body.files = [...targets.map((t) => t.path), ...(targets.length ? [summaryPath] : [])];
  body.banks = targets.map((t) => ({
    bank: t.bankLabel,
    profile: t.generic ? GENERIC_PROFILE_ID : t.profile.id,
    file: t.path,
    count: t.rows.length,
    totalFen: t.totalFen,
    totalUpper: rmbUpper(t.totalFen),
  }));

  shown.done();
  if (!ctx.json) {
    const warnings = findings.filter((f) => f.level === 'warning');
    if (warnings.length && !ctx.quiet)
      ctx.stderr.write(renderFindings(warnings, ctx.lang, ctx.color, ctx.width));
    ctx.stdout.write(renderPayout(body, plan.excluded, ctx.lang, ctx.color, ctx.width));
    if (body.register) ctx.stdout.write(renderIssue(body.register, ctx.lang, ctx.width));
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
    )
    .option(
      '--banks <dir>',
      'bank profiles (*.yaml, spec/banks.md); also CADRE_CALC_BANKS (default: generic)',
    )
    .option('--reissue', 'issue a batch again (the bank rejected the file), with --reason')
    .option('--reason <text>', 'why the batch is issued again (recorded in the roster and the summary)')
    .option('--register <file>', 'a register file of issued batches (JSON lines); also CADRE_CALC_REGISTER')
    .option('--trust <file>', 'the trust file of department keys (also CADRE_CALC_TRUST)')
    .option('--unsigned', 'pay on unsigned approvals, marked as not verified (no keys in use)');
  addPolicyOption(cmd);
  addOutputOptions(cmd);
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('payout', payoutCommand));
}
