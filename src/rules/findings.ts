import type { RowRef } from './types.js';

/**
 * A problem found in the input or the policy, as data (never a thrown string): where it
 * is, what was typed, and a code the message table (src/report/messages.ts) renders in
 * Chinese or English. `message` and `hint` are filled only when rendered.
 */
export interface Finding {
  level: 'error' | 'warning';
  code: string;
  file: string;
  sheet: string;
  /** Excel's own 1-based row; 0 when the finding is about a whole file or sheet. */
  row: number;
  /** Column letter ('' when not about one cell); for a policy, the key path. */
  column: string;
  header: string;
  /** The value as the person typed it ('' when none). */
  value: string;
  /** Parameters of the message (expected values, other rows, other files …). */
  params?: Record<string, string | number>;
  message?: string;
  hint?: string;
}

/** A finding about one field of a record, with the column and header its sheet gave. */
export function fieldFinding(
  level: Finding['level'],
  code: string,
  src: RowRef,
  field: string,
  value: unknown,
  params?: Record<string, string | number>,
): Finding {
  const col = src.columns?.[field];
  const f: Finding = {
    level,
    code,
    file: src.file,
    sheet: src.sheet,
    row: src.row,
    column: col?.column ?? '',
    header: col?.header ?? field,
    value: value === null || value === undefined ? '' : String(value),
  };
  if (params) f.params = params;
  return f;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.level === 'error');
}

/** Errors first, then by file, sheet, row, column: the order every renderer shows. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1) ||
      a.file.localeCompare(b.file) ||
      a.sheet.localeCompare(b.sheet) ||
      a.row - b.row ||
      a.column.length - b.column.length ||
      a.column.localeCompare(b.column),
  );
}
