export type Lang = 'zh' | 'en';

/** --lang wins; else LC_ALL, LC_MESSAGES, LANG: zh for zh_*, otherwise en (spec/cli.md). */
export function detectLang(flag: string | undefined, env: Record<string, string | undefined>): Lang {
  if (flag === 'zh' || flag === 'en') return flag;
  const loc = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(loc) ? 'zh' : 'en';
}
