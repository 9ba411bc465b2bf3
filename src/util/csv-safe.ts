/**
 * CSV cells that a spreadsheet would not run as formulas (OWASP, "CSV Injection"): a text cell that starts with
 * =, +, -, @, a tab or a carriage return is prefixed with a single quote; every cell holding a comma, a double
 * quote, CR or LF — or given the prefix — is then quoted with its double quotes doubled (RFC 4180).
 * Numbers are written as numbers, so a negative number stays -1.5 and is not mistaken for a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | boolean | bigint | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) || text !== value ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}

/** A header and rows as CSV text, lines ended with CRLF (RFC 4180). */
export function csvText(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const out = [csvRow(header)];
  for (const r of rows) out.push(csvRow(r));
  return `${out.join('\r\n')}\r\n`;
}
