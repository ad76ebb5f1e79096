import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script of the bench, no types
import { generate } from '../../bench/generate.mjs';
import { reportLeaks } from '../../src/io/documents/report-check.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/**
 * The HTML report beyond the browser test (test/browser/report.test.ts): the tool's own
 * check that the page holds nothing the public notice may not show, and a page that stays
 * bounded when the run is large (aggregated scatter, at most 100 towns drawn, every town in
 * the table).
 */
const secrets = {
  idNumbers: ['370632197001011234'],
  accounts: ['6228480402564890018'],
  banks: ['中国农业银行'],
  holds: ['户籍待核实'],
};

describe('reportLeaks: what the public notice may not show', () => {
  const page = (body: string) => `<html><body>${body}<svg><path d="M1 2L3 4"/></svg></body></html>`;

  it('passes a page of towns, grades and amounts', () => {
    expect(reportLeaks(page('<p>崖头街道 1,234.56 优秀</p>'), secrets)).toEqual([]);
  });

  it.each([
    ['a known ID', '<td>370632197001011234</td>'],
    ['any 18-character ID pattern', '<td>11010519491231002X</td>'],
    ['a known card written in groups', '<td>6228 4804 0256 4890 018</td>'],
    ['a bank', '<td>开户行：中国农业银行</td>'],
    ['a hold reason', '<p title="户籍待核实">x</p>'],
  ])('finds %s', (_, body) => {
    expect(reportLeaks(page(body), secrets)).toHaveLength(1);
  });

  it('does not read chart geometry as text', () => {
    const html =
      '<svg><path d="M123456789012345678 0L1 1" transform="translate(110105194912310021 0)"/></svg>';
    expect(reportLeaks(html, secrets)).toEqual([]);
  });
});

describe('a large run keeps the page bounded', () => {
  it('aggregates the scatter, draws at most 100 towns and lists every town', () => {
    const dir = tempDir();
    const book = join(dir, 'large.xlsx');
    generate(30_000, book);
    const r = cli(['subsidy', book, '--as-of', '2012-12-31', '-o', join(dir, 'out'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const body = r.json() as { files: string[]; totals: { paid: number }; villages: { town: string }[] };
    const file = body.files.find((f) => f.endsWith('.html')) as string;
    const html = readFileSync(file, 'utf8');
    const towns = new Set(body.villages.map((v) => v.town)).size;
    expect(towns).toBeGreaterThan(100);
    expect(html).toContain('data-aggregated="true"');
    expect(Number(/data-chart="towns" data-towns="(\d+)"/.exec(html)?.[1])).toBe(100);
    expect(Number(/data-dots="(\d+)"/.exec(html)?.[1])).toBeLessThan(body.totals.paid / 2);
    expect(html.match(/<tr>/g)?.length).toBeGreaterThanOrEqual(towns);
    expect(statSync(file).size).toBeLessThan(2 * 1024 * 1024);
  }, 180_000);
});

describe('the report drawn in a worker thread', () => {
  it('is the page this thread draws, byte for byte', async () => {
    const { loadPolicy } = await import('../../src/io/policy/policy.js');
    const { readWorkbooks } = await import('../../src/io/workbook/read.js');
    const { computeRun } = await import('../../src/rules/compute.js');
    const { subsidyReportData } = await import('../../src/decide/report-data.js');
    const { startReport, REPORT_WORKER_MAX_ROWS } = await import('../../src/commands/common.js');
    const { renderReportHtml } = await import('../../src/io/documents/report-html.js');
    const p = await loadPolicy();
    const read = await readWorkbooks([join(ROOT, 'fixtures', 'sample-city', '荣成市-2012.xlsx')], p.policy, {
      need: ['villages', 'cadres', 'scores'],
    });
    const run = computeRun(read.input, p.policy, { asOf: '2012-12-31', allowMissingScores: false });
    const data = subsidyReportData(run, { ...p.policy, sha256: p.sha256, fingerprint: 'f' });
    expect(run.cadres.length).toBeLessThanOrEqual(REPORT_WORKER_MAX_ROWS);
    const inWorker = await startReport(data, run.cadres.length)();
    expect(inWorker).toBe(renderReportHtml(data));
    expect(inWorker).toContain('data-chart="scatter"');
  }, 120_000);
});
