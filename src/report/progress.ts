import { escapeTerminal } from './escape.js';
import type { Lang } from './lang.js';

/** What the progress line needs of a command's context (commands/context.ts's Ctx has it). */
export interface ProgressOut {
  progress: boolean;
  lang: Lang;
  stderr: { write(s: string): unknown };
}

export interface ReadProgress {
  onProgress?: (p: { file: string; stage: string; rows: number }) => void;
  /** Clears the live line (when one was shown). */
  end(): void;
}

/**
 * The live progress line of reading on a terminal (stderr): file, stage, rows and rows per
 * second, rewritten in place; nothing when not a terminal, with --json or -q (ctx.progress).
 */
export function readProgress(ctx: ProgressOut): ReadProgress {
  if (!ctx.progress) return { end: () => undefined };
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    onProgress: (p) => {
      const now = Date.now();
      if (now - last < 100 && p.stage !== 'done') return;
      last = now;
      const rate = Math.round(p.rows / Math.max((now - started) / 1000, 0.001));
      const line =
        ctx.lang === 'zh'
          ? `读取 ${escapeTerminal(p.file)} · ${p.stage} · ${p.rows} 行 · ${rate} 行/秒`
          : `reading ${escapeTerminal(p.file)} · ${p.stage} · ${p.rows} rows · ${rate} rows/s`;
      ctx.stderr.write(`\r${line}\u001b[K`);
      shown = true;
    },
    end: () => {
      if (shown) ctx.stderr.write('\r\u001b[K');
    },
  };
}
