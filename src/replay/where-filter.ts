import type { WhereCondition } from '../api/contract-replay.ts';
import { AssayError } from '../api/errors.ts';
import { quoteIdent, type CaseDb, type SqlParam } from '../case/index.ts';
import { isNumericType, type LogColumn } from './log-columns.ts';

export interface CompiledWhere {
  /** A boolean SQL expression ("TRUE" without conditions) over the log's columns, with $n placeholders. */
  sql: string;
  params: SqlParam[];
}

const TEMPORAL = /^(DATE|TIME.*|TIMESTAMP.*)$/;

type Scalar = string | number | boolean;

function describe(c: WhereCondition): string {
  const v = Array.isArray(c.value) ? c.value.join(c.op === 'between' ? '..' : ',') : String(c.value);
  return `${c.column} ${c.op} ${v}`;
}

async function coerce(db: CaseDb, condition: WhereCondition, column: LogColumn, value: Scalar): Promise<SqlParam> {
  if (isNumericType(column.type)) {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) {
      throw new AssayError('BAD_ARGUMENT', `The filter "${describe(condition)}" compares the numeric column ${column.name} with "${String(value)}", which is not a number.`, { column: column.name, value: String(value) });
    }
    return n;
  }
  if (column.type === 'BOOLEAN') {
    const text = String(value).toLowerCase();
    if (text !== 'true' && text !== 'false') {
      throw new AssayError('BAD_ARGUMENT', `The filter "${describe(condition)}" compares the true/false column ${column.name} with "${String(value)}"; use true or false.`, { column: column.name, value: String(value) });
    }
    return text === 'true';
  }
  if (TEMPORAL.test(column.type)) {
    try {
      await db.query(`SELECT CAST($1 AS ${column.type}) AS v`, [String(value)]);
    } catch {
      throw new AssayError('BAD_ARGUMENT', `The filter "${describe(condition)}" compares the ${column.type.toLowerCase()} column ${column.name} with "${String(value)}", which is not one (write e.g. 2025-07-01 or 2025-07-01T00:00:00Z).`, { column: column.name, value: String(value) });
    }
    return String(value);
  }
  return String(value);
}

/**
 * Compiles structured conditions to parameterised SQL: column names are checked against the log and quoted,
 * values are bound as parameters and cast to the column's type, so no text of the caller reaches the SQL.
 */
export async function compileWhere(db: CaseDb, conditions: readonly WhereCondition[], columns: readonly LogColumn[], firstParam = 1, tableAlias: string | null = null): Promise<CompiledWhere> {
  const params: SqlParam[] = [];
  const parts: string[] = [];
  const byName = new Map(columns.map((c) => [c.name, c]));
  for (const condition of conditions) {
    const column = byName.get(condition.column);
    if (!column) {
      throw new AssayError('BAD_ARGUMENT', `The filter "${describe(condition)}" names the column "${condition.column}", which the log does not have (it has ${columns.map((c) => c.name).join(', ')}).`, { column: condition.column });
    }
    const placeholder = async (v: Scalar): Promise<string> => {
      params.push(await coerce(db, condition, column, v));
      const p = `$${firstParam + params.length - 1}`;
      return TEMPORAL.test(column.type) ? `CAST(${p} AS ${column.type})` : p;
    };
    const col = tableAlias ? `${tableAlias}.${quoteIdent(column.name)}` : quoteIdent(column.name);
    if (condition.op === 'between') {
      parts.push(`${col} BETWEEN ${await placeholder(condition.value[0])} AND ${await placeholder(condition.value[1])}`);
    } else if (condition.op === 'in') {
      const list: string[] = [];
      for (const v of condition.value) list.push(await placeholder(v));
      parts.push(`${col} IN (${list.join(', ')})`);
    } else {
      parts.push(`${col} ${condition.op} ${await placeholder(condition.value)}`);
    }
  }
  return { sql: parts.length ? parts.map((p) => `(${p})`).join(' AND ') : 'TRUE', params };
}

export function describeWhere(conditions: readonly WhereCondition[]): string {
  return conditions.map(describe).join(' and ');
}
