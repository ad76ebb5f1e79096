import type ExcelJS from 'exceljs';
import type { Policy } from '../../rules/types.js';
import { idCheckChar } from '../workbook/ids.js';
import {
  EXAMPLE_CODE_PREFIX,
  HOUSEHOLDS_WARN_ABOVE,
  RESULT_VALUES,
  SHEET_ORDER,
  SHEETS,
  type SheetKind,
  STATUS_VALUES,
} from '../workbook/schema.js';
import { newWorkbook } from '../xlsx/exceljs.js';
import { columnLetter } from '../xlsx/grid.js';
import { CREATOR } from './style.js';

/** The file `cadre-calc init` writes. */
export const TEMPLATE_NAME = '村干部补贴-模板.xlsx';

/** Rows that carry drop-down lists and formats (a city's 2,240 cadres and their ledgers fit). */
export const TEMPLATE_ROWS = 5000;

/** The marker the reader recognises in an example row's 序号 cell (spec choice: skipped with a warning). */
export const EXAMPLE_MARKER = '示例';
export const EXAMPLE_REMARK = '示例行，请删除';

const TEXT_FIELDS = new Set(['code', 'villageCode', 'idNumber', 'account', 'itemNo']);

const NOTES: Record<SheetKind, Record<string, string>> = {
  villages: {
    code: '必填。村代码（统计用区划代码），每村唯一，按文本填写。',
    name: '必填。村名。',
    town: '必填。所属镇（街道）。',
    households: `必填。总户数，不小于 1 的整数；超过 ${HOUSEHOLDS_WARN_ABOVE} 会提示核对。`,
    weak: '选填。是 / 否，留空为否。',
  },
  cadres: {
    idNumber: '必填。18 位身份证号，按文本填写（本列已设为文本格式）。',
    name: '必填。姓名。',
    villageCode: '必填。须在“村庄”表中。',
    role: '必填。从下拉列表选择；一人兼任可写“书记兼主任”（会分成两条记录）。',
    months: '选填。本年任职整月数 1–12，留空为 12。',
    ratio: '选填。拟定比例（小数，如 0.9），不得超过该职务上限；留空按政策比例。',
    adjustment: '选填。个人加减分，−100 到 100，最多两位小数。',
    bank: '代发时必填。开户行。',
    account: '代发时必填。12–19 位银行卡号，按文本填写（本列已设为文本格式）。',
    hold: '选填。填写原因即暂停发放：照常计算和列示，不进入银行代发文件。',
    remark: '选填。备注。',
  },
  commitments: {
    villageCode: '必填。须在“村庄”表中。',
    itemNo: '必填。本村内唯一的编号，按文本填写（01 不会变成 1）。',
    content: '必填。承诺内容。',
    category: '选填。党的建设、经济发展、精神文明、社会治安综合治理或其他。',
    due: '必填。完成时限（日期）。',
    responsible: '选填。责任人。',
    status: '选填。已完成 / 进行中 / 未完成，留空为进行中。',
    result: '选填。合格 / 不合格，尚未验收留空。',
    inspected: '选填。验收日期。',
    satisfaction: '选填。满意度测评 0–100。',
  },
  scores: {
    villageCode: '必填。须在“村庄”表中。',
    period: '必填。一季度–四季度、上半年、下半年（也可写 Q1–Q4、H1、H2）；每村每期一行。',
    score: '必填。得分 0–100。',
  },
};

const WIDTHS: Record<string, number> = {
  idNumber: 22,
  account: 24,
  code: 16,
  villageCode: 16,
  content: 30,
  name: 12,
  role: 14,
  town: 14,
  bank: 14,
  hold: 16,
  remark: 18,
  due: 13,
  inspected: 13,
};

function exampleId(region: string, birth: string, seq: string): string {
  const body = `${region}${birth}${seq}`;
  return body + idCheckChar(body);
}

const V1 = `${EXAMPLE_CODE_PREFIX}001001`;
const V2 = `${EXAMPLE_CODE_PREFIX}001002`;

