import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type ExcelJS from 'exceljs';
import { EXIT, ExitError } from '../errors.js';
import { approvalFinding, judgeApproval, PREPARER_DEPT } from '../io/approvals/judge.js';
import { type OpenedKey, openKey, readKeyFile } from '../io/approvals/keys.js';
import { passphrase } from '../io/approvals/passphrase.js';
import { normalName, signApproval } from '../io/approvals/signature.js';
import { loadTrust, TRUST_ENV, type Trust, trustOf } from '../io/approvals/trust.js';
import {
  type Approval,
  drawManifest,
  type Manifest,
  readManifestFile,
  writeManifestSheet,
} from '../io/documents/manifest.js';
import { digestManifestOf, ROW_DIGEST_SHEET } from '../io/documents/roster/digest.js';
import { type RosterRead, readRosterLean } from '../io/documents/roster/read.js';
import { writeAllAtomicStreams } from '../io/files/atomic.js';
import { sha256File } from '../io/files/fingerprint.js';
import { type LoadedPolicy, loadPolicy } from '../io/policy/policy.js';
import { openOutputFile } from '../io/workbook/files.js';
import { localIsoDateTime } from '../io/xlsx/dates.js';
import { newWorkbook } from '../io/xlsx/exceljs.js';
import { copiedPartsDiffer, writeWithSheetReplaced } from '../io/xlsx/rewrite.js';
import { openWorkbook, XlsxFile } from '../io/xlsx/source.js';
import { pinZipTimes } from '../io/xlsx/zip.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import { passphrasePrompts } from '../report/keys-text.js';
import { type Progress, progress, renderApprove } from '../report/payout-text.js';
import { type Finding, hasErrors } from '../rules/findings.js';
import { checkOptionText, lockedRoster } from './common.js';
import type { Ctx, Outcome } from './context.js';
import { addCommonOptions, addPolicyOption, type CommonOpts } from './options.js';
import {
  fileFinding,
  MANIFEST_SHEET,
  openedRoster,
  readRosterBytes,
  readRosterStreamed,
  sameName,
  totalRowClues,
} from './roster-checks.js';
import { action } from './runner.js';

interface ApproveOpts extends CommonOpts {
  dept?: string;
  by?: string;
  key?: string;
  trust?: string;
}

export interface ApproveBody extends Record<string, unknown> {
  command: 'approve';
  ok: boolean;
  files: string[];
  digest: string;
  approvals: { dept: string; by: string; at: string; digest: string; key: string; signed: boolean }[];
}

/**
 * Whether `by` may approve for `dept` (spec/cli.md, approve): the department is one the
 * policy requires, a name is given, it is not the preparer's (maker-checker), and the
 * department has not yet approved this digest. Approving the same digest twice is refused,
 * not recorded twice: an approval is a signature on one version of the roster, and a second
 * one would only hide who signed first. Warnings: no preparer recorded, a provisional
 * roster, the same name already signed for another department.
 */
export function approvalChecks(
  file: string,
  manifest: Manifest,
  required: readonly string[],
  dept: string,
  by: string,
  digest: string,
  signing = false,
): Finding[] {
  const out: Finding[] = [];
  const f = (
    level: Finding['level'],
    code: string,
    value: string,
    params?: Record<string, string | number>,
  ) => out.push(fileFinding(level, code, file, MANIFEST_SHEET, value, params));
  if (!required.includes(dept)) f('error', 'approve_dept_unknown', dept, { expected: required.join('、') });
  if (!by) f('error', 'approve_by_empty', '');
  const preparer = manifest.preparedBy ?? '';
  if (!preparer) f('warning', 'approve_no_preparer', '');
  else if (by && sameName(by, preparer)) f('error', 'approve_maker_checker', by);
  // a signed approval replaces an unsigned or revoked one (approveChecksSigned); an unsigned one never replaces
  const before = manifest.approvals.find((a) => a.dept === dept && a.digest === digest);
  if (before && !signing) f('error', 'approve_twice', dept, { by: before.by, at: before.at });
  const other = manifest.approvals.find((a) => a.dept !== dept && a.digest === digest && sameName(a.by, by));
  if (other && by) f('warning', 'approve_same_person', by, { dept: other.dept });
  if (manifest.provisional) f('warning', 'approve_provisional', manifest.asOf);
  return out;
}

