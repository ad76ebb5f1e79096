import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type ExcelJS from 'exceljs';
import { EXIT, ExitError } from '../errors.js';
import { type Approval, drawManifest, type Manifest, writeManifestSheet } from '../io/documents/manifest.js';
import { rosterDigest } from '../io/documents/roster/digest.js';
import { type RosterRead, readRosterLean } from '../io/documents/roster/read.js';
import { writeAllAtomicStreams } from '../io/files/atomic.js';
import { sha256File } from '../io/files/fingerprint.js';
import { type LoadedPolicy, loadPolicy } from '../io/policy/policy.js';
import { openOutputFile } from '../io/workbook/files.js';
import { localIsoDateTime } from '../io/xlsx/dates.js';
import { newWorkbook } from '../io/xlsx/exceljs.js';
import { writeWithSheetReplaced } from '../io/xlsx/rewrite.js';
import { openWorkbook, XlsxFile } from '../io/xlsx/source.js';
import { pinZipTimes } from '../io/xlsx/zip.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import { type Progress, progress, renderApprove } from '../report/payout-text.js';
import { type Finding, hasErrors } from '../rules/findings.js';
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
}

export interface ApproveBody extends Record<string, unknown> {
  command: 'approve';
  ok: boolean;
  files: string[];
  digest: string;
  approvals: Approval[];
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
  const before = manifest.approvals.find((a) => a.dept === dept && a.digest === digest);
  if (before) f('error', 'approve_twice', dept, { by: before.by, at: before.at });
  const other = manifest.approvals.find((a) => a.dept !== dept && a.digest === digest && sameName(a.by, by));
  if (other && by) f('warning', 'approve_same_person', by, { dept: other.dept });
  if (manifest.provisional) f('warning', 'approve_provisional', manifest.asOf);
  return out;
}

/**
 * The roster with `manifest` as its 校验 sheet, every other part as it was, written into
 * `tmp`. A roster as subsidy wrote it (xlsx-fast's styles) gets its 校验 part replaced at
 * zip level: the other parts are copied compressed, so a province's roster takes seconds
 * and little memory. A roster saved by another program (Excel, WPS, exceljs: its style
 * indexes cannot be kept) is loaded whole with exceljs and written again, within the
 * in-memory limits (roster_too_large past them).
 */
async function writeRosterWithManifest(file: string, tmp: string, manifest: Manifest): Promise<void> {
  const opened = await openOutputFile({ path: file, display: file });
  if ('code' in opened) throw new ExitError(EXIT.io, [opened]);
  let swapped: unknown = null;
  try {
    const x = new XlsxFile(opened.fh, opened.entries);
    const wb = await openWorkbook(x);
    const sheet = wb.sheets.find((s) => s.name === MANIFEST_SHEET);
    if (sheet && wb.styles) {
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
  if (swapped) return;
  const bytes = await readRosterBytes(file);
  const wb = newWorkbook();
  // exceljs's typings want its own Buffer interface; a Node Buffer is what it reads.
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  writeManifestSheet(wb, manifest);
  // Zip entry times pinned as subsidy pins them: the bytes depend on the content alone.
  await writeFile(tmp, pinZipTimes(Buffer.from(await wb.xlsx.writeBuffer())));
}

/** Why the rewritten roster is not what was intended ('' when it is). */
function rewriteProblem(
  file: string,
  back: RosterRead,
  digest: string,
  before: Manifest,
  next: Manifest,
): string {
  if (!back.manifest) return 'no 校验';
  if (back.findings.some((f) => f.level === 'error')) return 'rows';
  if (rosterDigest(back.rows) !== digest) return 'digest';
  if (totalRowClues(file, back).length) return '合计';
  if (back.manifest.rosterDigest !== before.rosterDigest) return 'manifest digest';
  if (JSON.stringify(back.manifest.approvals) !== JSON.stringify(next.approvals)) return 'approvals';
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
    return await runApprove(args, opts, ctx, shown);
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
  body.approvals = checked.manifest.approvals;
  return checked;
}

async function runApprove(args: string[], opts: ApproveOpts, ctx: Ctx, shown: Progress): Promise<Outcome> {
  const file = args[0] ?? '';
  const dept = (opts.dept ?? '').trim();
  const by = (opts.by ?? '').trim();
  const loaded = await loadPolicy(opts.policy);
  shown.step('read', file);
  // The file as it is now: it is replaced only if it is still exactly this at the end.
  const before = await sha256File(file).catch(() => '');
  const body: ApproveBody = { command: 'approve', ok: false, files: [], digest: '', approvals: [] };
  const { manifest, state, findings } = await checkedRoster(file, loaded, body, () => shown.step('check'));
  findings.push(...approvalChecks(file, manifest, loaded.policy.approval.required, dept, by, state.digest));
  if (hasErrors(findings)) throw new ExitError(EXIT.refused, findings, body);

  shown.step('rewrite', file);
  const approval: Approval = { dept, by, at: localIsoDateTime(ctx.now()), digest: state.digest };
  const next: Manifest = { ...manifest, approvals: [...manifest.approvals, approval] };
  await writeAllAtomicStreams([
    {
      path: file,
      write: async (tmp) => {
        await writeRosterWithManifest(file, tmp, next);
        // Self-check before anything is replaced: the rewritten roster has the same rows
        // and 合计, and carries exactly the approvals intended.
        const reason = rewriteProblem(file, await readRosterLean(tmp), state.digest, manifest, next);
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
  ]);

  body.ok = true;
  body.files = [file];
  body.approvals = next.approvals;
  shown.done();
  if (!ctx.json) {
    const warnings = findings.filter((x) => x.level === 'warning');
    if (warnings.length && !ctx.quiet)
      ctx.stderr.write(renderFindings(warnings, ctx.lang, ctx.color, ctx.width));
    ctx.stdout.write(
      renderApprove(
        body,
        approval,
        loaded.policy.approval.required,
        ctx.lang,
        ctx.color,
        ctx.width,
        manifest.provisional ? manifest.asOf : null,
      ),
    );
  }
  return { code: EXIT.ok, body: { ...body, findings: findingsJson(findings, ctx.lang) } };
}

export function registerApproveCommand(program: Command): void {
  const cmd = program
    .command('approve')
    .description("record one department's approval in the roster (先审批后发放)")
    .argument('<roster.xlsx>', 'the approval roster written by subsidy')
    .requiredOption('--dept <dept>', "the approving department, one of the policy's approval.required")
    .requiredOption('--by <name>', 'the approver (may not be the preparer)');
  addPolicyOption(cmd);
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('approve', approveCommand));
}
