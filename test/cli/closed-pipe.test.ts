import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

const SAMPLE = join(ROOT, 'fixtures', 'sample-city', '荣成市-2012.xlsx');

/** Runs the CLI and closes its stdout after the first chunk, as `| head -c 1` does. */
function runClosingEarly(args: string[]): Promise<{ code: number | null; stderr: string; got: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, LANG: 'C', LC_ALL: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let got = 0;
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.once('data', (d: Buffer) => {
      got = d.length;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, got }));
  });
}

describe('a reader that closes the pipe early', () => {
  it('leaves the command its own exit code, with no EPIPE stack trace', async () => {
    // the sample city's --json is over a megabyte: far more than a pipe holds
    const out = tempDir();
    const r = await runClosingEarly(['subsidy', SAMPLE, '-o', out, '--json']);
    expect(r.got).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|node:events/);
    expect(r.code).toBe(0);
  });
});
