import type { MessageTemplate } from './template.js';

/** Messages of the commitments area (rules.md §6): the ledger, deposits and sanctions. */
export const LEDGER_MESSAGES: Record<string, MessageTemplate> = {
  previous_provisional: {
    zh: '--previous 花名册是截至 {asOf} 的预计花名册，没有年终践诺奖惩结果：{file}',
    en: 'The --previous roster is a provisional one (as of {asOf}) and holds no year-end sanctions: {file}',
    fixZh: '给出上一年度按12月31日计算并经审批的“审批花名册-年度.xlsx”。',
    fixEn: "Give last year's approved roster computed as of 31 December.",
  },
};