/**
 * The roster with `manifest` as its 校验 sheet, every other part as it was, written into
 * `tmp`. A roster as subsidy wrote it (xlsx-fast's styles) gets its 校验 part replaced at
 * zip level: the other parts are copied compressed, so a province's roster takes seconds
 * and little memory, and the copy is checked part by part against the original
 * ('copied'). A roster saved by another program (Excel, WPS, exceljs: its style indexes
 * cannot be kept) is loaded whole with exceljs and written again, within the in-memory
 * limits (roster_too_large past them): 'rebuilt', and its caller reads it back whole.
 */
export async function writeRosterWithManifest(
  file: string,
  tmp: string,
  manifest: Manifest,
): Promise<'copied' | 'rebuilt'> {
  const opened = await openOutputFile({ path: file, display: file });
  if ('code' in opened) throw new ExitError(EXIT.io, [opened]);
  let swapped: unknown = null;
  const replaced = new Set<string>();
  try {
    const x = new XlsxFile(opened.fh, opened.entries);
    const wb = await openWorkbook(x);
    const sheet = wb.sheets.find((s) => s.name === MANIFEST_SHEET);
    if (sheet && wb.styles) {
      replaced.add(sheet.entry.name).add(wb.styles.name);
      swapped = await writeWithSheetReplaced(tmp, {
        fh: opened.fh,
        entries: opened.entries,
        part: sheet.entry.name,
        name: MANIFEST_SHEET,
        stylesPart: wb.styles.name,
        stylesXml: await x.text(wb.styles),
        fill: (sb) => drawManifest(sb, manifest),
      });
    }
  } finally {
    await opened.fh.close();
  }
  if (swapped) {
    // every row, digest and 合计 is in the parts copied: the same stored bytes, so the same rows
    const part = await copiedPartsDiffer(file, tmp, replaced);
    if (part !== null)
      throw new ExitError(EXIT.refused, [
        fileFinding('error', 'roster_rewrite_check', file, MANIFEST_SHEET, '', { reason: part }),
      ]);
    return 'copied';
  }
  const bytes = await readRosterBytes(file);
  const wb = newWorkbook();
  // exceljs's typings want its own Buffer interface; a Node Buffer is what it reads.
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  writeManifestSheet(wb, manifest);
  // Zip entry times pinned as subsidy pins them: the bytes depend on the content alone.
  await writeFile(tmp, pinZipTimes(Buffer.from(await wb.xlsx.writeBuffer())));
  return 'rebuilt';
}

/**
 * Why the rewritten roster is not what was intended ('' when it is). `back`: the rewrite
 * read whole (a rebuilt roster), or only its 校验 (a copied one, whose other parts were
 * checked byte for byte against the original). `digest`: the roster digest of the rows and
 * 校验 as they were read before the rewrite.
 */
function rewriteProblem(
  file: string,
  back: { manifest: Manifest | null; rows?: RosterRead },
  digest: string,
  before: Manifest,
  next: Manifest,
): string {
  if (!back.manifest) return 'no 校验';
  const rows = back.rows;
  if (rows) {
    if (rows.findings.some((f) => f.level === 'error')) return 'rows';
    if (!rows.digests.present) return ROW_DIGEST_SHEET;
    // the digest covers every paying field of every row, and the manifest fields
    if (rows.digests.digest !== digest) return 'rows changed';
    if (totalRowClues(file, rows).length) return '合计';
  }
  if (JSON.stringify(digestManifestOf(back.manifest)) !== JSON.stringify(digestManifestOf(before)))
    return 'manifest fields';
  if (back.manifest.rosterDigest !== before.rosterDigest) return 'manifest digest';
  if (JSON.stringify(back.manifest.approvals) !== JSON.stringify(next.approvals)) return 'approvals';
  // the payout register travels in 校验: an approval never loses a record of an issued batch
  if (JSON.stringify(back.manifest.issues ?? []) !== JSON.stringify(next.issues ?? [])) return '发放记录';
  return '';
}

