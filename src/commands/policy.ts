import type { Command } from 'commander';
import { loadPolicy } from '../io/policy/policy.js';
import { policyJson, renderPolicy } from '../report/policy-text.js';
import type { Ctx, Outcome } from './context.js';
import { addCommonOptions, addPolicyOption, type CommonOpts } from './options.js';
import { action } from './runner.js';

/**
 * `cadre-calc policy`: loads the policy in force (the built-in one unless --policy) and
 * shows it. An invalid policy throws from loadPolicy (exit 1 with every finding).
 */
export async function policyCommand(_args: string[], opts: CommonOpts, ctx: Ctx): Promise<Outcome> {
  const loaded = await loadPolicy(opts.policy);
  if (!ctx.json) ctx.stdout.write(renderPolicy(loaded, ctx.lang, ctx.color, ctx.width));
  return {
    code: 0,
    body: {
      command: 'policy',
      ok: true,
      files: [],
      source: loaded.source,
      sha256: loaded.sha256,
      policy: policyJson(loaded.policy),
      findings: [],
    },
  };
}

export function registerPolicyCommand(program: Command): void {
  const cmd = program
    .command('policy')
    .description('show the policy in force (default: the built-in rongcheng-2012); errors if it is invalid');
  addPolicyOption(cmd);
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('policy', policyCommand));
}
