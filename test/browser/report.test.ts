import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/**
 * decide.md "Pictures", in a real browser: Debian's chromium (/usr/bin/chromium, installed by
 * .ci/run with apt-get; never a browser download), headless, driven by playwright-core. Each
 * page is loaded from the file system with no network at all; the test asserts no console
 * error and no request other than the file itself, counts every chart's marks against the
 * data the CLI reported, checks the page prints on A4, and keeps a screenshot of each page
 * in test-artifacts/ (git-ignored).
 */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CITY = join(ROOT, 'fixtures', 'sample-city', '荣成市-2012.xlsx');
const POLICIES = ['rongcheng-2012', 'plan-inland-weak', 'plan-women-directors', 'plan-raised-bands'].map(
  (p) => join(ROOT, 'policies', `${p}.yaml`),
);

type Cadre = { idNumber: string; town: string; paid: boolean; hold: string | null };
let out: string;
let subsidy: { files: string[]; totals: { paid: number }; cadres: Cadre[] };
let compare: { files: string[]; policies: { totals: { paid: number }; towns: { town: string }[] }[] };
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`,
    );
  }
  out = tempDir();
  const s = cli(['subsidy', CITY, '--as-of', '2012-12-31', '-o', join(out, 's'), '--json']);
  expect(s.code, s.stderr).toBe(0);
  subsidy = s.json() as unknown as typeof subsidy;
  const c = cli([
    'compare',
    CITY,
    '--as-of',
    '2012-12-31',
    ...POLICIES.flatMap((p) => ['--policy', p]),
    '-o',
    join(out, 'c'),
    '--json',
  ]);
  expect(c.code, c.stderr).toBe(0);
  compare = c.json() as unknown as typeof compare;
  mkdirSync(ARTIFACTS, { recursive: true });
  context = await chromium.launchPersistentContext(join(out, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 760, height: 1000 },
  });
}, 240_000);

afterAll(async () => {
  await context?.close();
});

interface Loaded {
  page: Page;
  errors: string[];
  requests: string[];
}

/** The page from the file system, every console error and every request (any but the file is refused). */
async function load(file: string): Promise<Loaded> {
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.route('**/*', (route) =>
    route.request().url() === url ? route.continue() : route.abort('blockedbyclient'),
  );
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests };
}

/** Per series index, how many chart marks (bars) a figure holds. */
async function marks(page: Page, chart: string): Promise<number[]> {
  return page.$$eval(`figure[data-chart="${chart}"] [ecmeta_ssr_type="chart"]`, (els) => {
    const n: number[] = [];
    for (const e of els) {
      const s = Number(e.getAttribute('ecmeta_series_index'));
      n[s] = (n[s] ?? 0) + 1;
    }
    return Array.from(n, (x) => x ?? 0);
  });
}

/** The histogram's bars of one series: their heights on screen and the counts in its data table. */
async function histogram(page: Page, series: number): Promise<{ heights: number[]; counts: number[] }> {
  const heights = await page.$$eval(
    `figure[data-chart="histogram"] [ecmeta_ssr_type="chart"][ecmeta_series_index="${series}"]`,
    // bars are closed rectangles (…Z); the reference lines of the same series are not
    (els) =>
      els
        .filter((e) => /Z$/.test(e.getAttribute('d') ?? ''))
        .map((e) => (e as unknown as { getBBox(): { height: number } }).getBBox().height),
  );
  const counts = await page.$$eval(
    'table.bins tbody tr',
    (rows, k) => rows.map((r) => Number(r.children[(k as number) + 1]?.textContent)),
    series,
  );
  return { heights, counts };
}

/** Bar heights proportional to the counts: one pixel scale for every bar (within rounding). */
function expectProportional(heights: number[], counts: number[]): void {
  expect(heights).toHaveLength(counts.length);
  const top = Math.max(...counts);
  const scale = (heights[counts.indexOf(top)] as number) / top;
  expect(scale).toBeGreaterThan(0);
  counts.forEach((c, i) => {
    expect(Math.abs((heights[i] as number) - c * scale), `bin ${i}: ${c} people`).toBeLessThan(1.5);
  });
}

async function pdfPages(page: Page): Promise<number> {
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

describe('补贴报告-2012.html in chromium', () => {
  let l: Loaded;
  const towns = () => [...new Set(subsidy.cadres.map((c) => c.town))];
  beforeAll(async () => {
    expect(subsidy.files.map((f) => f.split(/[\\/]/).pop())).toContain('补贴报告-2012.html');
    l = await load(subsidy.files[2] as string);
    await l.page.screenshot({ path: join(ARTIFACTS, '补贴报告-2012.png'), fullPage: true });
  }, 120_000);

  it('loads with no console error and no network request', () => {
    expect(l.errors).toEqual([]);
    expect(l.requests).toEqual([]);
    const html = readFileSync(subsidy.files[2] as string, 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=/i);
  });

  it('has one base bar and one reward bar per town, and every town name shown', async () => {
    expect(await marks(l.page, 'towns')).toEqual([towns().length, towns().length]);
    expect(towns()).toHaveLength(19);
    const labels = await l.page.$$eval('figure[data-chart="towns"] svg text', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    for (const t of towns())
      expect(
        labels.some((x) => x.startsWith(`${t}（`)),
        t,
      ).toBe(true);
  });

  it('has a histogram whose bars add up to the paid cadres, heights in proportion', async () => {
    const h = await histogram(l.page, 0);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(subsidy.totals.paid);
    expectProportional(h.heights, h.counts);
    const lines = await l.page.$$eval('figure[data-chart="histogram"] svg text', (els) =>
      els.map((e) => e.textContent),
    );
    expect(lines).toEqual(expect.arrayContaining(['500元', '2000元']));
  });

  it('has one dot per paid cadre with a score in the scatter', async () => {
    const dots = await l.page.$$eval('figure[data-chart="scatter"] svg path', (els) =>
      els
        .filter((e) => !e.hasAttribute('ecmeta_ssr_type') && e.getAttribute('fill-opacity') === '0.7')
        .reduce((n, e) => n + ((e.getAttribute('d') ?? '').match(/M/g) ?? []).length, 0),
    );
    expect(dots).toBe(subsidy.cadres.filter((c) => c.paid).length);
  });

  it('shows no ID number and no hold reason, and prints on A4', async () => {
    const text = await l.page.content();
    for (const c of subsidy.cadres) {
      expect(text.includes(c.idNumber)).toBe(false);
      if (c.hold) expect(text.includes(c.hold), c.hold).toBe(false);
    }
    const pages = await pdfPages(l.page);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(6);
  });
});

describe('政策测算-2012.html in chromium', () => {
  let l: Loaded;
  beforeAll(async () => {
    const html = compare.files.find((f) => f.endsWith('.html')) as string;
    expect(html.split(/[\\/]/).pop()).toBe('政策测算-2012.html');
    l = await load(html);
    await l.page.screenshot({ path: join(ARTIFACTS, '政策测算-2012.png'), fullPage: true });
  }, 120_000);

  it('loads with no console error and no network request', () => {
    expect(l.errors).toEqual([]);
    expect(l.requests).toEqual([]);
  });

  it('has one series per policy of one bar per town, and the differences of each plan', async () => {
    const n = compare.policies[0]?.towns.length as number;
    expect(await marks(l.page, 'towns')).toEqual([n, n, n, n]);
    expect(await marks(l.page, 'town-diff')).toEqual([n, n, n]);
  });

  it('has a histogram series per policy adding up to its paid cadres', async () => {
    for (let k = 0; k < 4; k++) {
      const h = await histogram(l.page, k);
      expect(
        h.counts.reduce((a, b) => a + b, 0),
        `policy ${k}`,
      ).toBe(compare.policies[k]?.totals.paid);
      expectProportional(h.heights, h.counts);
    }
    // the plan that pays 妇女主任 pays more people
    expect(compare.policies[2]?.totals.paid).toBeGreaterThan(compare.policies[0]?.totals.paid as number);
  });
});
