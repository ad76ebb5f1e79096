import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'cadre-calc.js');
export const SHARED = join(ROOT, '..', 'shared');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

/**
 * Runs the real CLI process (built dist/), English messages unless env says otherwise, laid
 * out for a wide terminal (COLUMNS=200) so tests of content do not depend on line breaks;
 * test/cli/terminal-width.test.ts checks the layout at 40, 80 and 120 columns.
 */
export function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C', LC_ALL: '', NO_COLOR: '1', COLUMNS: '200', ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    json: () => JSON.parse(r.stdout) as Record<string, unknown>,
  };
}

export function tempDir(prefix = 'cadre-calc-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
