import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainPerson } from '../../src/decide/explain.js';
import { readRosterBook } from '../../src/io/documents/roster/book.js';
import { textWidth as termWidth } from '../../src/report/layout.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * `cadre-calc explain` on the sample city's roster made by `subsidy`: the chain of every
 * person agrees with the roster (read here on its own with exceljs, by header name), the
 * real CLI gives the same for people of every kind, an edited roster is refused, and the
 * 补贴说明单 prints on one A4 page at 10 pt or more (LibreOffice, as a clerk would print it).
 */

const CITY = join(ROOT, 'fixtures', 'sample-city', '荣成市-2012.xlsx');
const dir = tempDir();
let roster: string;

type Rec = Map<string, string>;

/** A table of a sheet by header name: the rows under the header row (first cell = `first`) up to 合计 or an empty first cell. */
async function table(file: string, sheet: string, first = '序号'): Promise<Rec[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet) as ExcelJS.Worksheet;
  let headerRow = 0;
  for (let r = 1; r <= 10 && !headerRow; r++)
    if (String(ws.getRow(r).getCell(1).value ?? '') === first) headerRow = r;
  const headers = (ws.getRow(headerRow).values as unknown[]).map((v) => String(v ?? ''));
  const out: Rec[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const vals = ws.getRow(r).values as unknown[];
    const head = String(vals[1] ?? '');
    if (head === '' || head === '合计') break;
    const rec: Rec = new Map();
    headers.forEach((h, c) => {
      if (h) rec.set(h, vals[c] === null || vals[c] === undefined ? '' : String(vals[c]));
    });
    out.push(rec);
  }
  return out;
}

/** A yuan cell as the roster prints it: #,##0.00. */
const yuan = (v: string | undefined) =>
  Number(v || 0).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

interface Step {
  step: string;
  formula: string;
  value: string;
}
interface Row {
  serial: number;
  role: string;
  villageCode: string;
  paid: boolean;
  totalFen: number;
  shareFen: number;
  baseFen: number;
  rewardFen: number;
  payableFen: number;
  score: string;
  grade: string;
  points: string;
  idealReward: string;
  hold: string | null;
  sanction: string | null;
  depositForfeitFen: number;
  steps: Step[];
}

const fenOf = (v: string | undefined) => Math.round(Number(v || 0) * 100);

beforeAll(() => {
  const r = cli(['subsidy', CITY, '--as-of', '2012-12-31', '-o', join(dir, 'city'), '--json']);
  expect(r.code, r.stderr).toBe(0);
  roster = join(dir, 'city', '审批花名册-2012.xlsx');
}, 120_000);

