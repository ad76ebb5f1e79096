import type ExcelJS from 'exceljs';
import { EXIT, ExitError, fileError } from '../errors.js';
import { MANIFEST_SHEET, type Manifest } from '../io/documents/manifest.js';
import { DIGEST_FIELDS, type DigestHeader, ROW_DIGEST_SHEET } from '../io/documents/roster/digest.js';
import { type RosterRead, type RosterRowRead, readRosterLean } from '../io/documents/roster/read.js';
import { ROSTER_HEADERS } from '../io/documents/roster/writer.js';
import { cellText } from '../io/documents/style.js';
import type { LoadedPolicy } from '../io/policy/policy.js';
import { openWorkbookFile } from '../io/workbook/files.js';
import { checkIdNumber } from '../io/workbook/ids.js';
import { columnLetter } from '../io/xlsx/grid.js';
import { Exact } from '../rules/exact.js';
import type { Finding } from '../rules/findings.js';
import { formatYuan, sumFen } from '../rules/money.js';

/** The roster's sheets (spec/outputs.md, 审批花名册). */
export const ROSTER_SHEET = '花名册';
export { MANIFEST_SHEET };

/** A 花名册 header (spec/outputs.md), whose place in ROSTER_HEADERS gives a finding its column. */
export type RosterHeader = (typeof ROSTER_HEADERS)[number];

/** A finding about one cell of the 花名册 sheet. */
export function rosterFinding(
  level: Finding['level'],
  code: string,
  file: string,
  row: number,
  header: RosterHeader | '',
  value: string,
  params?: Record<string, string | number>,
): Finding {
  const f: Finding = {
    level,
    code,
    file,
    sheet: ROSTER_SHEET,
    row,
    column: header ? columnLetter(ROSTER_HEADERS.indexOf(header) + 1) : '',
    header,
    value,
  };
  if (params) f.params = params;
  return f;
}

/** A finding about the file as a whole (row 0, no column). */
export function fileFinding(
  level: Finding['level'],
  code: string,
  file: string,
  sheet: string,
  value = '',
  params?: Record<string, string | number>,
): Finding {
  const f: Finding = { level, code, file, sheet, row: 0, column: '', header: '', value };
  if (params) f.params = params;
  return f;
}

/** Bank card numbers as the spec accepts them: 12–19 digits (spec/workbook.md, 银行卡号). */
export const CARD_FORM = /^\d{12,19}$/;

/** Names compared for maker-checker: NFKC, no format characters (U+200B …), no white space at all. */
export { sameName } from '../io/approvals/signature.js';

export interface RosterState {
  /** The digest recomputed from the 花名册 rows as they are now. */
  digest: string;
  /** True when the digest equals the one subsidy wrote into 校验. */
  unedited: boolean;
  findings: Finding[];
}

/**
 * Whether the roster is still what `subsidy` wrote (spec/outputs.md, 校验): the policy it
 * was made under is the one in force (same id and same SHA-256) and the digest of its
 * 花名册 rows equals the digest in 校验. The digest alone cannot say which row changed, so
 * when it differs every row whose own figures no longer agree is named as well
 * (base + reward ≠ payable, base + share ≠ total, an amount on an unpaid post, an ID that
 * fails its check digit, a card that is not 12–19 digits). An edit that keeps a row
 * consistent (a card swapped for another valid one, a hold removed) shows only in the digest.
 */
export function checkRosterIntegrity(
  file: string,
  roster: RosterRead,
  manifest: Manifest,
  loaded: LoadedPolicy,
): RosterState {
  const rows = roster.rows;
  const findings: Finding[] = [];
  if (manifest.policyId !== loaded.policy.id) {
    findings.push(
      fileFinding('error', 'roster_policy_mismatch', file, MANIFEST_SHEET, manifest.policyId, {
        expected: loaded.policy.id,
        got: manifest.policyId,
      }),
    );
  } else if (manifest.policySha256 !== loaded.sha256) {
    findings.push(
      fileFinding('error', 'roster_policy_changed', file, MANIFEST_SHEET, manifest.policySha256, {
        expected: loaded.policy.id,
        got: manifest.policySha256,
        sha: loaded.sha256,
      }),
    );
  }
  if (!rows.length) findings.push(fileFinding('error', 'roster_no_rows', file, ROSTER_SHEET));

  const d = roster.digests;
  const digest = d.digest;
  const located = editFindings(file, roster);
  const unedited = digest === manifest.rosterDigest && located.length === 0;
  if (digest !== manifest.rosterDigest) {
    findings.push(
      fileFinding('error', 'roster_edited', file, ROSTER_SHEET, '', {
        expected: manifest.rosterDigest,
        got: digest,
      }),
    );
  }
  findings.push(...located);
  if (!unedited) findings.push(...rowClues(file, rows, manifest.year));
  return { digest, unedited, findings };
}

