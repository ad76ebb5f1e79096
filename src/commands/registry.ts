import type { Command } from 'commander';
import { registerPolicyCommand } from './policy.js';

/** Every command registers itself here, in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  registerPolicyCommand(program);
}
