/**
 * The payout register (spec/banks.md): no batch paid twice. The roster records every batch
 * issued from it in 校验 › 发放记录; an optional register file (append-only JSON lines)
 * protects against copies of a roster made before its first payout. The record is written
 * first, then the files; if a file cannot be put in place, the roster (and the register
 * file) are restored. A crash leaves at worst "issued, files missing" (reissue), never
 * files without a record.
 */
import { randomBytes } from 'node:crypto';
import {
  appendFile,
  copyFile,
  link,
  mkdir,
  open,
  readFile,
  rename,
  rm,
  stat,
  truncate,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EXIT, ExitError, fileError } from '../../../errors.js';
import type { Finding } from '../../../rules/findings.js';
import { tempPathFor } from '../../files/lock.js';
import { type IssueRecord, MANIFEST_SHEET, type Manifest, readManifestFile } from '../manifest.js';

export type Batch = IssueRecord['batch'];

/** Batches that pay the same money: a batch overlaps itself, and `all` overlaps `base` and `reward`. */
export function overlaps(a: Batch, b: Batch): boolean {
  return a === b || a === 'all' || b === 'all';
}

/** One line of the register file. */
export interface RegisterLine {
  rosterDigest: string;
  batch: Batch;
  batchId: string;
  issue: number;
  at: string;
  files: string[];
  count: number;
  totalFen: number;
}

function finding(code: string, file: string, params: Record<string, string | number>, value = ''): Finding {
  return { level: 'error', code, file, sheet: MANIFEST_SHEET, row: 0, column: '', header: '', value, params };
}

/** The lines of a register file ([] when it does not exist yet); a line that is not ours is exit 1. */
export async function readRegisterFile(path: string): Promise<RegisterLine[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    if (code === 'ENOENT') return [];
    throw fileError('file_unreadable', path, { reason: code });
  }
  const out: RegisterLine[] = [];
  const bad: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const v = JSON.parse(line) as RegisterLine;
      if (typeof v.rosterDigest !== 'string' || typeof v.batch !== 'string' || !Number.isInteger(v.issue))
        throw new Error('shape');
      out.push(v);
    } catch {
      bad.push({
        ...finding('register_file_line', path, { line: i + 1 }, line.slice(0, 80)),
        sheet: '',
        row: i + 1,
      });
    }
  });
  if (bad.length) throw new ExitError(EXIT.inputErrors, bad);
  return out;
}

export interface IssueDecision {
  /** The issue number this run gets (1 for a first issue). */
  issue: number;
  findings: Finding[];
}

/**
 * Whether `batch` may be issued from this roster: refused (payout_already_issued, naming
 * when and which files) when the roster or the register file records the batch or an
 * overlapping one, unless `reissue` — which only issues the same batch again, never an
 * overlapping other one, and needs an earlier issue of it.
 */
export function decideIssue(
  rosterFile: string,
  recorded: readonly IssueRecord[],
  registerFile: string,
  fileLines: readonly RegisterLine[],
  rosterDigest: string,
  batch: Batch,
  reissue: boolean,
): IssueDecision {
  const findings: Finding[] = [];
  const fromFile = fileLines.filter((l) => l.rosterDigest === rosterDigest);
  const all: { rec: Omit<IssueRecord, 'signed' | 'reason'>; where: string }[] = [
    ...recorded.map((rec) => ({ rec, where: rosterFile })),
    ...fromFile.map((rec) => ({ rec, where: registerFile })),
  ];
  let issue = 1;
  let same = 0;
  for (const { rec, where } of all) {
    if (!overlaps(rec.batch, batch)) continue;
    if (rec.batch === batch) {
      same++;
      issue = Math.max(issue, rec.issue + 1);
    }
    if (reissue && rec.batch === batch) continue;
    findings.push(
      finding(
        'payout_already_issued',
        where,
        {
          batch: rec.batch,
          at: rec.at,
          files: rec.files.join('、') || '（无）',
          issue: rec.issue,
          asked: batch,
        },
        rec.batch,
      ),
    );
  }
  if (reissue && same === 0) findings.push(finding('payout_reissue_nothing', rosterFile, { batch }, batch));
  // Two entries of one issue (the roster and the register file) are one issue, not two.
  return { issue, findings: dedupe(findings) };
}

