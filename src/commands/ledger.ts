import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../errors.js';
import { supervisionFileName, supervisionWorkbookBytes } from '../io/documents/supervision.js';
import { checkTargets, writeAtomic } from '../io/files/atomic.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import { type LedgerRow, ledgerJson, noticeRows, renderLedger } from '../report/ledger-text.js';
import { yearEnd } from '../rules/compute.js';
import { ledgerByVillage, type VillageLedger } from '../rules/ledger.js';
import { loadRun, lockedOutput, runManifest } from './common.js';
import type { Ctx, Outcome } from './context.js';
import {
  addAsOfOption,
  addCommonOptions,
  addOutputOptions,
  addPolicyOption,
  type CommonOpts,
} from './options.js';
import { action } from './runner.js';

/**
 * `cadre-calc ledger`: every commitment's status at the as-of date (rules.md §6), per
 * village and town, and 督办通知单-YYYYMMDD.xlsx for the failed and overdue items
 * (spec/outputs.md). When no item is failed or overdue, nothing is written.
 */
export async function runLedger(paths: string[], opts: CommonOpts, ctx: Ctx): Promise<Outcome> {
  const { loaded, asOf, read } = await loadRun('ledger', paths, opts, ctx, ['villages', 'commitments']);
  const policy = loaded.policy;
  const villages = read.input.villages;
  const ledgers = ledgerByVillage(
    villages.map((v) => v.code),
    read.input.commitments,
    asOf,
    policy.supervision.days,
  );
  const rows: LedgerRow[] = villages.map((village) => ({
    village,
    ledger: ledgers.get(village.code) as VillageLedger,
  }));
  const noticed = noticeRows(rows);
  const findings = read.findings;

  const files: string[] = [];
  if (noticed.length) {
    const outDir = opts.out ?? './out';
    const target = join(outDir, supervisionFileName(asOf));
    await checkTargets(
      [target],
      read.files.map((f) => f.path),
      Boolean(opts.force),
    );
    const manifest = runManifest('ledger', { loaded, asOf, read }, { provisional: asOf < yearEnd(policy) });
    const bytes = await supervisionWorkbookBytes(
      noticed.map((r) => ({
        village: r.village,
        items: r.ledger.items.filter((it) => it.status === 'failed' || it.status === 'overdue'),
      })),
      policy,
      { manifest, asOf },
    );
    // Under the folder's lock, checked again there: a run that wrote meanwhile is not replaced.
    const { warnings } = await lockedOutput(outDir, 'ledger', async () => {
      await checkTargets(
        [target],
        read.files.map((f) => f.path),
        Boolean(opts.force),
      );
      return writeAtomic(target, bytes, { replace: Boolean(opts.force) });
    });
    findings.push(...warnings);
    files.push(target);
  }

  if (!ctx.json) {
    if (findings.length && !ctx.quiet)
      ctx.stderr.write(renderFindings(findings, ctx.lang, ctx.color, ctx.width));
    if (!ctx.quiet) ctx.stdout.write(renderLedger(rows, asOf, files, ctx.lang, ctx.color, ctx.width));
  }
  return {
    code: EXIT.ok,
    body: {
      command: 'ledger',
      ok: true,
      policy: { id: policy.id, sha256: loaded.sha256 },
      asOf,
      files,
      ...ledgerJson(rows),
      findings: findingsJson(findings, ctx.lang),
    },
  };
}

export function registerLedger(program: Command): void {
  const cmd = program
    .command('ledger')
    .description(
      'commitment status at the as-of date, per village and town → 督办通知单-YYYYMMDD.xlsx for failed or overdue items',
    )
    .argument('<workbook|dir...>', 'input workbooks (sheets 村庄 and 承诺台账), or folders of them');
  addPolicyOption(cmd);
  addAsOfOption(cmd);
  addOutputOptions(cmd);
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('ledger', (args, opts, ctx) => runLedger(args, opts as CommonOpts, ctx)));
}
