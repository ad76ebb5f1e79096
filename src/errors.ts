import type { Finding } from './rules/findings.js';

/** Exit codes of spec/cli.md; only src/cli.ts turns them into process exits. */
export const EXIT = {
  ok: 0,
  inputErrors: 1,
  usage: 2,
  refused: 3,
  io: 4,
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A command stops with a known outcome: input errors (1), a refusal for safety (3) or a
 * file that cannot be read or written (4). Carries the findings that explain it and,
 * optionally, the --json body to print.
 */
export class ExitError extends Error {
  constructor(
    readonly code: ExitCode,
    readonly findings: Finding[],
    readonly body?: Record<string, unknown>,
  ) {
    super(findings.map((f) => f.code).join(', ') || `exit ${code}`);
    this.name = 'ExitError';
  }
}

/** A file-level problem (exit 4) as one finding. */
export function fileError(code: string, file: string, params?: Record<string, string | number>): ExitError {
  const f: Finding = { level: 'error', code, file, sheet: '', row: 0, column: '', header: '', value: '' };
  if (params) f.params = params;
  return new ExitError(EXIT.io, [f]);
}
