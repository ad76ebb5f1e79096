import type { Command } from 'commander';
import { detectLang } from '../report/lang.js';
import { terminalWidth } from '../report/layout.js';
import type { Ctx, Outcome } from './context.js';
import type { CommonOpts } from './options.js';

/** Builds the Ctx of a command from its parsed options and the process. */
export function makeCtx(opts: CommonOpts): Ctx {
  const env = process.env;
  const json = Boolean(opts.json);
  const quiet = Boolean(opts.quiet);
  const tty = Boolean(process.stderr.isTTY);
  const color = opts.color !== false && !env.NO_COLOR && tty;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    lang: detectLang(opts.lang, env),
    width: terminalWidth(process.stdout.isTTY ? process.stdout : process.stderr, env),
    color,
    progress: tty && !json && !quiet,
    quiet,
    json,
    cwd: process.cwd(),
    now: () => new Date(),
    env,
  };
}

/** How the command of this process ended: its outcome, or what it threw. */
export type Ran = { name: string; ctx: Ctx; outcome: Outcome } | { name: string; ctx: Ctx; error: unknown };

type Settle = (ran: Ran) => void;

let settle: Settle | null = null;

/**
 * Where a finished command is handed: the CLI (src/cli.ts) turns it into output and an exit
 * code, the one place that does. Set once by the program before it parses.
 */
export function onCommandEnd(fn: Settle): void {
  settle = fn;
}

/** Runs one command's action: parses commander's arguments, builds the Ctx, hands on how it ended. */
export function action(
  name: string,
  fn: (args: string[], opts: CommonOpts & Record<string, unknown>, ctx: Ctx) => Promise<Outcome>,
) {
  return async (...raw: unknown[]): Promise<void> => {
    const cmd = raw[raw.length - 1] as Command;
    const opts = cmd.opts() as CommonOpts & Record<string, unknown>;
    const args = raw
      .slice(0, -2)
      .flatMap((a) => (Array.isArray(a) ? (a as string[]) : a === undefined ? [] : [String(a)]));
    const ctx = makeCtx(opts);
    let ran: Ran;
    try {
      ran = { name, ctx, outcome: await fn(args, opts, ctx) };
    } catch (e) {
      ran = { name, ctx, error: e };
    }
    if (!settle) throw new Error('a command ran before the program set onCommandEnd');
    settle(ran);
  };
}
