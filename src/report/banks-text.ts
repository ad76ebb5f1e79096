import type { Lang } from './lang.js';
import { wrapIndented, wrapText } from './layout.js';

/**
 * The lines under payout's bank table: the summary to sign (its path on a line of its own)
 * and, on a reissue, its number and reason; laid out for `width` columns, never cut (the
 * reason and the path are the clerk's text: shown escaped, wrapped).
 */
export function renderIssue(
  register: { issue: number; reissue: boolean; reason: string | null; summary: string },
  lang: Lang,
  width = 80,
): string {
  const zh = lang === 'zh';
  const note = register.reissue
    ? zh
      ? `重发：第 ${register.issue} 次发放，原因：${register.reason ?? ''}（已记入花名册“校验 › 发放记录”）`
      : `Reissue: issue ${register.issue}, reason: ${register.reason ?? ''} (recorded in the roster's 校验 › 发放记录)`
    : zh
      ? '已记入花名册“校验 › 发放记录”：同一批次不能再次发放（除非 --reissue --reason）'
      : "Recorded in the roster's 校验 › 发放记录: this batch cannot be issued again (unless --reissue --reason)";
  const lines = [
    ...wrapText(zh ? '代发汇总表（打印、签字、盖章）：' : 'Summary to print, sign and seal:', width),
    ...wrapIndented(register.summary, width, '', 2),
    ...wrapText(note, width),
  ];
  return `${lines.join('\n')}\n`;
}
