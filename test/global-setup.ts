import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The end-to-end tests run the real CLI (bin/cadre-calc.js → dist/cadre-calc.mjs): build it
 * once first, as `npm run build` does (tsc, then the bundle of its output).
 *
 * Every temporary folder the tests make (and the CLI runs they start) goes under one folder
 * of this run (TMPDIR, inherited by the test workers and their children), removed at the
 * end: the rosters, notices and bank files of a test run do not pile up in the system's
 * temporary folder.
 */
export default function setup(): () => void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const run = (script: string, ...args: string[]) =>
    execFileSync(process.execPath, [`${root}node_modules/${script}`, ...args], {
      cwd: root,
      stdio: 'inherit',
    });
  run('typescript/bin/tsc', '-p', 'tsconfig.build.json');
  run('rolldown/bin/cli.mjs', '-c', 'rolldown.config.mjs', '--logLevel', 'warn');
  const temp = mkdtempSync(join(tmpdir(), 'cadre-calc-tests-'));
  process.env.TMPDIR = temp;
  return () => rmSync(temp, { recursive: true, force: true });
}
