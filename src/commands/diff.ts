import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { diffRosters } from '../decide/diff.js';
import type { RosterBook } from '../decide/types.js';
import { EXIT, ExitError } from '../errors.js';
import { diffFileName, diffWorkbookBytes } from '../io/documents/diff.js';
import type { Manifest } from '../io/documents/manifest.js';
import { readRosterBook } from '../io/documents/roster/book.js';
import { checkTargets, writeAtomic } from '../io/files/atomic.js';
import { runFingerprint, sha256File } from '../io/files/fingerprint.js';
import { localIsoDate } from '../io/xlsx/dates.js';
import { diffJson, renderDiff } from '../report/diff-text.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import { wrapIndented } from '../report/layout.js';
import { VERSION } from '../version.js';
import type { Ctx, Outcome } from './context.js';
import { addCommonOptions, type CommonOpts } from './options.js';
import { action } from './runner.js';

export interface DiffOpts extends CommonOpts {
  all?: boolean;
}

/** A roster for diff: exit 1 with the command's envelope when it is not one written by subsidy. */
export async function rosterFor(command: string, read: () => Promise<RosterBook>): Promise<RosterBook> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof ExitError && e.code === EXIT.inputErrors)
      throw new ExitError(e.code, e.findings, { command, ok: false, files: [] });
    throw e;
  }
}

/** The 校验 of a document made from rosters alone (diff, explain): the rosters named by SHA-256. */
export function rosterDocManifest(
  kind: Manifest['kind'],
  book: RosterBook,
  inputs: { name: string; sha256: string }[],
): Manifest {
  return {
    kind,
    toolVersion: VERSION,
    policyId: book.policyId,
    policySha256: book.policySha256,
    policyTitle: '',
    city: book.city,
    year: book.year,
    inputs,
    asOf: book.asOf,
    provisional: book.provisional,
    fingerprint: runFingerprint(
      book.policySha256,
      inputs.map((i) => i.sha256),
    ),
    runAt: '',
    preparedBy: '',
    rosterDigest: book.digest,
    approvals: [],
  };
}

/**
 * `cadre-calc diff <old> <new>` (spec/decide.md): what changed between two rosters and
 * why; exit 0 whether or not rows changed, 1 when a file is not a roster written by subsidy.
 */
export async function runDiff(args: string[], opts: DiffOpts, ctx: Ctx): Promise<Outcome> {
  const [oldFile, newFile] = args as [string, string];
  const old = await rosterFor('diff', () => readRosterBook(oldFile));
  const now = await rosterFor('diff', () => readRosterBook(newFile));
  const d = diffRosters(old, now);
  const all = Boolean(opts.all);
  const files: string[] = [];
  if (opts.out !== undefined) {
    const runDate = localIsoDate(ctx.now());
    const target = join(opts.out, diffFileName(runDate));
    await checkTargets([target], [oldFile, newFile], Boolean(opts.force));
    const inputs = [
      { name: basename(oldFile), sha256: await sha256File(oldFile) },
      { name: basename(newFile), sha256: await sha256File(newFile) },
    ];
    const bytes = await diffWorkbookBytes(d, {
      manifest: rosterDocManifest('diff', now, inputs),
      runDate,
      all,
      title: `${now.city}${now.year}年度农村干部补贴审批`,
    });
    await writeAtomic(target, bytes);
    files.push(target);
  }
  if (!ctx.json && !ctx.quiet) {
    if (d.findings.length) ctx.stderr.write(renderFindings(d.findings, ctx.lang, ctx.color, ctx.width));
    ctx.stdout.write(renderDiff(d, ctx.lang, ctx.color, all, ctx.width));
    if (files.length)
      ctx.stdout.write(
        `${ctx.lang === 'zh' ? '已写出：' : 'Written:'}\n${files.flatMap((f) => wrapIndented(f, ctx.width, '', 2)).join('\n')}\n`,
      );
  }
  return {
    code: EXIT.ok,
    body: {
      command: 'diff',
      ok: true,
      files,
      ...diffJson(d, all),
      findings: findingsJson(d.findings, ctx.lang),
    },
  };
}

export function registerDiffCommand(program: Command): void {
  const cmd = program
    .command('diff')
    .description('what changed between two rosters written by subsidy, and why (花名册变动)')
    .argument('<old-roster>', 'the roster the approvers saw (审批花名册-YEAR.xlsx)')
    .argument('<new-roster>', 'the roster made since')
    .option('--all', 'list the people whose reward moved only with the shared pool too')
    .option('-o, --out <dir>', 'write 花名册变动-YYYYMMDD.xlsx into this folder (created if missing)')
    .option('--force', 'overwrite an existing output');
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('diff', (args, opts, ctx) => runDiff(args, opts as DiffOpts, ctx)));
}
