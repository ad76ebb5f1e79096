import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readManifestSheet } from '../../src/io/documents/manifest.js';
import { BIN, cli, ROOT, tempDir } from '../helpers/cli.js';
import {
  makeCard,
  makeId,
  sampleData,
  type WorkbookData,
  writeWorkbook,
} from '../helpers/workbook-builder.js';

/**
 * Issue 18 items 5–7 and issue 17 item 5b, through real CLI processes run at the same
 * time: the roster lock of approve, the output folder lock and no-replace placement of
 * subsidy, stale locks and temporary files of a crashed run, inputs behind links.
 */

interface Finding {
  level: string;
  code: string;
  file: string;
  message: string;
}
interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

/** The real CLI, started without waiting: several run at the same moment. */
function cliAsync(args: string[]): Promise<Run> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, LANG: 'C', LC_ALL: '', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => {
      stdout += c;
    });
    p.stderr.on('data', (c) => {
      stderr += c;
    });
    p.on('close', (code) => done({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) }));
  });
}

const codes = (r: Run) => (r.json().findings as Finding[]).map((f) => f.code);

async function approvalsIn(roster: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(roster);
  return (readManifestSheet(wb)?.approvals ?? []).map((a) => `${a.dept}/${a.by}`).sort();
}

/** A pid that was this machine's and is gone. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

const work = tempDir('cadre-concurrent-');
const input = join(work, 'input.xlsx');
const out = join(work, 'out');
const roster = join(out, '审批花名册-2012.xlsx');

beforeAll(async () => {
  await writeWorkbook(input, sampleData());
  const r = cli(['subsidy', input, '-o', out, '--prepared-by', '张三', '--as-of', '2012-12-31', '--json']);
  if (r.code !== 0) throw new Error(`subsidy failed: ${r.stdout}${r.stderr}`);
}, 60_000);

describe('the roster lock of approve (issue 17 item 5b)', () => {
  it('never loses an approval reported done: of two at once, the loser gets exit 3', async () => {
    let refusedLocked = 0;
    for (let pair = 0; pair < 6; pair++) {
      const copy = join(work, `pair-${pair}.xlsx`);
      copyFileSync(roster, copy);
      const [a, b] = await Promise.all([
        cliAsync(['approve', copy, '--dept', '组织部', '--by', `李${pair}`, '--json']),
        cliAsync(['approve', copy, '--dept', '财政局', '--by', `王${pair}`, '--json']),
      ]);
      const done: string[] = [];
      for (const [r, who] of [
        [a, `组织部/李${pair}`],
        [b, `财政局/王${pair}`],
      ] as const) {
        if (r.code === 0) done.push(who);
        else {
          expect(r.code).toBe(3);
          const c = codes(r);
          expect(c.some((x) => x === 'locked' || x === 'roster_changed_meanwhile')).toBe(true);
          if (c.includes('locked')) {
            refusedLocked++;
            const f = (r.json().findings as Finding[]).find((x) => x.code === 'locked');
            // names the holder (its process) and the time
            expect(f?.message).toMatch(/cadre-calc approve \(pid \d+/);
            expect(f?.message).toMatch(/since \d{4}-\d\d-\d\dT/);
          }
        }
      }
      expect(done.length).toBeGreaterThan(0);
      expect(await approvalsIn(copy)).toEqual(done.sort());
      expect(existsSync(`${copy}.lock`)).toBe(false);
    }
    // two processes started together overlap: the lock refused at least one of them
    expect(refusedLocked).toBeGreaterThan(0);
  }, 120_000);

  it('refuses at once while a live run holds the lock, leaving the roster byte for byte', () => {
    const copy = join(work, 'live.xlsx');
    copyFileSync(roster, copy);
    const before = readFileSync(copy);
    const at = '2013-01-20T09:30:00.000Z';
    // this test process is the live holder
    writeFileSync(
      `${copy}.lock`,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        user: 'clerk',
        command: 'cadre-calc approve',
        at,
        token: 'x',
      }),
    );
    const r = cli(['approve', copy, '--dept', '组织部', '--by', '李四', '--json']);
    expect(r.code).toBe(3);
    expect(codes(r)).toEqual(['locked']);
    expect((r.json().findings as Finding[])[0]?.message).toContain(`pid ${process.pid}`);
    expect((r.json().findings as Finding[])[0]?.message).toContain(at);
    expect(readFileSync(copy).equals(before)).toBe(true);
  });

  it('breaks a stale lock (its process is gone) with a warning, and approves', async () => {
    const copy = join(work, 'stale.xlsx');
    copyFileSync(roster, copy);
    writeFileSync(
      `${copy}.lock`,
      JSON.stringify({
        pid: deadPid(),
        host: hostname(),
        user: 'clerk',
        command: 'cadre-calc approve',
        at: '2013-01-20T09:30:00.000Z',
        token: 'y',
      }),
    );
    const r = cli(['approve', copy, '--dept', '组织部', '--by', '李四', '--json']);
    expect(r.code).toBe(0);
    expect(codes(r)).toContain('lock_broken');
    expect(await approvalsIn(copy)).toEqual(['组织部/李四']);
    expect(existsSync(`${copy}.lock`)).toBe(false);
  });
});

/**
 * A town of 600 villages (1,800 cadres): large enough that writing takes long enough for
 * two runs started together to overlap. `seq` makes two runs' data (and digests) differ.
 */