/** Two example rows per sheet, valid data with example village codes, marked so the reader skips them. */
function examples(kind: SheetKind, policy: Policy): Record<string, ExcelJS.CellValue>[] {
  const y = policy.year;
  const secretary = policy.roles[0]?.name ?? '书记';
  const director = policy.roles[1]?.name;
  switch (kind) {
    case 'villages':
      return [
        { code: V1, name: '示例一村', town: '示例镇', households: 63, weak: '否' },
        { code: V2, name: '示例二村', town: '示例镇', households: 101, weak: '是' },
      ];
    case 'cadres':
      return [
        {
          idNumber: exampleId('110105', '19650412', '123'),
          name: '张三',
          villageCode: V1,
          role: secretary,
          months: 12,
          bank: '某某银行',
          account: '6221591430741852966',
          remark: EXAMPLE_REMARK,
        },
        {
          idNumber: exampleId('110105', '19720301', '234'),
          name: '李四',
          villageCode: V2,
          role: director ? `${secretary}兼${director}` : secretary,
          months: 12,
          bank: '某某银行',
          account: '6217993074185296306',
          remark: EXAMPLE_REMARK,
        },
      ];
    case 'commitments':
      return [
        {
          villageCode: V1,
          itemNo: '01',
          content: '修建村级道路',
          category: '经济发展',
          due: new Date(Date.UTC(y, 5, 30)),
          responsible: '张三',
          status: '进行中',
        },
        {
          villageCode: V1,
          itemNo: '02',
          content: '党员冬训',
          category: '党的建设',
          due: new Date(Date.UTC(y, 2, 31)),
          responsible: '张三',
          status: '已完成',
          result: '合格',
          inspected: new Date(Date.UTC(y, 2, 20)),
          satisfaction: 95,
        },
      ];
    case 'scores':
      return [
        { villageCode: V1, period: '一季度', score: 85.5 },
        { villageCode: V1, period: '上半年', score: 88 },
      ];
  }
}

interface RangeValidations {
  dataValidations: { add(range: string, v: ExcelJS.DataValidation): void };
}

/**
 * A drop-down list. Strict lists refuse other text (errorStyle `stop`: ECMA-376 allows only
 * stop, warning and information; exceljs writes whatever it is given, and Excel "repairs"
 * a file with `error` by dropping every drop-down, while openpyxl cannot open it at all);
 * the others warn with their own `error` text.
 */
function listValidation(
  values: readonly string[],
  strict: boolean,
  prompt: string,
  error = `请从列表中选择：${values.join('、')}`,
): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showInputMessage: true,
    prompt,
    showErrorMessage: true,
    errorStyle: strict ? 'stop' : 'warning',
    error,
  };
}

/** Every spelling of 考核期 the reader accepts (spec/workbook.md), Chinese first. */
const PERIODS = [
  '一季度',
  '二季度',
  '三季度',
  '四季度',
  '上半年',
  '下半年',
  'Q1',
  'Q2',
  'Q3',
  'Q4',
  'H1',
  'H2',
];

function validations(kind: SheetKind, policy: Policy): Record<string, ExcelJS.DataValidation> {
  const roles = [...policy.roles.map((r) => r.name), ...policy.unpaidRoles];
  switch (kind) {
    case 'villages':
      return {
        weak: listValidation(['是', '否'], true, '是 / 否，留空为否'),
        households: {
          type: 'whole',
          operator: 'greaterThanOrEqual',
          allowBlank: true,
          formulae: [1],
          showErrorMessage: true,
          errorStyle: 'stop',
          error: '户数应为不小于 1 的整数',
        },
      };
    case 'cadres':
      return {
        // 职务 may be a combined post (书记兼主任) that is not in the list: warn, do not refuse.
        role: listValidation(
          roles,
          false,
          '从列表选择；兼任写“书记兼主任”',
          '不在列表中：兼任请写成“书记兼主任”，否则请从列表中选择。',
        ),
        months: {
          type: 'whole',
          operator: 'between',
          allowBlank: true,
          formulae: [1, 12],
          showErrorMessage: true,
          errorStyle: 'stop',
          error: '任职月数应为 1–12 的整数',
        },
      };
    case 'commitments':
      return {
        status: listValidation(STATUS_VALUES, true, '已完成 / 进行中 / 未完成'),
        result: listValidation(RESULT_VALUES, true, '合格 / 不合格，未验收留空'),
      };
    case 'scores':
      return {
        // A warning, not a refusal: the reader takes more spellings (第一季度, 1季度, q1 …).
        period: listValidation(
          PERIODS,
          false,
          '一季度–四季度（Q1–Q4）或 上半年、下半年（H1、H2）',
          '不在列表中：考核期写成 一季度–四季度、上半年、下半年，或 Q1–Q4、H1、H2。',
        ),
        score: {
          type: 'decimal',
          operator: 'between',
          allowBlank: true,
          formulae: [0, 100],
          showErrorMessage: true,
          errorStyle: 'stop',
          error: '得分应为 0–100',
        },
      };
  }
}

