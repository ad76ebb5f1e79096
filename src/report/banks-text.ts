import type { Lang } from './lang.js';

/** The lines under payout's bank table: the summary to sign and, on a reissue, its number and reason. */
export function renderIssue(
  register: { issue: number; reissue: boolean; reason: string | null; summary: string },
  lang: Lang,
): string {
  const lines =
    lang === 'zh'
      ? [
          `代发汇总表（打印、签字、盖章）：${register.summary}`,
          register.reissue
            ? `重发：第 ${register.issue} 次发放，原因：${register.reason ?? ''}（已记入花名册“校验 › 发放记录”）`
            : '已记入花名册“校验 › 发放记录”：同一批次不能再次发放（除非 --reissue --reason）',
        ]
      : [
          `Summary to print, sign and seal: ${register.summary}`,
          register.reissue
            ? `Reissue: issue ${register.issue}, reason: ${register.reason ?? ''} (recorded in the roster's 校验 › 发放记录)`
            : "Recorded in the roster's 校验 › 发放记录: this batch cannot be issued again (unless --reissue --reason)",
        ];
  return `${lines.join('\n')}\n`;
}
