import { EXIT, ExitError } from '../errors.js';
import type { Manifest } from '../io/documents/manifest.js';
import { MAX_RUN_CADRE_ROWS } from '../io/documents/roster/writer.js';
import { runFingerprint } from '../io/files/fingerprint.js';
import { type LoadedPolicy, loadPolicy } from '../io/policy/policy.js';
import { type ReadResult, readWorkbooks, type SheetKind } from '../io/workbook/read.js';
import { localIsoDate, parseDateArg } from '../io/xlsx/dates.js';
import { readProgress } from '../report/progress.js';
import { yearEnd } from '../rules/compute.js';
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
  const progress = readProgress(ctx);
  let read: ReadResult;
  try {
    read = await readWorkbooks(paths, loaded.policy, {
      need,
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
  } finally {
    progress.end();
  }
  if (hasErrors(read.findings)) {
    throw new ExitError(EXIT.inputErrors, read.findings, { command, ok: false, files: [] });
  }
  return { loaded, asOf, read };
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
    inputs: read.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
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
