/**
 * 花名册变动-YYYYMMDD.xlsx (spec/decide.md diff -o): the changes between two rosters, to
 * print and hand to the approvers beside the new roster. 变动明细: one row per changed
 * field (a person's reason on their first row), then the added and removed rows; 汇总:
 * both rosters and their approvals, the pool-only moves, the pools and the totals per town
 * old → new; 校验: what it was made from (both rosters by name and SHA-256).
 */
import { type DiffResult, reasonTextZh, type Sums, shownValue } from '../../decide/diff.js';
import type { IsoDate } from '../../rules/types.js';
import { type Manifest, writeManifestSheet } from './manifest.js';
import { type CellInput, type Column, newWorkbook, SheetBuilder, workbookBytes } from './style.js';

export const DIFF_SHEETS = { detail: '变动明细', summary: '汇总' } as const;

/** 花名册变动-20130105.xlsx: the date of the comparison without dashes. */
export function diffFileName(date: IsoDate): string {
  return `花名册变动-${date.replaceAll('-', '')}.xlsx`;
}

const KIND = { changed: '变动', pool: '奖励池变动', added: '新增', removed: '删除' } as const;

function detailRows(d: DiffResult, all: boolean): CellInput[][] {
  const rows: CellInput[][] = [];
  let n = 0;
  const changed = [
    ...d.changed.map((r) => ({ r, kind: KIND.changed })),
    ...(all ? d.poolOnly.rows.map((r) => ({ r, kind: KIND.pool })) : []),
  ];
  for (const { r, kind } of changed) {
    n++;
    r.fields.forEach((f, i) => {
      rows.push([
        i === 0 ? n : null,
        i === 0 ? kind : '',
        r.town,
        r.villageCode,
        r.name,
        r.role,
        r.idNumber,
        f.field,
        shownValue(f.field, f.old),
        shownValue(f.field, f.new),
        i === 0 ? r.payableDeltaFen : null,
        i === 0 ? reasonTextZh(r) : '',
      ]);
    });
  }
  for (const [kind, lines, sign] of [
    [KIND.added, d.added, 1],
    [KIND.removed, d.removed, -1],
  ] as const) {
    for (const l of lines) {
      n++;
      rows.push([
        n,
        kind,
        l.town,
        l.villageCode,
        l.name,
        l.role,
        l.idNumber,
        '应发合计',
        sign > 0 ? '—' : shownValue('应发合计', l.payableFen),
        sign > 0 ? shownValue('应发合计', l.payableFen) : '—',
        sign * l.payableFen,
        '',
      ]);
    }
  }
  return rows;
}

function sideText(s: DiffResult['old']): string {
  const approvals = s.approvals.map((a) => `${a.dept} ${a.by}`).join('、');
  const missing = s.required.filter((dep) => !s.approvals.some((a) => a.dept === dep));
  const state = s.approved
    ? `已审批（${approvals}）${s.signed ? '，已签名' : '，未签名'}`
    : `未审批完（缺 ${missing.join('、')}）`;
  return `${state}${s.edited ? '；花名册生成后被改动过，审批无效' : ''}${s.provisional ? '；预计' : ''}`;
}

