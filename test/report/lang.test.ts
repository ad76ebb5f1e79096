import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectLang } from '../../src/report/lang.js';
import { cli } from '../helpers/cli.js';

const zhSystem = () => 'zh-CN';
const enSystem = () => 'en-US';

describe('detectLang (spec/cli.md --lang)', () => {
  it('falls back to the system locale when no locale variable is set (a Chinese Windows machine)', () => {
    expect(detectLang(undefined, {}, zhSystem)).toBe('zh');
    expect(detectLang(undefined, { LANG: '', LC_ALL: '' }, zhSystem)).toBe('zh');
    expect(detectLang(undefined, {}, enSystem)).toBe('en');
    expect(detectLang(undefined, {}, () => '')).toBe('en');
  });

  it('takes CADRE_CALC_LANG before the locale variables, and --lang before everything', () => {
    expect(detectLang(undefined, { CADRE_CALC_LANG: 'zh', LANG: 'en_US.UTF-8' }, enSystem)).toBe('zh');
    expect(detectLang(undefined, { CADRE_CALC_LANG: 'en', LC_ALL: 'zh_CN.UTF-8' }, zhSystem)).toBe('en');
    expect(detectLang('en', { CADRE_CALC_LANG: 'zh' }, zhSystem)).toBe('en');
  });

  it('keeps the order LC_ALL, LC_MESSAGES, LANG before the system locale', () => {
    expect(detectLang(undefined, { LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US' }, enSystem)).toBe('zh');
    expect(detectLang(undefined, { LANG: 'C' }, zhSystem)).toBe('en');
  });
});

describe('the CLI with no locale variable', () => {
  // On Linux the runtime's locale follows LANG, so a Chinese Windows machine is imitated by
  // stubbing the locale source (Intl.DateTimeFormat) in the real CLI process before it starts.
  const stub = fileURLToPath(new URL('../helpers/zh-system-locale.mjs', import.meta.url));

  it('speaks Chinese when the system locale is Chinese', () => {
    const r = cli(['validate', 'no-such.xlsx'], {
      LANG: '',
      LC_ALL: '',
      LC_MESSAGES: '',
      NODE_OPTIONS: `--import=${stub}`,
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('找不到文件');
  });

  it('speaks Chinese under CADRE_CALC_LANG=zh even with LANG=C', () => {
    const r = cli(['validate', 'no-such.xlsx'], { CADRE_CALC_LANG: 'zh' });
    expect(r.stderr).toContain('找不到文件');
  });
});
