import type { MessageTemplate } from './template.js';

/** Messages of the roster reader (src/io/roster-read.ts): a 花名册 that is not as subsidy wrote it. */
export const ROSTER_MESSAGES: Record<string, MessageTemplate> = {
  roster_sheet_missing: {
    zh: '文件中没有“{value}”表：{file}',
    en: 'The file has no sheet "{value}": {file}',
    fixZh: '给出 cadre-calc subsidy 生成的“审批花名册-年度.xlsx”原文件，不要删除或改名其中的表。',
    fixEn:
      'Give the 审批花名册-YEAR.xlsx that cadre-calc subsidy wrote, without deleting or renaming its sheets.',
  },
  roster_too_large: {
    zh: '花名册被其他程序（如 Excel、WPS）另存过，且太大（展开后 {size}，上限 {limit}），审批无法改写它：{file}',
    en: 'The roster was saved by another program (Excel, WPS) and is too large ({size} unpacked; the limit is {limit}) for approve to rewrite: {file}',
    fixZh:
      '审批 subsidy 生成的原文件（不要用 Excel 或 WPS 打开后保存）；或分市运行 subsidy（或在政策中设 reward.pool_scope: town 后分镇运行），使每份花名册不超过约 25,000 行。',
    fixEn:
      'Approve the file as subsidy wrote it (not saved again from Excel or WPS); or run subsidy per city (or, with reward.pool_scope: town in the policy, per town) so each roster stays under about 25,000 rows.',
  },
  roster_header_missing: {
    zh: '“花名册”表缺少列“{header}”',
    en: 'The 花名册 sheet has no column "{header}"',
    fixZh: '不要删除或改名花名册的列；从输入工作簿重新运行 subsidy 可得到完整的花名册。',
    fixEn:
      "Do not delete or rename the roster's columns; run subsidy again from the input workbook for a whole roster.",
  },
  roster_amount_invalid: {
    zh: '第 {row} 行“{header}”（{column} 列）的“{value}”不是以元为单位、最多两位小数的金额，该单元格被改动过',
    en: 'Row {row}, "{header}" (column {column}): "{value}" is not an amount in yuan with at most two decimals; this cell was changed',
    fixZh: '不要手工改花名册；在输入工作簿中更正后重新运行 subsidy 并重新审批。',
    fixEn: 'Do not edit the roster by hand: correct the input workbook, run subsidy again and approve anew.',
  },
  roster_months_invalid: {
    zh: '第 {row} 行“{header}”（{column} 列）的“{value}”不是整月数，该单元格被改动过',
    en: 'Row {row}, "{header}" (column {column}): "{value}" is not a whole number of months; this cell was changed',
    fixZh: '不要手工改花名册；在输入工作簿中更正后重新运行 subsidy 并重新审批。',
    fixEn: 'Do not edit the roster by hand: correct the input workbook, run subsidy again and approve anew.',
  },
};
