import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT, ExitError } from '../errors.js';
import { noticeFileName, writeNoticeFile } from '../io/documents/notice.js';
import { readPreviousSanctions } from '../io/documents/previous.js';
import { LeakScanner } from '../io/documents/privacy.js';
import { rosterFileName, runRosterDigest, writeRosterFile } from '../io/documents/roster/writer.js';
import { checkTargets, writeAllAtomicStreams } from '../io/files/atomic.js';
import { localIsoDate } from '../io/xlsx/dates.js';
import { reclaim } from '../memory.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import { subsidyJson } from '../report/subsidy-json.js';
import { renderSubsidy } from '../report/subsidy-text.js';
import { checkBalances, computeCadres, computeVillages } from '../rules/compute.js';
import { type Finding, hasErrors } from '../rules/findings.js';
import { loadRun, runManifest, runTooLarge } from './common.js';
import type { Ctx, Outcome } from './context.js';
import {
  addAsOfOption,
  addCommonOptions,
  addOutputOptions,
  addPolicyOption,
  type CommonOpts,
} from './options.js';
import { action } from './runner.js';

export interface SubsidyOpts extends CommonOpts {
  previous?: string;
  preparedBy?: string;
  allowMissingScores?: boolean;
}

function bug(code: string, value: string, reason: string): ExitError {
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

/** One field of every record, as an iterable that can be walked more than once (no copy of a province's list). */
function field<T>(records: readonly T[], get: (r: T) => string): Iterable<string> {
  return {
    *[Symbol.iterator]() {
      for (const r of records) yield get(r);
    },
  };
}

/**
 * `cadre-calc subsidy`: read → validate → compute → check → write the approval roster
 * and the public notice (spec/outputs.md). Nothing is written unless every check passes.
 */
export async function runSubsidy(paths: string[], opts: SubsidyOpts, ctx: Ctx): Promise<Outcome> {
  const need = opts.allowMissingScores
    ? (['villages', 'cadres'] as const)
    : (['villages', 'cadres', 'scores'] as const);
  const { loaded, asOf, read } = await loadRun('subsidy', paths, opts, ctx, [...need]);
  const policy = loaded.policy;
  const previousSanctions = opts.previous ? await readPreviousSanctions(opts.previous, policy) : undefined;
  const runOpts = {
    asOf,
    allowMissingScores: Boolean(opts.allowMissingScores),
    ...(previousSanctions ? { previousSanctions } : {}),
  };
  const rows = read.input.cadres.length;
  const tooLarge = runTooLarge(read.input.cadres);
  // Refused before anything is computed: no roster could hold this run in one sheet.
  if (tooLarge)
    throw new ExitError(EXIT.inputErrors, [...read.findings, tooLarge], {
      command: 'subsidy',
      ok: false,
      files: [],
    });
  const stage = computeVillages(read.input, policy, runOpts);
  // The score rows are in the villages' scores now; a province's 800,000 of them need not
  // be held while a million results are made and the files are written.
  read.input.scores.length = 0;
  reclaim(rows);
  const run = computeCadres(stage, read.input.cadres, policy, runOpts);
  reclaim(rows);
  const findings = [...read.findings, ...run.findings];
  if (hasErrors(findings))
    throw new ExitError(EXIT.inputErrors, findings, { command: 'subsidy', ok: false, files: [] });

  const unbalanced = checkBalances(run);
  if (unbalanced.length) throw bug('unbalanced', '', unbalanced.slice(0, 5).join('; '));

  const manifest = runManifest(
    'roster',
    { loaded, asOf, read },
    {
      provisional: run.provisional,
      preparedBy: opts.preparedBy ?? '',
      // digested row by row: a province's million digest rows are never held at once
      rosterDigest: runRosterDigest(run),
    },
  );
  const meta = { manifest, runDate: localIsoDate(ctx.now()) };
  const outDir = opts.out ?? './out';
  const rosterPath = join(outDir, rosterFileName(policy.year));
  const noticePath = join(outDir, noticeFileName(policy.year));
  await checkTargets(
    [rosterPath, noticePath],
    read.files.map((f) => f.path),
    Boolean(opts.force),
  );

  // Both workbooks are streamed into temporary files beside their targets and renamed
  // together once both are whole: a province's roster is never held in memory. The
  // notice is checked cell by cell as it is written (no ID pattern, no known ID or card).
  const scanner = new LeakScanner({
    idNumbers: field(read.input.cadres, (c) => c.idNumber),
    accounts: field(read.input.cadres, (c) => c.account),
  });
  await writeAllAtomicStreams([
    // subsidy digested these very rows above: the writer need not digest them again.
    { path: rosterPath, write: (tmp) => writeRosterFile(tmp, run, policy, { ...meta, verifyDigest: false }) },
    {
      path: noticePath,
      write: async (tmp) => {
        // The roster's garbage let go before the notice grows the heap (the peak of a full sheet).
        reclaim(rows);
        await writeNoticeFile(
          tmp,
          run,
          policy,
          { ...meta, manifest: { ...manifest, kind: 'notice', rosterDigest: '' } },
          scanner.textHook(),
        );
        if (scanner.leaks.length) throw bug('privacy_leak', scanner.leaks.slice(0, 5).join(', '), 'notice');
      },
    },
  ]);
  const files = [rosterPath, noticePath];
  if (!ctx.json) {
    if (findings.length && !ctx.quiet)
      ctx.stderr.write(renderFindings(findings, ctx.lang, ctx.color, ctx.width));
    if (!ctx.quiet) ctx.stdout.write(renderSubsidy(run, files, ctx.lang, ctx.color, ctx.width));
  }
  return {
    code: EXIT.ok,
    body: {
      command: 'subsidy',
      ok: true,
      policy: { id: policy.id, sha256: loaded.sha256 },
      fingerprint: manifest.fingerprint,
      asOf,
      provisional: run.provisional,
      files,
      rosterDigest: manifest.rosterDigest,
      // The per-village and per-cadre parts only for --json (the only reader of the body):
      // for a province they are a million objects.
      ...(ctx.json ? subsidyJson(run) : {}),
      findings: findingsJson(findings, ctx.lang),
    },
  };
}

export function registerSubsidy(program: Command): void {
  const cmd = program
    .command('subsidy')
    .description('tiering, scores, pool and allocation → 审批花名册-YEAR.xlsx and 公示表-YEAR.xlsx')
    .argument('<workbook|dir...>', 'input workbooks, or folders of them (one run, one data set)')
    .option('--previous <roster.xlsx>', "last year's approved roster, for second-year sanctions (动员辞职)")
    .option('--prepared-by <name>', 'the preparer (制表人), who may not approve the roster')
    .option(
      '--allow-missing-scores',
      'villages with no score data get no points (warning) instead of an error',
    );
  addPolicyOption(cmd);
  addAsOfOption(cmd);
  addOutputOptions(cmd);
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('subsidy', (args, opts, ctx) => runSubsidy(args, opts as SubsidyOpts, ctx)));
}
