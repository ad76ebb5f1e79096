import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/io/policy/policy.js';
import { checkIdNumber, convert15, luhnValid } from '../../src/io/workbook/ids.js';
import { closest, headerKey, normaliseCode, normaliseName } from '../../src/io/workbook/normalise.js';
import { parsePeriod } from '../../src/io/workbook/records.js';
import { roleMatcher } from '../../src/io/workbook/roles.js';
import { isoFromDateCell, isoFromSerial, isoFromText } from '../../src/io/xlsx/dates.js';
import { readZipDirectory, ZipFormatError } from '../../src/io/xlsx/zip.js';
import { makeZip } from './bad-files.js';

describe('headers and sheet names are compared after normalisation (spec/workbook.md)', () => {
  it.each([
    ['户 数', '户数'],
    ['户数（户）', '户数'],
    ['户数(户)', '户数'],
    ['户\u3000数\n（户）', '户数'],
    ['公民身份\n号码', '公民身份号码'],
    ['*村代码', '村代码'],
    ['得分（分）(百分制)', '得分'],
    ['Village_Code', 'villagecode'],
    ['village code', 'villagecode'],
    ['ID_NUMBER', 'idnumber'],
    ['ｖｉｌｌａｇｅ＿ｃｏｄｅ', 'villagecode'],
  ])('%j is read as %j', (typed, key) => {
    expect(headerKey(typed)).toBe(key);
  });

  it('finds the closest sheet name, or none when nothing is near', () => {
    expect(closest(['Sheet1', '干部表', '村庄'], ['干部', '干部名单', '花名册', 'cadres'])).toBe('干部表');
    expect(closest(['Sheet1', '汇总'], ['干部', '干部名单', '花名册', 'cadres'])).toBe('');
  });
});

describe('names and codes', () => {
  it.each([
    ['阿依古丽•买买提', '阿依古丽·买买提'],
    ['阿依古丽・买买提', '阿依古丽·买买提'],
    ['阿依古丽･买买提', '阿依古丽·买买提'],
    [' 王  小 明 ', '王小明'],
    ['张\u3000三', '张三'],
  ])('the name %j is read as %j', (typed, name) => {
    expect(normaliseName(typed)).toBe(name);
  });

  it('brings full-width digits, Ｘ and a lower-case x in an ID to one form', () => {
    expect(normaliseCode('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(normaliseCode('110105 19491231 002x')).toBe('11010519491231002X');
  });
});

describe('ID numbers (GB 11643-1999)', () => {
  it('accepts the standard’s own example 11010519491231002X', () => {
    expect(checkIdNumber('11010519491231002X', 2012)).toBeNull();
  });

  it.each([
    ['110105194912310021', 'id_checksum'],
    ['110105194902300025', 'id_birth_date'],
    ['110105189912310021', 'id_birth_date'],
    ['110105201312310021', 'id_birth_date'],
    ['1101051949123100', 'id_format'],
    ['11010519491231002Y', 'id_format'],
    ['110105491231002', 'id_15_digit'],
  ])('%s → %s', (id, problem) => {
    expect(checkIdNumber(id, 2012)).toBe(problem);
  });

  it('converts an old 15-digit number by inserting 19 and computing the check character', () => {
    expect(convert15('110105491231002')).toBe('11010519491231002X');
  });

  it('checks card numbers with Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('6222020394734404053')).toBe(true);
  });
});

describe('dates', () => {
  it.each([
    ['2012-03-31', '2012-03-31'],
    ['2012/3/31', '2012-03-31'],
    ['2012.3.31', '2012-03-31'],
    ['2012年3月31日', '2012-03-31'],
    ['2012年3月31', '2012-03-31'],
    [' ２０１２－０３－３１ ', '2012-03-31'],
    ['2012-03-31 00:00:00', '2012-03-31'],
    ['20120331', '2012-03-31'],
    ['2012-02-29', '2012-02-29'],
    ['2011-02-29', null],
    ['2012-04-31', null],
    ['31/03/2012', null],
    ['明年三月', null],
  ])('the text %j is the date %j', (text, iso) => {
    expect(isoFromText(text)).toBe(iso);
  });

  it.each([
    [40999, false, '2012-03-31'],
    [39537, true, '2012-03-31'],
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [61, false, '1900-03-01'],
    [0, true, '1904-01-01'],
    [40999.75, false, '2012-03-31'],
  ])('serial %d (1904 system: %s) is %s', (serial, date1904, iso) => {
    expect(isoFromSerial(serial, date1904)).toBe(iso);
  });

  it('has no 29 February 1900 (Excel’s serial 60, kept for Lotus 1-2-3)', () => {
    expect(isoFromSerial(60, false)).toBeNull();
  });

  it('reads a date cell whose time is a float residue just before midnight as the next day', () => {
    expect(isoFromDateCell(new Date(Date.UTC(2012, 2, 30, 23, 59, 59, 999)))).toBe('2012-03-31');
    expect(isoFromDateCell(new Date(Date.UTC(2012, 2, 31, 15, 0)))).toBe('2012-03-31');
  });
});

describe('periods', () => {
  it.each([
    ['Q1', 'Q1'],
    ['q4', 'Q4'],
    ['一季度', 'Q1'],
    ['第二季度', 'Q2'],
    ['3季度', 'Q3'],
    ['第4季度', 'Q4'],
    ['H1', 'H1'],
    ['上半年', 'H1'],
    ['下 半 年', 'H2'],
    ['Ｑ２', 'Q2'],
    ['Q5', null],
    ['全年', null],
  ])('%j → %j', (typed, period) => {
    expect(parsePeriod(typed)).toBe(period);
  });
});

describe('roles and combined posts', async () => {
  const roles = roleMatcher((await loadPolicy()).policy);

  it.each([
    ['书记', ['书记']],
    ['党支部书记', ['书记']],
    ['村党支部书记', ['书记']],
    ['村委会主任', ['主任']],
    ['主任', ['主任']],
    ['村会计', ['会计']],
    ['报账员', ['会计']],
    ['妇女主任', ['妇女主任']],
    ['书记兼主任', ['书记', '主任']],
    ['书记、主任', ['书记', '主任']],
    ['书记/主任', ['书记', '主任']],
    ['书记／主任', ['书记', '主任']],
    ['书记，主任', ['书记', '主任']],
    ['书记,主任', ['书记', '主任']],
    ['党支部书记兼村委会主任', ['书记', '主任']],
    ['主任兼会计', ['主任', '会计']],
    ['书记兼妇女主任', ['书记', '妇女主任']],
  ])('%j is the posts %j', (typed, posts) => {
    expect(roles.split(typed)).toEqual({ roles: posts, unknown: [] });
  });

  it('names the part it does not know', () => {
    expect(roles.split('书记兼村长')).toEqual({ roles: ['书记'], unknown: ['村长'] });
  });
});

describe('the zip central directory', () => {
  it('lists the parts with the sizes it declares', () => {
    const zip = makeZip([
      { name: 'a.xml', data: 'x'.repeat(1000) },
      { name: 'xl/中文.xml', data: 'y' },
    ]);
    expect(readZipDirectory(zip).map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.xml', 1000],
      ['xl/中文.xml', 1],
    ]);
  });

  it('refuses a file with no end record', () => {
    const zip = makeZip([{ name: 'a.xml', data: 'x' }]);
    expect(() => readZipDirectory(zip.subarray(0, zip.length - 10))).toThrow(ZipFormatError);
  });
});
