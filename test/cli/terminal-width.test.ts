import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { makeCard, sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * issue 20: every finding and every table fits the terminal (40, 80 and 120 columns, in
 * Chinese and English), CJK text is never cut with "…", and every 怎么改 is whole.
 */
const WIDTHS = [40, 80, 120] as const;
const LANGS = ['zh', 'en'] as const;

/** Chinese text followed by an ASCII colon (Chinese text takes '：'). */
const ASCII_COLON_AFTER_HAN = /\p{Script=Han}[）」]?\s?:(?!\/\/)/u;

function tooWide(text: string, width: number): string[] {
  return text.split('\n').filter((l) => stringWidth(l) > width);
}

/** The text as read, without layout: borders, indentation and line breaks removed. */
function flat(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/^[\s│|]+|[\s│|]+$/g, ''))
    .join('')
    .replace(/\s+/g, '');
}

const work = tempDir('cadre-width-');
const bad = join(work, '石岛.xlsx');
const good = join(work, 'input.xlsx');
const out = join(work, 'out');
const roster = join(out, '审批花名册-2012.xlsx');

beforeAll(async () => {
  const data = sampleData();
  const cadres = data.cadres ?? [];
  const c0 = cadres[0] as NonNullable<(typeof cadres)[0]>;
  const c1 = cadres[1] as NonNullable<(typeof cadres)[0]>;
  const c2 = cadres[2] as NonNullable<(typeof cadres)[0]>;
  // An ID stored as a number (the hint about the apostrophe), an unknown role (the hint that
  // lists the roles), a card that fails Luhn (the passbook hint), months out of range.
  cadres[0] = { ...c0, idNumber: Number(c0.idNumber) };
  cadres[1] = { ...c1, role: '村支部副书记兼妇联主席' };
  cadres[2] = {
    ...c2,
    account: `${makeCard('622202', 19).slice(0, 18)}${(Number(makeCard('622202', 19).slice(18)) + 1) % 10}`,
  };
  cadres[3] = { ...(cadres[3] as typeof c0), months: 13 };
  await writeWorkbook(bad, data);
  await writeWorkbook(good, sampleData());
  const s = cli(['subsidy', good, '-o', out, '--prepared-by', '张三', '--as-of', '2012-12-31', '--json']);
  if (s.code !== 0) throw new Error(`subsidy failed: ${s.stdout}${s.stderr}`);
});

describe.each(LANGS)('findings in %s', (lang) => {
  it.each(WIDTHS)('fit %i columns, never cut, every hint and message whole', (width) => {
    const r = cli(['validate', bad, '--lang', lang], { COLUMNS: String(width) });
    expect(r.code).toBe(1);
    expect(tooWide(r.stderr, width)).toEqual([]);
    expect(tooWide(r.stdout, width)).toEqual([]);
    expect(r.stderr).not.toContain('…');
    if (lang === 'zh') expect(r.stderr + r.stdout).not.toMatch(ASCII_COLON_AFTER_HAN);
    const findings = (cli(['validate', bad, '--lang', lang, '--json']).json().findings ?? []) as {
      message: string;
      hint?: string;
    }[];
    expect(findings.length).toBeGreaterThanOrEqual(4);
    const shown = flat(r.stderr);
    for (const f of findings) {
      if (f.hint) expect(shown).toContain(f.hint.replace(/\s+/g, ''));
      if (width < 100) expect(shown).toContain(f.message.replace(/\s+/g, ''));
    }
  });
});

describe('findings as blocks when narrow', () => {
  it('puts 怎么改 on its own line under the location and the problem', () => {
    const r = cli(['validate', bad, '--lang', 'zh'], { COLUMNS: '80' });
    const lines = r.stderr.split('\n');
    const at = lines.findIndex((l) => /第 2 行 · A 身份证号 · 填写值/.test(l));
    expect(at).toBeGreaterThan(-1);
    expect(lines.slice(at + 1, at + 6).some((l) => l.trimStart().startsWith('怎么改：'))).toBe(true);
  });
});

describe.each(LANGS)('the tables of every command in %s', (lang) => {
  it.each(WIDTHS)('fit %i columns', (width) => {
    const env = { COLUMNS: String(width) };
    const runs = [
      cli(['policy', '--lang', lang], env),
      cli(['subsidy', good, '-o', tempDir(), '--as-of', '2012-12-31', '--lang', lang], env),
      cli(['ledger', good, '-o', tempDir(), '--as-of', '2012-12-31', '--lang', lang], env),
    ];
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(tooWide(r.stdout, width)).toEqual([]);
      expect(tooWide(r.stderr, width)).toEqual([]);
      expect(r.stdout).not.toContain('…');
      if (lang === 'zh') expect(r.stdout + r.stderr).not.toMatch(ASCII_COLON_AFTER_HAN);
    }
    // The policy's alias list says 村支书 is accepted: never cut.
    expect(flat(runs[0]?.stdout ?? '')).toContain('村支书');
  });
});

describe.each(LANGS)('approve and payout tables in %s', (lang) => {
  it.each(WIDTHS)('fit %i columns', (width) => {
    const env = { COLUMNS: String(width) };
    const dir = tempDir();
    const copy = join(dir, 'roster.xlsx');
    copyFileSync(roster, copy);
    for (const [dept, by] of [
      ['组织部', '李四'],
      ['财政局', '王五'],
    ] as const) {
      const r = cli(['approve', copy, '--dept', dept, '--by', by, '--lang', lang], env);
      expect(r.code).toBe(0);
      if (lang === 'zh') expect(r.stdout + r.stderr).not.toMatch(ASCII_COLON_AFTER_HAN);
      expect(tooWide(r.stdout, width)).toEqual([]);
      expect(tooWide(r.stderr, width)).toEqual([]);
    }
    const r = cli(
      ['payout', copy, '--batch', 'base', '--unsigned', '-o', join(dir, 'bank'), '--lang', lang],
      env,
    );
    expect(r.code).toBe(0);
    expect(tooWide(r.stdout, width)).toEqual([]);
    expect(tooWide(r.stderr, width)).toEqual([]);
    expect(r.stdout).not.toContain('…');
    if (lang === 'zh') expect(r.stdout + r.stderr).not.toMatch(ASCII_COLON_AFTER_HAN);
    // The held person's reason is whole.
    expect(flat(r.stdout)).toContain('审计未结束');
  });
});
