import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, SHARED, tempDir } from '../helpers/cli.js';
import { makeId, sampleData, writeWorkbook } from '../helpers/workbook-builder.js';
import { type BadKind, makeBad } from '../io/bad-files.js';

const SAMPLE = join(SHARED, 'examples', 'sample-town', 'input.xlsx');

// The public example lives in ../shared (beside the clone, in CI too); without it these are skipped.
describe.skipIf(!existsSync(SAMPLE))('validate on good input', () => {
  it('passes the public example with exit 0 and says how much it read', () => {
    const r = cli(['validate', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Checked 1 workbook: 14 villages, 38 cadre rows, 75 commitments, 84 scores. no problems found.\n',
    );
    expect(r.stderr).toBe('0 errors, 0 warnings\n');
  });

  it('gives the --json envelope with the input’s SHA-256 and nothing else on stdout', () => {
    const r = cli(['validate', SAMPLE, '--json']);
    expect(r.code).toBe(0);
    const body = r.json();
    expect(body).toEqual({
      command: 'validate',
      ok: true,
      files: [],
      inputs: [{ file: SAMPLE, sha256: createHash('sha256').update(readFileSync(SAMPLE)).digest('hex') }],
      findings: [],
    });
    expect(r.stderr).toBe('');
  });

  it('speaks Chinese with --lang zh', () => {
    const r = cli(['validate', SAMPLE, '--lang', 'zh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '已检查 1 个工作簿：14 个村，38 条干部记录，75 条承诺，84 条评分。没有发现问题。\n',
    );
  });

  it('shows the sheets it needs and an example in --help', () => {
    const r = cli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('村庄 and 干部 must be in every workbook');
    expect(r.stdout).toContain('$ cadre-calc validate 石岛管理区.xlsx');
  });

  it('is a usage error (exit 2) without a workbook', () => {
    expect(cli(['validate']).code).toBe(2);
  });
});

describe('validate on input with errors', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = tempDir('cadre-calc-validate-');
    file = join(dir, '石岛.xlsx');
    const data = sampleData();
    const cadres = data.cadres ?? [];
    const first = cadres[0] as NonNullable<(typeof cadres)[0]>;
    // a wrong check digit on row 2, 13 months on row 3; a 6,000-household warning on row 2 of 村庄
    cadres[0] = {
      ...first,
      idNumber: `${String(first.idNumber).slice(0, 17)}${String(first.idNumber).endsWith('0') ? '1' : '0'}`,
    };
    cadres[1] = { ...(cadres[1] as typeof first), months: 13 };
    (data.villages ?? [])[3] = { code: '371082002002', name: '上庄村', town: '宁津街道', households: 350 };
    (data.villages ?? [])[0] = { code: '371082001001', name: '小庄村', town: '石岛管理区', households: 6000 };
    await writeWorkbook(file, data);
  });

  it('exits 1 and lists every finding with its sheet, row, column and how to fix it', () => {
    const r = cli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('石岛.xlsx › 干部');
    expect(r.stderr).toContain('The ID number fails its check character');
    expect(r.stderr).toContain('Months served must be a whole number');
    expect(r.stderr).toContain('石岛.xlsx › 村庄');
    expect(r.stderr).toContain('2 errors, 1 warning');
    expect(r.stdout).toContain('2 errors: fix them and run again.');
  });

  it('gives the findings as JSON with ok:false, still exit 1', () => {
    const r = cli(['validate', file, '--json']);
    expect(r.code).toBe(1);
    const body = r.json() as { ok: boolean; findings: Record<string, unknown>[] };
    expect(body.ok).toBe(false);
    expect(body.findings.map((f) => [f.level, f.code, f.sheet, f.row, f.column, f.header])).toEqual([
      ['error', 'id_checksum', '干部', 2, 'A', '身份证号'],
      ['error', 'months_range', '干部', 3, 'E', '任职月数'],
      ['warning', 'households_implausible', '村庄', 2, 'D', '户数'],
    ]);
    expect(body.findings[1]).toMatchObject({
      value: '13',
      message: 'Months served must be a whole number from 1–12',
      hint: 'Enter the whole months served this year; leave it empty for a full year (12).',
    });
    expect(r.stderr).toBe('');
  });

  it('writes the messages in Chinese with --lang zh', () => {
    const r = cli(['validate', file, '--json', '--lang', 'zh']);
    const body = r.json() as { findings: Record<string, unknown>[] };
    expect(body.findings[0]?.message).toBe('身份证号校验码不对（GB 11643）：号码中有数字录错');
    expect(body.findings[1]?.message).toBe('任职月数应为 1–12 的整数');
  });

  it('with -q shows the errors but not the warnings', () => {
    const r = cli(['validate', file, '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Months served');
    expect(r.stderr).not.toContain('households');
    expect(r.stderr).toContain('2 errors, 0 warnings');
  });

  it('exits 0 when there are only warnings', async () => {
    const f = join(dir, '只有警告.xlsx');
    const data = sampleData();
    await writeWorkbook(f, data);
    const r = cli(['validate', f]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('0 errors, 1 warning');
    expect(r.stdout).toContain('no errors (1 warning)');
  });

  it('names both files when the same village is in two workbooks', async () => {
    const a = join(dir, 'a.xlsx');
    const b = join(dir, 'b.xlsx');
    const id = makeId('371082', '19700101', '111');
    await writeWorkbook(a, {
      villages: [{ code: '371082009001', name: '东村', town: '港湾街道', households: 80 }],
      cadres: [{ idNumber: id, name: '王五', villageCode: '371082009001', role: '书记' }],
    });
    await writeWorkbook(b, {
      villages: [{ code: '371082009001', name: '东村', town: '港湾街道', households: 80 }],
      cadres: [],
    });
    const r = cli(['validate', a, b, '--json']);
    expect(r.code).toBe(1);
    const body = r.json() as { findings: Record<string, unknown>[] };
    const dup = body.findings.find((f) => f.code === 'duplicate_village');
    expect(dup).toMatchObject({ file: 'b.xlsx', row: 2 });
    expect(dup?.message).toBe('Duplicated village code: a.xlsx › 村庄 row 2 already has this village');
  });
});

const FILE_FAULTS: [BadKind, string, string][] = [
  ['file_missing', 'file_missing', 'No such file or folder: '],
  ['no_workbooks', 'no_workbooks', 'The folder holds no .xlsx workbook: '],
  ['xls_old', 'xls_old', 'This is an old Excel 97-2003 file (.xls); only .xlsx is read: '],
  [
    'not_xlsx_csv',
    'not_xlsx',
    'This is not an .xlsx workbook (its content is CSV; only the name ends in .xlsx): ',
  ],
  [
    'not_xlsx_html',
    'not_xlsx',
    'This is not an .xlsx workbook (its content is HTML; only the name ends in .xlsx): ',
  ],
  ['encrypted', 'encrypted', 'The workbook is protected by a password (encrypted) and cannot be read: '],
  [
    'corrupt_truncated',
    'corrupt',
    'The workbook is damaged and cannot be read (no end of central directory): ',
  ],
  ['empty_file', 'empty_file', 'The file is empty (0 bytes): '],
  [
    'too_large',
    'too_large',
    'The workbook is too large (2861.0 MB; the limit is 2048.0 MB) and is not read, to avoid exhausting memory: ',
  ],
  [
    'sheet_too_many_rows',
    'sheet_too_large',
    'Sheet “村庄” is past Excel’s limits (1048576 rows, 16384 columns): ',
  ],
];

describe('validate on files that cannot be read (exit 4)', () => {
  const dir = tempDir('cadre-calc-validate-bad-');
  // One process for every kind at once (each kind alone is refused in test/io/read-files.test.ts).
  const paths = new Map<BadKind, string>();
  let all: ReturnType<typeof cli>;
  beforeAll(async () => {
    for (const [kind] of FILE_FAULTS) paths.set(kind, await makeBad(dir, kind));
    all = cli(['validate', ...paths.values()]);
  });

  it('exits 4 with every file named, nothing on stdout', () => {
    expect(all.code).toBe(4);
    expect(all.stdout).toBe('');
    expect(all.stderr).toContain(`${FILE_FAULTS.length} errors, 0 warnings`);
  });

  it.each(FILE_FAULTS)('%s: says what is wrong and how to fix it', (kind, _code, message) => {
    const path = paths.get(kind) as string;
    expect(all.stderr).toContain(`error    ${message}${path}\n           How to fix: `);
  });

  it('exits 4 for one unreadable file alone', async () => {
    const r = cli(['validate', await makeBad(tempDir('cadre-calc-validate-one-'), 'xls_old')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('1 error, 0 warnings');
  });

  it('reports every unreadable file at once in the --json envelope', async () => {
    const paths = await Promise.all(
      (['xls_old', 'encrypted', 'empty_file', 'file_missing'] as BadKind[]).map((k) => makeBad(dir, k)),
    );
    const good = join(dir, 'good.xlsx');
    await writeWorkbook(good, sampleData());
    const r = cli(['validate', good, ...paths, '--json']);
    expect(r.code).toBe(4);
    const body = r.json() as Record<string, unknown> & { findings: Record<string, unknown>[] };
    expect({ ...body, findings: undefined }).toEqual({
      command: 'validate',
      ok: false,
      files: [],
      inputs: [],
      findings: undefined,
    });
    expect(body.findings.map((f) => [f.code, f.file]).sort()).toEqual(
      [
        ['empty_file', paths[2]],
        ['encrypted', paths[1]],
        ['file_missing', paths[3]],
        ['xls_old', paths[0]],
      ].sort(),
    );
    for (const [kind, code, message] of FILE_FAULTS) {
      const f = body.findings.find((x) => x.code === code);
      if (f && ['xls_old', 'encrypted', 'empty_file', 'file_missing'].includes(kind))
        expect(f.message).toBe(`${message}${f.file}`);
    }
  });

  it('says it in Chinese with --lang zh', async () => {
    const path = await makeBad(dir, 'encrypted');
    const r = cli(['validate', path, '--lang', 'zh']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`错误  工作簿设置了打开密码（已加密），无法读取：${path}\n`);
    expect(r.stderr).toContain('怎么改：在 Excel 中打开');
  });

  it('skips an Excel lock file in a folder with a warning and still exits 0', async () => {
    const folder = tempDir('cadre-calc-validate-lock-');
    await writeWorkbook(join(folder, '石岛.xlsx'), sampleData());
    writeFileSync(join(folder, '~$石岛.xlsx'), Buffer.from([0x0b, 0x00]));
    const r = cli(['validate', folder]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `warning  Skipped an Excel lock file (someone has the workbook open in Excel/WPS): ${join(folder, '~$石岛.xlsx')}`,
    );
    expect(r.stdout).toContain(
      'Checked 1 workbook: 4 villages, 9 cadre rows, 6 commitments, 8 scores. no errors (2 warnings).',
    );
  });
});
