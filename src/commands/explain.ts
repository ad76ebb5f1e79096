import { join } from 'node:path';
import type { Command } from 'commander';
import { explainPerson, methodLineZh, normaliseId } from '../decide/explain.js';
import { EXIT, ExitError } from '../errors.js';
import { explainFileName, explainWorkbookBytes } from '../io/documents/explain.js';
import { readRosterBook } from '../io/documents/roster/book.js';
import { checkTargets, writeAtomic } from '../io/files/atomic.js';
import { sha256File } from '../io/files/fingerprint.js';
import { localIsoDate } from '../io/xlsx/dates.js';
import { explainJson, renderExplain, STEP_LABELS } from '../report/explain-text.js';
import { findingsJson } from '../report/findings-text.js';
import { wrapIndented } from '../report/layout.js';
import type { Finding } from '../rules/findings.js';
import type { Ctx, Outcome } from './context.js';
import { rosterDocManifest, rosterFor } from './diff.js';
import { addCommonOptions, type CommonOpts } from './options.js';
import { action } from './runner.js';

export interface ExplainOpts extends CommonOpts {
  id?: string;
  role?: string;
}

function usage(code: string, header: string, value: string): ExitError {
  const f: Finding = { level: 'error', code, file: '', sheet: '', row: 0, column: '', header, value };
  return new ExitError(EXIT.usage, [f]);
}

/**
 * `cadre-calc explain <roster> --id ID [--role R]` (spec/decide.md): one person's whole
 * chain from the roster alone; -o DIR writes the printable 补贴说明单.
 */
export async function runExplain(args: string[], opts: ExplainOpts, ctx: Ctx): Promise<Outcome> {
  const [file] = args as [string];
  if (!opts.id) throw usage('no_inputs', '--id', '');
  const id = normaliseId(opts.id);
  const role = opts.role?.normalize('NFKC').trim();
  const envelope = { command: 'explain', ok: false, files: [] };
  const book = await rosterFor('explain', () =>
    readRosterBook(file, { details: true, want: (i, r) => i === id && (role === undefined || r === role) }),
  );
  const base = { level: 'error' as const, file, sheet: '', row: 0, column: '', header: '', value: '' };
  if (!book.policy)
    throw new ExitError(
      EXIT.inputErrors,
      [{ ...base, code: 'explain_policy_missing', sheet: '校验' }],
      envelope,
    );
  const e = explainPerson(book, book.policy, id, role);
  if (!e) {
    const f: Finding = {
      ...base,
      code: 'explain_not_found',
      sheet: '花名册',
      header: '身份证号',
      value: id,
      params: { role: role ? `（${role}）` : '' },
    };
    throw new ExitError(EXIT.inputErrors, [f], envelope);
  }
  // a step that does not agree with the roster: it was edited; nothing is written
  if (e.findings.length) throw new ExitError(EXIT.inputErrors, e.findings, envelope);

  const files: string[] = [];
  if (opts.out !== undefined) {
    const runDate = localIsoDate(ctx.now());
    const target = join(opts.out, explainFileName(e.name, e.idNumber));
    await checkTargets([target], [file], Boolean(opts.force));
    // the roster named by SHA-256 only: a file name can carry personal data
    const inputs = [{ name: '审批花名册', sha256: await sha256File(file) }];
    const bytes = await explainWorkbookBytes(e, {
      manifest: rosterDocManifest('explain', book, inputs),
      runDate,
      title: `${book.city}${book.year}年度农村干部补贴说明单`,
      labels: STEP_LABELS,
      method: methodLineZh(book.policy),
    });
    await writeAtomic(target, bytes);
    files.push(target);
  }
  if (!ctx.json && !ctx.quiet) {
    ctx.stdout.write(renderExplain(e, ctx.lang, ctx.color, ctx.width));
    if (files.length)
      ctx.stdout.write(
        `${ctx.lang === 'zh' ? '已写出：' : 'Written:'}\n${files.flatMap((f) => wrapIndented(f, ctx.width, '', 2)).join('\n')}\n`,
      );
  }
  return {
    code: EXIT.ok,
    body: { command: 'explain', ok: true, files, ...explainJson(e), findings: findingsJson([], ctx.lang) },
  };
}

export function registerExplainCommand(program: Command): void {
  const cmd = program
    .command('explain')
    .description("one person's whole chain from the roster alone, printable (补贴说明单)")
    .argument('<roster>', 'the roster written by subsidy (审批花名册-YEAR.xlsx)')
    .requiredOption('--id <id>', 'the ID number (身份证号) of the person')
    .option('--role <role>', 'only this role of the person (书记, 主任, 会计 …)')
    .option('-o, --out <dir>', 'write 补贴说明单-NAME-ID后4位.xlsx into this folder (created if missing)')
    .option('--force', 'overwrite an existing output');
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('explain', (args, opts, ctx) => runExplain(args, opts as ExplainOpts, ctx)));
}
