import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { helpKeys } from '../../src/report/help.js';
import { HELP_MESSAGES } from '../../src/report/messages/help.js';
import { cli } from '../helpers/cli.js';

const COMMANDS = buildProgram()
  .commands.map((c) => c.name())
  .filter((n) => n !== 'help');

describe('the help message table', () => {
  it('has zh and en for every command, argument and option, so a new command needs only its entries', () => {
    const missing: string[] = [];
    for (const cmd of buildProgram().commands) {
      for (const k of helpKeys(cmd)) {
        const t = HELP_MESSAGES[k.key] ?? (k.fallback ? HELP_MESSAGES[k.fallback] : undefined);
        if (!t?.zh || !t.en) missing.push(k.key);
      }
      if (!HELP_MESSAGES[`${cmd.name()}.after`]) missing.push(`${cmd.name()}.after`);
    }
    expect(missing).toEqual([]);
  });
});

describe.each(COMMANDS)('cadre-calc %s --help', (name) => {
  it('is Chinese under LANG=zh_CN.UTF-8, with its examples, and fits 80 columns', () => {
    const r = cli([name, '--help'], { LANG: 'zh_CN.UTF-8' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(HELP_MESSAGES[name]?.zh.slice(0, 8));
    expect(r.stdout).toContain('用法：');
    expect(r.stdout).toContain('选项：');
    expect(r.stdout).toContain('显示帮助');
    expect(r.stdout).toContain(`$ cadre-calc ${name}`);
    expect(r.stdout).toMatch(new RegExp(`^用法： cadre-calc ${name} \\[选项\\]`, 'm'));
    for (const english of [
      'Usage:',
      'Options:',
      'display help',
      'print one JSON',
      'Examples:',
      '(default:',
      '[options]',
    ])
      expect(r.stdout).not.toContain(english);
    const wide = cli([name, '--help'], { LANG: 'zh_CN.UTF-8', COLUMNS: '80' });
    expect(wide.stdout.split('\n').filter((l) => stringWidth(l) > 80)).toEqual([]);
  });

  it('is English from the same table under LANG=C', () => {
    const r = cli([name, '--help']);
    expect(r.stdout).toContain(HELP_MESSAGES[name]?.en.slice(0, 20));
    expect(r.stdout).toMatch(new RegExp(`^Usage: cadre-calc ${name} \\[options\\]`, 'm'));
    expect(r.stdout).not.toMatch(/[用法选项示例]：/);
  });
});

describe('usage errors', () => {
  const cases: [string, string[], RegExp, RegExp][] = [
    ['unknown option', ['validate', 'a.xlsx', '--bogus'], /不认识的选项 --bogus/, /Unknown option --bogus/],
    ['missing argument', ['validate'], /缺少参数 workbook\|dir/, /Missing argument workbook\|dir/],
    [
      'bad choice',
      ['payout', 'r.xlsx', '--batch', 'x'],
      /--batch <batch> 的值 x 不可用.*base, reward, all/,
      /cannot be x/,
    ],
    ['required option', ['approve', 'r.xlsx'], /必须给出选项 --dept/, /Option --dept <dept> is required/],
    [
      'option value missing',
      ['subsidy', 'a.xlsx', '--as-of'],
      /选项 --as-of <date> 后面缺少值/,
      /needs a value/,
    ],
    ['too many arguments', ['policy', 'extra'], /参数太多/, /Too many arguments/],
    [
      'unknown command',
      ['subsidyy'],
      /不认识的命令 subsidyy（是不是 subsidy？）/,
      /Unknown command subsidyy/,
    ],
    ['bad date', ['subsidy', 'a.xlsx', '--as-of', '2012-13-45'], /--as-of 的日期无法识别/, /not a date/],
  ];
  it.each(cases)('%s: one line and where the usage is, exit 2, in zh and en', (_what, args, zh, en) => {
    const command = args[0] === 'subsidyy' ? 'cadre-calc' : `cadre-calc ${args[0]}`;
    const z = cli(args, { LANG: 'zh_CN.UTF-8' });
    expect(z.code).toBe(2);
    expect(z.stdout).toBe('');
    const lines = z.stderr.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines[0]).toMatch(zh);
    expect(lines.at(-1)).toBe(`运行 ${command} --help 查看用法`);
    const e = cli(args);
    expect(e.code).toBe(2);
    const el = e.stderr.trimEnd().split('\n');
    expect(el.length).toBeLessThanOrEqual(3);
    expect(el[0]).toMatch(en);
    expect(el.at(-1)).toBe(`Run ${command} --help to see the usage`);
  });

  it.each(cases)('%s under --json: one JSON envelope on stdout, nothing on stderr', (_what, args) => {
    const r = cli([args[0] as string, '--json', ...args.slice(1)], { LANG: 'zh_CN.UTF-8' });
    expect(r.code).toBe(2);
    const body = r.json();
    expect(body).toMatchObject({ ok: false, files: [] });
    const findings = body.findings as { level: string; message: string; hint: string }[];
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]?.level).toBe('error');
    expect(r.stderr).toBe('');
  });
});
