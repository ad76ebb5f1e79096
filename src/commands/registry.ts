import type { Command } from 'commander';
import { registerApproveCommand } from './approve.js';
import { registerCompare } from './compare.js';
import { registerDiffCommand } from './diff.js';
import { registerExplainCommand } from './explain.js';
import { registerInitCommand } from './init.js';
import { registerKeysCommand } from './keys.js';
import { registerLedger } from './ledger.js';
import { registerPayoutCommand } from './payout.js';
import { registerPolicyCommand } from './policy.js';
import { registerSubsidy } from './subsidy.js';
import { registerValidateCommand } from './validate.js';

/** Every command registers itself here, in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  registerInitCommand(program);
  registerValidateCommand(program);
  registerSubsidy(program);
  registerLedger(program);
  registerApproveCommand(program);
  registerPayoutCommand(program);
  registerKeysCommand(program);
  registerDiffCommand(program);
  registerExplainCommand(program);
  registerCompare(program);
  registerPolicyCommand(program);
}
