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

const EXAMPLES = `
Examples:
  $ cadre-calc policy                              the built-in rongcheng-2012, as tables
  $ cadre-calc policy --policy 荣成市-2013.yaml     check and show your own policy file
  $ cadre-calc policy --json                       the policy as JSON (amounts in fen)

An invalid policy exits 1 and lists every problem with its line and key path
(e.g. roles.主任.ratio, bands[2].amount; list positions count from 0).`;

export function registerPolicyCommand(program: Command): void {
  const cmd = program
    .command('policy')
    .description('show the policy in force (default: the built-in rongcheng-2012); errors if it is invalid');
  addPolicyOption(cmd);
  addCommonOptions(cmd);
  cmd.addHelpText('after', EXAMPLES).action(action('policy', policyCommand));
}
