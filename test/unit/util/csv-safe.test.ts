import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, csvRow, csvText } from '../../../src/util/csv-safe.ts';

test('cells starting with = + - @ tab or CR are neutralised with a leading quote (OWASP CSV injection)', () => {
  const cases: [string, string][] = [
    ['=1+1', `"'=1+1"`],
    ['+41 44 123', `"'+41 44 123"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
    ['\t=cmd', `"'\t=cmd"`],
    ['\r=cmd', `"'\r=cmd"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ];
  for (const [value, expected] of cases) assert.equal(csvCell(value), expected, JSON.stringify(value));
});

test('ordinary text is left alone; commas, quotes and newlines are quoted per RFC 4180', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a=b'), 'a=b', 'a formula character inside the text is harmless');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell(''), '');
});

test('numbers stay numbers (a negative number is not a formula); null, undefined and NaN are empty', () => {
  assert.equal(csvCell(-1.5), '-1.5');
  assert.equal(csvCell(0), '0');
  assert.equal(csvCell(12n), '12');
  assert.equal(csvCell(true), 'true');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(undefined), '');
  assert.equal(csvCell(Number.NaN), '');
});

test('rows and text: every cell neutralised, CRLF line ends', () => {
  assert.equal(csvRow(['id', '=evil()', -3]), `id,"'=evil()",-3`);
  assert.equal(csvText(['a', '@b'], [[1, '+x'], [null, 'ok']]), `a,"'@b"\r\n1,"'+x"\r\n,ok\r\n`);
});

test('no neutralised cell, once parsed back, starts with a formula character', () => {
  const starts = ['=', '+', '-', '@', '\t', '\r'];
  for (const s of starts) {
    for (const rest of ['', '1', 'A1', ' x', '"q"']) {
      const cell = csvCell(`${s}${rest}`);
      const parsed = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
      assert.equal(parsed, `'${s}${rest}`);
    }
  }
});