/**
 * `cadre-calc approve <roster.xlsx> --dept DEPT --by NAME`: records one department's
 * approval of the roster's current digest in its 校验 sheet and rewrites the roster
 * atomically over itself. Refuses (exit 3, every reason at once) when the roster was
 * edited since subsidy wrote it, DEPT is not required by the policy, NAME prepared the
 * roster, or DEPT already approved this digest.
 */
export async function approveCommand(args: string[], opts: ApproveOpts, ctx: Ctx): Promise<Outcome> {
  const shown = progress(ctx);
  try {
    return await lockedRoster(args[0] ?? '', 'approve', (warnings) =>
      runApprove(args, opts, ctx, shown, warnings),
    );
  } finally {
    shown.done();
  }
}

/**
 * The roster read (streamed: only 花名册 and 校验, a roster of any size) and checked. Only
 * what the checks found is kept: a full sheet's rows are not held while the rewritten
 * roster is read back.
 */
async function checkedRoster(
  file: string,
  loaded: LoadedPolicy,
  body: ApproveBody,
  onRead: () => void,
): Promise<Awaited<ReturnType<typeof openedRoster>>> {
  const roster = await readRosterStreamed(file);
  onRead();
  const checked = await openedRoster(file, roster, loaded, body);
  body.digest = checked.state.digest;
  return checked;
}

/** A usage error (exit 2) with one finding. */
function usage(code: string, value = ''): ExitError {
  return new ExitError(EXIT.usage, [fileFinding('error', code, '', '', value)]);
}

/** The signer's key against --dept, --by and (with --trust) the trust file. */
function signerChecks(
  keyFile: string,
  signer: OpenedKey,
  dept: string,
  by: string,
  trust: Trust | null,
): Finding[] {
  const out: Finding[] = [];
  const f = (code: string, value: string, params: Record<string, string>) => {
    const x = fileFinding('error', code, keyFile, '', value, params);
    out.push(x);
  };
  if (signer.by && !sameName(signer.by, by)) f('key_holder_mismatch', by, { expected: signer.by });
  if (signer.dept && signer.dept !== dept) f('key_holder_mismatch', dept, { expected: signer.dept });
  if (!trust) return out;
  const entry = trustOf(trust, signer.fingerprint);
  const params = { by, at: '', key: signer.fingerprint };
  if (!entry) f('approval_untrusted_key', dept, params);
  else if (entry.revoked) f('approval_key_revoked', dept, { ...params, revoked: entry.revoked });
  else if (entry.dept !== dept) f('approval_wrong_dept', dept, { ...params, dept: entry.dept });
  return out;
}

interface ApproveRun {
  file: string;
  dept: string;
  by: string;
  loaded: LoadedPolicy;
  trust: Trust | null;
  signer: OpenedKey | null;
  body: ApproveBody;
  /** Findings from before the roster was read (the key). */
  early: Finding[];
}

async function runApprove(
  args: string[],
  opts: ApproveOpts,
  ctx: Ctx,
  shown: Progress,
  lockWarnings: Finding[],
): Promise<Outcome> {
  const file = args[0] ?? '';
  checkOptionText('--dept', opts.dept);
  checkOptionText('--by', opts.by);
  const dept = (opts.dept ?? '').trim();
  const byOpt = (opts.by ?? '').trim();
  if (!opts.key && !byOpt) throw usage('approve_by_empty');
  const loaded = await loadPolicy(opts.policy);
  const trustFile = opts.trust ?? (ctx.env[TRUST_ENV] || undefined);
  const trust = trustFile ? await loadTrust(trustFile) : null;
  // The key is opened before the roster is touched: a wrong passphrase changes nothing.
  let signer: OpenedKey | null = null;
  if (opts.key) {
    const parsed = await readKeyFile(opts.key);
    signer = openKey(
      opts.key,
      parsed,
      await passphrase(ctx.env, { confirm: false, ...passphrasePrompts(ctx.lang, opts.key) }),
    );
  }
  const by = byOpt || signer?.by || '';
  const early = [
    ...(signer && opts.key ? signerChecks(opts.key, signer, dept, by, trust) : []),
    ...lockWarnings,
  ];
  const body: ApproveBody = { command: 'approve', ok: false, files: [], digest: '', approvals: [] };
  const run: ApproveRun = { file, dept, by, loaded, trust, signer, body, early };
  const { findings, approval, provisionalAsOf } = await approveReadCheckWrite(run, ctx, shown);

  body.ok = true;
  body.files = [file];
  shown.done();
  if (!ctx.json) {
    const warnings = findings.filter((x) => x.level === 'warning');
    if (warnings.length && !ctx.quiet)
      ctx.stderr.write(renderFindings(warnings, ctx.lang, ctx.color, ctx.width));
    const shownBody = {
      ...body,
      approvals: body.approvals.map((a) => ({ ...a, publicKey: '', signature: '' })),
    };
    ctx.stdout.write(
      renderApprove(
        shownBody,
        approval,
        loaded.policy.approval.required,
        ctx.lang,
        ctx.color,
        ctx.width,
        provisionalAsOf,
      ),
    );
  }
  return { code: EXIT.ok, body: { ...body, findings: findingsJson(findings, ctx.lang) } };
}

