import type { MessageTemplate } from './template.js';

/** Messages of diff and explain (spec/decide.md): rosters read back, people looked up. */
export const DECIDE_MESSAGES: Record<string, MessageTemplate> = {
  roster_not_roster: {
    zh: '不是 cadre-calc subsidy 生成的审批花名册（没有花名册的“校验”表）：{file}',
    en: 'Not an approval roster written by cadre-calc subsidy (no roster 校验 sheet): {file}',
    fixZh: '给出 subsidy 生成的“审批花名册-年度.xlsx”。',
    fixEn: 'Give the 审批花名册-YEAR.xlsx that subsidy wrote.',
  },
  roster_table_missing: {
    zh: '“{sheet}”表中找不到以“{header}”开头的表格：{file}',
    en: 'The sheet "{sheet}" has no table starting with "{header}": {file}',
    fixZh: '不要删除或改名花名册的表和列；从输入工作簿重新运行 subsidy 可得到完整的花名册。',
    fixEn: "Do not delete or rename the roster's sheets or columns; run subsidy again for a whole roster.",
  },
  roster_cell_invalid: {
    zh: '“{sheet}”表第 {row} 行“{header}”的“{value}”不是 subsidy 写入的数值，该单元格被改动过',
    en: 'Sheet "{sheet}", row {row}, "{header}": "{value}" is not a number as subsidy wrote it; this cell was changed',
    fixZh: '不要手工改花名册；在输入工作簿中更正后重新运行 subsidy。',
    fixEn: 'Do not edit the roster by hand: correct the input workbook and run subsidy again.',
  },
  diff_city_differs: {
    zh: '两份花名册的城市不同：{old} → {new}',
    en: 'The two rosters are of different cities: {old} → {new}',
    fixZh: '确认比较的是同一城市的两版花名册。',
    fixEn: 'Check that both rosters are versions of the same city’s roster.',
  },
  diff_year_differs: {
    zh: '两份花名册的年度不同：{old} → {new}',
    en: 'The two rosters are of different years: {old} → {new}',
    fixZh: '跨年度比较时，金额变化也来自政策和考核的变化。',
    fixEn: 'Across years, amounts also change with the policy and the assessment.',
  },
  explain_not_found: {
    zh: '花名册中没有身份证号为 {value} 的人员{role}：{file}',
    en: 'No one with ID number {value}{role} in the roster: {file}',
    fixZh: '检查身份证号（18位，末位可为X）和职务；可用 --json 查看花名册中的人员。',
    fixEn: 'Check the ID number (18 characters, the last may be X) and the role.',
  },
  explain_policy_missing: {
    zh: '花名册“校验”表中没有政策参数（由旧版 cadre-calc 生成或被改动），无法写出计算公式：{file}',
    en: 'The roster’s 校验 sheet has no policy parameters (an older cadre-calc, or edited); the formulas cannot be written out: {file}',
    fixZh: '用当前版本重新运行 subsidy 生成花名册。',
    fixEn: 'Run subsidy again with this version to make the roster.',
  },
  explain_mismatch: {
    zh: '第 {row} 行（序号）“{header}”：花名册写的是 {value}，按花名册中的其他数和政策参数算得 {expected}',
    en: 'Row {row} (序号), "{header}": the roster says {value}, its other numbers and the policy parameters give {expected}',
    fixZh: '花名册可能被手工改过；从输入工作簿重新运行 subsidy。',
    fixEn: 'The roster may have been edited by hand; run subsidy again from the input workbook.',
  },
};
