/**
 * The sheets and columns of spec/workbook.md as data: accepted names and aliases, and
 * which headers must be present for a row to be taken as the header row.
 */

export type SheetKind = 'villages' | 'cadres' | 'commitments' | 'scores';

export interface FieldSpec {
  key: string;
  /** The header as the template writes it. */
  header: string;
  aliases: readonly string[];
  /** The header must be present (it also identifies the header row). */
  required: boolean;
  /** Free text: a stray 合计 or 示例 inside it does not make the row a total or example row. */
  freeText?: boolean;
}

export interface SheetSpec {
  kind: SheetKind;
  /** The name the template writes, then the other accepted names. */
  names: readonly string[];
  fields: readonly FieldSpec[];
}

const f = (
  key: string,
  header: string,
  aliases: readonly string[],
  required: boolean,
  freeText = false,
): FieldSpec => ({ key, header, aliases, required, freeText });

export const VILLAGES: SheetSpec = {
  kind: 'villages',
  names: ['村庄', '村庄名单', 'villages'],
  fields: [
    f('code', '村代码', ['村编码', '代码', 'village_code'], true),
    f('name', '村名', ['村庄', '行政村', 'village'], true),
    f('town', '镇街', ['镇', '街道', '乡镇', 'town'], true),
    f('households', '户数', ['总户数', 'households'], true),
    f('weak', '经济薄弱村', ['薄弱村', 'weak'], false),
  ],
};

export const CADRES: SheetSpec = {
  kind: 'cadres',
  names: ['干部', '干部名单', '花名册', 'cadres'],
  fields: [
    f('idNumber', '身份证号', ['身份证号码', '公民身份号码', 'id_number'], true),
    f('name', '姓名', ['name'], true),
    f('villageCode', '村代码', ['village_code'], true),
    f('role', '职务', ['职位', 'role'], true),
    f('months', '任职月数', ['月数', 'months'], false),
    f('ratio', '拟定比例', ['ratio'], false),
    f('adjustment', '个人加减分', ['加减分', 'adjustment'], false),
    f('bank', '开户行', ['开户银行', 'bank'], false),
    f('account', '银行卡号', ['卡号', '账号', 'account'], false),
    f('hold', '暂停发放', ['停发原因', 'hold'], false, true),
    f('remark', '备注', ['remark'], false, true),
  ],
};

export const COMMITMENTS: SheetSpec = {
  kind: 'commitments',
  names: ['承诺台账', '目标承诺', '台账', 'commitments'],
  fields: [
    f('villageCode', '村代码', ['village_code'], true),
    f('itemNo', '编号', ['序号', 'item_no'], true),
    f('content', '承诺内容', ['事项', '内容', 'content'], true, true),
    f('category', '类别', ['category'], false, true),
    f('due', '完成时限', ['时限', '截止日期', 'due'], true),
    f('responsible', '责任人', ['responsible'], false, true),
    f('status', '状态', ['完成情况', 'status'], false),
    f('result', '验收结果', ['result'], false),
    f('inspected', '验收日期', ['inspected'], false),
    f('satisfaction', '满意度', ['satisfaction'], false),
  ],
};

export const SCORES: SheetSpec = {
  kind: 'scores',
  names: ['考核评分', '评分', '考核', 'scores'],
  fields: [
    f('villageCode', '村代码', ['village_code'], true),
    f('period', '考核期', ['期间', 'period'], true),
    f('score', '得分', ['分数', 'score'], true),
  ],
};

export const SHEETS: Readonly<Record<SheetKind, SheetSpec>> = {
  villages: VILLAGES,
  cadres: CADRES,
  commitments: COMMITMENTS,
  scores: SCORES,
};

/** Field key → its place in the spec's fields (the place of its cell in a TableRow). */
export function fieldIndex(spec: SheetSpec): Readonly<Record<string, number>> {
  let idx = INDEXES.get(spec);
  if (!idx) {
    idx = Object.fromEntries(spec.fields.map((x, i) => [x.key, i]));
    INDEXES.set(spec, idx);
  }
  return idx;
}
const INDEXES = new Map<SheetSpec, Readonly<Record<string, number>>>();

/** The order sheets are read and reported in. */
export const SHEET_ORDER: readonly SheetKind[] = ['villages', 'cadres', 'commitments', 'scores'];

/** Commitment status values (spec/workbook.md 承诺台账). */
export const STATUS_VALUES = ['已完成', '进行中', '未完成'] as const;
export const RESULT_VALUES = ['合格', '不合格'] as const;

/** Households above this are read but warned about (spec/workbook.md 村庄). */
export const HOUSEHOLDS_WARN_ABOVE = 5000;

/** Header rows are looked for in the first rows of a sheet (spec/workbook.md). */
export const HEADER_SCAN_ROWS = 10;

/**
 * Village codes of the template's example rows (cadre-calc init) start with this: 99 is no
 * province, so no real 统计用区划代码 does. A row marked 示例 is skipped only with such a code.
 */
export const EXAMPLE_CODE_PREFIX = '999999';
