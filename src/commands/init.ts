import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT, ExitError } from '../errors.js';
import { buildTemplate, TEMPLATE_NAME } from '../io/documents/template.js';
import { checkTargets, writeAllAtomic } from '../io/files/atomic.js';
import { loadPolicy } from '../io/policy/policy.js';
import { escapeTerminal } from '../report/escape.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import { lockedOutput } from './common.js';
import type { Ctx, Outcome } from './context.js';
import { addCommonOptions, addPolicyOption, type CommonOpts } from './options.js';
import { action } from './runner.js';

/** The copy of the policy `init` writes beside the template, to edit and pass with --policy. */
export const POLICY_COPY_NAME = 'policy.yaml';

/**
 * `cadre-calc init [dir]`: writes the input template and a copy of the policy (the
 * built-in one unless --policy) into `dir` (default: the current folder). Refuses to
 * overwrite either file without --force (exit 3).
 */
export async function initCommand(args: string[], opts: CommonOpts, ctx: Ctx): Promise<Outcome> {
  const dir = args[0] ?? '.';
  const loaded = await loadPolicy(opts.policy);
  const template = join(dir, TEMPLATE_NAME);
  const policyCopy = join(dir, POLICY_COPY_NAME);
  const inputs = opts.policy ? [opts.policy] : [];
  await checkTargets([template, policyCopy], inputs, Boolean(opts.force));
  let policyText: Buffer;
  try {
    policyText = await readFile(loaded.source);
  } catch (e) {
    throw new ExitError(EXIT.io, [
      {
        level: 'error',
        code: 'file_unreadable',
        file: loaded.source,
        sheet: '',
        row: 0,
        column: '',
        header: '',
        value: '',
        params: { reason: (e as NodeJS.ErrnoException).code ?? String(e) },
      },
    ]);
  }
  const xlsx = await buildTemplate(loaded.policy);
  const { warnings } = await lockedOutput(dir, 'init', async () => {
    await checkTargets([template, policyCopy], inputs, Boolean(opts.force));
    return writeAllAtomic(
      [
        { path: template, data: xlsx },
        { path: policyCopy, data: policyText },
      ],
      { replace: Boolean(opts.force) },
    );
  });
  if (warnings.length && !ctx.json && !ctx.quiet)
    ctx.stderr.write(renderFindings(warnings, ctx.lang, ctx.color));
  if (!ctx.json) {
    const [shownTemplate, shownPolicy] = [escapeTerminal(template), escapeTerminal(policyCopy)];
    ctx.stdout.write(
      ctx.lang === 'zh'
        ? `已写入：\n  ${shownTemplate}  （输入模板：村庄、干部、承诺台账、考核评分）\n  ${shownPolicy}  （政策 ${loaded.policy.id} 的副本，可修改后用 --policy 指定）\n` +
            `填好模板并删除示例行后，运行：cadre-calc validate ${shownTemplate}\n`
        : `Wrote:\n  ${shownTemplate}  (input template: 村庄, 干部, 承诺台账, 考核评分)\n  ${shownPolicy}  (a copy of policy ${loaded.policy.id}, to edit and pass with --policy)\n` +
            `Fill in the template, delete the example rows, then run: cadre-calc validate ${shownTemplate}\n`,
    );
  }
  return {
    code: 0,
    body: {
      command: 'init',
      ok: true,
      files: [template, policyCopy],
      policy: { id: loaded.policy.id, sha256: loaded.sha256 },
      findings: findingsJson(warnings, ctx.lang),
    },
  };
}

const EXAMPLES = `
Writes two files into DIR (default: the current folder):
  ${TEMPLATE_NAME}   the input template: sheets 村庄, 干部, 承诺台账, 考核评分 with every
                         column, a frozen header row, drop-down lists (职务 from the policy,
                         经济薄弱村, 状态, 验收结果, 考核期), ID, card and code columns as text,
                         a note on every header, a 填表说明 sheet, and two example rows per
                         sheet (序号 示例, village codes 999999…): validate and subsidy
                         skip them with a warning. Delete them, or type over them and
                         remove the 示例 marker.
  ${POLICY_COPY_NAME}            a copy of the policy (the built-in rongcheng-2012 unless --policy),
                         with comments, to edit and pass back with --policy.
Existing files are not overwritten unless --force is given (exit 3).

Examples:
  $ cadre-calc init                       into the current folder
  $ cadre-calc init 2013年补贴             into ./2013年补贴 (created if missing)
  $ cadre-calc init . --force              replace an earlier template and policy copy`;

export function registerInitCommand(program: Command): void {
  const cmd = program
    .command('init')
    .description('write an input template workbook and a copy of the policy to edit')
    .argument('[dir]', 'folder to write into (default: the current folder)')
    .option('--force', 'overwrite existing files');
  addPolicyOption(cmd);
  addCommonOptions(cmd);
  cmd.addHelpText('after', EXAMPLES).action(action('init', initCommand));
}
