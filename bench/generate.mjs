// Deterministic bench workbooks in the spec's input format (spec/workbook.md: 村庄, 干部,
// 承诺台账, 考核评分) with N cadre rows, written as xlsx XML directly (exceljs would hold
// the whole workbook or spend minutes streaming it) and zipped with fflate.
//
//   node bench/generate.mjs 100000            → prints the cached path, builds it if missing
//
// Shape: about 2.6 cadre rows per village (60% of villages have 书记, 主任, 会计; 40% 书记
// and 会计; 5% of the three-row villages list the secretary a second time as 主任, the
// 一肩挑 case), 50 villages per town, two half-year scores per village, one commitment per
// village (about 3% failed and 2% overdue at year end, so deposits and sanctions occur),
// a few held payments, short terms, personal adjustments and remarks. IDs pass GB 11643 and
// cards pass Luhn. Strings go into a shared-string table, as Excel and WPS write them; the
// table and workbook.xml come before the sheets in the zip (the order friendliest to
// exceljs's streaming reader, the baseline).
//
// Every row is a function of (seed, village index) alone, so the two passes (collect the
// shared strings, then write the sheets) see the same data without holding it.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Zip, ZipDeflate } from 'fflate';

export const GENERATOR_VERSION = 1;
const SEED = 20121231;
const VILLAGES_PER_TOWN = 50;
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CACHE_DIR = path.join(HERE, '.cache');

