import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { makeCard, sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * 先审批后发放 through the real CLI: subsidy → payout refused → approve 组织部 → payout
 * refused → approve 财政局 → payout, then the ways a roster can be tampered with after
 * approval. The test reads the roster and the bank files with exceljs on its own (headers
 * found by name), so the totals it checks against are not the command's own figures.
 */

interface Finding {
  level: string;
  code: string;
  sheet: string;
  row: number;
  column: string;
  header: string;
  value: string;
}

const codes = (body: Record<string, unknown>) => (body.findings as Finding[]).map((f) => f.code);
const errors = (body: Record<string, unknown>) =>
  (body.findings as Finding[]).filter((f) => f.level === 'error').map((f) => f.code);

/** A sheet as a header → column map and its data rows (the rows under the header up to 合计 or a blank). */
async function readTable(file: string, sheet: string, firstHeader: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet} in ${file}`);
  let headerRow = 0;
  const cols = new Map<string, number>();
  for (let r = 1; r <= 10 && !headerRow; r++) {
    const row = ws.getRow(r);
    if (String(row.getCell(1).value ?? '').trim() !== firstHeader) continue;
    headerRow = r;
    row.eachCell((c, n) => cols.set(String(c.value).trim(), n));
  }
  const rows: { row: number; cell: (h: string) => ExcelJS.Cell }[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const first = String(row.getCell(1).value ?? '').trim();
    if (first === '' || first === '合计') break;
    rows.push({
      row: r,
      cell: (h) => {
        const n = cols.get(h);
        if (!n) throw new Error(`no header ${h} in ${sheet}`);
        return row.getCell(n);
      },
    });
  }
  return { wb, ws, headerRow, cols, rows };
}

const text = (c: ExcelJS.Cell) => (c.value === null || c.value === undefined ? '' : String(c.value).trim());
/** Yuan in a cell → fen, through the two-decimal text (the cells hold whole fen). */
const fenOf = (c: ExcelJS.Cell) => Math.round(Number((c.value as number).toFixed(2)) * 100);

/** What a batch must pay per ID, read from the roster: paid rows (比例 not empty, not 一肩挑), no hold. */
async function expectedFromRoster(roster: string, column: '基本补贴' | '奖励补贴' | '应发合计') {
  const t = await readTable(roster, '花名册', '序号');
  const held = new Set(t.rows.filter((r) => text(r.cell('暂停发放'))).map((r) => text(r.cell('身份证号'))));
  const byId = new Map<string, { bank: string; fen: number }>();
  for (const r of t.rows) {
    const id = text(r.cell('身份证号'));
    const fen = fenOf(r.cell(column));
    if (held.has(id) || fen === 0) continue;
    const cur = byId.get(id) ?? { bank: text(r.cell('开户行')), fen: 0 };
    cur.fen += fen;
    byId.set(id, cur);
  }
  return { byId, held };
}

async function sheetCells(file: string, sheet: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[] = [];
  wb.getWorksheet(sheet)?.eachRow((row, r) => {
    out.push(`${r}:${JSON.stringify(row.values)}`);
  });
  return out.join('\n');
}

/** A copy of `src` edited with exceljs: `edit` gets the 花名册 table. */
async function tampered(
  src: string,
  name: string,
  edit: (t: Awaited<ReturnType<typeof readTable>>) => void,
): Promise<string> {
  const file = join(tempDir('cadre-tamper-'), name);
  copyFileSync(src, file);
  const t = await readTable(file, '花名册', '序号');
  edit(t);
  await t.wb.xlsx.writeFile(file);
  return file;
}

const work = tempDir('cadre-approve-payout-');
const input = join(work, 'input.xlsx');
const out = join(work, 'out');
const roster = join(out, '审批花名册-2012.xlsx');
const data = sampleData();
const HELD_ID = data.cadres?.find((c) => c.hold)?.idNumber as string;
/** The secretary transferred between villages: one ID on two rows of different villages. */
const MOVED_ID = data.cadres?.find((c, i, all) =>
  all.some((o, j) => j !== i && o.idNumber === c.idNumber && o.villageCode !== c.villageCode),
)?.idNumber as string;

beforeAll(async () => {
  await writeWorkbook(input, data);
  const r = cli(['subsidy', input, '-o', out, '--prepared-by', '张三', '--as-of', '2012-12-31', '--json']);
  if (r.code !== 0) throw new Error(`subsidy failed (${r.code}): ${r.stdout}${r.stderr}`);
}, 60_000);

describe('approve, then pay: the whole flow through the real CLI', () => {
  const bank1 = join(work, 'bank1');
  const bank2 = join(work, 'bank2');
  let approvedRoster = '';
  let firstBatchId = '';

  it('refuses to pay a roster nobody has approved, naming both departments, and writes nothing', () => {
    const r = cli(['payout', roster, '--batch', 'base', '-o', bank1, '--json', '--unsigned']);
    expect(r.code).toBe(3);
    const body = r.json();
    expect(body.ok).toBe(false);
    const missing = (body.findings as Finding[]).filter((f) => f.code === 'approval_missing');
    expect(missing.map((f) => f.value)).toEqual(['组织部', '财政局']);
    expect(existsSync(bank1)).toBe(false);
  });

  it('refuses the preparer (制表人 张三) as approver and leaves the roster as it was', () => {
    const before = readFileSync(roster);
    const r = cli(['approve', roster, '--dept', '组织部', '--by', '张三', '--json']);
    expect(r.code).toBe(3);
    expect(errors(r.json())).toEqual(['approve_maker_checker']);
    expect(readFileSync(roster).equals(before)).toBe(true);
  });

  it('refuses a department the policy does not require', () => {
    const r = cli(['approve', roster, '--dept', '纪委', '--by', '李四', '--json']);
    expect(r.code).toBe(3);
    expect(errors(r.json())).toEqual(['approve_dept_unknown']);
  });

  it('records 组织部 in 校验 and keeps the other sheets cell for cell', async () => {
    const sheetsBefore = await sheetCells(roster, '花名册');
    const r = cli(['approve', roster, '--dept', '组织部', '--by', '李四', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const body = r.json();
    expect(body.ok).toBe(true);
    expect(body.files).toEqual([roster]);
    const approvals = body.approvals as { dept: string; by: string; at: string; digest: string }[];
    expect(approvals.map((a) => [a.dept, a.by, a.digest])).toEqual([['组织部', '李四', body.digest]]);
    expect(approvals[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(roster);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '花名册',
      '行摘要',
      '汇总',
      '计算明细',
      '践诺奖惩',
      '校验',
    ]);
    const manifestText: string[] = [];
    wb.getWorksheet('校验')?.eachRow((row) => {
      manifestText.push((row.values as unknown[]).map((v) => String(v ?? '')).join('|'));
    });
    expect(manifestText.some((l) => l.includes(`花名册摘要|${body.digest}`))).toBe(true);
    expect(manifestText.some((l) => l.includes(`组织部|李四|${approvals[0]?.at}|${body.digest}`))).toBe(true);
    expect(await sheetCells(roster, '花名册')).toBe(sheetsBefore);
  });

  it('refuses a second approval by 组织部 of the same roster', () => {
    const r = cli(['approve', roster, '--dept', '组织部', '--by', '王五', '--json']);
    expect(r.code).toBe(3);
    expect(errors(r.json())).toEqual(['approve_twice']);
  });

  it('still refuses to pay with 财政局 missing', () => {
    const r = cli(['payout', roster, '--batch', 'base', '-o', bank1, '--json', '--unsigned']);
    expect(r.code).toBe(3);
    const body = r.json();
    expect(errors(body)).toEqual(['approval_missing']);
    expect((body.findings as Finding[])[0]?.value).toBe('财政局');
  });

  it('pays the base subsidy after 财政局 approves: one file per bank that adds up to the roster', async () => {
    const a = cli(['approve', roster, '--dept', '财政局', '--by', '王五', '--json']);
    expect(a.code).toBe(0);
    expect((a.json().approvals as unknown[]).length).toBe(2);
    approvedRoster = join(work, 'approved.xlsx');
    copyFileSync(roster, approvedRoster);

    const r = cli(['payout', roster, '--batch', 'base', '-o', bank1, '--force', '--json', '--unsigned']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const body = r.json();
    expect(body.ok).toBe(true);
    expect(body.batchId).toMatch(/^[0-9a-f]{16}$/);
    firstBatchId = body.batchId as string;

    const { byId, held } = await expectedFromRoster(roster, '基本补贴');
    const banks = [...new Set([...byId.values()].map((v) => v.bank))].sort();
    const files = readdirSync(bank1)
      .filter((f) => f !== '代发汇总表-2012-base.xlsx')
      .sort();
    expect(files).toEqual(banks.map((b) => `银行代发-2012-base-${b}.xlsx`).sort());
    // and the summary for signing
    expect(body.files).toHaveLength(banks.length + 1);
    expect(existsSync(join(bank1, '代发汇总表-2012-base.xlsx'))).toBe(true);

    const paid = new Map<string, number>();
    for (const f of files) {
      const d = await readTable(join(bank1, f), '代发明细', '序号');
      expect([...d.cols.keys()]).toEqual(['序号', '姓名', '身份证号', '银行卡号', '金额', '摘要']);
      let sum = 0;
      for (const row of d.rows) {
        const id = row.cell('身份证号').value as string;
        expect(typeof id).toBe('string');
        expect(typeof row.cell('银行卡号').value).toBe('string');
        expect(row.cell('金额').numFmt).toBe('0.00');
        expect(row.cell('摘要').value).toBe('2012年度农村干部基本补贴');
        expect(paid.has(id)).toBe(false);
        paid.set(id, fenOf(row.cell('金额')));
        sum += fenOf(row.cell('金额'));
        expect(f).toBe(`银行代发-2012-base-${byId.get(id)?.bank}.xlsx`);
      }
      const ctl = new Map<string, ExcelJS.Cell>();
      d.wb.getWorksheet('控制信息')?.eachRow((row) => {
        ctl.set(String(row.getCell(1).value), row.getCell(2));
      });
      expect(ctl.get('笔数')?.value).toBe(d.rows.length);
      expect(fenOf(ctl.get('总金额') as ExcelJS.Cell)).toBe(sum);
      expect(ctl.get('批次')?.value).toBe(body.batchId);
      const bank = (body.banks as { file: string; count: number; totalFen: number }[]).find((b) =>
        b.file.endsWith(f),
      );
      expect([bank?.count, bank?.totalFen]).toEqual([d.rows.length, sum]);
    }
    expect(Object.fromEntries(paid)).toEqual(Object.fromEntries([...byId].map(([id, v]) => [id, v.fen])));
    // The transferred secretary (two villages, 5 + 7 months) is paid once, with both rows' sum.
    expect(paid.has(MOVED_ID)).toBe(true);
    expect(held.has(HELD_ID)).toBe(true);
    expect(paid.has(HELD_ID)).toBe(false);
    expect(body.excluded).toEqual([
      { idNumber: HELD_ID, name: '阿依古丽·买买提', reason: '暂停发放: 审计未结束' },
    ]);
  });

  it('refuses a second payout of the batch into another folder, naming when and which files (the register)', () => {
    const a = cli(['payout', roster, '--batch', 'base', '-o', bank2, '--force', '--json', '--unsigned']);
    expect(a.code).toBe(3);
    const f = (a.json().findings as (Finding & { message: string })[]).filter(
      (x) => x.code === 'payout_already_issued',
    );
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toMatch(
      /^Batch base was already issued at \d{4}-\d\d-\d\dT[^ ]+ \(issue 1, files: /,
    );
    expect(f[0]?.message).toContain('代发汇总表-2012-base.xlsx');
    expect(f[0]?.message).toContain('银行代发-2012-base-农商银行.xlsx');
    expect(existsSync(bank2)).toBe(false);
  });

  it('gives byte-identical files and the same batch id from a copy made before the payout, in another folder', () => {
    const copy = join(work, 'copy-before-payout.xlsx');
    copyFileSync(approvedRoster, copy);
    const a = cli(['payout', copy, '--batch', 'base', '-o', bank2, '--json', '--unsigned']);
    expect(a.code).toBe(0);
    expect(a.json().batchId).toBe(firstBatchId);
    const files = readdirSync(bank1).sort();
    expect(readdirSync(bank2).sort()).toEqual(files);
    for (const f of files.filter((x) => x.startsWith('银行代发')))
      expect(readFileSync(join(bank2, f)).equals(readFileSync(join(bank1, f)))).toBe(true);
  });

  it('never overwrites an existing bank file without --force', () => {
    const before = readdirSync(bank1).map((f) => readFileSync(join(bank1, f)));
    const r = cli(['payout', roster, '--batch', 'base', '-o', bank1, '--json', '--unsigned']);
    expect(r.code).toBe(3);
    expect(new Set(errors(r.json()))).toEqual(new Set(['payout_already_issued', 'output_exists']));
    expect(readdirSync(bank1).map((f) => readFileSync(join(bank1, f)))).toEqual(before);
  });

  it('prints a table per bank with the uppercase total, and the held person, on a human run', () => {
    const copy = join(work, 'copy-for-all.xlsx');
    copyFileSync(approvedRoster, copy);
    const r = cli([
      'payout',
      copy,
      '--batch',
      'all',
      '-o',
      join(work, 'bank-all'),
      '--lang',
      'zh',
      '--unsigned',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('总金额大写');
    expect(r.stdout).toMatch(/[壹贰叁肆伍陆柒捌玖][仟佰拾].*元/);
    expect(r.stdout).toContain('暂停发放：审计未结束');
  });

  describe('a roster edited with exceljs after approval', () => {
    it('is still paid when merely opened and saved again (the control for the cases below)', async () => {
      const file = await tampered(approvedRoster, 'resaved.xlsx', () => undefined);
      const r = cli(['payout', file, '--batch', 'base', '-o', tempDir(), '--json', '--unsigned']);
      expect(r.code).toBe(0);
    });

    it('is refused when an amount was changed, naming the row', async () => {
      let row = 0;
      const file = await tampered(approvedRoster, 'amount.xlsx', (t) => {
        const r = t.rows[0];
        if (!r) throw new Error('no rows');
        row = r.row;
        r.cell('基本补贴').value = (r.cell('基本补贴').value as number) + 100;
      });
      for (const args of [
        ['approve', file, '--dept', '组织部', '--by', '赵六', '--json'],
        ['payout', file, '--batch', 'base', '-o', tempDir(), '--json', '--unsigned'],
      ]) {
        const r = cli(args);
        expect(r.code).toBe(3);
        const body = r.json();
        expect(body.ok).toBe(false);
        expect(codes(body)).toContain('roster_edited');
        const named = (body.findings as Finding[]).filter((f) => f.code === 'roster_row_payable');
        expect(named.map((f) => [f.sheet, f.row, f.header])).toEqual([['花名册', row, '应发合计']]);
      }
    });

    it('is refused when a card number was swapped for another valid one', async () => {
      const file = await tampered(approvedRoster, 'card.xlsx', (t) => {
        const r = t.rows.find((x) => text(x.cell('银行卡号')));
        if (!r) throw new Error('no card');
        r.cell('银行卡号').value = makeCard('955880', 19);
      });
      const r = cli(['payout', file, '--batch', 'base', '-o', tempDir(), '--json', '--unsigned']);
      expect(r.code).toBe(3);
      // The approvals were given to the roster as it was: they no longer cover it either.
      // The row digests name the row and the column.
      expect(new Set(errors(r.json()))).toEqual(
        new Set(['roster_edited', 'roster_row_edited', 'payout_approval_stale']),
      );
      const f = (r.json().findings as Finding[]).find((x) => x.code === 'roster_row_edited');
      expect([f?.column, f?.header]).toEqual(['U', '银行卡号']);
    });

    it('names the row when a card number was cut short', async () => {
      let row = 0;
      const file = await tampered(approvedRoster, 'short-card.xlsx', (t) => {
        const r = t.rows.find((x) => text(x.cell('银行卡号')));
        if (!r) throw new Error('no card');
        row = r.row;
        r.cell('银行卡号').value = text(r.cell('银行卡号')).slice(0, 10);
      });
      const r = cli(['approve', file, '--dept', '组织部', '--by', '赵六', '--json']);
      expect(r.code).toBe(3);
      const f = (r.json().findings as Finding[]).find((x) => x.code === 'roster_row_card');
      expect([f?.row, f?.column, f?.header]).toEqual([row, 'U', '银行卡号']);
    });

    it('is refused when a hold was lifted', async () => {
      const file = await tampered(approvedRoster, 'hold.xlsx', (t) => {
        for (const r of t.rows) if (text(r.cell('身份证号')) === HELD_ID) r.cell('暂停发放').value = '';
      });
      const r = cli(['payout', file, '--batch', 'base', '-o', tempDir(), '--json', '--unsigned']);
      expect(r.code).toBe(3);
      expect(codes(r.json())).toContain('roster_edited');
    });

    it('is refused when only the 合计 row was changed', async () => {
      const file = await tampered(approvedRoster, 'total.xlsx', (t) => {
        const last = t.rows.at(-1);
        if (!last) throw new Error('no rows');
        const cell = t.ws.getRow(last.row + 1).getCell(t.cols.get('应发合计') as number);
        cell.value = 1;
      });
      const r = cli(['payout', file, '--batch', 'base', '-o', tempDir(), '--json', '--unsigned']);
      expect(r.code).toBe(3);
      expect(errors(r.json())).toEqual(['roster_total_row']);
    });
  });
});

describe('a provisional roster', () => {
  it('may be approved, with a warning, but is never paid', () => {
    const prov = join(work, 'prov');
    const s = cli(['subsidy', input, '-o', prov, '--prepared-by', '张三', '--as-of', '2012-06-30', '--json']);
    expect(s.code).toBe(0);
    const file = join(prov, '审批花名册-2012.xlsx');
    for (const [dept, by] of [
      ['组织部', '李四'],
      ['财政局', '王五'],
    ] as const) {
      const a = cli(['approve', file, '--dept', dept, '--by', by, '--json']);
      expect(a.code).toBe(0);
      expect(codes(a.json())).toContain('approve_provisional');
    }
    const bank = join(work, 'bank-prov');
    const r = cli(['payout', file, '--batch', 'base', '-o', bank, '--json', '--unsigned']);
    expect(r.code).toBe(3);
    expect(errors(r.json())).toEqual(['payout_provisional']);
    expect(existsSync(bank)).toBe(false);
  });
});
