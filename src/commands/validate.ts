import type { Command } from 'commander';
import { ExitError } from '../errors.js';
import { loadPolicy } from '../io/policy/policy.js';
import { type ReadResult, readWorkbooks, type SheetKind } from '../io/workbook/read.js';
import { escapeTerminal } from '../report/escape.js';
import { findingsJson, renderFindings } from '../report/findings-text.js';
import type { Lang } from '../report/lang.js';
import { wrapText } from '../report/layout.js';
import { computeVillages, yearEnd } from '../rules/compute.js';
import { hasErrors } from '../rules/findings.js';
import { runTooLarge } from './common.js';
import type { Ctx, Outcome } from './context.js';
import { addCommonOptions, addPolicyOption, type CommonOpts } from './options.js';
import { action } from './runner.js';

/** validate needs 村庄 and 干部 in every workbook; 承诺台账 and 考核评分 are checked when present. */
export const VALIDATE_NEEDS: SheetKind[] = ['villages', 'cadres'];

function summary(r: ReadResult, lang: Lang, errors: number, warnings: number): string {
  // Rows as entered (good or bad): a clerk who typed 3 villages reads 3, not the 2 without errors.
  const i = r.entered;
  if (lang === 'zh') {
    const verdict = errors
      ? `有 ${errors} 个错误，请改正后再运行`
      : warnings
        ? `没有错误（${warnings} 个警告）`
        : '没有发现问题';
    return `已检查 ${r.files.length} 个工作簿：${i.villages} 个村，${i.cadres} 条干部记录，${i.commitments} 条承诺，${i.scores} 条评分。${verdict}。`;
  }
  const verdict = errors
    ? `${errors} error${errors === 1 ? '' : 's'}: fix them and run again`
    : warnings
      ? `no errors (${warnings} warning${warnings === 1 ? '' : 's'})`
      : 'no problems found';
  return `Checked ${r.files.length} workbook${r.files.length === 1 ? '' : 's'}: ${i.villages} villages, ${i.cadres} cadre rows, ${i.commitments} commitments, ${i.scores} scores. ${verdict}.`;
}

/**
 * `cadre-calc validate <workbook|dir>...`: reads every workbook as `subsidy` would and
 * reports every finding; writes nothing. Exit 0 without errors, 1 with errors, 4 when a
 * file cannot be read.
 */
export async function validateCommand(args: string[], opts: CommonOpts, ctx: Ctx): Promise<Outcome> {
  const loaded = await loadPolicy(opts.policy);
  const started = Date.now();
  let result: ReadResult;
  try {
    result = await readWorkbooks(args, loaded.policy, {
      need: VALIDATE_NEEDS,
      onProgress: ctx.progress
        ? (p) => {
            if (p.stage !== 'done') return;
            const s = Math.max((Date.now() - started) / 1000, 0.001);
            const rate = Math.round(p.rows / s);
            ctx.stderr.write(
              ctx.lang === 'zh'
                ? `已读取 ${escapeTerminal(p.file)}：${p.rows} 行（${rate} 行/秒）\n`
                : `read ${escapeTerminal(p.file)}: ${p.rows} rows (${rate} rows/s)\n`,
            );
          }
        : undefined,
    });
  } catch (e) {
    if (e instanceof ExitError) {
      throw new ExitError(e.code, e.findings, { command: 'validate', ok: false, files: [], inputs: [] });
    }
    throw e;
  }
  // What subsidy would refuse (ledger takes any size): said here, where a clerk checks first.
  const tooLarge = runTooLarge(result.input.cadres);
  if (tooLarge) result.findings.push({ ...tooLarge, level: 'warning' });
  // What subsidy would stop on unless --allow-missing-scores (issue 18: validate says every
  // problem a later command stops on): a village with no score at all, at the year end.
  if (result.input.scores.length > 0) {
    const stage = computeVillages(result.input, loaded.policy, {
      asOf: yearEnd(loaded.policy),
      allowMissingScores: true,
    });
    result.findings.push(...stage.findings.filter((f) => f.code === 'score_missing'));
  }
  const errors = result.findings.filter((f) => f.level === 'error').length;
  const warnings = result.findings.length - errors;
  if (!ctx.json) {
    const shown = ctx.quiet ? result.findings.filter((f) => f.level === 'error') : result.findings;
    if (shown.length || !ctx.quiet) ctx.stderr.write(renderFindings(shown, ctx.lang, ctx.color, ctx.width));
    ctx.stdout.write(`${wrapText(summary(result, ctx.lang, errors, warnings), ctx.width).join('\n')}\n`);
  }
  const ok = !hasErrors(result.findings);
  return {
    code: ok ? 0 : 1,
    body: {
      command: 'validate',
      ok,
      files: [],
      inputs: result.files.map((f) => ({ file: f.path, sha256: f.sha256 })),
      findings: findingsJson(result.findings, ctx.lang),
    },
  };
}

export function registerValidateCommand(program: Command): void {
  const cmd = program
    .command('validate')
    .description('check input workbooks and list every problem; nothing is written')
    .argument('<workbook|dir...>', 'input workbooks (.xlsx) or folders of them');
  addPolicyOption(cmd);
  addCommonOptions(cmd);
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  cmd.action(action('validate', validateCommand));
}
