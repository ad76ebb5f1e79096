import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT, ExitError } from '../errors.js';
import { buildTemplate, TEMPLATE_NAME } from '../io/documents/template.js';
import { checkTargets, writeAllAtomic } from '../io/files/atomic.js';
import { loadPolicy } from '../io/policy/policy.js';
import { exampleProfilesDir } from '../io/policy/shipped.js';
import { escapeTerminal } from '../report/escape.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import { lockedOutput } from './common.js';
import type { Ctx, Outcome } from './context.js';
import { addCommonOptions, addPolicyOption, type CommonOpts } from './options.js';
import { action } from './runner.js';

/** The copy of the policy `init` writes beside the template, to edit and pass with --policy. */
export const POLICY_COPY_NAME = 'policy.yaml';

/** The example bank profiles shipped in the package, as `init` writes them into DIR/banks/. */
async function exampleProfiles(dir: string): Promise<{ path: string; data: Buffer }[]> {
  const from = exampleProfilesDir();
  const names = (await readdir(from)).filter((n) => /\.(ya?ml|md)$/.test(n)).sort();
  return Promise.all(
    names.map(async (n) => ({ path: join(dir, 'banks', n), data: await readFile(join(from, n)) })),
  );
}

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
  const examples = await exampleProfiles(dir);
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
    await checkTargets([template, policyCopy, ...examples.map((e) => e.path)], inputs, Boolean(opts.force));
    return writeAllAtomic(
      [{ path: template, data: xlsx }, { path: policyCopy, data: policyText }, ...examples],
      { replace: Boolean(opts.force) },
    );
  });
  if (warnings.length && !ctx.json && !ctx.quiet)
    ctx.stderr.write(renderFindings(warnings, ctx.lang, ctx.color, ctx.width));
  if (!ctx.json) {
    const [shownTemplate, shownPolicy] = [escapeTerminal(template), escapeTerminal(policyCopy)];
    ctx.stdout.write(
      ctx.lang === 'zh'
        ? `已写入：\n  ${shownTemplate}  （输入模板：村庄、干部、承诺台账、考核评分）\n  ${shownPolicy}  （政策 ${loaded.policy.id} 的副本，可修改后用 --policy 指定）\n` +
            `  ${escapeTerminal(join(dir, 'banks'))}/  （银行代发格式示例，须按各银行实际要求修改后用 payout --banks 指定）\n` +
            `填好模板并删除示例行后，运行：cadre-calc validate ${shownTemplate}\n`
        : `Wrote:\n  ${shownTemplate}  (input template: 村庄, 干部, 承诺台账, 考核评分)\n  ${shownPolicy}  (a copy of policy ${loaded.policy.id}, to edit and pass with --policy)\n` +
            `  ${escapeTerminal(join(dir, 'banks'))}/  (example bank profiles: adapt them to each bank, then pass payout --banks)\n` +
            `Fill in the template, delete the example rows, then run: cadre-calc validate ${shownTemplate}\n`,
    );
  }
  return {
    code: 0,
    body: {
      command: 'init',
      ok: true,
      files: [template, policyCopy, ...examples.map((e) => e.path)],
      policy: { id: loaded.policy.id, sha256: loaded.sha256 },
      findings: findingsJson(warnings, ctx.lang),
    },
  };
}

export function registerInitCommand(program: Command): void {
  const cmd = program
    .command('init')
    .description(
      'write an input template workbook, a copy of the policy to edit and example bank profiles (banks/)',
    )
    .argument('[dir]', 'folder to write into (default: the current folder)')
    .option('--force', 'overwrite existing files');
  addPolicyOption(cmd);
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('init', initCommand));
}
