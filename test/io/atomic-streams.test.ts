import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, ExitError } from '../../src/errors.js';
import { writeAllAtomicStreams } from '../../src/io/files/atomic.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'cadre-atomic-'));
}

describe('writing several streamed files as one step', () => {
  it('renames every file into place once all are written, leaving no temporary file', async () => {
    const d = dir();
    await writeAllAtomicStreams([
      { path: join(d, 'a.xlsx'), write: async (tmp) => writeFileSync(tmp, 'A') },
      { path: join(d, 'out', 'b.xlsx'), write: async (tmp) => writeFileSync(tmp, 'B') },
    ]);
    expect(readFileSync(join(d, 'a.xlsx'), 'utf8')).toBe('A');
    expect(readFileSync(join(d, 'out', 'b.xlsx'), 'utf8')).toBe('B');
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('touches no target and removes every temporary file when a later writer refuses, passing its ExitError on', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.xlsx'), 'old');
    const refusal = new ExitError(EXIT.internal, []);
    await expect(
      writeAllAtomicStreams([
        { path: join(d, 'a.xlsx'), write: async (tmp) => writeFileSync(tmp, 'new') },
        {
          path: join(d, 'b.xlsx'),
          write: async (tmp) => {
            writeFileSync(tmp, 'half');
            throw refusal;
          },
        },
      ]),
    ).rejects.toBe(refusal);
    expect(readFileSync(join(d, 'a.xlsx'), 'utf8')).toBe('old');
    expect(existsSync(join(d, 'b.xlsx'))).toBe(false);
    expect(readdirSync(d)).toEqual(['a.xlsx']);
  });

  it('reports a file system error as write_failed (exit 4), naming the file', async () => {
    const d = dir();
    writeFileSync(join(d, 'not-a-folder'), '');
    await expect(
      writeAllAtomicStreams([
        { path: join(d, 'not-a-folder', 'a.xlsx'), write: async (tmp) => writeFileSync(tmp, 'A') },
      ]),
    ).rejects.toMatchObject({
      code: EXIT.io,
      findings: [{ code: 'write_failed', file: join(d, 'not-a-folder', 'a.xlsx') }],
    });
  });

  it('lets verify read every temporary file before anything is renamed, and renames only what it accepts', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.xlsx'), 'old');
    const seen: string[] = [];
    await writeAllAtomicStreams(
      [
        { path: join(d, 'a.xlsx'), write: async (tmp) => writeFileSync(tmp, 'new A') },
        { path: join(d, 'b.xlsx'), write: async (tmp) => writeFileSync(tmp, 'new B') },
      ],
      async (written) => {
        for (const w of written) {
          // the target is not replaced yet: verify sees the old file and the new one side by side
          seen.push(`${w.path.slice(d.length + 1)}=${readFileSync(w.tmp, 'utf8')}`);
        }
        expect(readFileSync(join(d, 'a.xlsx'), 'utf8')).toBe('old');
      },
      // a.xlsx exists: replacing it is asked for (--force)
      { replace: true },
    );
    expect(seen).toEqual(['a.xlsx=new A', 'b.xlsx=new B']);
    expect(readFileSync(join(d, 'a.xlsx'), 'utf8')).toBe('new A');
    expect(readdirSync(d).sort()).toEqual(['a.xlsx', 'b.xlsx']);
  });

  it('keeps every target as it was (an older file included) when verify refuses, passing its ExitError on', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.xlsx'), 'old');
    const refusal = new ExitError(EXIT.refused, []);
    await expect(
      writeAllAtomicStreams(
        [
          { path: join(d, 'a.xlsx'), write: async (tmp) => writeFileSync(tmp, 'new A') },
          { path: join(d, 'b.xlsx'), write: async (tmp) => writeFileSync(tmp, 'new B') },
        ],
        async () => {
          throw refusal;
        },
      ),
    ).rejects.toBe(refusal);
    expect(readFileSync(join(d, 'a.xlsx'), 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['a.xlsx']);
  });
});
