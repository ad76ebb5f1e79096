import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

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
  /** Font sizes in points of every piece of text on the page. */
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
      const texts = [...p.matchAll(/<text [^>]*font="(\d+)"[^>]*>(.*?)<\/text>/g)];
      return {
        text: texts.map((t) => (t[2] as string).replace(/<[^>]+>/g, '')).join(''),
        sizes: texts.map((t) => fonts.get(t[1] as string) ?? 0),
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
});
