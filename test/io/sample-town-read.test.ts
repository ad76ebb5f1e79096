import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/io/policy/policy.js';
import { type ReadResult, readWorkbooks } from '../../src/io/workbook/read.js';

/** The public example shared/examples/sample-town/input.xlsx, as published. */
const FILE = fileURLToPath(new URL('../../../shared/examples/sample-town/input.xlsx', import.meta.url));

describe.skipIf(!existsSync(FILE))('the public sample town workbook', () => {
  let r: ReadResult;
  beforeAll(async () => {
    const { policy } = await loadPolicy();
    r = await readWorkbooks([FILE], policy, { need: ['villages', 'cadres', 'commitments', 'scores'] });
  });

  it('reads without a single finding', () => {
    expect(r.findings).toEqual([]);
  });

  it('reads 14 villages in two towns, the town filled down from its merged cell', () => {
    expect(r.input.villages).toHaveLength(14);
    expect(r.input.villages.filter((v) => v.town === '石岛管理区')).toHaveLength(7);
    expect(r.input.villages.filter((v) => v.town === '宁津街道')).toHaveLength(7);
  });

  it('reads “400户” as 400 households and the header 户数（户） as 户数', () => {
    const v = r.input.villages.find((x) => x.code === '371082001006');
    expect(v?.households).toBe(400);
    expect(v?.src.columns?.households).toEqual({ column: 'E', header: '户数（户）' });
  });

  it('reads 35 cadre rows as 38 records: each of the three 书记兼主任 rows becomes 书记 and 主任', () => {
    expect(r.input.cadres).toHaveLength(38);
    const combined = r.input.cadres.filter((c) => [15, 32, 37].includes(c.src.row));
    expect(combined.map((c) => [c.src.row, c.name, c.role])).toEqual([
      [15, '侯长兰', '书记'],
      [15, '侯长兰', '主任'],
      [32, '马霞芳', '书记'],
      [32, '马霞芳', '主任'],
      [37, '曹静军', '书记'],
      [37, '曹静军', '主任'],
    ]);
    expect(r.input.cadres.map((c) => c.seq)).toEqual([...Array(38).keys()]);
  });

  it('maps 村党支部书记 and 村主任 to the canonical roles and skips the blank row 9', () => {
    expect(r.input.cadres.find((c) => c.src.row === 3)?.role).toBe('书记');
    expect(r.input.cadres.find((c) => c.src.row === 10)).toMatchObject({ name: '康林军', role: '主任' });
    expect(r.input.cadres.some((c) => c.src.row === 9)).toBe(false);
  });

  it('finds the ID column under the two-line header 公民身份↵号码', () => {
    expect(r.input.cadres[0]?.src.columns?.idNumber).toEqual({ column: 'B', header: '公民身份号码' });
  });

  it('reads 75 commitments with dates from date cells and text in three forms', () => {
    expect(r.input.commitments).toHaveLength(75);
    const first = r.input.commitments.slice(0, 4).map((c) => [c.itemNo, c.due, c.inspected]);
    expect(first).toEqual([
      ['01', '2012-01-26', '2012-01-13'],
      ['02', '2012-10-13', '2012-10-11'],
      ['03', '2012-03-28', '2012-03-17'],
      ['04', '2012-03-28', '2012-03-14'],
    ]);
  });

  it('reads 84 scores, six periods for each of the 14 villages', () => {
    expect(r.input.scores).toHaveLength(84);
    expect(new Set(r.input.scores.map((s) => `${s.villageCode}|${s.period}`)).size).toBe(84);
  });
});
