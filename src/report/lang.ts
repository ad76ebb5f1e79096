export type Lang = 'zh' | 'en';

/** The runtime's locale: on Windows the display language; on Linux and macOS it follows LANG. */
export function systemLocale(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return '';
  }
}

/**
 * --lang wins; else CADRE_CALC_LANG; else LC_ALL, LC_MESSAGES, LANG; else the system's
 * locale (Windows sets none of those variables): zh for zh*, otherwise en (spec/cli.md).
 */
export function detectLang(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  locale: () => string = systemLocale,
): Lang {
  if (flag === 'zh' || flag === 'en') return flag;
  const loc = env.CADRE_CALC_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || locale();
  return /^zh/i.test(loc) ? 'zh' : 'en';
}
