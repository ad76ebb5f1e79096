import type { MessageTemplate } from './template.js';

/** Messages of `compare` and of the HTML report (decide.md). */
export const DECIDE_MESSAGES: Record<string, MessageTemplate> = {
  compare_no_policy: {
    zh: 'compare 至少需要一个 --policy：要与默认政策比较的政策文件',
    en: 'compare needs at least one --policy: the policy file to compare with the default',
    fixZh:
      '例如 cadre-calc compare 荣成市-2012.xlsx --policy policies/plan-raised-bands.yaml；给出多个 --policy 时第一个为基准。',
    fixEn:
      'E.g. cadre-calc compare city-2012.xlsx --policy policies/plan-raised-bands.yaml; with several --policy the first is the baseline.',
  },
  compare_city_mismatch: {
    zh: '政策“{value}”属于 {got}，而基准政策属于 {expected}：不能比较不同城市的政策',
    en: 'Policy "{value}" is for {got} but the baseline is for {expected}: policies of another city cannot be compared',
    fixZh: '只比较同一城市的政策（政策文件的 city 相同）。',
    fixEn: "Compare only policies of the same city (the policy files' city is the same).",
  },
  compare_year_differs: {
    zh: '政策“{value}”的年度是 {got}，基准政策是 {expected}：按同一截止日期 {asOf} 计算',
    en: 'Policy "{value}" is for {got}, the baseline for {expected}: both are computed at the same as-of date {asOf}',
    fixZh: '如需按该政策年度计算，请用 --as-of 指定日期。',
    fixEn: "To compute at that policy's year, give the date with --as-of.",
  },
  report_privacy_leak: {
    zh: 'HTML 报告中出现了公示不得出现的内容（{value}），拒绝写出',
    en: 'The HTML report would contain what the public notice may not show ({value}); nothing was written',
    fixZh: '这是程序缺陷，请报告给维护人员。',
    fixEn: 'This is a bug: please report it to the maintainers.',
  },
};