export function cachePath(rows) {
  return path.join(CACHE_DIR, `bench-v${GENERATOR_VERSION}-${rows}.xlsx`);
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [...'王张李刘于孙鞠汤毕曲郭梁隋姜宋林袁邹唐杨周陈赵徐马高董谷岳蔡连慕柳车夏房殷衣丛石'];
const GIVEN = [
  ...'建国明军海涛波伟强平华林刚春东勇志文成德忠学庆胜利民永福光洪锋杰俊新宝信山世立云龙振家兴玉芳丽霞梅红英玲燕秀娟敏静萍翠美兰凤洁琴艳莉',
];
const VILLAGE_SUFFIX = ['家', '家庄', '家疃', '家夼', '家泊', '格庄', '家岭', '家沟', '家屯', '家河'];
const TOWN_FIRST = [...'东西南北中上下大小新'];
const TOWN_SECOND = [...'山河港湾岭泊崖滩庄集'];
const BANKS = ['荣成农商银行', '中国农业银行', '中国邮政储蓄银行', '中国建设银行', '中国工商银行'];
const CONTENTS = [
  ['党的建设', '规范“三会一课”'],
  ['经济发展', '硬化生产路800米'],
  ['经济发展', '增加村集体收入'],
  ['精神文明', '建设文化广场'],
  ['精神文明', '环境整治'],
  ['社会治安综合治理', '调解矛盾纠纷'],
];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const pad = (n, w) => String(n).padStart(w, '0');
const DAY_MS = 86400000;
const BIRTH0 = Date.UTC(1950, 0, 1);
const BIRTH_DAYS = 14600;

/** Person k's ID: birth day k mod 14,600 from 1950-01-01, sequence ⌊k / 14,600⌋: unique for k < 14.6 M. */
function idNumber(k) {
  const d = new Date(BIRTH0 + (k % BIRTH_DAYS) * DAY_MS);
  const seq = Math.floor(k / BIRTH_DAYS);
  const first17 = `371082${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}${pad(seq, 3)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return first17 + ID_CHECK[sum % 11];
}

function card(k) {
  const body = `622848${pad(k, 12)}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const serial = (y, m, d) => Date.UTC(y, m - 1, d) / DAY_MS + 25569;

function townName(t) {
  return `${TOWN_FIRST[t % 10]}${TOWN_SECOND[Math.floor(t / 10) % 10]}${t >= 100 ? Math.floor(t / 100) : ''}镇`;
}

/**
 * Village v with its cadre rows (each [id, name, code, role, months, adjustment, bank, card,
 * hold, remark]), its commitment and its scores. `person` is the index of its first new person.
 */
function village(v, person) {
  const rnd = mulberry32((SEED + Math.imul(v + 1, 0x9e3779b9)) >>> 0);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const t = Math.floor(v / VILLAGES_PER_TOWN);
  const code = `3710${pad(t, 5)}${pad((v % VILLAGES_PER_TOWN) + 1, 3)}`;
  const name = `${SURNAMES[int(0, SURNAMES.length - 1)]}${VILLAGE_SUFFIX[int(0, VILLAGE_SUFFIX.length - 1)]}村`;
  const households = int(60, 900);
  const weak = rnd() < 0.1 ? '是' : '否';
  const three = rnd() < 0.6;
  const concurrent = three && rnd() < 0.05;
  const cadres = [];
  const add = (role, k) => {
    const surname = SURNAMES[int(0, SURNAMES.length - 1)];
    const given =
      rnd() < 0.2
        ? GIVEN[int(0, GIVEN.length - 1)]
        : GIVEN[int(0, GIVEN.length - 1)] + GIVEN[int(0, GIVEN.length - 1)];
    const short = rnd() < 0.02;
    cadres.push([
      idNumber(k),
      surname + given,
      code,
      role,
      short ? 7 : 12,
      rnd() < 0.02 ? (rnd() < 0.5 ? -2 : 2) : null,
      BANKS[k % BANKS.length],
      card(k),
      rnd() < 0.005 ? '身份信息待核实' : '',
      short ? '2012年6月任职' : '',
    ]);
  };
  let k = person;
  add('书记', k++);
  if (three) {
    if (concurrent) {
      const sec = cadres[0];
      cadres.push([sec[0], sec[1], code, '主任', 12, null, sec[6], sec[7], '', '一肩挑']);
    } else add('主任', k++);
  }
  add('会计', k++);
  const [category, content] = CONTENTS[int(0, CONTENTS.length - 1)];
  const x = rnd();
  const status = x < 0.02 ? '进行中' : '已完成';
  const result = x < 0.02 ? '' : x < 0.05 ? '不合格' : '合格';
  const commitment = ['01', content, category, serial(2012, 6, 30), cadres[0][1], status, result];
  const scores = [
    ['H1', int(140, 196) / 2],
    ['H2', int(140, 196) / 2],
  ];
  return { code, name, town: townName(t), households, weak, cadres, commitment, scores, people: k - person };
}

/** Every village in order, stopping at `rows` cadre rows (the last village may be cut short). */
export function* villages(rows) {
  let written = 0;
  let person = 0;
  for (let v = 0; written < rows; v++) {
    const vil = village(v, person);
    person += vil.people;
    if (written + vil.cadres.length > rows) vil.cadres = vil.cadres.slice(0, rows - written);
    written += vil.cadres.length;
    yield vil;
  }
}

const ESC = /[&<>"]/g;
const ESC_MAP = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const esc = (s) => s.replace(ESC, (c) => ESC_MAP[c]);

function colLetter(n) {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
const COLS = Array.from({ length: 16 }, (_, i) => colLetter(i + 1));

const SHEETS = [
  { name: '村庄', headers: ['村代码', '村名', '镇街', '户数', '经济薄弱村'], text: [0] },
  {
    name: '干部',
    headers: [
      '身份证号',
      '姓名',
      '村代码',
      '职务',
      '任职月数',
      '个人加减分',
      '开户行',
      '银行卡号',
      '暂停发放',
      '备注',
    ],
    text: [0, 2, 7],
  },
  {
    name: '承诺台账',
    headers: ['村代码', '编号', '承诺内容', '类别', '完成时限', '责任人', '状态', '验收结果'],
    text: [0, 1],
    date: [4],
  },
  { name: '考核评分', headers: ['村代码', '考核期', '得分'], text: [0] },
];

function rowsOf(sheet, vil) {
  switch (sheet) {
    case 0:
      return [[vil.code, vil.name, vil.town, vil.households, vil.weak]];
    case 1:
      return vil.cadres;
    case 2:
      return [[vil.code, ...vil.commitment]];
    default:
      return vil.scores.map(([p, s]) => [vil.code, p, s]);
  }
}

/** Writes the workbook for `rows` cadre rows to `file` (via a temporary file and a rename). */
export function generate(rows, file) {
  // Pass 1: the shared strings, in order of first use (headers first).
  const sst = new Map();
  const str = (s) => {
    let i = sst.get(s);
    if (i === undefined) {
      i = sst.size;
      sst.set(s, i);
    }
    return i;
  };
  for (const s of SHEETS) for (const h of s.headers) str(h);
  for (let sheet = 0; sheet < SHEETS.length; sheet++) {
    for (const vil of villages(rows)) {
      for (const r of rowsOf(sheet, vil)) for (const v of r) if (typeof v === 'string' && v !== '') str(v);
    }
  }

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let failed = null;
  const zip = new Zip((err, data) => {
    if (err) failed = err;
    else fs.writeSync(fd, data);
  });
  const mtime = new Date(1980, 0, 1);
  const enc = new TextEncoder();
  const entry = (name, level = 1) => {
    const f = new ZipDeflate(name, { level, mtime });
    zip.add(f);
    return f;
  };
  const whole = (name, text) => entry(name, 6).push(enc.encode(text), true);

  const sheetsXml = SHEETS.map(
    (s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
  ).join('');
  whole(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${SHEETS.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  whole(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  whole(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheetsXml}</sheets></workbook>`,
  );
  whole(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${SHEETS.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${SHEETS.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId${SHEETS.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  whole(
    'xl/styles.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  {
    const f = entry('xl/sharedStrings.xml');
    const parts = [
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${sst.size}" uniqueCount="${sst.size}">`,
    ];
    let n = 0;
    for (const s of sst.keys()) {
      parts.push(`<si><t>${esc(s)}</t></si>`);
      if (++n % 20000 === 0) {
        f.push(enc.encode(parts.join('')));
        parts.length = 0;
      }
    }
    parts.push('</sst>');
    f.push(enc.encode(parts.join('')), true);
  }

  SHEETS.forEach((s, si) => {
    const f = entry(`xl/worksheets/sheet${si + 1}.xml`);
    const text = new Set(s.text);
    const date = new Set(s.date ?? []);
    const parts = [
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">`,
    ];
    s.headers.forEach((h, c) => {
      parts.push(`<c r="${COLS[c]}1" t="s"><v>${str(h)}</v></c>`);
    });
    parts.push('</row>');
    let r = 1;
    for (const vil of villages(rows)) {
      for (const row of rowsOf(si, vil)) {
        r++;
        parts.push(`<row r="${r}">`);
        row.forEach((v, c) => {
          if (v === null || v === '') return;
          const style = text.has(c) ? ' s="2"' : date.has(c) ? ' s="1"' : '';
          if (typeof v === 'string') parts.push(`<c r="${COLS[c]}${r}"${style} t="s"><v>${str(v)}</v></c>`);
          else parts.push(`<c r="${COLS[c]}${r}"${style}><v>${v}</v></c>`);
        });
        parts.push('</row>');
        if (r % 5000 === 0) {
          f.push(enc.encode(parts.join('')));
          parts.length = 0;
        }
      }
    }
    parts.push('</sheetData></worksheet>');
    f.push(enc.encode(parts.join('')), true);
  });
  zip.end();
  fs.closeSync(fd);
  if (failed) throw failed;
  fs.renameSync(tmp, file);
  return file;
}

/** The cached workbook of `rows` cadre rows, generated when missing. */
export function benchWorkbook(rows) {
  const file = cachePath(rows);
  if (!fs.existsSync(file)) generate(rows, file);
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 100000);
  if (!Number.isInteger(rows) || rows < 1 || rows > 1048575)
    throw new Error(`rows must be 1..1048575: ${process.argv[2]}`);
  const t0 = performance.now();
  const file = benchWorkbook(rows);
  process.stderr.write(`${file} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  process.stdout.write(`${file}\n`);
}
