import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { makeId, sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * issue 20: the documents as they print, through LibreOffice's PDF export (spec/outputs.md:
 * soffice --headless --convert-to pdf) read back with poppler's pdftohtml, which gives every
 * piece of text with its font size. .ci/run installs libreoffice-calc, fonts-noto-cjk,
 * fonts-crosextra-carlito and poppler-utils; without them these tests are skipped.
 */
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const TOOLS = has('soffice') && has('pdftohtml');

interface Page {
  text: string;
  /** Font sizes in points of every piece of text on the page, its header and footer aside. */
  sizes: number[];
}

/** The PDF of `xlsx` as LibreOffice prints it, page by page. */
function printed(xlsx: string, dir: string): Page[] {
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx], { stdio: 'ignore' });
  const pdf = join(dir, readdirSync(dir).find((f) => f.endsWith('.pdf')) as string);
  // zoom 3 (the largest): sizes are given in whole units of 1/3 pt.
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-q', '-zoom', '3', '-stdout', pdf], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const fonts = new Map(
    [...xml.matchAll(/<fontspec id="(\d+)" size="(\d+)"/g)].map((m) => [m[1], Number(m[2]) / 3]),
  );
  return xml
    .split('<page ')
    .slice(1)
    .map((p) => {
      const height = Number(/height="(\d+)"/.exec(p)?.[1] ?? 0);
      const texts = [...p.matchAll(/<text top="(\d+)"[^>]*font="(\d+)"[^>]*>(.*?)<\/text>/g)];
      // The page header and footer (page numbers) are not the document's text.
      const body = texts.filter((t) => Number(t[1]) > height * 0.06 && Number(t[1]) < height * 0.92);
      return {
        text: texts.map((t) => (t[3] as string).replace(/<[^>]+>/g, '')).join(''),
        sizes: body.map((t) => fonts.get(t[2] as string) ?? 0),
      };
    });
}

const sheetOf = (p: Page) => /^\s*(\S+?)\s*　第\s*\d+\s*页/.exec(p.text)?.[1] ?? '';

describe.skipIf(!TOOLS)('printed (LibreOffice PDF)', () => {
  let roster: Page[] = [];
  let notice: Page[] = [];
  beforeAll(async () => {
    // The sample, with the long texts real rosters carry (the longest bank name, a remark
    // and a hold reason of a dozen characters): the columns as wide as the city's.
    const data = sampleData();
    const cadres = data.cadres ?? [];
    cadres.forEach((c, i) => {
      c.bank = i % 2 ? '中国邮政储蓄银行' : '荣成农村商业银行';
    });
    (cadres[0] as (typeof cadres)[0] & object).remark = '一肩挑，按就高原则不重复计发';
    (cadres[1] as (typeof cadres)[0] & object).hold = '审计未结束，待审计报告';
    const input = join(tempDir('cadre-print-in-'), 'input.xlsx');
    await writeWorkbook(input, data);
    const out = tempDir('cadre-print-');
    const r = cli(['subsidy', input, '-o', out, '--as-of', '2012-12-31', '--prepared-by', '张三']);
    if (r.code !== 0) throw new Error(r.stderr);
    roster = printed(join(out, '审批花名册-2012.xlsx'), tempDir('cadre-print-r-'));
    notice = printed(join(out, '公示表-2012.xlsx'), tempDir('cadre-print-n-'));
  }, 120_000);

  it('prints the 花名册 at 7 pt or more, two pages wide with 序号–村名 and the header on every page', () => {
    const pages = roster.filter((p) => sheetOf(p) === '花名册');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages) {
      expect(Math.min(...p.sizes)).toBeGreaterThanOrEqual(7);
      expect(p.text).toContain('序号');
      expect(p.text).toContain('村名');
    }
    // Across, then down: the first page has the people's IDs, the second their bank cards.
    expect(pages[0]?.text).toContain('身份证号');
    expect(pages[1]?.text).toContain('银行卡号');
    expect(pages[1]?.text).not.toContain('身份证号');
  });

  it('numbers every page "第 N 页 共 M 页"', () => {
    for (const p of [...roster, ...notice]) expect(p.text).toMatch(/第\s*\d+\s*页\s*共\s*\d+\s*页/);
  });

  it('does not print 计算明细 (its title and the note that says where to read it)', () => {
    const detail = roster.filter((p) => p.text.includes('计算明细'));
    expect(detail.length).toBe(1);
    expect(detail[0]?.text.replace(/\s+/g, '')).toContain('不宜打印');
    expect(detail[0]?.text).not.toContain('档次标准');
  });

  it('prints the notice at 10 pt or more and never its 校验 sheet', () => {
    expect(notice.length).toBeGreaterThanOrEqual(2);
    for (const p of notice) {
      expect(sheetOf(p)).not.toBe('校验');
      expect(p.text).not.toContain('SHA-256');
      expect(Math.min(...p.sizes)).toBeGreaterThanOrEqual(10);
    }
  });

  it('never ends a town of the notice with a page holding only the 公示期 block', async () => {
    // Two towns of 40 and 62 secretaries: each table ran a row or two past its last full
    // page, so the 合计 row, the 说明 and the 公示期 block went over alone.
    const villages = [];
    const cadres = [];
    const scores = [];
    for (const [town, n, base] of [
      ['石岛管理区', 40, 0],
      ['宁津街道', 62, 100],
    ] as const) {
      for (let v = 0; v < n; v++) {
        const code = `3710820${String(base + v).padStart(5, '0')}`;
        villages.push({ code, name: `第${base + v}村`, town, households: 200 });
        cadres.push({
          idNumber: makeId('371082', '19700101', String(100 + base + v)),
          name: `张${base + v}`,
          villageCode: code,
          role: '书记',
        });
        scores.push({ villageCode: code, period: 'H2', score: 85 });
      }
    }
    const input = join(tempDir('cadre-print-towns-'), 'input.xlsx');
    await writeWorkbook(input, { villages, cadres, commitments: [], scores });
    const out = tempDir('cadre-print-towns-out-');
    const r = cli(['subsidy', input, '-o', out, '--as-of', '2012-12-31', '--allow-missing-scores']);
    expect(r.code, r.stderr).toBe(0);
    const pages = printed(join(out, '公示表-2012.xlsx'), tempDir('cadre-print-towns-pdf-'));
    for (const town of ['石岛管理区', '宁津街道']) {
      const own = pages.filter((p) => sheetOf(p) === town);
      expect(own.length, town).toBeGreaterThan(1);
      const last = own[own.length - 1] as Page;
      expect(last.text).toContain('公示期');
      // Rows of the table reach the last page, not the block alone.
      expect(last.text, town).toMatch(/张\d+/);
      for (const p of own) expect(Math.min(...p.sizes)).toBeGreaterThanOrEqual(10);
    }
  }, 120_000);
});