/** The workbook's bytes. `manifest`: kind 'diff', inputs the two rosters. */
export async function diffWorkbookBytes(
  d: DiffResult,
  meta: { manifest: Manifest; runDate: IsoDate; all: boolean; title: string },
): Promise<Buffer> {
  const wb = newWorkbook();
  const det = new SheetBuilder(wb, DIFF_SHEETS.detail);
  det.title(`${meta.title}花名册变动明细`);
  const cols: Column[] = [
    { header: '序号', kind: 'int', align: 'center' },
    { header: '类型', kind: 'text', align: 'center' },
    { header: '镇街', kind: 'text', maxWidth: 10 },
    { header: '村代码', kind: 'code' },
    { header: '姓名', kind: 'text', align: 'center', maxWidth: 10 },
    { header: '职务', kind: 'text', align: 'center' },
    { header: '身份证号', kind: 'code' },
    { header: '项目', kind: 'text', align: 'center' },
    { header: '原值', kind: 'text', align: 'right', maxWidth: 14 },
    { header: '新值', kind: 'text', align: 'right', maxWidth: 14 },
    { header: '应发合计差额', kind: 'money' },
    { header: '原因', kind: 'text', maxWidth: 40 },
  ];
  det.table(cols, detailRows(d, meta.all));
  det.blank();
  det.note(
    d.poolOnly.count
      ? `另有 ${d.poolOnly.count} 人只因共享奖励池分配变动（最大 ${shownValue('应发合计', d.poolOnly.maxFen)} 元）${meta.all ? '，已列入上表（类型：奖励池变动）。' : '，未逐一列出。'}`
      : '没有只因奖励池变动的人员。',
  );
  det.note(
    d.approvalsCover
      ? '旧花名册的审批仍然适用于新花名册。'
      : '旧花名册的审批不适用于新花名册：新花名册须重新审批。',
    {
      bold: true,
    },
  );
  det.signature('', meta.runDate);
  det.finish({ freezeColumns: 0 });

  const sum = new SheetBuilder(wb, DIFF_SHEETS.summary);
  sum.title(`${meta.title}花名册变动汇总`);
  const money = (header: string): Column => ({ header, kind: 'money' });
  const line = (name: string, o: Sums, n: Sums): CellInput[] => [
    name,
    o.cadres,
    n.cadres,
    o.paid,
    n.paid,
    o.totalFen,
    n.totalFen,
    o.rewardFen,
    n.rewardFen,
    o.payableFen,
    n.payableFen,
    n.payableFen - o.payableFen,
  ];
  sum.table(
    [
      { header: '镇街', kind: 'text', maxWidth: 14 },
      { header: '干部数（旧）', kind: 'int' },
      { header: '干部数（新）', kind: 'int' },
      { header: '计发人数（旧）', kind: 'int' },
      { header: '计发人数（新）', kind: 'int' },
      money('补贴总额（旧）'),
      money('补贴总额（新）'),
      money('奖励补贴（旧）'),
      money('奖励补贴（新）'),
      money('应发合计（旧）'),
      money('应发合计（新）'),
      money('应发合计差额'),
    ],
    d.totals.towns.map((t) => line(t.town, t.old, t.new)),
    line('合计', d.totals.old, d.totals.new),
  );
  sum.blank();
  sum.table(
    [
      { header: '奖励池范围', kind: 'text' },
      money('奖励池（旧）'),
      money('奖励池（新）'),
      { header: '积分合计（旧）', kind: 'text', align: 'right' },
      { header: '积分合计（新）', kind: 'text', align: 'right' },
      { header: '分值（旧）', kind: 'text', align: 'right' },
      { header: '分值（新）', kind: 'text', align: 'right' },
    ],
    d.pools.map((p) => [
      p.scope,
      p.old?.poolFen ?? null,
      p.new?.poolFen ?? null,
      p.old?.points ?? '',
      p.new?.points ?? '',
      p.old?.valuePerPoint ?? '',
      p.new?.valuePerPoint ?? '',
    ]),
  );
  sum.blank();
  for (const [label, side] of [
    ['旧花名册', d.old],
    ['新花名册', d.new],
  ] as const)
    sum.note(`${label}：${side.file}；截至${side.asOf}；花名册摘要 ${side.digest}；${sideText(side)}`);
  sum.note(
    `新增 ${d.added.length} 行，删除 ${d.removed.length} 行，变动 ${d.changed.length} 行；只因奖励池变动 ${d.poolOnly.count} 人，最大 ${shownValue('应发合计', d.poolOnly.maxFen)} 元。`,
  );
  sum.signature('', meta.runDate);
  sum.finish();

  writeManifestSheet(wb, meta.manifest);
  return workbookBytes(wb, meta.runDate);
}
