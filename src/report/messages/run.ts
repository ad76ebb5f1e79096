import type { MessageTemplate } from './template.js';

/** Messages of a run as a whole: options, scores, pools, self-checks, last year's roster. */
export const RUN_MESSAGES: Record<string, MessageTemplate> = {
  no_inputs: {
    zh: '没有给出要读取的工作簿',
    en: 'No workbook was given',
    fixZh: '在命令后写上工作簿文件或文件夹，例如 cadre-calc subsidy 荣成市-2012.xlsx',
    fixEn: 'Name the workbook files or a folder after the command, e.g. cadre-calc subsidy city-2012.xlsx',
  },
  as_of_invalid: {
    zh: '--as-of 的日期无法识别：{value}',
    en: 'The --as-of date is not a date: {value}',
    fixZh: '写成 2012-12-31 这样的日期。',
    fixEn: 'Write a date such as 2012-12-31.',
  },
  as_of_outside_year: {
    zh: '--as-of {value} 不在政策 {policy} 的年度 {year} 内（最晚到 {next} 年）：是否用错了政策文件，或日期写错了？',
    en: '--as-of {value} is outside the year {year} of policy {policy} (at most into {next}): is it the wrong policy file, or a mistyped date?',
    fixZh: '用当年的政策文件（--policy），或改正日期（如 {year}-12-31）。',
    fixEn: 'Give that year’s policy file (--policy), or correct the date (e.g. {year}-12-31).',
  },
  option_control: {
    zh: '{header} 的值含有控制字符或换行（{char}），无法原样写入工作簿：{value}',
    en: 'The value of {header} holds a control character or line break ({char}) that a workbook cannot keep as typed: {value}',
    fixZh: '重新输入姓名或部门（不要从其他地方复制粘贴）。',
    fixEn: 'Type the name or department again (do not paste it from elsewhere).',
  },
  run_too_large: {
    zh: '本次运行共有 {rows} 行干部，超过一份花名册和公示表的一张表所能容纳的 {max} 行（Excel 每张表最多 1,048,576 行，还要留出标题、表头、合计和签字行）；从这一行起容纳不下',
    en: 'This run has {rows} cadre rows, more than the {max} one sheet of the roster and of the notice can hold (Excel holds 1,048,576 rows per sheet, less the title, header, 合计 and signature rows); from this row on they do not fit',
    fixZh:
      '分成几次运行：每个市单独运行 subsidy；同一个市内，在政策中设 reward.pool_scope: town 后可按镇分别运行，金额不变。',
    fixEn:
      'Split the run: one subsidy run per city; within a city, with reward.pool_scope: town in the policy, one run per town gives the same amounts.',
  },
  score_missing: {
    zh: '村 {value}（{village}）没有任何考核得分：无季度、半年得分，也无已验收的承诺事项',
    en: 'Village {value} ({village}) has no score at all: no quarterly or half-year score and no assessed commitment',
    fixZh: '在“考核评分”表补上该村的得分；若确实没有，可加 --allow-missing-scores（该村干部不得奖励分）。',
    fixEn:
      "Add the village's scores to the scores sheet; if there are none, run with --allow-missing-scores (its cadres get no points).",
  },
  pool_zero_points: {
    zh: '奖励池“{scope}”内所有人得分点数为 0，{pool} 元全部作为结余，未分配',
    en: 'Nobody in pool "{scope}" has any points: all {pool} yuan is reported as remainder, nothing allocated',
    fixZh: '核对该范围的考核得分是否都低于及格线。',
    fixEn: 'Check whether every score in this scope is really below the pass line.',
  },
  unbalanced: {
    zh: '计算结果不平衡，拒绝写出：{reason}',
    en: 'The results do not balance, nothing was written: {reason}',
    fixZh: '这是程序缺陷，请把命令和输入文件报告给维护人员。',
    fixEn: 'This is a bug: please report the command and the input files to the maintainers.',
  },
  privacy_leak: {
    zh: '公示表中出现了身份证号或银行卡号（{value}），拒绝写出',
    en: 'The public notice would contain an ID or card number ({value}); nothing was written',
    fixZh: '这是程序缺陷，请报告给维护人员。',
    fixEn: 'This is a bug: please report it to the maintainers.',
  },
  previous_not_roster: {
    zh: '--previous 给出的文件不是本工具生成的审批花名册：{file}',
    en: 'The --previous file is not an approval roster written by cadre-calc: {file}',
    fixZh: '给出上一年度由 cadre-calc subsidy 生成的“审批花名册-年度.xlsx”。',
    fixEn: "Give last year's 审批花名册-YEAR.xlsx written by cadre-calc subsidy.",
  },
  previous_mismatch: {
    zh: '--previous 花名册属于 {got}，而本次是 {expected}',
    en: 'The --previous roster belongs to {got}, but this run is {expected}',
    fixZh: '给出同一城市上一年度的审批花名册。',
    fixEn: "Give the same city's roster of the year before.",
  },
};
