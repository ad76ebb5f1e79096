import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The end-to-end tests run the real CLI (bin/cadre-calc.js → dist/cadre-calc.mjs): build it
 * once first, as `npm run build` does (tsc, then the bundle of its output).
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const run = (script: string, ...args: string[]) =>
    execFileSync(process.execPath, [`${root}node_modules/${script}`, ...args], {
      cwd: root,
      stdio: 'inherit',
    });
  run('typescript/bin/tsc', '-p', 'tsconfig.build.json');
  run('rolldown/bin/cli.mjs', '-c', 'rolldown.config.mjs', '--logLevel', 'warn');
}
