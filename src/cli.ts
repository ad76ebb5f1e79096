import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { Ctx, Outcome } from './commands/context.js';
import type { CommonOpts } from './commands/options.js';
import { registerCommands } from './commands/registry.js';
import { EXIT, ExitError } from './errors.js';
import { PACKAGE_ROOT } from './package-root.js';
import { findingsJson, renderFindings } from './report/findings-text.js';
import { detectLang } from './report/lang.js';
import type { Finding } from './rules/findings.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string }
).version;

export const REPORT_TO = 'https://github.com/cadre-calc/cadre-calc/issues';

/** Builds the Ctx of a command from its parsed options and the process. */
function makeCtx(opts: CommonOpts): Ctx {
  const env = process.env;
  const json = Boolean(opts.json);
  const quiet = Boolean(opts.quiet);
  const tty = Boolean(process.stderr.isTTY);
  const color = opts.color !== false && !env.NO_COLOR && tty;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    lang: detectLang(opts.lang, env),
    color,
    progress: tty && !json && !quiet,
    quiet,
    json,
    cwd: process.cwd(),
    now: () => new Date(),
    env,
  };
}

let exitCode: number = EXIT.ok;

/** Runs one command's action: the one place that turns outcomes and errors into exit codes. */
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
    try {
      const outcome = await fn(args, opts, ctx);
      if (ctx.json) ctx.stdout.write(`${JSON.stringify(outcome.body, null, 2)}\n`);
      exitCode = outcome.code;
    } catch (e) {
      exitCode = reportError(name, e, ctx);
    }
  };
}

function reportError(name: string, e: unknown, ctx: Ctx): number {
  if (e instanceof ExitError) {
    if (ctx.json) {
      const body = e.body ?? { command: name, ok: false, files: [] };
      ctx.stdout.write(
        `${JSON.stringify({ ...body, findings: findingsJson(e.findings, ctx.lang) }, null, 2)}\n`,
      );
    } else {
      ctx.stderr.write(renderFindings(e.findings, ctx.lang, ctx.color));
    }
    return e.code;
  }
  const reason = e instanceof Error ? e.message : String(e);
  const finding: Finding = {
    level: 'error',
    code: 'internal',
    file: '',
    sheet: '',
    row: 0,
    column: '',
    header: '',
    value: '',
    params: { reason },
  };
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify({ command: name, ok: false, files: [], findings: findingsJson([finding], ctx.lang) }, null, 2)}\n`,
    );
  }
  ctx.stderr.write(
    ctx.lang === 'zh'
      ? `cadre-calc 内部错误：${reason}\n请报告：${REPORT_TO}\n`
      : `cadre-calc internal error: ${reason}\nPlease report it: ${REPORT_TO}\n`,
  );
  if (process.env.DEBUG && e instanceof Error && e.stack) ctx.stderr.write(`${e.stack}\n`);
  return EXIT.internal;
}

export function buildProgram(): Command {
  const program = new Command('cadre-calc')
    .version(VERSION, '-V, --version')
    .description('Subsidies of rural village cadres: 补贴标准, 奖励补贴 (分值法), 践诺奖惩, 审批与代发')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Entry point (bin/cadre-calc.js): parse, run, exit with the one code that fits. */
export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (`| head`, a script that has read what it needs) closes the
  // pipe: the command has done its work, so exit with its code, quietly, not with a
  // stack trace and code 1 ("input errors") from an unhandled EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(exitCode);
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      const ok =
        e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
      process.exit(ok ? EXIT.ok : EXIT.usage);
    }
    const ctx = makeCtx({});
    process.exit(reportError('cadre-calc', e, ctx));
  }
  process.exitCode = exitCode;
}
