import type { Command } from 'commander';

/** Every command registers itself here, in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  void program;
}
