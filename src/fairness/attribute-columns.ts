import { AssayError } from '../api/errors.ts';
import { DECISION_ID } from './log-source.ts';
import type { GroupCounts } from './types.ts';

export interface ColumnInfo {
  name: string;
  type: string;
}

const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL.*)$/i;

export function isNumericType(type: string): boolean {
  return NUMERIC_TYPES.test(type.trim());
}

/**
 * Finds each protected attribute among the log's columns or the attributes file's columns (the file wins when both
 * have it). Returns the attributes the file provides; an attribute found nowhere is NOT_FOUND, naming the columns.
 */
export function locateAttributes(
  attributes: readonly string[], log: { name: string; columns: readonly ColumnInfo[] }, file: { path: string; columns: readonly ColumnInfo[] } | null,
): { fromFile: string[]; types: Record<string, string>; warnings: string[] } {
  if (file && !file.columns.some((c) => c.name === DECISION_ID)) {
    throw new AssayError('BAD_ARGUMENT', `The attributes file ${file.path} has no ${DECISION_ID} column (its columns: ${file.columns.map((c) => c.name).join(', ')}); it needs one to be joined to the log.`, { file: file.path });
  }
  const fromFile: string[] = [];
  const types: Record<string, string> = {};
  const warnings: string[] = [];
  for (const a of attributes) {
    const inFile = file?.columns.find((c) => c.name === a && c.name !== DECISION_ID);
    const inLog = log.columns.find((c) => c.name === a);
    if (inFile) {
      fromFile.push(a);
      types[a] = inFile.type;
      if (inLog) warnings.push(`"${a}" is both a column of the log and of ${file!.path}; the file's values were used.`);
    } else if (inLog) {
      types[a] = inLog.type;
    } else {
      const visible = log.columns.map((c) => c.name).filter((n) => !n.startsWith('_'));
      throw new AssayError(
        'NOT_FOUND',
        `The log "${log.name}" has no column "${a}"${file ? `, and neither has ${file.path}` : ''} (its columns: ${visible.join(', ')}). Name one of them, or give --attributes-file with a CSV holding ${DECISION_ID} and ${a}.`,
        { attribute: a, columns: visible },
      );
    }
  }
  return { fromFile, types, warnings };
}

export interface ReferenceChoice {
  reference: string;
  source: 'argument' | 'package' | 'largest';
  warning: string | null;
}

/**
 * The reference (AIF360's privileged) group: the one given, else the package's reference of every attribute joined
 * with "|", else the largest group (first in order on a tie), with a warning saying so.
 */
export function chooseReference(attribute: string, given: string | undefined, packageReferences: readonly (string | undefined)[], groups: readonly GroupCounts[]): ReferenceChoice {
  if (given !== undefined) return { reference: given, source: 'argument', warning: null };
  if (packageReferences.length > 0 && packageReferences.every((r) => r !== undefined)) {
    return { reference: packageReferences.join('|'), source: 'package', warning: null };
  }
  let best: GroupCounts | null = null;
  let bestN = -1;
  for (const g of groups) {
    const n = Object.values(g.cells).reduce((s, v) => s + v, 0);
    if (n > bestN) (best = g), (bestN = n);
  }
  const reference = best?.group ?? '';
  return {
    reference, source: 'largest',
    warning: `The package names no reference group for ${attribute}, so the largest group, "${reference}", is the reference; give --reference to choose another.`,
  };
}
