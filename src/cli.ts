import { Command, CommanderError } from 'commander';
import type { Ctx } from './commands/context.js';
import { registerCommands } from './commands/registry.js';
import { makeCtx, onCommandEnd, type Ran } from './commands/runner.js';
import { EXIT, ExitError } from './errors.js';
import { MAX_UNCOMPRESSED_BYTES } from './io/workbook/files.js';
import { EXAMPLE_CODE_PREFIX } from './io/workbook/schema.js';
import { escapeTerminal, jsonForTerminal } from './report/escape.js';
import { findingsJson, renderFindings } from './report/findings-text.js';
import { commandOf, helpText, localizeProgram, usageMessage } from './report/help.js';
import type { Lang } from './report/lang.js';
import { wrapText } from './report/layout.js';
import type { Finding } from './rules/findings.js';
import { REPORT_TO, VERSION } from './version.js';

let exitCode: number = EXIT.ok;

/** The one place that turns how a command ended into its output and exit code. */
function settleRun(ran: Ran): void {
  if ('outcome' in ran) {
    if (ran.ctx.json) ran.ctx.stdout.write(`${jsonForTerminal(ran.outcome.body)}\n`);
    exitCode = ran.outcome.code;
  } else {
    exitCode = reportError(ran.name, ran.error, ran.ctx);
  }
}

function reportError(name: string, e: unknown, ctx: Ctx): number {
  if (e instanceof ExitError) {
    if (ctx.json) {
      const body = e.body ?? { command: name, ok: false, files: [] };
      ctx.stdout.write(`${jsonForTerminal({ ...body, findings: findingsJson(e.findings, ctx.lang) })}\n`);
    } else if (e.code === EXIT.usage) {
      // A usage error in one line (the problem and how to put it right), then where the usage is.
      const stop = ctx.lang === 'zh' ? '。' : '. ';
      const text = findingsJson(e.findings, ctx.lang)
        .map((f) => `${f.message ?? ''}${f.hint ? `${stop}${f.hint}` : ''}`)
        .join(ctx.lang === 'zh' ? '；' : '; ');
      reportUsage(`cadre-calc ${name}`, text, false, ctx);
    } else {
      ctx.stderr.write(renderFindings(e.findings, ctx.lang, ctx.color, ctx.width));
    }
    return e.code;
  }
  const reason = escapeTerminal(e instanceof Error ? e.message : String(e));
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
      `${jsonForTerminal({ command: name, ok: false, files: [], findings: findingsJson([finding], ctx.lang) })}\n`,
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

/** The --lang of a command line, read before commander parses it (the help must be in that language). */
function langFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (a === '--lang') return argv[i + 1];
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

/** The program with every command, its help in `lang` (messages/help.ts) laid out for `width` columns. */
export function buildProgram(lang: Lang = 'en', width = 80): Command {
  const program = new Command('cadre-calc')
    .version(VERSION, '-V, --version')
    .description('Subsidies of rural village cadres: 补贴标准, 奖励补贴 (分值法), 践诺奖惩, 审批与代发')
    .exitOverride();
  registerCommands(program);
  localizeProgram(program, lang, width, {
    maxMb: MAX_UNCOMPRESSED_BYTES / 1024 / 1024,
    examplePrefix: EXAMPLE_CODE_PREFIX,
  });
  return program;
}

/**
 * A usage error (exit 2): one line saying what is wrong and one saying where the usage is,
 * or under --json the envelope with the finding on stdout.
 */
function reportUsage(command: string, message: string, json: boolean, ctx: Ctx): void {
  const see = helpText('usage.seeHelp', ctx.lang, { command }) as string;
  if (json) {
    const name = command.replace(/^cadre-calc ?/, '') || 'cadre-calc';
    const finding = {
      level: 'error',
      code: 'usage',
      file: '',
      sheet: '',
      row: 0,
      column: '',
      header: '',
      value: '',
      message,
      hint: see,
    };
    ctx.stdout.write(`${jsonForTerminal({ command: name, ok: false, files: [], findings: [finding] })}\n`);
    return;
  }
  const word = ctx.lang === 'zh' ? '错误：' : 'Error: ';
  ctx.stderr.write(
    `${wrapText(word + message, ctx.width).join('\n')}\n${wrapText(see, ctx.width).join('\n')}\n`,
  );
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
  const args = argv.slice(2);
  const ctx0 = makeCtx({ lang: langFlag(args) });
  const program = buildProgram(ctx0.lang, ctx0.width);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      const ok =
        e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
      if (!ok)
        reportUsage(commandOf(program, args), usageMessage(e, ctx0.lang), args.includes('--json'), ctx0);
      process.exit(ok ? EXIT.ok : EXIT.usage);
    }
    const ctx = makeCtx({});
    process.exit(reportError('cadre-calc', e, ctx));
  }
  process.exitCode = exitCode;
}
