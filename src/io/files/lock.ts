/**
 * Exclusive locks between cadre-calc runs (issue 17 item 5b, issue 18 item 5): a lock file
 * created only if none is there, holding who took it (process, machine, command) and when.
 *
 * - A live lock is refused at once (exit 3, `locked`), naming its holder and time: a clerk
 *   is never left waiting on another's run.
 * - A stale lock — taken on this machine by a process that is gone (a crash, a closed
 *   window) — is broken with a warning (`lock_broken`), so a crash never locks a clerk out.
 *   A lock taken on another machine (a network share) cannot be checked and counts as live;
 *   the message says which machine holds it and which file to delete if it is gone.
 *
 * The lock file is made with its content in one step (a temporary file hard-linked to the
 * lock's name, which fails if the name exists); where hard links are not supported (FAT/exFAT
 * drives, some network shares) it is created with O_EXCL and then written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { EXIT, ExitError } from '../../errors.js';
import type { Finding } from '../../rules/findings.js';
import { localIsoDateTime } from '../xlsx/dates.js';

export interface LockHolder {
  pid: number;
  host: string;
  user: string;
  command: string;
  /** ISO time the lock was taken. */
  at: string;
  /** Tells this lock from a later one of the same process. */
  token: string;
}

export interface Lock {
  readonly path: string;
  /** Warnings to report with the command's findings (a stale lock that was broken). */
  readonly warnings: Finding[];
  release(): Promise<void>;
}

/** This machine, short: temporary names carry it so a shared folder's other machines' files are left alone. */
export const THIS_HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);
/** `.审批花名册-2012.xlsx.3f2a91-12345-0a1b2c3d4e5f.tmp` (or `.bak`): target, machine, process, random. */
export const OURS = /^\.(.+)\.([0-9a-f]{6})-(\d+)-[0-9a-f]{12}\.(tmp|bak)$/;

/** A temporary (or backup) name beside `target`, unique, naming this machine and process. */
export function tempPathFor(target: string, kind: 'tmp' | 'bak' = 'tmp'): string {
  return join(
    dirname(target),
    `.${basename(target)}.${THIS_HOST}-${process.pid}-${randomBytes(6).toString('hex')}.${kind}`,
  );
}

/** Errors that mean "this file system has no hard links" (FAT/exFAT, some shares). */
export const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EINVAL']);

/** A lock file with no readable content is counted as being written for this long. */
const UNREADABLE_GRACE_MS = 10_000;

function finding(
  level: Finding['level'],
  code: string,
  file: string,
  params: Record<string, string | number>,
): Finding {
  return { level, code, file, sheet: '', row: 0, column: '', header: '', value: '', params };
}

/** True when process `pid` of this machine is running (EPERM: it runs as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string' || typeof h.at !== 'string') return null;
    return {
      pid: h.pid,
      host: h.host,
      user: String(h.user ?? ''),
      command: String(h.command ?? ''),
      at: h.at,
      token: String(h.token ?? ''),
    };
  } catch {
    return null;
  }
}

async function readHolder(
  path: string,
): Promise<{ holder: LockHolder | null; text: string; mtimeMs: number } | null> {
  try {
    const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { holder: parseHolder(text), text, mtimeMs: st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function holderText(h: LockHolder): string {
  return `${h.command || 'cadre-calc'} (pid ${h.pid}${h.user ? `, ${h.user}` : ''}, ${h.host})`;
}

/** Creates `path` holding `text` only if nothing is there; false when something is. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  const tmp = tempPathFor(path);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw e;
    // No hard links here: O_EXCL, then the content (a reader that finds it empty waits).
    try {
      const lock = await open(path, 'wx');
      try {
        await lock.writeFile(text);
        await lock.sync();
      } finally {
        await lock.close();
      }
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Locks held by this process, removed if it exits without releasing them (an error, Ctrl-C). */
const held = new Map<string, string>();
let exitHook = false;
function hookExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const [path, token] of held) {
      try {
        // only our own lock (never one another run took after breaking ours)
        if (parseHolder(readFileSync(path, 'utf8'))?.token === token) unlinkSync(path);
      } catch {
        // already gone
      }
    }
  });
}

/**
 * Takes the lock at `lockPath` for `what` (the roster or the folder it protects, named in
 * messages). Throws ExitError(3, `locked`) when another live run holds it.
 */
export async function acquireLock(lockPath: string, what: string, command: string): Promise<Lock> {
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    user: (() => {
      try {
        return userInfo().username;
      } catch {
        return '';
      }
    })(),
    command: `cadre-calc ${command}`,
    at: localIsoDateTime(new Date()),
    token: randomBytes(8).toString('hex'),
  };
  const text = `${JSON.stringify(me)}\n`;
  const warnings: Finding[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(lockPath, text)) {
      held.set(lockPath, me.token);
      hookExit();
      return {
        path: lockPath,
        warnings,
        release: async () => {
          held.delete(lockPath);
          const now = await readHolder(lockPath).catch(() => null);
          // Only our own lock is removed (never one a breaker handed to another run).
          if (now?.holder?.token === me.token) await unlink(lockPath).catch(() => undefined);
        },
      };
    }
    const found = await readHolder(lockPath);
    if (!found) continue; // released meanwhile: try again
    const h = found.holder;
    const stale = h
      ? h.host === me.host && !processAlive(h.pid)
      : Date.now() - found.mtimeMs > UNREADABLE_GRACE_MS;
    if (!stale) {
      throw new ExitError(EXIT.refused, [
        finding('error', 'locked', what, {
          holder: h ? holderText(h) : '?',
          since: h ? h.at : localIsoDateTime(new Date(found.mtimeMs)),
          lock: lockPath,
        }),
      ]);
    }
    // Broken by moving it aside under a unique name, then checking that what was moved
    // is the stale lock read above (another run may have broken it and taken a new one
    // meanwhile: that one is put back).
    const aside = `${lockPath}.${process.pid}-${randomBytes(4).toString('hex')}.stale`;
    try {
      await rename(lockPath, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const moved = await readFile(aside, 'utf8').catch(() => '');
    if (moved !== found.text) {
      // Not the stale lock: a live one taken meanwhile. Put it back if the name is free.
      await link(aside, lockPath).catch(() => undefined);
      await unlink(aside).catch(() => undefined);
      continue;
    }
    await unlink(aside).catch(() => undefined);
    warnings.push(
      finding('warning', 'lock_broken', what, {
        holder: h ? holderText(h) : '?',
        since: h ? h.at : localIsoDateTime(new Date(found.mtimeMs)),
        lock: lockPath,
      }),
    );
  }
  throw new ExitError(EXIT.refused, [
    finding('error', 'locked', what, { holder: '?', since: '?', lock: lockPath }),
  ]);
}

/** The lock of a roster that approve and payout update: `审批花名册-2012.xlsx.lock` beside it. */
export function rosterLockPath(roster: string): string {
  return `${roster}.lock`;
}

/** The lock of an output folder while a set of files is put in place. */
export function folderLockPath(dir: string): string {
  return join(dir, '.cadre-calc.lock');
}
