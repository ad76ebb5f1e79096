import type { Lang } from '../report/lang.js';

/** What a command may touch of the outside world: streams, language, colour, clock. */
export interface Ctx {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  lang: Lang;
  /** Columns to lay text and tables out for (the terminal's, else COLUMNS, else 80). */
  width: number;
  /** Colours on (a terminal, no NO_COLOR, no --no-color). */
  color: boolean;
  /** stderr is a terminal and the run is neither --json nor -q: progress may be shown. */
  progress: boolean;
  quiet: boolean;
  json: boolean;
  cwd: string;
  /** The clock, read only by commands (the as-of default, approval time). */
  now: () => Date;
  env: Record<string, string | undefined>;
}

/** Every command returns the --json body and its exit code; the CLI prints and exits. */
export interface Outcome {
  code: 0 | 1 | 3 | 4;
  body: Record<string, unknown>;
}
