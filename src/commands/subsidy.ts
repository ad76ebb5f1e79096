import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { reportFileName, subsidyReportData } from '../decide/report-data.js';
import { EXIT, ExitError } from '../errors.js';
import { PREPARER_DEPT } from '../io/approvals/judge.js';
import { type OpenedKey, openKey, readKeyFile } from '../io/approvals/keys.js';
import { passphrase } from '../io/approvals/passphrase.js';
import { sameName, signApproval } from '../io/approvals/signature.js';
import { refuseRosterWithRegister } from '../io/documents/banks/register.js';
import { noticeFileName, writeNoticeFile } from '../io/documents/notice.js';
import { readPreviousSanctions } from '../io/documents/previous.js';
import { LeakScanner } from '../io/documents/privacy.js';
import { writeReportHtml } from '../io/documents/report-check.js';
import { type OutputMeta, rosterFileName, writeRosterFile } from '../io/documents/roster/writer.js';
import { checkTargets, writeAllAtomicStreams } from '../io/files/atomic.js';
import { acquireLock, rosterLockPath } from '../io/files/lock.js';
import { localIsoDate, localIsoDateTime } from '../io/xlsx/dates.js';
import { reclaim } from '../memory.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import { passphrasePrompts } from '../report/keys-text.js';
import { subsidyJson } from '../report/subsidy-json.js';
import { renderSubsidy } from '../report/subsidy-text.js';
import type { Finding } from '../rules/findings.js';
import type { CadreRecord } from '../rules/types.js';
import {
  bug,
  checkOptionText,
  computeChecked,
  loadRun,
  lockedOutput,
  REPORT_WORKER_MAX_ROWS,
  runManifest,
  startReport,
} from './common.js';
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
  key?: string;
  allowMissingScores?: boolean;
}

/** One field of every record, as an iterable that can be walked more than once (no copy of a province's list). */
function field<T>(records: readonly T[], get: (r: T) => string): Iterable<string> {
  return {
    *[Symbol.iterator]() {
      for (const r of records) yield get(r);
    },
  };
}

