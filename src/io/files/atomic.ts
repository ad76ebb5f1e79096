import { constants } from 'node:fs';
import {
  access,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  realpath,
  rename,
  rm,
  stat,
  unlink,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { EXIT, ExitError } from '../../errors.js';
import type { Finding } from '../../rules/findings.js';
import { NO_HARD_LINKS, OURS, processAlive, THIS_HOST, tempPathFor } from './lock.js';

export { tempPathFor };

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

/** A file's identity: device and inode (the same file under a symlink or a hard link), or null. */
async function identity(p: string): Promise<string | null> {
  try {
    const s = await stat(p);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

/**
 * Checks, before anything is written, that none of `targets` is an input — by path, by
 * real path (a symlink) and by device and inode (a hard link) — and none exists unless
 * `force`: every refusal at once (exit 3).
 */
export async function checkTargets(targets: string[], inputs: string[], force: boolean): Promise<void> {
  const ins = new Set(inputs.map((p) => resolve(p)));
  const real = new Set<string>();
  const ids = new Set<string>();
  for (const p of inputs) {
    const r = await realpath(p).catch(() => null);
    if (r) real.add(r);
    const id = await identity(p);
    if (id) ids.add(id);
  }
  const problems: Finding[] = [];
  for (const t of targets) {
    const id = await identity(t);
    const r = await realpath(t).catch(() => null);
    if (ins.has(resolve(t)) || (r && real.has(r)) || (id && ids.has(id)))
      problems.push(finding('output_is_input', t));
    else if (!force && (await exists(t))) problems.push(finding('output_exists', t));
  }
  if (problems.length) throw new ExitError(EXIT.refused, problems);
}

/**
 * Temporary files left in `dir` by a run of this machine that is gone (a crash, a closed
 * window): a temporary file (it may hold IDs and card numbers) is removed; a backup of a
 * replaced file is put back where nothing took its place, else removed. Called under the
 * folder's lock, before a set of files is written there.
 */
export async function cleanStaleTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = OURS.exec(name);
    if (!m || m[2] !== THIS_HOST || processAlive(Number(m[3]))) continue;
    const path = join(dir, name);
    if (m[4] === 'bak') {
      const target = join(dir, m[1] as string);
      if (!(await exists(target))) {
        await rename(path, target).catch(() => undefined);
        continue;
      }
    }
    await rm(path, { force: true }).catch(() => undefined);
  }
}

/** Flushes a written file to the disk before it is put in place. */
async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Flushes a folder's entries (the renames); not possible on every system (Windows), then skipped. */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // a folder cannot be opened or flushed here: the files themselves were
  }
}

