import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReportData } from '../decide/report-data.js';
import { EXIT, ExitError, fileError } from '../errors.js';
import type { Manifest } from '../io/documents/manifest.js';
import { MAX_RUN_CADRE_ROWS } from '../io/documents/roster/writer.js';
import { cleanStaleTemps, type Placed } from '../io/files/atomic.js';
import { runFingerprint } from '../io/files/fingerprint.js';
import { acquireLock, folderLockPath, type Lock, rosterLockPath } from '../io/files/lock.js';
import { type LoadedPolicy, loadPolicy } from '../io/policy/policy.js';
import { type ReadResult, readWorkbooks, type SheetKind } from '../io/workbook/read.js';
import { localIsoDate, parseDateArg } from '../io/xlsx/dates.js';
import { reclaim } from '../memory.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { readProgress } from '../report/progress.js';
import { codePointLabel, forbiddenCharAt } from '../rules/characters.js';
import {
  checkBalances,
  computeCadres,
  computeVillages,
  type RunOptions,
  type RunResult,
  yearEnd,
} from '../rules/compute.js';
import { type Finding, hasErrors } from '../rules/findings.js';
import type { CadreRecord, IsoDate, Policy } from '../rules/types.js';
import { VERSION } from '../version.js';
import type { Ctx } from './context.js';
import type { CommonOpts } from './options.js';

function optionFinding(code: string, header: string, value: string): Finding {
  return { level: 'error', code, file: '', sheet: '', row: 0, column: '', header, value };
}

/** --as-of, or the earlier of today and 31 December of the policy year (spec/cli.md). */
export function resolveAsOf(flag: string | undefined, policy: Policy, ctx: Ctx): IsoDate {
  if (flag !== undefined) {
    const d = parseDateArg(flag);
    if (!d) throw new ExitError(EXIT.usage, [optionFinding('as_of_invalid', '--as-of', flag)]);
    // A date before the policy year, or years after it, is a policy left from another year
    // or a typo (2021 for 2012): asked about, not computed (issue 18). The year after is
    // normal (a year's results are settled in its following January).
    const year = Number(d.slice(0, 4));
    if (year < policy.year || year > policy.year + 1) {
      const f = optionFinding('as_of_outside_year', '--as-of', flag);
      f.params = { year: policy.year, policy: policy.id, next: policy.year + 1 };
      throw new ExitError(EXIT.usage, [f]);
    }
    return d;
  }
  const today = localIsoDate(ctx.now());
  const end = yearEnd(policy);
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers
  return today < end ? today : end;
}

export interface LoadedRun {
  loaded: LoadedPolicy;
  asOf: IsoDate;
  read: ReadResult;
}

/**
 * The common first half of every command that reads workbooks: the policy (exit 1 when
 * invalid), the as-of date, every workbook read with every finding (exit 4 when a file
 * cannot be read); input errors → exit 1 with the findings and the command's envelope.
 */
export async function loadRun(
  command: string,
  paths: string[],
  opts: CommonOpts,
  ctx: Ctx,
  need: SheetKind[],
): Promise<LoadedRun> {
  if (paths.length === 0) throw new ExitError(EXIT.usage, [optionFinding('no_inputs', '<workbook|dir>', '')]);
  const loaded = await loadPolicy(opts.policy);
  const asOf = resolveAsOf(opts.asOf, loaded.policy, ctx);
  const read = await readInputs(command, paths, loaded.policy, ctx, need);
  return { loaded, asOf, read };
}

/**
 * Every workbook read under `policy` (its roles and aliases decide how 职务 is read), with
 * progress; exit 4 when a file cannot be read, exit 1 with the findings on input errors.
 */