/** What the HTML report may not show, as this run knows it (outputs.md 公示表). */
export function publicSecrets(cadres: readonly CadreRecord[]) {
  return {
    idNumbers: field(cadres, (c) => c.idNumber),
    accounts: field(cadres, (c) => c.account),
    banks: new Set(cadres.map((c) => c.bank)),
    holds: new Set(cadres.map((c) => c.hold)),
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
  checkOptionText('--prepared-by', opts.preparedBy);
  // The preparer's key is opened before anything is read or computed: a wrong passphrase costs nothing.
  const signer = opts.key ? await preparerKey(opts.key, opts.preparedBy ?? '', ctx) : null;
  const preparedBy = opts.preparedBy ?? signer?.by ?? '';
  const { loaded, asOf, read } = await loadRun('subsidy', paths, opts, ctx, [...need]);
  const policy = loaded.policy;
  const previousSanctions = opts.previous ? await readPreviousSanctions(opts.previous, policy) : undefined;
  const runOpts = {
    asOf,
    allowMissingScores: Boolean(opts.allowMissingScores),
    ...(previousSanctions ? { previousSanctions } : {}),
  };
  const rows = read.input.cadres.length;
  const { run, findings } = computeChecked('subsidy', read, policy, runOpts, true);

  const manifest = runManifest(
    'roster',
    { loaded, asOf, read },
    {
      provisional: run.provisional,
      preparedBy,
      runAt: localIsoDateTime(ctx.now()),
    },
  );
  const meta: OutputMeta = { manifest, runDate: localIsoDate(ctx.now()) };
  if (signer) {
    // the preparer's line, signed as an approval is (spec/approvals.md), dept 制表
    meta.sign = (digest) => {
      const p = {
        roster: digest,
        dept: PREPARER_DEPT,
        by: preparedBy,
        at: manifest.runAt,
        key: signer.fingerprint,
        provisional: manifest.provisional,
      };
      return { ...p, digest, publicKey: signer.publicKey, signature: signApproval(signer.privateKey, p) };
    };
  }
  const outDir = opts.out ?? './out';
  const rosterPath = join(outDir, rosterFileName(policy.year));
  const noticePath = join(outDir, noticeFileName(policy.year));
  const htmlPath = join(outDir, reportFileName('subsidy', policy.year));
  const page = startReport(
    subsidyReportData(run, {
      id: policy.id,
      title: policy.title,
      city: policy.city,
      year: policy.year,
      sha256: loaded.sha256,
      fingerprint: manifest.fingerprint,
    }),
    rows,
  );
  // The notice is checked cell by cell as it is written (no ID pattern, no known ID or card).
  const scanner = new LeakScanner({
    idNumbers: field(read.input.cadres, (c) => c.idNumber),
    accounts: field(read.input.cadres, (c) => c.account),
  });
  // Under the output folder's lock: a second run into this folder is refused at once, and
  // the check for existing files and the placing of the new ones are one step. Both
  // workbooks are streamed into temporary files beside their targets and put in place
  // together once both are whole (all or nothing): a province's roster is never held in
  // memory.
  const { warnings } = await lockedOutput(outDir, 'subsidy', async () => {
    // A roster being approved or paid (under its own lock) is not replaced under it (--force).
    const rosterLock = existsSync(rosterPath)
      ? await acquireLock(rosterLockPath(rosterPath), rosterPath, 'subsidy')
      : null;
    try {
      findings.push(...(rosterLock?.warnings ?? []));
      // a roster that records an issued payout batch is never replaced, --force or not (issue 19)
      await refuseRosterWithRegister(rosterPath);
      await checkTargets(
        [rosterPath, noticePath, htmlPath],
        read.files.map((f) => f.path),
        Boolean(opts.force),
      );
      // the writer digests the rows as it writes their hidden 行摘要 (never a million digests held)
      const roster = {
        path: rosterPath,
        write: async (tmp: string) => {
          manifest.rosterDigest = await writeRosterFile(tmp, run, policy, meta);
        },
      };
      const notice = {
        path: noticePath,
        write: async (tmp: string) => {
          await writeNoticeFile(
            tmp,
            run,
            policy,
            { ...meta, manifest: { ...manifest, kind: 'notice', rosterDigest: '' } },
            scanner.textHook(),
          );
          if (scanner.leaks.length) throw bug('privacy_leak', scanner.leaks.slice(0, 5).join(', '), 'notice');
        },
      };
      const report = {
        path: htmlPath,
        write: async (tmp: string) => {
          const leaks = await writeReportHtml(tmp, await page(), {
            ...publicSecrets(read.input.cadres),
            // the notice's scanner knows the same numbers (made once: 2 million at a full sheet)
            scanner,
          });
          if (leaks.length) throw bug('report_privacy_leak', leaks.slice(0, 5).join(', '), 'report');
        },
      };
      // The roster's garbage is let go before the next file grows the heap (the peak of a full
      // sheet). A large run then draws its report in this thread, before the notice: ECharts
      // reuses that heap and one collection serves both (a second one before the report was
      // 0.4 s at a full sheet). A small run's report is drawn by its worker meanwhile: the
      // notice is written first, and the page is asked for last.
      const [next, last] = rows > REPORT_WORKER_MAX_ROWS ? [report, notice] : [notice, report];
      const afterCollection = {
        path: next.path,
        write: async (tmp: string) => {
          reclaim(rows);
          await next.write(tmp);
        },
      };
      return await writeAllAtomicStreams([roster, afterCollection, last], undefined, {
        replace: Boolean(opts.force),
      });
    } finally {
      await rosterLock?.release();
    }
  });
  findings.push(...warnings);
  const files = [rosterPath, noticePath, htmlPath];
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

/** The preparer's key (subsidy --key): a key of the department 制表, held by the preparer. */
async function preparerKey(file: string, preparedBy: string, ctx: Ctx): Promise<OpenedKey> {
  const parsed = await readKeyFile(file);
  const k = openKey(
    file,
    parsed,
    await passphrase(ctx.env, { confirm: false, ...passphrasePrompts(ctx.lang, file) }),
  );
  const finding = (code: string, value: string, expected: string): Finding => ({
    level: 'error',
    code,
    file,
    sheet: '',
    row: 0,
    column: '',
    header: '',
    value,
    params: { expected },
  });
  const found: Finding[] = [];
  if (k.dept !== PREPARER_DEPT) found.push(finding('subsidy_key_dept', k.dept, PREPARER_DEPT));
  if (preparedBy && k.by && !sameName(preparedBy, k.by))
    found.push(finding('key_holder_mismatch', preparedBy, k.by));
  if (found.length) throw new ExitError(EXIT.refused, found, { command: 'subsidy', ok: false, files: [] });
  return k;
}

export function registerSubsidy(program: Command): void {
  const cmd = program
    .command('subsidy')
    .description(
      'tiering, scores, pool and allocation → 审批花名册-YEAR.xlsx, 公示表-YEAR.xlsx and 补贴报告-YEAR.html',
    )
    .argument('<workbook|dir...>', 'input workbooks, or folders of them (one run, one data set)')
    .option('--previous <roster.xlsx>', "last year's approved roster, for second-year sanctions (动员辞职)")
    .option('--prepared-by <name>', 'the preparer (制表人), who may not approve the roster')
    .option('--key <file>', "the preparer's signing key (keys new --dept 制表): signs the preparer's line")
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
