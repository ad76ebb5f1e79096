import type { Command } from 'commander';
import { registerApproveCommand } from './approve.js';
import { registerLedger } from './ledger.js';
import { registerPayoutCommand } from './payout.js';
import { registerPolicyCommand } from './policy.js';

/** Every command registers itself here, in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  registerLedger(program);
  registerApproveCommand(program);
  registerPayoutCommand(program);
  registerPolicyCommand(program);
}
