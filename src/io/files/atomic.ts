import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT, ExitError } from '../../errors.js';
import type { Finding } from '../../rules/findings.js';

function finding(code: string, file: string, params?: Record<string, string | number>): Finding {
  const f: Finding = { level: 'error', code, file, sheet: '', row: 0, column: '', header: '', value: '' };
  if (params) f.params = params;
  return f;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks, before anything is written, that none of `targets` is an input and none exists
 * unless `force`: every refusal at once (exit 3).
 */
export async function checkTargets(targets: string[], inputs: string[], force: boolean): Promise<void> {
  const ins = new Set(inputs.map((p) => resolve(p)));
  const problems: Finding[] = [];
  for (const t of targets) {
    if (ins.has(resolve(t))) problems.push(finding('output_is_input', t));
    else if (!force && (await exists(t))) problems.push(finding('output_exists', t));
  }
  if (problems.length) throw new ExitError(EXIT.refused, problems);
}

/** Writes a file atomically: a temporary file in the same folder, then a rename. */
export async function writeAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const reason = e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e);
    throw new ExitError(EXIT.io, [finding('write_failed', target, { reason })]);
  }
}

/**
 * Writes several files as one step: each to a temporary file first, then all renamed;
 * if any write fails, none of the targets is touched.
 */
export async function writeAllAtomic(files: { path: string; data: Uint8Array | string }[]): Promise<void> {
  const tmps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      const dir = dirname(f.path);
      await mkdir(dir, { recursive: true });
      const tmp = join(dir, `.${basename(f.path)}.${randomBytes(6).toString('hex')}.tmp`);
      tmps.push({ tmp, path: f.path });
      await writeFile(tmp, f.data);
    }
    for (const t of tmps) await rename(t.tmp, t.path);
  } catch (e) {
    for (const t of tmps) await rm(t.tmp, { force: true }).catch(() => undefined);
    const reason = e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e);
    throw new ExitError(EXIT.io, [finding('write_failed', tmps.at(-1)?.path ?? '', { reason })]);
  }
}

/**
 * Like writeAllAtomic for files too large to hold in memory: each `write` streams its
 * file into the temporary path it is given (beside the target); once every one has
 * succeeded and `verify` (when given) has accepted them all, all are renamed. If any
 * fails, every temporary file is removed and no target is touched. An ExitError from a
 * writer or from `verify` (a check that refused) passes through as it is.
 */
export async function writeAllAtomicStreams(
  files: { path: string; write: (tmp: string) => Promise<void> }[],
  verify?: (written: { path: string; tmp: string }[]) => Promise<void>,
): Promise<void> {
  const tmps: { tmp: string; path: string }[] = [];
  let current = '';
  try {
    for (const f of files) {
      current = f.path;
      const dir = dirname(f.path);
      await mkdir(dir, { recursive: true });
      const tmp = join(dir, `.${basename(f.path)}.${randomBytes(6).toString('hex')}.tmp`);
      tmps.push({ tmp, path: f.path });
      await f.write(tmp);
    }
    if (verify) await verify(tmps);
    for (const t of tmps) {
      current = t.path;
      await rename(t.tmp, t.path);
    }
  } catch (e) {
    for (const t of tmps) await rm(t.tmp, { force: true }).catch(() => undefined);
    if (e instanceof ExitError || !(e instanceof Error) || !(e as NodeJS.ErrnoException).code) throw e;
    const reason = (e as NodeJS.ErrnoException).code ?? e.message;
    throw new ExitError(EXIT.io, [finding('write_failed', current, { reason })]);
  }
}