function variant(seq: string): WorkbookData {
  const villages: NonNullable<WorkbookData['villages']> = [];
  const cadres: NonNullable<WorkbookData['cadres']> = [];
  const scores: NonNullable<WorkbookData['scores']> = [];
  for (let v = 0; v < 600; v++) {
    const code = `V${String(v).padStart(4, '0')}`;
    villages.push({ code, name: `村${v}`, town: `镇${v % 5}`, households: 100 + v });
    ['书记', '主任', '会计'].forEach((role, k) => {
      const n = v * 3 + k;
      cadres.push({
        idNumber: makeId(
          String(371082 + Math.floor(n / 1000)),
          '19650412',
          String(n % 1000).padStart(3, '0'),
        ),
        name: `干部${n}`,
        villageCode: code,
        role,
        bank: '农商银行',
        account: makeCard(`6221${seq}${String(n).padStart(5, '0')}`, 19),
      });
    });
    scores.push(
      { villageCode: code, period: 'H1', score: 80 },
      { villageCode: code, period: 'H2', score: 80 + (v % 7) },
    );
  }
  return { villages, cadres, scores };
}

/** The roster digest a roster file records. */
async function digestIn(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return readManifestSheet(wb)?.rosterDigest ?? '';
}

describe('two runs into one output folder (issue 18 item 5)', () => {
  it('one subsidy writes, the other is refused (exit 3), and the files are the winner’s', async () => {
    for (let round = 0; round < 2; round++) {
      const a = join(work, `a-${round}.xlsx`);
      const b = join(work, `b-${round}.xlsx`);
      await writeWorkbook(a, variant('901'));
      await writeWorkbook(b, variant('902'));
      const dir = join(work, `both-${round}`);
      const [ra, rb] = await Promise.all([
        cliAsync(['subsidy', a, '-o', dir, '--as-of', '2012-12-31', '--json']),
        cliAsync(['subsidy', b, '-o', dir, '--as-of', '2012-12-31', '--json']),
      ]);
      const results = [ra, rb];
      const won = results.filter((r) => r.code === 0);
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.code !== 0) as Run;
      expect(lost.code).toBe(3);
      expect(codes(lost).some((c) => c === 'locked' || c === 'output_exists')).toBe(true);
      const winner = won[0] as Run;
      expect(await digestIn(join(dir, '审批花名册-2012.xlsx'))).toBe(winner.json().rosterDigest);
      // nothing left behind: no temporary file, no lock
      expect(readdirSync(dir).sort()).toEqual(['公示表-2012.xlsx', '审批花名册-2012.xlsx']);
    }
  }, 120_000);

  it('says which files --force replaced', () => {
    const dir = join(work, 'force');
    expect(cli(['subsidy', input, '-o', dir, '--as-of', '2012-12-31']).code).toBe(0);
    const r = cli(['subsidy', input, '-o', dir, '--as-of', '2012-12-31', '--force', '--json']);
    expect(r.code).toBe(0);
    const replaced = (r.json().findings as Finding[]).filter((f) => f.code === 'output_replaced');
    expect(replaced.map((f) => f.file).sort()).toEqual(
      [join(dir, '公示表-2012.xlsx'), join(dir, '审批花名册-2012.xlsx')].sort(),
    );
    expect(readdirSync(dir).sort()).toEqual(['公示表-2012.xlsx', '审批花名册-2012.xlsx']);
  });
});

