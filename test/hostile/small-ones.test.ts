import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, ROOT, tempDir } from '../helpers/cli.js';
import {
  columnOf,
  dataRow,
  makeCard,
  makeId,
  type WorkbookData,
  writeWorkbook,
} from '../helpers/workbook-builder.js';

/** Issue 18 item 7: the smaller ones, each with its own data, through the real CLI. */

interface Finding {
  level: string;
  code: string;
  sheet: string;
  row: number;
  column: string;
}

const work = tempDir('cadre-small-');
const id = (seq: string) => makeId('370683', '19720202', seq);
const at = (f: Finding) => `${f.sheet}!${f.column}${f.row}`;

function town(
  cadres: NonNullable<WorkbookData['cadres']>,
  villages?: WorkbookData['villages'],
): WorkbookData {
  return {
    villages: villages ?? [{ code: 'S1', name: '南村', town: '戊镇', households: 260 }],
    cadres,
    scores: [
      { villageCode: 'S1', period: 'H1', score: 88 },
      { villageCode: 'S1', period: 'H2', score: 91 },
    ],
  };
}

describe('a YAML alias bomb as --policy', () => {
  it('is refused quickly as an input error (exit 1), not a gigabyte and a minute', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const bomb = join(work, 'bomb.yaml');
    writeFileSync(bomb, `${lines.join('\n')}\n`);
    const r = spawnSync(process.execPath, [BIN, 'policy', '--policy', bomb, '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, LANG: 'C', NO_COLOR: '1' },
    });
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout).findings as Finding[]).map((f) => f.code)).toEqual(['policy_too_large']);
  });
});

describe('a policy with a control character in a text', () => {
  it('is an input error (exit 1), never printed raw', () => {
    const yaml = readFileSync(join(ROOT, 'policies', 'rongcheng-2012.yaml'), 'utf8');
    const bad = join(work, 'esc.yaml');
    writeFileSync(bad, yaml.replace(/^title: .*$/m, 'title: "荣成\\e[2J办法"'));
    const r = cli(['policy', '--policy', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('U+001B');
    expect(r.stderr).not.toContain('\u001b');
  });
});

describe('input cells', () => {
  const file = join(work, 'cells.xlsx');
  beforeAll(async () => {
    await writeWorkbook(
      file,
      town(
        [
          {
            idNumber: id('001'),
            name: '=HYPERLINK("http://x","点我")',
            villageCode: 'S1',
            role: '书记',
            ratio: '0.9%',
          },
          {
            idNumber: id('002'),
            name: '褚九',
            villageCode: 'S1',
            role: '主任',
            bank: '-农商银行',
            ratio: '85%',
          },
          {
            idNumber: id('003'),
            name: '卫十',
            villageCode: 'S1',
            role: '会计',
            remark: `@${'长'.repeat(32_800)}`,
          },
        ],
        [{ code: 'S1', name: '+南村', town: '@戊镇', households: 260 }],
      ),
    );
  }, 60_000);

  it('validate: 0.9% is an error, 85% is not; text past 32,767 characters is an error; formula-like texts warn, naming the cell', () => {
    const r = cli(['validate', file, '--json']);
    expect(r.code).toBe(1);
    const f = r.json().findings as Finding[];
    const by = (code: string) =>
      f
        .filter((x) => x.code === code)
        .map(at)
        .sort();
    expect(by('ratio_percent_fraction')).toEqual([`干部!${columnOf('cadres', 'ratio')}${dataRow(0)}`]);
    expect(f.filter((x) => x.code.startsWith('ratio_'))).toHaveLength(1);
    expect(by('text_too_long')).toEqual([`干部!${columnOf('cadres', 'remark')}${dataRow(2)}`]);
    expect(f.find((x) => x.code === 'text_too_long')?.level).toBe('error');
    expect(by('text_formula_like')).toEqual(
      [
        `干部!${columnOf('cadres', 'name')}${dataRow(0)}`,
        `干部!${columnOf('cadres', 'bank')}${dataRow(1)}`,
        `村庄!${columnOf('villages', 'name')}${dataRow(0)}`,
        `村庄!${columnOf('villages', 'town')}${dataRow(0)}`,
      ].sort(),
    );
    expect(f.filter((x) => x.code === 'text_formula_like').every((x) => x.level === 'warning')).toBe(true);
  });
});

describe('outputs', () => {
  it('keeps every row of the roster within Excel’s 409-point height, whatever the 备注', async () => {
    const file = join(work, 'tall.xlsx');
    const remark = Array.from({ length: 400 }, (_, i) => `第${i + 1}条说明`).join('\n');
    await writeWorkbook(
      file,
      town([
        {
          idNumber: id('011'),
          name: '蒋一',
          villageCode: 'S1',
          role: '书记',
          remark,
          bank: '工行',
          account: makeCard('62220', 19),
        },
      ]),
    );
    const out = join(work, 'tall-out');
    const r = cli(['subsidy', file, '-o', out, '--as-of', '2012-12-31']);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '审批花名册-2012.xlsx'));
    const heights: number[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => heights.push(row.height ?? 0));
    expect(Math.max(...heights)).toBe(409);
    // the text itself is whole
    expect(readFileSync(join(out, '审批花名册-2012.xlsx')).length).toBeGreaterThan(0);
  });
});