/** The approvals of the --json body (spec/outputs.md): no public key or signature bytes. */
function approvalsJson(list: readonly Approval[]): ApproveBody['approvals'] {
  return list.map((a) => ({
    dept: a.dept,
    by: a.by,
    at: a.at,
    digest: a.digest,
    key: a.key,
    signed: a.signature !== '',
  }));
}

/**
 * The existing approvals judged before a new one is added (spec/approvals.md, approve):
 * a forged, copied or typed row refuses; with --trust an untrusted or misplaced key refuses
 * and a revoked one warns. Signing: this department's valid signed approval of this digest
 * refuses; its unsigned or revoked ones are replaced (returned in `replaced`). Another
 * department's approval with the same key or, with --trust, by the same person refuses.
 */
function existingApprovalChecks(
  run: ApproveRun,
  manifest: Manifest,
  digest: string,
): { findings: Finding[]; replaced: Set<Approval> } {
  const { file, dept, trust, signer } = run;
  const findings: Finding[] = [];
  const replaced = new Set<Approval>();
  const judged = manifest.approvals.map((a) =>
    judgeApproval(a, { digest, provisional: manifest.provisional }, trust),
  );
  const myName = normalName(signer && trust ? (trustOf(trust, signer.fingerprint)?.by ?? run.by) : run.by);
  for (const j of judged) {
    const a = j.approval;
    if (j.status === 'invalid_row' || j.status === 'bad_signature')
      findings.push(approvalFinding(file, MANIFEST_SHEET, j));
    // the preparer's own line (subsidy --key) is not an approval: only its integrity counts
    else if (a.dept === PREPARER_DEPT) continue;
    else if (j.status === 'untrusted' || j.status === 'wrong_dept')
      findings.push(approvalFinding(file, MANIFEST_SHEET, j));
    else if (j.status === 'revoked' && a.dept !== dept)
      findings.push(approvalFinding(file, MANIFEST_SHEET, j, 'warning'));
    if (!signer || a.digest !== digest) continue;
    if (a.dept === dept) {
      if (j.status === 'ok') {
        findings.push(
          fileFinding('error', 'approve_signed_twice', file, MANIFEST_SHEET, dept, { by: a.by, at: a.at }),
        );
      } else if (j.status === 'unsigned' || j.status === 'revoked') replaced.add(a);
      continue;
    }
    if (j.status !== 'ok') continue;
    const sameKey = a.key === signer.fingerprint;
    const sameTrusted = Boolean(trust) && normalName(j.entry?.by ?? '') === myName && myName !== '';
    if (sameKey || sameTrusted) {
      findings.push(
        fileFinding('error', 'approval_same_person', file, MANIFEST_SHEET, run.by, {
          dept: a.dept,
          other: dept,
        }),
      );
    }
  }
  if (
    signer &&
    trust &&
    myName &&
    normalName(manifest.preparedBy) === myName &&
    !sameName(run.by, manifest.preparedBy)
  ) {
    findings.push(fileFinding('error', 'approval_by_preparer', file, MANIFEST_SHEET, run.by, { dept }));
  }
  return { findings, replaced };
}