/**
 * Every edit the roster's own row digests locate (spec/approvals.md): a row edited (one
 * finding per header whose field changed), added or removed, a digested 校验 field changed,
 * or the hidden sheet 行摘要 gone.
 */
export function editFindings(file: string, roster: RosterRead): Finding[] {
  const d = roster.digests;
  const out: Finding[] = [];
  if (!d.present) {
    out.push(fileFinding('error', 'roster_digests_missing', file, ROW_DIGEST_SHEET, ROW_DIGEST_SHEET));
    return out;
  }
  // only the rows an edit names (at most MAX_EDITS): a full sheet's million rows are never mapped
  const named = new Set(d.edits.map((e) => e.row));
  const byRow = new Map<number, RosterRowRead>();
  if (named.size) for (const r of roster.rows) if (named.has(r.row)) byRow.set(r.row, r);
  for (const e of d.edits) {
    if (e.kind === 'edited') {
      const r = byRow.get(e.row);
      if (!e.headers.length) out.push(rosterFinding('error', 'roster_row_edited', file, e.row, '', ''));
      for (const h of e.headers) {
        out.push(rosterFinding('error', 'roster_row_edited', file, e.row, h, r ? shownField(r, h) : ''));
      }
    } else {
      out.push(rosterFinding('error', `roster_row_${e.kind}`, file, e.row, '', ''));
    }
  }
  if (d.moreEdits) {
    out.push(
      fileFinding('error', 'roster_edits_more', file, ROSTER_SHEET, String(d.moreEdits), {
        count: d.moreEdits,
      }),
    );
  }
  for (const label of d.manifestEdits) {
    out.push(fileFinding('error', 'roster_manifest_edited', file, MANIFEST_SHEET, label, { field: label }));
  }
  return out;
}

/** A digested field of a row as the clerk sees it (money in yuan). */
function shownField(r: RosterRowRead, header: DigestHeader): string {
  const f = DIGEST_FIELDS.find(([, h]) => h === header);
  if (!f) return '';
  const v = r[f[0]];
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return f[0].endsWith('Fen') ? formatYuan(v, false) : String(v);
  return v;
}

/** Rows whose own figures no longer agree: where an edit of the roster shows. */
export function rowClues(file: string, rows: readonly RosterRowRead[], year: number): Finding[] {
  const out: Finding[] = [];
  const y = (f: number) => formatYuan(f, false);
  for (const r of rows) {
    if (r.baseFen + r.rewardFen !== r.payableFen) {
      out.push(
        rosterFinding('error', 'roster_row_payable', file, r.row, '应发合计', y(r.payableFen), {
          base: y(r.baseFen),
          reward: y(r.rewardFen),
        }),
      );
    }
    if (r.baseFen + r.shareFen !== r.totalFen) {
      out.push(
        rosterFinding('error', 'roster_row_total', file, r.row, '补贴总额', y(r.totalFen), {
          base: y(r.baseFen),
          share: y(r.shareFen),
        }),
      );
    }
    if (!r.paid && (r.payableFen !== 0 || r.baseFen !== 0 || r.rewardFen !== 0)) {
      out.push(rosterFinding('error', 'roster_row_unpaid', file, r.row, '应发合计', y(r.payableFen)));
    }
    if (checkIdNumber(r.idNumber, year) !== null) {
      out.push(rosterFinding('error', 'roster_row_id', file, r.row, '身份证号', r.idNumber));
    }
    if (r.account !== '' && !CARD_FORM.test(r.account)) {
      out.push(rosterFinding('error', 'roster_row_card', file, r.row, '银行卡号', r.account));
    }
  }
  return out;
}

/** The 花名册 columns the 合计 row sums (spec/outputs.md), and the row field each adds up. */
const TOTALLED: readonly [RosterHeader, keyof RosterRowRead][] = [
  ['补贴总额', 'totalFen'],
  ['基本补贴', 'baseFen'],
  ['奖励提取', 'shareFen'],
  ['奖励补贴', 'rewardFen'],
  ['应发合计', 'payableFen'],
];

/** A money cell (a number, or a formula's cached number) in whole fen; null when it is not. */
function fenOfCell(v: ExcelJS.CellValue): number | null {
  const n =
    typeof v === 'number'
      ? v
      : v !== null && typeof v === 'object' && 'result' in v && typeof v.result === 'number'
        ? v.result
        : null;
  if (n === null || !Number.isFinite(n)) return null;
  const f = Exact.fromNumber(n).mul(Exact.of(100));
  return f.isInteger() && Number.isSafeInteger(Number(f.n)) ? Number(f.n) : null;
}

