import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExitError } from '../../src/errors.js';
import {
  BUILTIN_POLICY_ID,
  builtinPolicyPath,
  loadPolicy,
  parsePolicyText,
} from '../../src/io/policy/policy.js';
import { localize, MESSAGES } from '../../src/report/messages/index.js';
import { Exact } from '../../src/rules/exact.js';
import type { Finding } from '../../src/rules/findings.js';

/** The default policy exactly as spec/policy.md prints it (the test's independent source of truth). */
const SPEC_YAML = `id: rongcheng-2012
title: 荣成市农村干部财政补贴办法（2012年度）
year: 2012
city: 荣成市
rounding: fen

bands:
  - { max_households: 100, amount: 1200 }
  - { max_households: 200, amount: 1500 }
  - { max_households: 300, amount: 1900 }
  - { max_households: 400, amount: 2200 }
  - { amount: 2500 }

roles:
  书记: { ratio: 1.0, cap: 1.0, aliases: [党组织书记, 村党组织书记, 党支部书记, 党总支书记, 支部书记, 村支书] }
  主任: { ratio: 0.9, cap: 0.9, aliases: [村委会主任, 村民委员会主任, 村主任] }
  会计: { ratio: 0.7, cap: 0.7, aliases: [村会计, 报账员] }
unpaid_roles: [妇女主任, 治保主任, 民兵连长, 委员]
concurrent_posts: highest

reward:
  share: 700
  pool_scope: city
  method: above_floor
  floor: 60
  grades: { 优秀: 1.5, 良好: 1.2, 合格: 1.0, 不合格: 0 }
  forfeit: redistribute

score:
  weights: { quarterly: 0.3, half_year: 0.5, commitments: 0.2 }
  grade_lines: { 优秀: 90, 良好: 80, 合格: 60 }

supervision:
  days: 7

deposit:
  书记: 1000
  主任: 800
  会计: 600

approval:
  required: [组织部, 财政局]

notice:
  days: 5
  phone: "0631-0000000"
  issuer: 中共荣成市委组织部
`;