describe('--as-of against the policy year', () => {
  const file = join(work, 'asof.xlsx');
  beforeAll(async () => {
    await writeWorkbook(file, town([{ idNumber: id('021'), name: '沈二', villageCode: 'S1', role: '书记' }]));
  }, 60_000);

  it('questions a date years past (or before) the policy year (exit 2), and takes the January after', () => {
    for (const date of ['2015-12-31', '2011-12-31']) {
      const r = cli(['subsidy', file, '-o', join(work, 'asof-out'), '--as-of', date, '--json']);
      expect(r.code).toBe(2);
      expect((r.json().findings as Finding[]).map((f) => f.code)).toEqual(['as_of_outside_year']);
    }
    const ok = cli(['subsidy', file, '-o', join(work, 'asof-ok'), '--as-of', '2013-01-20', '--json']);
    expect(ok.code).toBe(0);
  });
});

describe('validate says what subsidy would stop on', () => {
  it('an ID-like number in the policy’s notice texts is an input error of the policy (exit 1), not a refused notice (70)', async () => {
    const yaml = readFileSync(join(ROOT, 'policies', 'rongcheng-2012.yaml'), 'utf8');
    const bad = join(work, 'phone.yaml');
    writeFileSync(bad, yaml.replace(/phone: .*/, 'phone: 0631-75612345-123'));
    // a grade name is printed on the notice (等次) as well
    const grade = join(work, 'grade.yaml');
    writeFileSync(grade, yaml.replaceAll('优秀:', '"优秀370602197505051234":'));
    const g = cli(['policy', '--policy', grade, '--json']);
    expect(g.code).toBe(1);
    expect((g.json().findings as Finding[]).map((f) => f.code)).toContain('policy_notice_number');
    const file = join(work, 'p.xlsx');
    await writeWorkbook(file, town([{ idNumber: id('031'), name: '韩三', villageCode: 'S1', role: '书记' }]));
    const runs = [
      ['validate', file, '--policy', bad, '--json'],
      ['subsidy', file, '--policy', bad, '-o', join(work, 'p-out'), '--as-of', '2012-12-31', '--json'],
    ];
    for (const args of runs) {
      const r = cli(args);
      expect(r.code).toBe(1);
      expect((r.json().findings as Finding[]).map((f) => f.code)).toEqual(['policy_notice_number']);
    }
  });

  it('a village with no score at all (subsidy stops on it) is said by validate', async () => {
    const file = join(work, 'noscore.xlsx');
    await writeWorkbook(file, {
      ...town([{ idNumber: id('041'), name: '杨四', villageCode: 'S1', role: '书记' }]),
      villages: [
        { code: 'S1', name: '南村', town: '戊镇', households: 260 },
        { code: 'S2', name: '北村', town: '戊镇', households: 140 },
      ],
    });
    const r = cli(['validate', file, '--json']);
    const f = (r.json().findings as Finding[]).filter((x) => x.code === 'score_missing');
    expect(f.map(at)).toEqual([`村庄!${columnOf('villages', 'code')}${dataRow(1)}`]);
    expect(cli(['subsidy', file, '-o', join(work, 'noscore-out'), '--as-of', '2012-12-31']).code).toBe(1);
  });
});