function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.file}|${f.params?.batch}|${f.params?.issue}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The rewritten roster's own record, as read back from its 校验 sheet. */
async function recordedIn(path: string): Promise<IssueRecord[] | null> {
  return (await readManifestFile(path))?.issues ?? null;
}

export interface Recorded {
  /** Puts the roster (and the register file) back as they were before recordIssue. */
  restore(): Promise<void>;
  /** Forgets the copy kept for restore(), once the files are in place. */
  commit(): Promise<void>;
}

/**
 * Writes `entry` into the roster's 发放记录 (atomically: a temporary file checked, then a
 * rename), after keeping a copy of the roster to restore, and appends it to the register
 * file when one is given. `writeRoster` writes the roster with a new 校验 into a temporary
 * file (approve's writer). The caller holds the roster lock (issue 18).
 */
export async function recordIssue(
  rosterFile: string,
  manifest: Manifest,
  entry: IssueRecord,
  rosterDigest: string,
  writeRoster: (file: string, tmp: string, next: Manifest) => Promise<unknown>,
  registerFile: string | null,
): Promise<Recorded> {
  const next: Manifest = { ...manifest, issues: [...(manifest.issues ?? []), entry] };
  const backup = join(
    dirname(rosterFile),
    `.${basename(rosterFile)}.${randomBytes(6).toString('hex')}.before-payout`,
  );
  try {
    // a second name for the roster as it is (the rewrite is renamed over the first, never
    // written into it); a copy where the file system has no hard links
    await link(rosterFile, backup).catch(() => copyFile(rosterFile, backup));
  } catch (e) {
    throw fileError('write_failed', backup, { reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  let registerSize: number | null = null;
  let rosterWritten = false;
  try {
    // atomically: a temporary file beside the roster, checked, then renamed over it; named as
    // every temporary file is, so the next run cleans it if this one crashes (it holds IDs, cards)
    const tmp = tempPathFor(rosterFile);
    try {
      await writeRoster(rosterFile, tmp, next);
      const back = await recordedIn(tmp);
      if (
        !back ||
        JSON.stringify(back.at(-1)) !== JSON.stringify(entry) ||
        back.length !== next.issues?.length
      )
        throw new ExitError(EXIT.refused, [
          finding('roster_rewrite_check', rosterFile, { reason: '发放记录' }),
        ]);
      await rename(tmp, rosterFile);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined);
      if (e instanceof ExitError) throw e;
      throw fileError('write_failed', rosterFile, { reason: (e as NodeJS.ErrnoException).code ?? String(e) });
    }
    rosterWritten = true;
    if (registerFile) {
      await mkdir(dirname(registerFile), { recursive: true });
      registerSize = await stat(registerFile).then(
        (s) => s.size,
        () => 0,
      );
      const line: RegisterLine = {
        rosterDigest,
        batch: entry.batch,
        batchId: entry.batchId,
        issue: entry.issue,
        at: entry.at,
        files: entry.files,
        count: entry.count,
        totalFen: entry.totalFen,
      };
      await appendFile(registerFile, `${JSON.stringify(line)}\n`);
      // on disk before any bank file is
      const fh = await open(registerFile, 'r');
      await fh.sync().finally(() => fh.close());
    }
  } catch (e) {
    if (rosterWritten) await rename(backup, rosterFile).catch(() => undefined);
    else await rm(backup, { force: true }).catch(() => undefined);
    if (registerFile && registerSize !== null)
      await truncate(registerFile, registerSize).catch(() => undefined);
    throw e;
  }
  return {
    restore: async () => {
      await rename(backup, rosterFile);
      if (registerFile && registerSize !== null) await truncate(registerFile, registerSize);
    },
    commit: async () => {
      await rm(backup, { force: true }).catch(() => undefined);
    },
  };
}

/**
 * `subsidy` never replaces a roster that records an issued batch, even with --force
 * (spec/banks.md): refused, exit 3, roster_has_register. A file that is missing or not a
 * workbook of ours is left to the usual checks.
 */
export async function refuseRosterWithRegister(path: string): Promise<void> {
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) return;
  const issues = await recordedIn(path).catch(() => null);
  if (!issues?.length) return;
  const value = issues.map((x) => `${x.batch} #${x.issue} ${x.at}`).join('；');
  throw new ExitError(EXIT.refused, [
    { ...finding('roster_has_register', path, {}, value), sheet: MANIFEST_SHEET },
  ]);
}
