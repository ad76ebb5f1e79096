import { join } from 'node:path';
import type { Command } from 'commander';
import { type Comparison, compareRuns, type PolicyRun } from '../decide/compare.js';
import { compareReportData, reportFileName } from '../decide/report-data.js';
import { EXIT, ExitError } from '../errors.js';
import { compareFileName, policyLabel, writeCompareFile } from '../io/documents/compare.js';
import { writeReportHtml } from '../io/documents/report-check.js';
import { checkTargets, writeAllAtomicStreams } from '../io/files/atomic.js';
import { type LoadedPolicy, loadPolicy } from '../io/policy/policy.js';
import type { ReadResult } from '../io/workbook/read.js';
import { localIsoDate } from '../io/xlsx/dates.js';
import { compareJson } from '../report/compare-json.js';
import { renderCompare } from '../report/compare-text.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import type { Finding } from '../rules/findings.js';
import type { Policy } from '../rules/types.js';
import { bug, computeChecked, readInputs, resolveAsOf, runManifest, startReport } from './common.js';
import type { Ctx, Outcome } from './context.js';
import { addAsOfOption, addCommonOptions, type CommonOpts } from './options.js';
import { action } from './runner.js';
import { publicSecrets } from './subsidy.js';

export interface CompareOpts extends Omit<CommonOpts, 'policy'> {
  policy?: string[];
  allowMissingScores?: boolean;
}

function runFinding(
  level: Finding['level'],
  code: string,
  value: string,
  params: Finding['params'],
): Finding {
  return {
    level,
    code,
    file: '',
    sheet: '',
    row: 0,
    column: '',
    header: '',
    value,
    ...(params ? { params } : {}),
  };
}

/**
 * What decides how a workbook is read under a policy: its roles (names, aliases, caps),
 * unpaid roles and year (ID checks). Policies that agree on it share one read.
 */
function readKey(p: Policy): string {
  return JSON.stringify([p.year, p.roles.map((r) => [r.name, r.aliases, r.cap.toString()]), p.unpaidRoles]);
}

/** Each finding once: the same workbook read under two policies gives the same warnings. */
function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = JSON.stringify(f);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * `cadre-calc compare` (decide.md): the same workbooks under two or more policies, each
 * computed by subsidy's own path (read under that policy → rules → the same checks), then
 * compared. `-o DIR` writes 政策测算-YEAR.xlsx; without it nothing is written.
 */
export async function runCompare(paths: string[], opts: CompareOpts, ctx: Ctx): Promise<Outcome> {
  const envelope = { command: 'compare', ok: false, files: [] };
  if (paths.length === 0)
    throw new ExitError(EXIT.usage, [runFinding('error', 'no_inputs', '', undefined)], envelope);
  const given = opts.policy ?? [];
  if (given.length === 0)
    throw new ExitError(EXIT.usage, [runFinding('error', 'compare_no_policy', '', undefined)], envelope);
  // With one --policy, the built-in default is the baseline (decide.md).
  const files: (string | undefined)[] = given.length === 1 ? [undefined, ...given] : given;
  const loaded: LoadedPolicy[] = [];
  for (const f of files) loaded.push(await loadPolicy(f));
  const baseline = loaded[0] as LoadedPolicy;
  const asOf = resolveAsOf(opts.asOf, baseline.policy, ctx);

  const own: Finding[] = [];
  for (const l of loaded.slice(1)) {
    const p = l.policy;
    const b = baseline.policy;
    if (p.city !== b.city)
      own.push(runFinding('error', 'compare_city_mismatch', p.id, { got: p.city, expected: b.city }));
    else if (p.year !== b.year)
      own.push(runFinding('warning', 'compare_year_differs', p.id, { got: p.year, expected: b.year, asOf }));
  }
  if (own.some((f) => f.level === 'error')) throw new ExitError(EXIT.inputErrors, own, envelope);

  const need = opts.allowMissingScores
    ? (['villages', 'cadres'] as const)
    : (['villages', 'cadres', 'scores'] as const);
  const runOpts = { asOf, allowMissingScores: Boolean(opts.allowMissingScores) };
  const reads = new Map<string, ReadResult>();
  const runs: PolicyRun[] = [];
  let findings: Finding[] = [...own];
  for (const l of loaded) {
    const key = readKey(l.policy);
    let read = reads.get(key);
    if (!read) {
      read = await readInputs('compare', paths, l.policy, ctx, [...need]);
      reads.set(key, read);
    }
    // release false: another policy may compute this same read again.
    const { run, findings: f } = computeChecked('compare', read, l.policy, runOpts, false);
    findings = unique([...findings, ...f]);
    runs.push({ policy: l.policy, sha256: l.sha256, run });
  }
  const cmp: Comparison = compareRuns(runs);

  const written: string[] = [];
  if (opts.out !== undefined) {
    const read = reads.get(readKey(baseline.policy)) as ReadResult;
    const first = runs[0] as PolicyRun;
    const manifest = runManifest(
      'compare',
      { loaded: baseline, asOf, read },
      { provisional: first.run.provisional },
    );
    const xlsxPath = join(opts.out, compareFileName(baseline.policy.year));
    const htmlPath = join(opts.out, reportFileName('compare', baseline.policy.year));
    const targets = [xlsxPath, htmlPath];
    const inputs = [...reads.values()].flatMap((r) => r.files.map((f) => f.path));
    await checkTargets(targets, [...inputs, ...loaded.map((l) => l.source)], Boolean(opts.force));
    const meta = { manifest, asOf, runDate: localIsoDate(ctx.now()) };
    const data = compareReportData(
      cmp,
      manifest.fingerprint,
      runs.map((_, i) => policyLabel(i)),
    );
    const page = startReport(data, Math.max(...runs.map((r) => r.run.cadres.length)));
    await writeAllAtomicStreams([
      { path: xlsxPath, write: (tmp) => writeCompareFile(tmp, cmp, meta) },
      {
        path: htmlPath,
        write: async (tmp) => {
          const cadres = [...reads.values()].flatMap((r) => r.input.cadres);
          const leaks = await writeReportHtml(tmp, await page(), publicSecrets(cadres));
          if (leaks.length) throw bug('report_privacy_leak', leaks.slice(0, 5).join(', '), 'report');
        },
      },
    ]);
    written.push(...targets);
  }

  if (!ctx.json) {
    if (findings.length && !ctx.quiet)
      ctx.stderr.write(renderFindings(findings, ctx.lang, ctx.color, ctx.width));
    if (!ctx.quiet) ctx.stdout.write(renderCompare(cmp, written, ctx.lang, ctx.color, ctx.width));
  }
  return {
    code: EXIT.ok,
    body: {
      command: 'compare',
      ok: true,
      files: written,
      ...(ctx.json ? compareJson(cmp) : {}),
      findings: findingsJson(findings, ctx.lang),
    },
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerCompare(program: Command): void {
  const cmd = program
    .command('compare')
    .description('what-if: the same workbooks under several policies, per town, per role and in total')
    .argument('<workbook|dir...>', 'input workbooks, or folders of them (one data set)')
    .option(
      '--policy <file>',
      'a policy to compare; repeat it: the first is the baseline (with one, the built-in default is)',
      collect,
    )
    .option(
      '--allow-missing-scores',
      'villages with no score data get no points (warning) instead of an error',
    )
    .option('-o, --out <dir>', 'write 政策测算-YEAR.xlsx and 政策测算-YEAR.html there (created if missing)')
    .option('--force', 'overwrite existing outputs');
  addAsOfOption(cmd);
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('compare', (args, opts, ctx) => runCompare(args, opts as unknown as CompareOpts, ctx)));
}
