import { Command, CommanderError } from 'commander';
import type { Ctx } from './commands/context.js';
import { registerCommands } from './commands/registry.js';
import { makeCtx, onCommandEnd, type Ran } from './commands/runner.js';
import { EXIT, ExitError } from './errors.js';
import { findingsJson, renderFindings } from './report/findings-text.js';
import type { Finding } from './rules/findings.js';
import { REPORT_TO, VERSION } from './version.js';

let exitCode: number = EXIT.ok;

/** The one place that turns how a command ended into its output and exit code. */
function settleRun(ran: Ran): void {
  if ('outcome' in ran) {
    if (ran.ctx.json) ran.ctx.stdout.write(`${JSON.stringify(ran.outcome.body, null, 2)}\n`);
    exitCode = ran.outcome.code;
  } else {
    exitCode = reportError(ran.name, ran.error, ran.ctx);
  }
}

function reportError(name: string, e: unknown, ctx: Ctx): number {
  if (e instanceof ExitError) {
    if (ctx.json) {
      const body = e.body ?? { command: name, ok: false, files: [] };
      ctx.stdout.write(
        `${JSON.stringify({ ...body, findings: findingsJson(e.findings, ctx.lang) }, null, 2)}\n`,
      );
    } else {
      ctx.stderr.write(renderFindings(e.findings, ctx.lang, ctx.color, ctx.width));
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
  onCommandEnd(settleRun);
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