describe('explain agrees with the roster', () => {
  it("for every person of the sample city, every row's chain gives the roster's numbers", async () => {
    const rows = await table(roster, '花名册');
    const detail = new Map((await table(roster, '计算明细')).map((d) => [d.get('序号'), d]));
    const deposits = await table(roster, '践诺奖惩');
    expect(rows.length).toBeGreaterThan(2200);
    const book = await readRosterBook(roster, { details: true });
    const policy = book.policy;
    expect(policy).not.toBeNull();
    const ids = [...new Set(rows.map((r) => r.get('身份证号') as string))];
    let explained = 0;
    for (const id of ids) {
      const e = explainPerson(book, policy as NonNullable<typeof policy>, id);
      expect(e, id).not.toBeNull();
      if (!e) continue;
      expect(e.findings, id).toEqual([]);
      const mine = rows.filter((r) => r.get('身份证号') === id);
      expect(e.rows.map((x) => x.line.serial)).toEqual(mine.map((r) => Number(r.get('序号'))));
      for (const x of e.rows) {
        explained++;
        const r = mine.find((m) => Number(m.get('序号')) === x.line.serial) as Rec;
        const d = detail.get(r.get('序号')) as Rec;
        const value = (k: string) => x.steps.find((s) => s.key === k)?.value;
        expect(x.line.payableFen).toBe(fenOf(r.get('应发合计')));
        expect(value('payable') ?? '0.00').toBe(yuan(r.get('应发合计')));
        expect(value('standard')).toBe(yuan(r.get('补贴标准')));
        if (!x.line.paid) {
          expect(r.get('应发合计')).toBe('0');
          continue;
        }
        expect(value('total')).toBe(yuan(r.get('补贴总额')));
        expect(value('share')).toBe(yuan(r.get('奖励提取')));
        expect(value('base')).toBe(yuan(r.get('基本补贴')));
        expect(value('reward')).toBe(yuan(r.get('奖励补贴')));
        if (r.get('综合得分')) {
          expect(value('score')).toBe(Number(r.get('综合得分')).toFixed(2));
          expect(value('grade')).toBe(r.get('等次'));
          expect(Number(value('points'))).toBe(Number(d.get('积分')));
          if (value('ideal')) expect(value('ideal')).toBe(Number(d.get('理论奖励')).toFixed(4));
        }
        const dep = deposits.find(
          (p) =>
            p.get('身份证号') === id &&
            p.get('村代码') === r.get('村代码') &&
            p.get('职务') === r.get('职务'),
        );
        expect(value('deposit')).toBe(dep ? yuan(dep.get('扣发')) : undefined);
        expect(value('sanction')).toBe(dep ? dep.get('处理') : undefined);
      }
    }
    expect(explained).toBe(rows.length);
  }, 120_000);

  it('through the real CLI for people of every kind: held, a second post, unkept commitments, a transfer', async () => {
    const rows = await table(roster, '花名册');
    const deposits = await table(roster, '践诺奖惩');
    const count = new Map<string, number>();
    for (const r of rows)
      count.set(r.get('身份证号') as string, (count.get(r.get('身份证号') as string) ?? 0) + 1);
    const picks = [
      rows.find((r) => r.get('暂停发放')),
      rows.find((r) => (r.get('备注') ?? '').includes('一肩挑')),
      rows.find((r) => r.get('身份证号') === deposits[0]?.get('身份证号')),
      rows.find(
        (r) => (count.get(r.get('身份证号') as string) ?? 0) > 1 && !(r.get('备注') ?? '').includes('一肩挑'),
      ),
      rows.find((r) => r.get('等次') === '优秀'),
    ].filter((r): r is Rec => r !== undefined);
    expect(picks.length).toBeGreaterThanOrEqual(4);
    for (const p of picks) {
      const id = p.get('身份证号') as string;
      const r = cli(['explain', roster, '--id', id, '--json']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const body = r.json() as { command: string; ok: boolean; idNumber: string; rows: Row[] };
      expect(body.command).toBe('explain');
      expect(body.idNumber).toBe(id);
      const mine = rows.filter((x) => x.get('身份证号') === id);
      expect(body.rows).toHaveLength(mine.length);
      for (const [i, x] of body.rows.entries()) {
        const m = mine[i] as Rec;
        expect(x.role).toBe(m.get('职务'));
        expect(x.totalFen).toBe(fenOf(m.get('补贴总额')));
        expect(x.baseFen).toBe(fenOf(m.get('基本补贴')));
        expect(x.rewardFen).toBe(fenOf(m.get('奖励补贴')));
        expect(x.payableFen).toBe(fenOf(m.get('应发合计')));
        expect(x.hold).toBe(m.get('暂停发放') || null);
        if (x.paid) expect(x.steps.at(-1)?.step).toBe('payable');
        else expect(x.steps.map((s) => s.step)).toContain('unpaid');
      }
    }
    // --role keeps one row; the terminal text in both languages
    const two = picks[1] as Rec;
    const role = cli([
      'explain',
      roster,
      '--id',
      two.get('身份证号') as string,
      '--role',
      two.get('职务') as string,
      '--json',
    ]);
    expect((role.json() as { rows: Row[] }).rows.map((x) => x.role)).toEqual([two.get('职务')]);
    const zh = cli(['explain', roster, '--id', (picks[0] as Rec).get('身份证号') as string], {
      LANG: 'zh_CN.UTF-8',
      COLUMNS: '80',
    });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('应发合计＝基本补贴');
    expect(zh.stdout).toContain('暂停发放');
    // the tables fit an 80-column terminal and nothing is cut off with …
    const tableLines = zh.stdout.split('\n').filter((l) => /^[│┌├└]/.test(l));
    expect(tableLines.length).toBeGreaterThan(10);
    for (const l of tableLines) expect(termWidth(l), l).toBeLessThanOrEqual(80);
    expect(zh.stdout).not.toContain('…');
    const en = cli(['explain', roster, '--id', (picks[0] as Rec).get('身份证号') as string]);
    expect(en.stdout).toContain('Payable = base +');
  });

  it('refuses a roster whose numbers were edited, an unknown person and a missing --id', async () => {
    const edited = join(dir, 'edited.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(roster);
    const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
    const header = ws.getRow(2).values as unknown[];
    const col = header.indexOf('补贴总额');
    const id = String(ws.getRow(3).getCell(header.indexOf('身份证号')).value);
    ws.getRow(3).getCell(col).value = Number(ws.getRow(3).getCell(col).value) + 100;
    await wb.xlsx.writeFile(edited);
    const r = cli(['explain', edited, '--id', id, '--json']);
    expect(r.code).toBe(1);
    expect((r.json() as { findings: { code: string; header: string }[] }).findings).toContainEqual(
      expect.objectContaining({ code: 'explain_mismatch', header: '补贴总额' }),
    );
    const nobody = cli(['explain', roster, '--id', '110101199003070000', '--json']);
    expect(nobody.code).toBe(1);
    expect((nobody.json() as { findings: { code: string }[] }).findings[0]?.code).toBe('explain_not_found');
    expect(cli(['explain', roster]).code).toBe(2);
  });
});

/** soffice, if this machine has LibreOffice (outputs.md: apt-get install libreoffice-calc fonts-noto-cjk poppler-utils). */
const SOFFICE = ['soffice', 'libreoffice'].find((b) => spawnSync('which', [b]).status === 0);

function toPdf(xlsx: string, out: string): string {
  execFileSync(
    SOFFICE as string,
    [
      '--headless',
      `-env:UserInstallation=file://${out}/lo-profile`,
      '--convert-to',
      'pdf',
      '--outdir',
      out,
      xlsx,
    ],
    {
      stdio: 'pipe',
      timeout: 120_000,
    },
  );
  const pdf = join(out, readdirSync(out).find((f) => f.endsWith('.pdf')) as string);
  return pdf;
}

/** The height of every word on every page (pdftotext -bbox), in points. */
function wordHeights(pdf: string): { word: string; h: number }[] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  return [
    ...xml.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((m) => ({ word: m[3] as string, h: Number(m[2]) - Number(m[1]) }));
}

const pages = (pdf: string): number =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);

describe('the 补贴说明单', () => {
  let file: string;
  let id: string;
  let account: string;

  beforeAll(async () => {
    const rows = await table(roster, '花名册');
    const deposits = await table(roster, '践诺奖惩');
    // the longest chain: a paid secretary with unkept commitments and a score
    const p = rows.find(
      (r) => r.get('身份证号') === deposits.find((d) => d.get('职务') === '书记')?.get('身份证号'),
    ) as Rec;
    id = p.get('身份证号') as string;
    account = p.get('银行卡号') as string;
    const r = cli(['explain', roster, '--id', id, '-o', join(dir, 'sheet'), '--json']);
    expect(r.code, r.stdout).toBe(0);
    file = (r.json() as { files: string[] }).files[0] as string;
  });

  it('is named by name and the ID’s last 4 digits and holds no full ID and no card number, even in 校验', () => {
    expect(file).toMatch(new RegExp(`补贴说明单-.+-${id.slice(-4)}\\.xlsx$`));
    const parts = unzipSync(readFileSync(file));
    const text = Object.values(parts)
      .map((b) => Buffer.from(b).toString('utf8'))
      .join('\n');
    expect(text).toContain(id.slice(-4));
    expect(text).not.toContain(id);
    expect(text).not.toContain(id.slice(0, 14));
    expect(text).not.toContain(account);
  });

  it('is one A4 portrait page at 100%, 10 pt or more, with its 校验 hidden and outside the print area', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const visible = wb.worksheets.filter((w) => w.state !== 'hidden');
    expect(visible).toHaveLength(1);
    expect(wb.getWorksheet('校验')?.state).toBe('hidden');
    const ws = visible[0] as ExcelJS.Worksheet;
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('portrait');
    expect(ws.pageSetup.fitToPage).toBeFalsy();
    expect(ws.pageSetup.scale ?? 100).toBe(100);
    expect(ws.pageSetup.printArea).toMatch(/^A1:C\d+$/);
    let small = 0;
    const texts: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((c) => {
        texts.push(String(c.value ?? ''));
        if ((c.font?.size ?? 11) < 10) small++;
      }),
    );
    expect(small).toBe(0);
    const all = texts.join('\n');
    for (const w of ['户数档次', '理论奖励', '应发合计', '本人（签字）', '日期', '保证金扣发'])
      expect(all).toContain(w);
    expect(all).toMatch(/\d[\d,]*\.\d{2} × \d/); // formulas with the person's own numbers
  });

  it('prints on one page in LibreOffice, every word at least as tall as 10 pt text', async () => {
    // .ci/run installs it; a machine without it fails here rather than passing unseen
    expect(SOFFICE, 'apt-get install -y libreoffice-calc-nogui fonts-noto-cjk poppler-utils').toBeDefined();
    const out = join(dir, 'pdf');
    mkdirSync(out, { recursive: true });
    const copy = join(out, 'sheet.xlsx');
    copyFileSync(file, copy);
    const pdf = toPdf(copy, out);
    expect(existsSync(pdf)).toBe(true);
    expect(pages(pdf)).toBe(1);
    const words = wordHeights(pdf);
    expect(words.map((w) => w.word).join('')).toContain('应发合计');

    // the same fonts at exactly 10 pt, printed the same way: the height a 10 pt word has
    const refDir = join(dir, 'ref');
    mkdirSync(refDir, { recursive: true });
    const ref = new ExcelJS.Workbook();
    const rs = ref.addWorksheet('ref');
    rs.getCell('A1').value = '应发合计 1,234.56';
    rs.getCell('A1').font = { name: '宋体', size: 10 };
    rs.pageSetup = { paperSize: 9, orientation: 'portrait', scale: 100 };
    const refFile = join(refDir, 'ref.xlsx');
    await ref.xlsx.writeFile(refFile);
    const h10 = Math.min(...wordHeights(toPdf(refFile, refDir)).map((w) => w.h));
    expect(h10).toBeGreaterThan(5);
    const smallest = Math.min(...words.map((w) => w.h));
    expect(smallest).toBeGreaterThanOrEqual(h10 - 0.01);
  }, 240_000);

  it('still prints on one page for the longest chain: an adjustment and twenty unkept items with long names', async () => {
    const data = sampleData();
    const village = '371082001001';
    for (let k = 3; k <= 22; k++)
      data.commitments?.push({
        villageCode: village,
        itemNo: String(k).padStart(2, '0'),
        content: `完成第${k}项村级基础设施和公共服务设施建设改造提升工程并通过验收`,
        category: '民生服务',
        due: '2012-06-30',
        status: '未完成',
        result: '不合格',
        inspected: '2012-07-02',
      });
    const first = data.cadres?.find((c) => c.villageCode === village && c.role === '书记');
    if (first) first.adjustment = 1.5;
    const input = join(dir, 'long.xlsx');
    await writeWorkbook(input, data);
    const s = cli(['subsidy', input, '--as-of', '2012-12-31', '-o', join(dir, 'long'), '--json']);
    expect(s.code, s.stdout).toBe(0);
    const out = join(dir, 'long-sheet');
    const r = cli([
      'explain',
      join(dir, 'long', '审批花名册-2012.xlsx'),
      '--id',
      String(first?.idNumber),
      '-o',
      out,
      '--json',
    ]);
    expect(r.code, r.stdout).toBe(0);
    const body = r.json() as { files: string[]; rows: Row[] };
    expect(body.rows[0]?.steps.map((x) => x.step)).toEqual(
      expect.arrayContaining(['deposit', 'sanction', 'score']),
    );
    expect(SOFFICE).toBeDefined();
    const pdf = toPdf(body.files[0] as string, out);
    expect(pages(pdf)).toBe(1);
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('践诺奖惩');
  }, 240_000);
});