/**
 * approve's read-check-write, whole: read and check the roster and its approvals, sign,
 * rewrite the roster in place, read the rewrite back. Everything between reading the roster
 * and replacing it is in here, so that the roster lock (another issue's) can wrap exactly this.
 */
export async function approveReadCheckWrite(
  run: ApproveRun,
  ctx: Ctx,
  shown: Progress,
): Promise<{ findings: Finding[]; approval: Approval; provisionalAsOf: string | null }> {
  const { file, dept, by, loaded, signer, body } = run;
  shown.step('read', file);
  // The file as it is now: it is replaced only if it is still exactly this at the end.
  const before = await sha256File(file).catch(() => '');
  const { manifest, state, findings } = await checkedRoster(file, loaded, body, () => shown.step('check'));
  body.approvals = approvalsJson(manifest.approvals);
  findings.push(...run.early);
  findings.push(
    ...approvalChecks(
      file,
      manifest,
      loaded.policy.approval.required,
      dept,
      by,
      state.digest,
      Boolean(signer),
    ),
  );
  const existing = existingApprovalChecks(run, manifest, state.digest);
  findings.push(...existing.findings);
  if (!signer) findings.push(fileFinding('warning', 'approve_unsigned_warning', file, MANIFEST_SHEET, dept));
  if (hasErrors(findings)) throw new ExitError(EXIT.refused, findings, body);

  shown.step('rewrite', file);
  const at = localIsoDateTime(ctx.now());
  let approval: Approval = { dept, by, at, digest: state.digest, key: '', publicKey: '', signature: '' };
  if (signer) {
    const payload = {
      roster: state.digest,
      dept,
      by,
      at,
      key: signer.fingerprint,
      provisional: manifest.provisional,
    };
    approval = {
      ...approval,
      key: signer.fingerprint,
      publicKey: signer.publicKey,
      signature: signApproval(signer.privateKey, payload),
    };
  }
  const next: Manifest = {
    ...manifest,
    approvals: [...manifest.approvals.filter((a) => !existing.replaced.has(a)), approval],
  };
  await writeAllAtomicStreams(
    [
      {
        path: file,
        write: async (tmp) => {
          const how = await writeRosterWithManifest(file, tmp, next);
          // Self-check before anything is replaced: the rewritten roster has the same rows
          // and 合计 (a copied one: checked part by part as it was written), and carries
          // exactly the approvals intended.
          const back =
            how === 'copied'
              ? { manifest: await readManifestFile(tmp) }
              : await readRosterLean(tmp).then((rows) => ({ manifest: rows.manifest, rows }));
          const reason = rewriteProblem(file, back, state.digest, manifest, next);
          if (reason) {
            throw new ExitError(
              EXIT.refused,
              [fileFinding('error', 'roster_rewrite_check', file, MANIFEST_SHEET, '', { reason })],
              body,
            );
          }
          // Someone else may have saved the roster (another approval, Excel) while this ran.
          if ((await sha256File(file).catch(() => '')) !== before || !before) {
            throw new ExitError(
              EXIT.refused,
              [fileFinding('error', 'roster_changed_meanwhile', file, '')],
              body,
            );
          }
        },
      },
    ],
    undefined,
    // the roster updated in place, under its lock (the one file a command replaces without --force)
    { replace: true },
  );
  body.approvals = approvalsJson(next.approvals);
  return { findings, approval, provisionalAsOf: manifest.provisional ? manifest.asOf : null };
}

export function registerApproveCommand(program: Command): void {
  const cmd = program
    .command('approve')
    .description("record one department's approval in the roster (先审批后发放)")
    .argument('<roster.xlsx>', 'the approval roster written by subsidy')
    .requiredOption('--dept <dept>', "the approving department, one of the policy's approval.required")
    .option('--key <file>', "the department's encrypted signing key (keys new)")
    .option('--by <name>', 'the approver (may not be the preparer); with --key, defaults to its holder')
    .option(
      '--trust <file>',
      'the trust file: also judge the approvals already there (also CADRE_CALC_TRUST)',
    );
  addPolicyOption(cmd);
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('approve', approveCommand));
}