describe('what a crashed run left, and inputs behind links (issue 18 item 7)', () => {
  const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);

  it('removes a crashed run’s temporary files (IDs and cards in them) and puts back a file it had moved aside', () => {
    const dir = join(work, 'crashed');
    expect(cli(['subsidy', input, '-o', dir, '--as-of', '2012-12-31']).code).toBe(0);
    const pid = deadPid();
    const tmp = join(dir, `.审批花名册-2012.xlsx.${HOST}-${pid}-0123456789ab.tmp`);
    writeFileSync(tmp, 'half a roster with IDs');
    // a crash between moving the old bank file aside and putting the new one in place
    const bak = join(dir, `.银行代发-2012-base-农商银行.xlsx.${HOST}-${pid}-ba9876543210.bak`);
    writeFileSync(bak, 'the old bank file');
    // another machine's temporary file on a shared folder is not touched
    const other = join(dir, `.公示表-2012.xlsx.ffffff-${pid}-0123456789ab.tmp`);
    writeFileSync(other, 'another machine');
    const r = cli(['subsidy', input, '-o', dir, '--as-of', '2012-12-31', '--force']);
    expect(r.code).toBe(0);
    expect(existsSync(tmp)).toBe(false);
    expect(readFileSync(join(dir, '银行代发-2012-base-农商银行.xlsx'), 'utf8')).toBe('the old bank file');
    expect(existsSync(other)).toBe(true);
  });

  it('refuses --force onto an input reached through a hard link or a symlink', async () => {
    const dir = join(work, 'linked');
    const again = join(work, 'linked-input.xlsx');
    await writeWorkbook(again, sampleData());
    expect(cli(['subsidy', again, '-o', dir, '--as-of', '2012-12-31']).code).toBe(0);
    // the roster's name is now a hard link to the input: --force would replace the input's content for its other name
    const rosterPath = join(dir, '审批花名册-2012.xlsx');
    const before = readFileSync(again);
    spawnSync('rm', [rosterPath]);
    linkSync(again, rosterPath);
    const r = cli(['subsidy', again, '-o', dir, '--as-of', '2012-12-31', '--force', '--json']);
    expect(r.code).toBe(3);
    expect(codes(r)).toContain('output_is_input');
    expect(readFileSync(again).equals(before)).toBe(true);
    // and a symlink to the input in the output folder
    const dir2 = join(work, 'symlinked');
    expect(cli(['subsidy', again, '-o', dir2, '--as-of', '2012-12-31']).code).toBe(0);
    spawnSync('rm', [join(dir2, '公示表-2012.xlsx')]);
    symlinkSync(again, join(dir2, '公示表-2012.xlsx'));
    const s = cli(['subsidy', again, '-o', dir2, '--as-of', '2012-12-31', '--force', '--json']);
    expect(s.code).toBe(3);
    expect(codes(s)).toEqual(['output_is_input']);
  });
});

describe('the roster lock against subsidy --force, and names given as options', () => {
  it('subsidy --force does not replace a roster while approve or payout holds its lock', async () => {
    const dir = join(work, 'held');
    expect(cli(['subsidy', input, '-o', dir, '--as-of', '2012-12-31']).code).toBe(0);
    const rosterPath = join(dir, '审批花名册-2012.xlsx');
    const before = readFileSync(rosterPath);
    writeFileSync(
      `${rosterPath}.lock`,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        user: 'clerk',
        command: 'cadre-calc approve',
        at: '2013-01-20T01:00:00.000Z',
        token: 'z',
      }),
    );
    const r = cli(['subsidy', input, '-o', dir, '--as-of', '2012-12-31', '--force', '--json']);
    expect(r.code).toBe(3);
    expect(codes(r)).toEqual(['locked']);
    expect(readFileSync(rosterPath).equals(before)).toBe(true);
  });

  it('refuses an approver or preparer name with a control character (exit 2), writing nothing', () => {
    const copy = join(work, 'named.xlsx');
    copyFileSync(roster, copy);
    const before = readFileSync(copy);
    const r = cli(['approve', copy, '--dept', '组织部', '--by', '李\u001b[2J四', '--json']);
    expect(r.code).toBe(2);
    expect(codes(r)).toEqual(['option_control']);
    expect(readFileSync(copy).equals(before)).toBe(true);
    const s = cli(['subsidy', input, '-o', join(work, 'named-out'), '--prepared-by', '张\u202e三', '--json']);
    expect(s.code).toBe(2);
    expect(codes(s)).toEqual(['option_control']);
  });
});

describe('a crashed approve', () => {
  it('leaves no temporary copy of the roster behind once the next approve runs there', () => {
    const dir = tempDir('cadre-crashed-approve-');
    const copy = join(dir, '审批花名册-2012.xlsx');
    copyFileSync(roster, copy);
    const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);
    const tmp = join(dir, `.审批花名册-2012.xlsx.${host}-${deadPid()}-00112233aabb.tmp`);
    writeFileSync(tmp, 'a half-written roster with IDs and cards');
    const r = cli(['approve', copy, '--dept', '组织部', '--by', '李四']);
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['审批花名册-2012.xlsx']);
  });
});