export async function readInputs(
  command: string,
  paths: string[],
  policy: Policy,
  ctx: Ctx,
  need: SheetKind[],
): Promise<ReadResult> {
  const progress = readProgress(ctx);
  let read: ReadResult;
  try {
    read = await readWorkbooks(paths, policy, {
      need,
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
  } finally {
    progress.end();
  }
  if (hasErrors(read.findings)) {
    throw new ExitError(EXIT.inputErrors, read.findings, { command, ok: false, files: [] });
  }
  return read;
}

/** An error finding that is the tool's own fault: exit 70, or 3 for outputs that would not balance. */
export function bug(code: string, value: string, reason: string): ExitError {
  const f: Finding = {
    level: 'error',
    code,
    file: '',
    sheet: '',
    row: 0,
    column: '',
    header: '',
    value,
    params: { reason },
  };
  return new ExitError(code === 'unbalanced' ? EXIT.refused : EXIT.internal, [f]);
}

/**
 * The rules over what was read, as `subsidy` runs them and as `compare` runs them for each
 * policy (one path, so a what-if is what subsidy would pay): refuses a run too large for one
 * roster, computes villages then cadres, stops with exit 1 on any error finding, and
 * refuses outputs that would not balance. `release` lets go of the score rows once the
 * villages hold them (subsidy, which reads once; compare may compute the same read again).
 */
export function computeChecked(
  command: string,
  read: ReadResult,
  policy: Policy,
  runOpts: RunOptions,
  release: boolean,
): { run: RunResult; findings: Finding[] } {
  const rows = read.input.cadres.length;
  const tooLarge = runTooLarge(read.input.cadres);
  // Refused before anything is computed: no roster could hold this run in one sheet.
  if (tooLarge)
    throw new ExitError(EXIT.inputErrors, [...read.findings, tooLarge], { command, ok: false, files: [] });
  const stage = computeVillages(read.input, policy, runOpts);
  if (release) {
    // The score rows are in the villages' scores now; a province's 800,000 of them need not
    // be held while a million results are made and the files are written.
    read.input.scores.length = 0;
    reclaim(rows);
  }
  const run = computeCadres(stage, read.input.cadres, policy, runOpts);
  if (release) reclaim(rows);
  const findings = [...read.findings, ...run.findings];
  if (hasErrors(findings)) throw new ExitError(EXIT.inputErrors, findings, { command, ok: false, files: [] });
  const unbalanced = checkBalances(run);
  if (unbalanced.length) throw bug('unbalanced', '', unbalanced.slice(0, 5).join('; '));
  return { run, findings };
}

/**
 * An input's file name as the 校验 sheet keeps it: a character no text may hold (a file
 * name can carry one) becomes U+FFFD, so what is written is what is read back (issue 18).
 */
function manifestName(name: string): string {
  let out = name;
  for (let at = forbiddenCharAt(out); at >= 0; at = forbiddenCharAt(out)) {
    out = `${out.slice(0, at)}\ufffd${out.slice(at + 1)}`;
  }
  return out;
}

/**
 * The 校验 manifest of an output of this run (spec/outputs.md): tool, policy, inputs and
 * their SHA-256, as-of date and the run's fingerprint; no approvals yet.
 */
export function runManifest(
  kind: Manifest['kind'],
  { loaded, asOf, read }: LoadedRun,
  more: { provisional: boolean; preparedBy?: string; rosterDigest?: string; runAt?: string },
): Manifest {
  const policy = loaded.policy;
  return {
    kind,
    toolVersion: VERSION,
    policyId: policy.id,
    policySha256: loaded.sha256,
    policyTitle: policy.title,
    city: policy.city,
    year: policy.year,
    inputs: read.files.map((f) => ({ name: manifestName(f.name), sha256: f.sha256 })),
    asOf,
    provisional: more.provisional,
    fingerprint: runFingerprint(
      loaded.sha256,
      read.files.map((f) => f.sha256),
    ),
    runAt: more.runAt ?? '',
    preparedBy: more.preparedBy ?? '',
    rosterDigest: more.rosterDigest ?? '',
    approvals: [],
  };
}

/**
 * run_too_large for a run of more cadre rows than one output sheet holds, at the first
 * row that does not fit (its file, sheet and Excel row); null when the run fits.
 */
export function runTooLarge(cadres: readonly CadreRecord[], max = MAX_RUN_CADRE_ROWS): Finding | null {
  const past = cadres[max];
  if (!past) return null;
  return {
    level: 'error',
    code: 'run_too_large',
    file: past.src.file,
    sheet: past.src.sheet,
    row: past.src.row,
    column: '',
    header: '',
    value: String(cadres.length),
    params: { rows: cadres.length, max },
  };
}

/**
 * Runs `write` (the commit of a set of output files) holding the output folder's lock
 * (issue 18): a second run into the same folder is refused at once (exit 3, naming the
 * holder); temporary files a crashed run left there are cleaned first. Gives the lock's
 * warnings (a stale lock broken) and one warning per file the set replaced (--force).
 */
export async function lockedOutput(
  outDir: string,
  command: string,
  write: () => Promise<Placed>,
): Promise<{ placed: Placed; warnings: Finding[] }> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (e) {
    throw fileError('write_failed', outDir, { reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  const lock = await acquireLock(folderLockPath(outDir), outDir, command);
  try {
    await cleanStaleTemps(outDir);
    const placed = await write();
    return { placed, warnings: [...lock.warnings, ...replacedFindings(placed)] };
  } catch (e) {
    if (e instanceof ExitError && lock.warnings.length)
      throw new ExitError(e.code, [...lock.warnings, ...e.findings], e.body);
    throw e;
  } finally {
    await lock.release();
  }
}

/** One warning per existing file a set of outputs replaced (--force): the clerk is told which. */
export function replacedFindings(placed: Placed): Finding[] {
  return placed.replaced.map((file) => ({
    level: 'warning' as const,
    code: 'output_replaced',
    file,
    sheet: '',
    row: 0,
    column: '',
    header: '',
    value: '',
  }));
}

/**
 * Runs `fn` holding the roster's lock (approvals.md; issue 17 item 5b): approve and payout
 * hold it for their whole read-check-write, so two approvals at once never lose one. A
 * live lock is refused at once (exit 3, naming holder and time); a stale one is broken
 * with a warning, handed to `fn` for its findings. A roster that is not there is left to
 * the reader to report.
 */
export async function lockedRoster<T>(
  roster: string,
  command: string,
  fn: (warnings: Finding[]) => Promise<T>,
): Promise<T> {
  const there = await stat(roster).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!there) return fn([]);
  let lock: Lock;
  try {
    lock = await acquireLock(rosterLockPath(roster), roster, command);
  } catch (e) {
    if (e instanceof ExitError) throw e;
    throw fileError('write_failed', rosterLockPath(roster), {
      reason: (e as NodeJS.ErrnoException).code ?? String(e),
    });
  }
  try {
    // A crashed approve's temporary copy of the roster (IDs, cards) is cleaned here too.
    await cleanStaleTemps(dirname(roster));
    return await fn(lock.warnings);
  } finally {
    await lock.release();
  }
}

/**
 * A name given on the command line (--by, --prepared-by, --dept) that goes into a
 * workbook: the characters no text may hold (issue 18) are a usage error (exit 2) here,
 * not an approval the writer would change.
 */
export function checkOptionText(option: string, value: string | undefined): void {
  if (value === undefined) return;
  const at = forbiddenCharAt(value);
  if (at < 0 && !/[\t\n\r]/.test(value)) return;
  const f = optionFinding('option_control', option, value);
  f.params = { char: at >= 0 ? codePointLabel(value, at) : 'tab/line break' };
  throw new ExitError(EXIT.usage, [f]);
}

/** Runs up to this many cadre rows draw their report in a worker thread (memory: see below). */
export const REPORT_WORKER_MAX_ROWS = 150_000;

/**
 * Starts drawing the HTML report and returns a function that gives the page. A small run
 * draws it in a worker thread (dist/report-worker.mjs), begun before the workbooks are
 * written so ECharts loads and draws on another core meanwhile; a large run draws it in
 * this thread when the workbooks are done (a second heap beside a province's roster would
 * eat the margin of its memory bound), as does a run without the bundle (tsc's output).
 */
export function startReport(data: ReportData, rows: number): () => Promise<string> {
  const here = async () => {
    // ECharts is loaded here, when a report is written, not by every run of the tool.
    const { renderReportHtml } = await import('../io/documents/report-html.js');
    return renderReportHtml(data);
  };
  const worker = fileURLToPath(new URL('dist/report-worker.mjs', PACKAGE_ROOT));
  if (rows > REPORT_WORKER_MAX_ROWS || !existsSync(worker)) return here;
  const page = new Promise<string>((resolve, reject) => {
    const w = new Worker(worker, { workerData: data });
    w.once('message', (html: string) => resolve(html));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the report's worker ended (${code}) without a page`)));
  });
  // A worker that cannot start or fails: the page is drawn here instead (a fault of the
  // drawing itself then shows here, as a bug); until asked for, a failure is not unhandled.
  const drawn = page.catch(here);
  drawn.catch(() => undefined);
  return () => drawn;
}
