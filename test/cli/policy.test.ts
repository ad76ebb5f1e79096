import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinPolicyPath, loadPolicy } from '../../src/io/policy/policy.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the built CLI as a clerk would, with a plain (non-Chinese) locale unless told otherwise. */
function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/cadre-calc.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '', NO_COLOR: '1', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-policy-cli-')), name);
  fs.writeFileSync(file, text);
  return file;
}

const builtinText = () => fs.readFileSync(builtinPolicyPath(), 'utf8');

function edit(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`edit: "${from}" must occur exactly once`);
  return text.replace(from, to);
}

describe('cadre-calc policy', () => {
  it('prints the built-in bands and roles and exits 0', () => {
    const r = cli(['policy', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // Bands of rules.md §1, with the director's (0.9) and accountant's (0.7) full year worked by hand.
    for (const s of ['1 – 100', '101 – 200', '201 – 300', '301 – 400', '401 and more'])
      expect(r.stdout).toContain(s);
    for (const s of ['1,200.00', '1,500.00', '1,900.00', '2,200.00', '2,500.00'])
      expect(r.stdout).toContain(s);
    expect(r.stdout).toMatch(/401 and more\s*│\s*2,500\.00\s*│\s*2,500\.00\s*│\s*2,250\.00\s*│\s*1,750\.00/);
    expect(r.stdout).toMatch(/主任\s*│\s*0\.9\s*│\s*0\.9\s*│\s*村委会主任/);
    expect(r.stdout).toMatch(/会计\s*│\s*0\.7\s*│\s*0\.7\s*│\s*村会计/);
    expect(r.stdout).toContain('妇女主任');
    expect(r.stdout).toContain('rongcheng-2012');
    expect(r.stdout).toContain('组织部 → 财政局');
    // 700 yuan held back from a secretary, 630 from a director, 490 from an accountant.
    expect(r.stdout).toMatch(/700\.00.*630\.00.*490\.00/s);
  });

  it('speaks Chinese under --lang zh and under a Chinese locale', () => {
    const flag = cli(['policy', '--lang', 'zh']);
    const locale = cli(['policy'], { LANG: 'zh_CN.UTF-8' });
    for (const r of [flag, locale]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('补贴标准');
      expect(r.stdout).toContain('401 及以上');
      expect(r.stdout).toContain('保证金');
    }
  });

  it('prints plain text without colour codes when it is not on a terminal, even with NO_COLOR unset', () => {
    const r = cli(['policy'], { NO_COLOR: '' });
    expect(r.code).toBe(0);
    expect(r.stdout.includes('\u001b[')).toBe(false);
  });

  it('with --json prints one JSON object with the policy in fen and decimal strings', async () => {
    const r = cli(['policy', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ command: 'policy', ok: true, files: [], findings: [] });
    expect(body.sha256).toBe((await loadPolicy()).sha256);
    expect(body.policy.id).toBe('rongcheng-2012');
    expect(body.policy.bands[0]).toEqual({ maxHouseholds: 100, amountFen: 120000 });
    expect(body.policy.bands[4]).toEqual({ maxHouseholds: null, amountFen: 250000 });
    expect(body.policy.roles.map((x: { name: string; ratio: string }) => `${x.name}=${x.ratio}`)).toEqual([
      '书记=1',
      '主任=0.9',
      '会计=0.7',
    ]);
    expect(body.policy.reward).toMatchObject({
      shareFen: 70000,
      poolScope: 'city',
      method: 'above_floor',
      floor: '60',
    });
    expect(body.policy.score.weights).toEqual({ quarterly: '0.3', halfYear: '0.5', commitments: '0.2' });
    expect(body.policy.deposit).toEqual({ 书记: 100000, 主任: 80000, 会计: 60000 });
    expect(body.policy.notice.phone).toBe('0631-0000000');
  });

  it('shows the policy file given with --policy, not the built-in one', () => {
    let text = builtinText();
    text = edit(text, 'city: 荣成市', 'city: 威海市');
    text = edit(text, '  share: 700', '  share: 800');
    const file = tmpFile('weihai.yaml', `${text}\nuplift:\n  weak_village: 1.1\n`);
    const r = cli(['policy', '--policy', file, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('威海市');
    expect(r.stdout).toContain('800.00 yuan');
    expect(r.stdout).toContain('Weak villages');
    expect(r.stdout).toContain(file);
  });

  it('refuses an invalid policy with exit 1 and names every key path on stderr', () => {
    let text = builtinText();
    text = edit(text, 'ratio: 0.9 ', 'ratio: 0.95 ');
    text = edit(text, 'max_households: 300', 'max_households: 150');
    text = edit(text, '  share: 700', '  shares: 700');
    const file = tmpFile('bad.yaml', text);
    const r = cli(['policy', '--policy', file, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const keyPath of ['roles.主任.ratio', 'bands[2].max_households', 'reward.shares', 'reward.share']) {
      expect(r.stderr).toContain(keyPath);
    }
    expect(r.stderr).toContain('4 errors');
  });

  it('under --json gives ok:false and the findings of an invalid policy, still exit 1', () => {
    const file = tmpFile('bad.yaml', edit(builtinText(), 'rounding: fen', 'rounding: cents'));
    const r = cli(['policy', '--policy', file, '--json']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ command: 'policy', ok: false, files: [] });
    expect(body.findings).toEqual([
      expect.objectContaining({ code: 'policy_enum', column: 'rounding', value: 'cents', file }),
    ]);
    expect(body.findings[0].message).toContain('rounding');
  });

  it('exits 4 when the policy file does not exist', () => {
    const missing = path.join(os.tmpdir(), `no-such-policy-${process.pid}.yaml`);
    const r = cli(['policy', '--policy', missing]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(missing);
  });

  it('shows an example in --help', () => {
    const r = cli(['policy', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('$ cadre-calc policy --policy');
  });
});