/** Replaces exactly one occurrence, so a typo in a test cannot silently leave the policy valid. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`edit: "${from}" must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function findingsOf(text: string, file = 'policy.yaml'): Finding[] {
  const r = parsePolicyText(text, file);
  if (r.ok) throw new Error('expected the policy to be invalid');
  return r.findings;
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-policy-'));
}

describe('the built-in policy', () => {
  it('loads and has every value of spec/policy.md, amounts in fen and ratios exact', async () => {
    const { policy: p, source, sha256 } = await loadPolicy();
    expect(source).toBe(builtinPolicyPath());
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p.id).toBe(BUILTIN_POLICY_ID);
    expect(p.title).toBe('荣成市农村干部财政补贴办法（2012年度）');
    expect(p.year).toBe(2012);
    expect(p.city).toBe('荣成市');
    expect(p.rounding).toBe('fen');
    expect(p.bands).toEqual([
      { maxHouseholds: 100, amountFen: 120000 },
      { maxHouseholds: 200, amountFen: 150000 },
      { maxHouseholds: 300, amountFen: 190000 },
      { maxHouseholds: 400, amountFen: 220000 },
      { maxHouseholds: null, amountFen: 250000 },
    ]);
    expect(p.roles.map((r) => [r.name, r.order, r.ratio.toString(), r.cap.toString()])).toEqual([
      ['书记', 0, '1', '1'],
      ['主任', 1, '0.9', '0.9'],
      ['会计', 2, '0.7', '0.7'],
    ]);
    expect(p.roles[0]?.aliases).toEqual([
      '党组织书记',
      '村党组织书记',
      '党支部书记',
      '党总支书记',
      '支部书记',
      '村支书',
    ]);
    expect(p.roles[1]?.aliases).toEqual(['村委会主任', '村民委员会主任', '村主任']);
    expect(p.roles[2]?.aliases).toEqual(['村会计', '报账员']);
    expect(p.unpaidRoles).toEqual(['妇女主任', '治保主任', '民兵连长', '委员']);
    expect(p.concurrentPosts).toBe('highest');
    expect(p.reward.shareFen).toBe(70000);
    expect(p.reward.poolScope).toBe('city');
    expect(p.reward.method).toBe('above_floor');
    expect(p.reward.floor.eq(Exact.of(60))).toBe(true);
    expect(p.reward.grades.优秀.eq(Exact.of(3, 2))).toBe(true);
    expect(p.reward.grades.良好.eq(Exact.of(6, 5))).toBe(true);
    expect(p.reward.grades.合格.eq(Exact.ONE)).toBe(true);
    expect(p.reward.grades.不合格.isZero()).toBe(true);
    expect(p.reward.forfeit).toBe('redistribute');
    expect(p.score.weights.quarterly.eq(Exact.of(3, 10))).toBe(true);
    expect(p.score.weights.halfYear.eq(Exact.of(1, 2))).toBe(true);
    expect(p.score.weights.commitments.eq(Exact.of(1, 5))).toBe(true);
    expect(
      [p.score.gradeLines.优秀, p.score.gradeLines.良好, p.score.gradeLines.合格].map((e) => e.toString()),
    ).toEqual(['90', '80', '60']);
    expect(p.supervision.days).toBe(7);
    expect(p.deposit).toEqual({ 书记: 100000, 主任: 80000, 会计: 60000 });
    expect(p.approval.required).toEqual(['组织部', '财政局']);
    expect(p.notice).toEqual({ days: 5, phone: '0631-0000000', issuer: '中共荣成市委组织部' });
    expect(p.uplift).toBeNull();
  });

  it('has the same canonical form and fingerprint as the spec text, whatever its comments and layout', async () => {
    const builtin = await loadPolicy();
    const spec = parsePolicyText(SPEC_YAML, 'spec.yaml');
    expect(spec.ok).toBe(true);
    if (!spec.ok) return;
    expect(builtin.canonical).toBe(spec.canonical);
    expect(builtin.sha256).toBe(spec.sha256);
  });

  it('comments every key, so a clerk can read what each number means', () => {
    const lines = fs.readFileSync(builtinPolicyPath(), 'utf8').split('\n');
    const uncommented = lines.filter((l, i) => {
      if (!/^\s*[^\s#-][^:]*:/.test(l) || l.includes('#')) return false;
      const prev = lines[i - 1] ?? '';
      return !/^\s*#/.test(prev);
    });
    expect(uncommented).toEqual([]);
  });
});

describe('canonical form and fingerprint', () => {
  it('is the SHA-256 of the canonical JSON, whose keys are sorted and whose scalars keep their text', () => {
    const r = parsePolicyText(SPEC_YAML, 'p.yaml');
    if (!r.ok) throw new Error('spec policy invalid');
    expect(r.sha256).toBe(createHash('sha256').update(r.canonical, 'utf8').digest('hex'));
    const doc = JSON.parse(r.canonical) as Record<string, unknown>;
    const keys = Object.keys(doc);
    expect(keys).toEqual([...keys].sort());
    expect((doc.roles as Record<string, { ratio: string }>).主任?.ratio).toBe('0.9');
    expect((doc.roles as Record<string, { ratio: string }>).书记?.ratio).toBe('1.0');
    expect(r.canonical).toContain('"phone":"0631-0000000"');
  });

  it('changes when a value changes but not when a comment or the layout does', () => {
    const base = parsePolicyText(SPEC_YAML, 'p.yaml');
    const commented = parsePolicyText(
      `# 注释\n${edit(SPEC_YAML, 'days: 7', 'days:    7   # 一周')}`,
      'p.yaml',
    );
    const changed = parsePolicyText(edit(SPEC_YAML, 'days: 7', 'days: 8'), 'p.yaml');
    if (!base.ok || !commented.ok || !changed.ok) throw new Error('all three should be valid');
    expect(commented.sha256).toBe(base.sha256);
    expect(changed.sha256).not.toBe(base.sha256);
  });

  it('changes when the roles are reordered, because role order breaks allocation ties', () => {
    const swapped = edit(
      SPEC_YAML,
      '  书记: { ratio: 1.0, cap: 1.0, aliases: [党组织书记, 村党组织书记, 党支部书记, 党总支书记, 支部书记, 村支书] }\n  主任: { ratio: 0.9, cap: 0.9, aliases: [村委会主任, 村民委员会主任, 村主任] }\n',
      '  主任: { ratio: 0.9, cap: 0.9, aliases: [村委会主任, 村民委员会主任, 村主任] }\n  书记: { ratio: 1.0, cap: 1.0, aliases: [党组织书记, 村党组织书记, 党支部书记, 党总支书记, 支部书记, 村支书] }\n',
    );
    const a = parsePolicyText(SPEC_YAML, 'p.yaml');
    const b = parsePolicyText(swapped, 'p.yaml');
    if (!a.ok || !b.ok) throw new Error('both should be valid');
    expect(b.policy.roles.map((r) => `${r.order}${r.name}`)).toEqual(['0主任', '1书记', '2会计']);
    expect(b.sha256).not.toBe(a.sha256);
  });
});

describe('exactness', () => {
  it('reads ratio 0.7 as exactly 7/10, never through a float', () => {
    const r = parsePolicyText(SPEC_YAML, 'p.yaml');
    if (!r.ok) throw new Error('invalid');
    const accountant = r.policy.roles.find((x) => x.name === '会计');
    expect(accountant?.ratio.n).toBe(7n);
    expect(accountant?.ratio.d).toBe(10n);
  });

  it('keeps weights 0.1 + 0.2 equal to 0.3, which floating point does not', () => {
    const text = edit(
      SPEC_YAML,
      '{ quarterly: 0.3, half_year: 0.5, commitments: 0.2 }',
      '{ quarterly: 0.1, half_year: 0.2, commitments: 0.3 }',
    );
    const r = parsePolicyText(text, 'p.yaml');
    if (!r.ok) throw new Error('invalid');
    const w = r.policy.score.weights;
    expect(0.1 + 0.2 === 0.3).toBe(false);
    expect(w.quarterly.add(w.halfYear).eq(w.commitments)).toBe(true);
  });

  it('turns a yuan amount with two decimals into whole fen exactly (1200.07 yuan is 120007 fen)', () => {
    const r = parsePolicyText(edit(SPEC_YAML, 'amount: 1200 }', 'amount: 1200.07 }'), 'p.yaml');
    if (!r.ok) throw new Error('invalid');
    expect(r.policy.bands[0]?.amountFen).toBe(120007);
  });

  it('reads a phone number with leading zeros as text even when it is not quoted', () => {
    const r = parsePolicyText(edit(SPEC_YAML, 'phone: "0631-0000000"', 'phone: 06310000000'), 'p.yaml');
    if (!r.ok) throw new Error('invalid');
    expect(r.policy.notice.phone).toBe('06310000000');
  });
});

const UPLIFT = '\nuplift:\n  weak_village: 1.1\n  inland_town: 1.05\n  inland_towns: [俚岛镇, 港西镇]\n';

describe('optional uplift', () => {
  it('is read with exact factors and its towns', () => {
    const r = parsePolicyText(SPEC_YAML + UPLIFT, 'p.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.policy.uplift?.weakVillage?.eq(Exact.of(11, 10))).toBe(true);
    expect(r.policy.uplift?.inlandTown?.eq(Exact.of(21, 20))).toBe(true);
    expect(r.policy.uplift?.inlandTowns).toEqual(['俚岛镇', '港西镇']);
  });
});

type Case = [name: string, mutate: (t: string) => string, code: string, keyPath: string];

const INVALID: Case[] = [
  ['an unknown key at the top level', (t) => `${t}colour: red\n`, 'policy_unknown_key', 'colour'],
  [
    'an unknown key inside a section',
    (t) => edit(t, '  days: 7\n', '  days: 7\n  weeks: 1\n'),
    'policy_unknown_key',
    'supervision.weeks',
  ],
  [
    'an unknown key inside a role',
    (t) => edit(t, '{ ratio: 0.7, cap: 0.7,', '{ ratio: 0.7, cap: 0.7, rate: 0.7,'),
    'policy_unknown_key',
    'roles.会计.rate',
  ],
  [
    'a misspelled key, as unknown',
    (t) => edit(t, 'share: 700', 'shares: 700'),
    'policy_unknown_key',
    'reward.shares',
  ],
  [
    'a misspelled key, as missing',
    (t) => edit(t, 'share: 700', 'shares: 700'),
    'policy_missing_key',
    'reward.share',
  ],
  ['a missing top-level key', (t) => edit(t, 'city: 荣成市\n', ''), 'policy_missing_key', 'city'],
  [
    'a missing key inside a band',
    (t) => edit(t, '{ amount: 2500 }', '{ }'),
    'policy_missing_key',
    'bands[4].amount',
  ],
  [
    "a director's ratio above its cap",
    (t) => edit(t, 'ratio: 0.9, cap: 0.9', 'ratio: 0.95, cap: 0.9'),
    'policy_ratio_above_cap',
    'roles.主任.ratio',
  ],
  [
    'a cap above 1',
    (t) => edit(t, 'ratio: 0.9, cap: 0.9', 'ratio: 0.9, cap: 1.2'),
    'policy_out_of_range',
    'roles.主任.cap',
  ],
  [
    'a ratio of 0',
    (t) => edit(t, 'ratio: 0.7, cap: 0.7', 'ratio: 0, cap: 0.7'),
    'policy_out_of_range',
    'roles.会计.ratio',
  ],
  [
    'a ratio written as words',
    (t) => edit(t, 'ratio: 0.9,', 'ratio: 九成,'),
    'policy_number',
    'roles.主任.ratio',
  ],
  [
    'a ratio written as a percentage',
    (t) => edit(t, 'ratio: 0.9,', 'ratio: 90%,'),
    'policy_number',
    'roles.主任.ratio',
  ],
  [
    'band households that do not increase',
    (t) => edit(t, 'max_households: 300', 'max_households: 150'),
    'policy_bands_order',
    'bands[2].max_households',
  ],
  [
    'a band amount lower than the band before',
    (t) => edit(t, 'amount: 1900', 'amount: 1400'),
    'policy_bands_order',
    'bands[2].amount',
  ],
  [
    'a band below the reward share',
    (t) => edit(t, 'amount: 1200 }', 'amount: 600 }'),
    'policy_band_below_share',
    'bands[0].amount',
  ],
  [
    'a band without max_households before the last',
    (t) => edit(t, '{ max_households: 200, amount: 1500 }', '{ amount: 1500 }'),
    'policy_band_unbounded',
    'bands[1]',
  ],
  [
    'a last band with an upper bound',
    (t) => edit(t, '{ amount: 2500 }', '{ max_households: 900, amount: 2500 }'),
    'policy_band_last_bounded',
    'bands[4].max_households',
  ],
  ['no band at all', (t) => t.replace(/bands:\n(?: {2}- .*\n)+/, 'bands: []\n'), 'policy_empty', 'bands'],
  [
    'households with decimals',
    (t) => edit(t, 'max_households: 100,', 'max_households: 100.5,'),
    'policy_integer',
    'bands[0].max_households',
  ],
  [
    'all score weights zero',
    (t) =>
      edit(
        t,
        '{ quarterly: 0.3, half_year: 0.5, commitments: 0.2 }',
        '{ quarterly: 0, half_year: 0.0, commitments: 0 }',
      ),
    'policy_weights_zero',
    'score.weights',
  ],
  [
    'a negative weight',
    (t) => edit(t, 'quarterly: 0.3', 'quarterly: -0.3'),
    'policy_out_of_range',
    'score.weights.quarterly',
  ],
  [
    'an alias used by two roles',
    (t) => edit(t, '[村会计, 报账员]', '[村会计, 报账员, 村主任]'),
    'policy_duplicate_role',
    'roles.会计.aliases[2]',
  ],
  [
    'an unpaid role that is also a subsidized role',
    (t) => edit(t, '[妇女主任, 治保主任, 民兵连长, 委员]', '[妇女主任, 治保主任, 民兵连长, 委员, 会计]'),
    'policy_duplicate_role',
    'unpaid_roles[4]',
  ],
  [
    'grade lines that do not decrease',
    (t) => edit(t, '{ 优秀: 90, 良好: 80, 合格: 60 }', '{ 优秀: 90, 良好: 95, 合格: 60 }'),
    'policy_grade_lines_order',
    'score.grade_lines.良好',
  ],
  [
    'a grade line above 100',
    (t) => edit(t, '{ 优秀: 90,', '{ 优秀: 101,'),
    'policy_out_of_range',
    'score.grade_lines.优秀',
  ],
  [
    'a lower grade with a higher coefficient',
    (t) => edit(t, '良好: 1.2', '良好: 1.6'),
    'policy_grades_order',
    'reward.grades.良好',
  ],
  [
    'a rounding unit that does not exist',
    (t) => edit(t, 'rounding: fen', 'rounding: cents'),
    'policy_enum',
    'rounding',
  ],
  [
    'a pool scope that does not exist',
    (t) => edit(t, 'pool_scope: city', 'pool_scope: county'),
    'policy_enum',
    'reward.pool_scope',
  ],
  [
    'concurrent posts that are neither highest nor sum',
    (t) => edit(t, 'concurrent_posts: highest', 'concurrent_posts: both'),
    'policy_enum',
    'concurrent_posts',
  ],
  [
    'an amount with a fraction of a fen',
    (t) => edit(t, 'share: 700', 'share: 700.005'),
    'policy_amount_fen',
    'reward.share',
  ],
  ['a negative deposit', (t) => edit(t, '主任: 800', '主任: -800'), 'policy_out_of_range', 'deposit.主任'],
  [
    'a deposit for a role that is not subsidized',
    (t) => edit(t, '会计: 600\n', '会计: 600\n  委员: 300\n'),
    'policy_deposit_role',
    'deposit.委员',
  ],
  ['no department to approve', (t) => edit(t, '[组织部, 财政局]', '[]'), 'policy_empty', 'approval.required'],
  [
    'a department listed twice',
    (t) => edit(t, '[组织部, 财政局]', '[组织部, 组织部]'),
    'policy_duplicate_item',
    'approval.required[1]',
  ],
  ['an implausible year', (t) => edit(t, 'year: 2012', 'year: 212'), 'policy_out_of_range', 'year'],
  ['zero supervision days', (t) => edit(t, 'days: 7', 'days: 0'), 'policy_out_of_range', 'supervision.days'],
  [
    'an empty title',
    (t) => edit(t, 'title: 荣成市农村干部财政补贴办法（2012年度）', 'title: ""'),
    'policy_empty',
    'title',
  ],
  [
    'an id with a space',
    (t) => edit(t, 'id: rongcheng-2012', 'id: rongcheng 2012'),
    'policy_id_format',
    'id',
  ],
  [
    'roles given as a list',
    (t) => t.replace(/roles:\n(?: {2}.*\n)+?unpaid/, 'roles: [书记, 主任]\nunpaid'),
    'policy_type',
    'roles',
  ],
  [
    'a section given as text',
    (t) => edit(t, 'supervision:\n  days: 7', 'supervision: 7'),
    'policy_type',
    'supervision',
  ],
  [
    'an uplift factor of 11 (a typo for 1.1)',
    (t) => `${t}uplift:\n  weak_village: 11\n`,
    'policy_out_of_range',
    'uplift.weak_village',
  ],
  [
    'an inland uplift without its towns',
    (t) => `${t}uplift:\n  inland_town: 1.1\n`,
    'policy_uplift_towns',
    'uplift.inland_towns',
  ],
  ['a YAML syntax error', (t) => edit(t, '[组织部, 财政局]', '[组织部, 财政局'), 'policy_yaml_syntax', ''],
  [
    'a key repeated in the same mapping',
    (t) => edit(t, 'city: 荣成市\n', 'city: 荣成市\ncity: 威海市\n'),
    'policy_duplicate_key',
    '',
  ],
  ['a file that is a list, not a mapping', () => '- 1200\n- 1500\n', 'policy_not_mapping', ''],
  ['an empty file', () => '', 'policy_not_mapping', ''],
];

describe('an invalid policy', () => {
  it.each(INVALID)(
    'with %s is refused with the code and key path that say so',
    (_name, mutate, code, keyPath) => {
      const findings = findingsOf(mutate(SPEC_YAML));
      expect(findings.map((f) => `${f.code} @ ${f.column}`)).toContain(`${code} @ ${keyPath}`);
      for (const f of findings) {
        expect(f.level).toBe('error');
        expect(f.file).toBe('policy.yaml');
        expect(f.sheet).toBe('');
        expect(f.header).toBe(f.column);
      }
    },
  );

  it.each(INVALID)('with %s has a message and a fix in Chinese and in English', (_name, mutate, code) => {
    const f = findingsOf(mutate(SPEC_YAML)).find((x) => x.code === code) as Finding;
    for (const lang of ['zh', 'en'] as const) {
      const l = localize(f, lang);
      expect(l.message).not.toBe(code);
      expect(l.message).not.toMatch(/\{\w+\}/);
      expect(l.hint ?? '').not.toBe('');
      expect(l.hint).not.toMatch(/\{\w+\}/);
    }
  });

  it('names the line of the key, what was typed and what was expected', () => {
    const text = edit(SPEC_YAML, 'ratio: 0.9, cap: 0.9', 'ratio: 0.95, cap: 0.9');
    const [f] = findingsOf(text);
    expect(f).toMatchObject({
      code: 'policy_ratio_above_cap',
      row: lineOf(text, '主任:'),
      column: 'roles.主任.ratio',
      value: '0.95',
      params: { expected: '≤ 0.9' },
    });
  });

  it('gives the line of a YAML syntax error', () => {
    const text = 'id: x\ntitle: t\nbands: [1, 2\nroles: {}\n';
    const [f] = findingsOf(text);
    expect(f?.code).toBe('policy_yaml_syntax');
    expect(f?.row).toBeGreaterThanOrEqual(3);
  });

  it('with several problems reports every one of them, not just the first', () => {
    let text = SPEC_YAML;
    text = edit(text, 'ratio: 0.9, cap: 0.9', 'ratio: 0.95, cap: 0.9');
    text = edit(text, 'max_households: 300', 'max_households: 150');
    text = edit(text, 'rounding: fen', 'rounding: cents');
    text = edit(text, 'share: 700', 'shares: 700');
    text = edit(
      text,
      '{ quarterly: 0.3, half_year: 0.5, commitments: 0.2 }',
      '{ quarterly: 0, half_year: 0, commitments: 0 }',
    );
    text = edit(text, '[村会计, 报账员]', '[村会计, 村主任]');
    text = `${text}colour: red\n`;
    const got = findingsOf(text)
      .map((f) => `${f.code} @ ${f.column}`)
      .sort();
    expect(got).toEqual(
      [
        'policy_ratio_above_cap @ roles.主任.ratio',
        'policy_bands_order @ bands[2].max_households',
        'policy_enum @ rounding',
        'policy_unknown_key @ reward.shares',
        'policy_missing_key @ reward.share',
        'policy_weights_zero @ score.weights',
        'policy_duplicate_role @ roles.会计.aliases[1]',
        'policy_unknown_key @ colour',
      ].sort(),
    );
  });

  it('lists the allowed keys beside an unknown one', () => {
    const f = findingsOf(edit(SPEC_YAML, 'share: 700', 'shares: 700')).find(
      (x) => x.code === 'policy_unknown_key',
    );
    expect(f?.params?.expected).toBe('share, pool_scope, method, floor, grades, forfeit');
  });
});

describe('loading a policy file', () => {
  it('accepts a JSON policy and gives it the same values and fingerprint as the YAML one', async () => {
    const json = `{
\t"id": "rongcheng-2012", "title": "荣成市农村干部财政补贴办法（2012年度）", "year": 2012, "city": "荣成市",
\t"rounding": "fen",
\t"bands": [{"max_households": 100, "amount": 1200}, {"max_households": 200, "amount": 1500},
\t\t{"max_households": 300, "amount": 1900}, {"max_households": 400, "amount": 2200}, {"amount": 2500}],
\t"roles": {
\t\t"书记": {"ratio": 1.0, "cap": 1.0, "aliases": ["党组织书记", "村党组织书记", "党支部书记", "党总支书记", "支部书记", "村支书"]},
\t\t"主任": {"ratio": 0.9, "cap": 0.9, "aliases": ["村委会主任", "村民委员会主任", "村主任"]},
\t\t"会计": {"ratio": 0.7, "cap": 0.7, "aliases": ["村会计", "报账员"]}
\t},
\t"unpaid_roles": ["妇女主任", "治保主任", "民兵连长", "委员"],
\t"concurrent_posts": "highest",
\t"reward": {"share": 700, "pool_scope": "city", "method": "above_floor", "floor": 60,
\t\t"grades": {"优秀": 1.5, "良好": 1.2, "合格": 1.0, "不合格": 0}, "forfeit": "redistribute"},
\t"score": {"weights": {"quarterly": 0.3, "half_year": 0.5, "commitments": 0.2},
\t\t"grade_lines": {"优秀": 90, "良好": 80, "合格": 60}},
\t"supervision": {"days": 7},
\t"deposit": {"书记": 1000, "主任": 800, "会计": 600},
\t"approval": {"required": ["组织部", "财政局"]},
\t"notice": {"days": 5, "phone": "0631-0000000", "issuer": "中共荣成市委组织部"}
}
`;
    const file = path.join(tmpDir(), 'policy.json');
    fs.writeFileSync(file, json);
    const fromJson = await loadPolicy(file);
    const fromYaml = await loadPolicy();
    expect(fromJson.source).toBe(file);
    expect(JSON.stringify(fromJson.policy)).toBe(JSON.stringify(fromYaml.policy));
    expect(fromJson.sha256).toBe(fromYaml.sha256);
    expect(fromJson.policy.roles[1]?.ratio.eq(Exact.of(9, 10))).toBe(true);
  });

  it('reads a file saved with a byte-order mark and Windows line ends', async () => {
    const file = path.join(tmpDir(), 'policy.yaml');
    fs.writeFileSync(file, `\uFEFF${SPEC_YAML.replace(/\n/g, '\r\n')}`);
    const p = await loadPolicy(file);
    expect(p.policy.notice.issuer).toBe('中共荣成市委组织部');
  });

  it('refuses a missing file with exit 4 and file_missing', async () => {
    const file = path.join(tmpDir(), 'nope.yaml');
    const e = await loadPolicy(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExitError);
    expect((e as ExitError).code).toBe(4);
    expect((e as ExitError).findings[0]).toMatchObject({ code: 'file_missing', file });
  });

  it('refuses a folder given as the policy with exit 4 and policy_unreadable', async () => {
    const dir = tmpDir();
    const e = await loadPolicy(dir).catch((x: unknown) => x);
    expect((e as ExitError).code).toBe(4);
    expect((e as ExitError).findings[0]?.code).toBe('policy_unreadable');
  });

  it('refuses a file that is not UTF-8 (GBK from an old editor) with exit 4', async () => {
    const file = path.join(tmpDir(), 'gbk.yaml');
    // "城市" in GBK: bytes that are not valid UTF-8.
    fs.writeFileSync(file, Buffer.from([0x63, 0x69, 0x74, 0x79, 0x3a, 0x20, 0xb3, 0xc7, 0xca, 0xd0, 0x0a]));
    const e = await loadPolicy(file).catch((x: unknown) => x);
    expect((e as ExitError).code).toBe(4);
    expect((e as ExitError).findings[0]?.code).toBe('policy_encoding');
  });

  it('refuses an invalid policy with exit 1 and its findings, naming the file', async () => {
    const file = path.join(tmpDir(), 'bad.yaml');
    fs.writeFileSync(file, edit(SPEC_YAML, 'ratio: 0.9, cap: 0.9', 'ratio: 0.95, cap: 0.9'));
    const e = await loadPolicy(file).catch((x: unknown) => x);
    expect((e as ExitError).code).toBe(1);
    expect((e as ExitError).findings).toEqual([
      expect.objectContaining({ code: 'policy_ratio_above_cap', file, column: 'roles.主任.ratio' }),
    ]);
  });
});

describe('any text at all', () => {
  const check = (text: string) => {
    const r = parsePolicyText(text, 'fuzz.yaml');
    if (r.ok) return;
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) expect(MESSAGES[f.code], f.code).toBeDefined();
  };

  it('gives a policy or findings with known codes, never an exception, for arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), check), { numRuns: 300 });
  });

  it('gives a policy or findings with known codes when lines of the spec policy are dropped or mangled', () => {
    const lines = SPEC_YAML.split('\n');
    const edits = fc.array(
      fc.tuple(
        fc.nat(lines.length - 1),
        fc.constantFrom('drop', 'blank-value', 'replace'),
        fc.constantFrom('x', '-1', '0', '1e3', '[]', '{}', '~', '0.001', '99999999999999999999', '"a: b"'),
      ),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(edits, (es) => {
        const out = [...lines];
        for (const [i, kind, v] of es) {
          const line = out[i] ?? '';
          if (kind === 'drop') out[i] = '';
          else if (kind === 'blank-value') out[i] = line.replace(/:\s.*$/, ':');
          else out[i] = line.replace(/:\s.*$/, `: ${v}`);
        }
        check(out.join('\n'));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a JSON-style null as the last band having no upper bound', () => {
    const r = parsePolicyText(
      edit(SPEC_YAML, '{ amount: 2500 }', '{ max_households: null, amount: 2500 }'),
      'p.yaml',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.policy.bands[4]).toEqual({ maxHouseholds: null, amountFen: 250000 });
  });
});