/**
 * The input template of `cadre-calc init`: the four sheets with every header of
 * spec/workbook.md after a leading 序号 column, a frozen header row, drop-down lists
 * (职务 from the policy, 经济薄弱村, 状态, 验收结果, 考核期), ID, card, code and item-number
 * columns formatted as text, a note on every header, and two example rows per sheet
 * (序号 示例, skipped by the reader with a warning).
 */
export async function buildTemplate(policy: Policy): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = CREATOR;
  for (const kind of SHEET_ORDER) {
    const spec = SHEETS[kind];
    const ws = wb.addWorksheet(spec.names[0] as string, { views: [{ state: 'frozen', ySplit: 1 }] });
    const head = ws.getRow(1);
    // Row styles first: assigning a row's font afterwards would overwrite each cell's.
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
    head.getCell(1).value = '序号';
    ws.getColumn(1).width = 6;
    spec.fields.forEach((f, i) => {
      const col = i + 2;
      const cell = head.getCell(col);
      cell.value = f.header;
      cell.note = NOTES[kind][f.key] ?? '';
      // Required headers in red, as paper forms mark them.
      cell.font = f.required ? { bold: true, color: { argb: 'FFC00000' } } : { bold: true };
      ws.getColumn(col).width = WIDTHS[f.key] ?? 12;
      if (TEXT_FIELDS.has(f.key)) ws.getColumn(col).numFmt = '@';
      if (f.key === 'due' || f.key === 'inspected') ws.getColumn(col).numFmt = 'yyyy-mm-dd';
      if (f.key === 'ratio' || f.key === 'adjustment' || f.key === 'score' || f.key === 'satisfaction') {
        ws.getColumn(col).numFmt = 'General';
      }
    });
    const dv = validations(kind, policy);
    for (const [key, v] of Object.entries(dv)) {
      const idx = spec.fields.findIndex((f) => f.key === key);
      if (idx < 0) continue;
      const letter = columnLetter(idx + 2);
      // exceljs has worksheet.dataValidations (a range → rule map) but leaves it out of its typings.
      (ws as unknown as RangeValidations).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, v);
    }
    examples(kind, policy).forEach((ex, n) => {
      const row = ws.getRow(n + 2);
      row.getCell(1).value = EXAMPLE_MARKER;
      spec.fields.forEach((f, i) => {
        const v = ex[f.key];
        if (v !== undefined) row.getCell(i + 2).value = v;
      });
      row.font = { italic: true, color: { argb: 'FF808080' } };
    });
  }
  // The guide prints on A4 landscape, one page wide (fitToPage turns fitToWidth on; without
  // it Excel and LibreOffice ignore fitToWidth and cut the right-hand columns), its long
  // texts wrapped within their columns, the header repeated on every page.
  const guide = wb.addWorksheet('填表说明', {
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  guide.getColumn(1).width = 14;
  guide.getColumn(2).width = 16;
  guide.getColumn(3).width = 36;
  guide.getColumn(4).width = 70;
  for (const c of [1, 2, 3, 4]) guide.getColumn(c).alignment = { vertical: 'top', wrapText: true };
  guide.addRow(['工作表', '表头', '也可以写作', '填写要求']).font = { bold: true };
  for (const kind of SHEET_ORDER) {
    const spec = SHEETS[kind];
    for (const f of spec.fields) {
      guide.addRow([spec.names.join(' / '), f.header, f.aliases.join('、'), NOTES[kind][f.key] ?? '']);
    }
  }
  guide.addRow([]);
  guide.addRow([
    '',
    '',
    '',
    `每个工作表第 2、3 行是示例行（序号为“${EXAMPLE_MARKER}”），读取时会跳过并提示；填好后请删除。`,
  ]);
  guide.addRow(['', '', '', '检查填写：cadre-calc validate 本文件.xlsx']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