/**
 * The 合计 row that closes the 花名册 table against the rows above it. It is not part of the
 * digest, yet it is the figure the approvers sign under, so an edit of it (or of the rows
 * in a way the digest would also catch) is named with the column; a missing 合计 row too.
 */
export function totalRowClues(file: string, roster: RosterRead): Finding[] {
  const rows = roster.rows;
  const last = rows.at(-1);
  const total = roster.total;
  if (!total || !last) return [];
  // The reader stops at the 合计 row: it is the row right under the last one read.
  const r = total.row;
  const first = cellText(total.values[1] ?? null);
  if (first.trim() !== '合计') {
    return [rosterFinding('error', 'roster_total_missing', file, r, '序号', first)];
  }
  const out: Finding[] = [];
  for (const [header, field] of TOTALLED) {
    const value = total.values[ROSTER_HEADERS.indexOf(header) + 1] ?? null;
    const shown = fenOfCell(value);
    const sum = sumFen(rows.map((x) => x[field] as number));
    if (shown !== sum) {
      out.push(
        rosterFinding('error', 'roster_total_row', file, r, header, cellText(value), {
          expected: formatYuan(sum, false),
        }),
      );
    }
  }
  return out;
}

/**
 * The roster file's bytes, for approve's rewrite of a roster another program saved (loaded
 * whole with exceljs), within the in-memory limits; the file named in every finding.
 */
export async function readRosterBytes(file: string): Promise<Buffer> {
  // The input workbooks' own file checks (old .xls, encrypted, text renamed .xlsx, damaged
  // or oversized zip), so a wrong file gets the same plain message here as in subsidy.
  const opened = await openWorkbookFile({ path: file, display: file });
  if (!('buffer' in opened)) {
    const code = opened.params?.reason;
    if (opened.code === 'file_unreadable' && (code === 'ENOENT' || code === 'ENOTDIR')) {
      throw fileError('file_missing', file);
    }
    // A roster is our own output: past the in-memory limit the advice is to make smaller rosters, not to edit this one.
    throw new ExitError(EXIT.io, [
      opened.code === 'too_large' ? { ...opened, code: 'roster_too_large' } : opened,
    ]);
  }
  return opened.buffer;
}

/**
 * The roster as approve and payout read it: the lean reader (only 花名册 and 校验,
 * streamed), so a roster of any size is read in seconds. readRosterBytes (the bytes, for
 * exceljs) is left for approve's rewrite of a roster another program saved.
 */
export async function readRosterStreamed(file: string): Promise<RosterRead> {
  return named(file, () => readRosterLean(file));
}

/** A roster read, with the file named in every finding (and in a file error's). */
async function named(file: string, read: () => Promise<RosterRead>): Promise<RosterRead> {
  let roster: RosterRead;
  try {
    roster = await read();
  } catch (e) {
    if (e instanceof ExitError) {
      for (const f of e.findings) {
        f.file ||= file;
        notXlsxKind(f);
      }
    }
    throw e;
  }
  return { ...roster, findings: roster.findings.map((f) => ({ ...f, file: f.file || file })) };
}

/** The workbook reader's not_xlsx message names the content {kind}; readers of our own files give only {reason}. */
export function notXlsxKind(f: Finding): void {
  if (f.code === 'not_xlsx' && f.params && f.params.kind === undefined)
    f.params.kind = String(f.params.reason ?? '');
}

/**
 * The first checks of approve and payout: the roster has our 校验 sheet and is a roster
 * (else a refusal, exit 3, with `body` as the --json envelope), then every integrity
 * finding — what reading it found, the policy and digest check, the 合计 row.
 */
export async function openedRoster(
  file: string,
  roster: RosterRead,
  loaded: LoadedPolicy,
  body: Record<string, unknown>,
): Promise<{ manifest: Manifest; state: RosterState; findings: Finding[] }> {
  const manifest = roster.manifest;
  if (!manifest) {
    throw new ExitError(
      EXIT.refused,
      [...roster.findings, fileFinding('error', 'roster_no_manifest', file, MANIFEST_SHEET)],
      body,
    );
  }
  if (manifest.kind !== 'roster') {
    throw new ExitError(
      EXIT.refused,
      [
        fileFinding('error', 'roster_not_roster', file, MANIFEST_SHEET, manifest.kind, {
          got: manifest.kind,
        }),
      ],
      body,
    );
  }
  const state = checkRosterIntegrity(file, roster, manifest, loaded);
  const findings = [...roster.findings, ...state.findings, ...totalRowClues(file, roster)];
  return { manifest, state, findings };
}