/** Something is at `target` (a file, a folder, a dangling link). */
async function occupied(target: string): Promise<boolean> {
  try {
    await lstat(target);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/**
 * Puts `tmp` at `target` only if nothing is there (Node has no no-replace rename): a hard
 * link, then the temporary name removed. Where hard links are not supported (FAT/exFAT
 * drives, some network shares) it checks and renames — the folder lock keeps other
 * cadre-calc runs out of that moment. Throws `output_exists` (exit 3) when the name is taken.
 */
export async function placeNoReplace(tmp: string, target: string, linkFn: typeof link = link): Promise<void> {
  try {
    await linkFn(tmp, target);
    await unlink(tmp).catch(() => undefined);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw new ExitError(EXIT.refused, [finding('output_exists', target)]);
    if (!NO_HARD_LINKS.has(code)) throw e;
  }
  if (await occupied(target)) throw new ExitError(EXIT.refused, [finding('output_exists', target)]);
  await rename(tmp, target);
}

export interface Placed {
  /** Files that existed and were replaced (--force, or a roster updated in place). */
  replaced: string[];
}

/**
 * Puts a set of written temporary files in place, all or nothing. Without `replace`
 * each goes only where nothing is (placeNoReplace). With `replace` an existing file is
 * first moved aside to a backup beside it; once every new file is in place the backups
 * are removed. If any step fails, the new files put in place are removed and every
 * backup is moved back, so the folder holds the old set; a backup that cannot be moved
 * back is left under its name and said in the finding.
 */
export async function commitSet(pairs: { tmp: string; path: string }[], replace: boolean): Promise<Placed> {
  const placed: string[] = [];
  const backups: { path: string; bak: string }[] = [];
  let current = '';
  try {
    for (const p of pairs) await syncFile(p.tmp);
    for (const p of pairs) {
      current = p.path;
      if (replace && (await occupied(p.path))) {
        const bak = tempPathFor(p.path, 'bak');
        await rename(p.path, bak);
        backups.push({ path: p.path, bak });
      }
      await placeNoReplace(p.tmp, p.path);
      placed.push(p.path);
    }
  } catch (e) {
    const kept: string[] = [];
    for (const path of placed.reverse()) await unlink(path).catch(() => undefined);
    for (const b of backups.reverse()) {
      try {
        await rename(b.bak, b.path);
      } catch {
        kept.push(`${b.path} ← ${b.bak}`);
      }
    }
    for (const p of pairs) await rm(p.tmp, { force: true }).catch(() => undefined);
    const restored = backups.map((b) => b.path);
    const extra: Finding[] = [];
    if (restored.length || kept.length) {
      extra.push({
        ...finding('output_restored', current, {
          files: restored.join(', ') || '-',
          kept: kept.join(', ') || '-',
        }),
        level: kept.length ? 'error' : 'warning',
      });
    }
    if (e instanceof ExitError) throw new ExitError(e.code, [...e.findings, ...extra], e.body);
    const reason = e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e);
    throw new ExitError(EXIT.io, [finding('write_failed', current, { reason }), ...extra]);
  }
  for (const d of new Set(pairs.map((p) => dirname(p.path)))) await syncDir(d);
  for (const b of backups) await unlink(b.bak).catch(() => undefined);
  return { replaced: backups.map((b) => b.path) };
}

export interface WriteOptions {
  /** Existing targets may be replaced (--force, or a roster updated in place). */
  replace?: boolean;
}

/** Writes a file atomically: a temporary file in the same folder, then put in place (commitSet). */
export async function writeAtomic(
  target: string,
  data: Uint8Array | string,
  opts: WriteOptions = {},
): Promise<Placed> {
  return writeAllAtomic([{ path: target, data }], opts);
}

/**
 * Writes several files as one step: each to a temporary file first, then all put in
 * place together (commitSet); if any write fails, none of the targets is touched.
 */
export async function writeAllAtomic(
  files: { path: string; data: Uint8Array | string }[],
  opts: WriteOptions = {},
): Promise<Placed> {
  return writeAllAtomicStreams(
    files.map((f) => ({
      path: f.path,
      write: async (tmp: string) => {
        const fh = await open(tmp, 'wx');
        try {
          await fh.writeFile(f.data);
        } finally {
          await fh.close();
        }
      },
    })),
    undefined,
    opts,
  );
}

/**
 * Like writeAllAtomic for files too large to hold in memory: each `write` streams its
 * file into the temporary path it is given (beside the target); once every one has
 * succeeded and `verify` (when given) has accepted them all, all are put in place
 * together (commitSet). If any fails, every temporary file is removed and no target is
 * touched. An ExitError from a writer or from `verify` (a check that refused) passes
 * through as it is.
 */
export async function writeAllAtomicStreams(
  files: { path: string; write: (tmp: string) => Promise<void> }[],
  verify?: (written: { path: string; tmp: string }[]) => Promise<void>,
  opts: WriteOptions = {},
): Promise<Placed> {
  const tmps: { tmp: string; path: string }[] = [];
  // Each file is flushed to disk as soon as it is whole, while the next is written (a full
  // sheet's roster is 460 MB); commitSet syncs each again before placing it, so a failure
  // here is found there. Settled before any temporary file is removed.
  const early: Promise<void>[] = [];
  let current = '';
  try {
    for (const f of files) {
      current = f.path;
      await mkdir(dirname(f.path), { recursive: true });
      const tmp = tempPathFor(f.path);
      tmps.push({ tmp, path: f.path });
      await f.write(tmp);
      early.push(syncFile(tmp).catch(() => undefined));
    }
    if (verify) await verify(tmps);
    await Promise.all(early);
  } catch (e) {
    await Promise.all(early);
    for (const t of tmps) await rm(t.tmp, { force: true }).catch(() => undefined);
    if (e instanceof ExitError || !(e instanceof Error) || !(e as NodeJS.ErrnoException).code) throw e;
    const reason = (e as NodeJS.ErrnoException).code ?? e.message;
    throw new ExitError(EXIT.io, [finding('write_failed', current, { reason })]);
  }
  return commitSet(tmps, Boolean(opts.replace));
}
