import { quoteIdent, type CaseDb } from '../../case/index.ts';
import type { LogPageResult, LogPageSummary, MethodArgs } from '../contract.ts';
import { AssayError } from '../errors.ts';
import type { HandlerContext } from '../handler-context.ts';
import { getLogRow } from './log-handlers.ts';

type PageArgs = MethodArgs<'log.page'>;
type Param = string | number | null;

const OPERATORS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/;
/** A column type as information_schema reports it, safe to write into a CAST. */
const SAFE_TYPE = /^[A-Z][A-Z0-9 _(),]*$/;
const HISTOGRAM_BINS = 20;
const DAY_MS = 86_400_000;
/** Rows per bucket of `_row` when a page is found by position among the matching rows (see pageByRow). */
const ROW_BUCKET = 8192;

/** Builds the WHERE clause of a log.page call with $n parameters; every column is checked against the log's own. */
function whereClause(args: PageArgs, types: Map<string, string>, params: Param[]): string {
  const parts: string[] = [];
  const param = (v: Param): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const column = (name: string, where: string): { ident: string; type: string } => {
    const type = types.get(name);
    if (type === undefined) {
      throw new AssayError('BAD_ARGUMENT', `The log "${args.log}" has no column "${name}" (${where}); its columns are ${[...types.keys()].join(', ')}.`, { column: name });
    }
    return { ident: quoteIdent(name), type };
  };
  for (const [i, f] of (args.filters ?? []).entries()) {
    const { ident, type } = column(f.column, `filters.${i}`);
    if (f.op === 'isnull' || f.op === 'notnull') {
      parts.push(`${ident} IS ${f.op === 'isnull' ? '' : 'NOT '}NULL`);
      continue;
    }
    if (f.value === undefined || f.value === null) {
      throw new AssayError('BAD_ARGUMENT', `The filter on "${f.column}" with ${f.op} needs a value (filters.${i}.value).`, { column: f.column });
    }
    if (f.op === 'contains') {
      parts.push(`contains(lower(CAST(${ident} AS VARCHAR)), lower(${param(String(f.value))}))`);
      continue;
    }
    const op = OPERATORS[f.op]!;
    if (NUMERIC.test(type)) {
      const n = typeof f.value === 'number' ? f.value : Number(f.value);
      if (typeof f.value === 'string' && (f.value.trim() === '' || !Number.isFinite(n))) {
        throw new AssayError('BAD_ARGUMENT', `The column "${f.column}" holds numbers; "${f.value}" is not one (filters.${i}.value).`, { column: f.column });
      }
      parts.push(`${ident} ${op} ${param(n)}`);
    } else if (SAFE_TYPE.test(type) && type !== 'VARCHAR') {
      parts.push(`${ident} ${op} TRY_CAST(${param(String(f.value))} AS ${type})`);
    } else {
      parts.push(`CAST(${ident} AS VARCHAR) ${op} ${param(String(f.value))}`);
    }
  }
  if (args.decision !== undefined) parts.push(`${column('decision', 'decision').ident} = ${param(args.decision)}`);
  if (args.scoreMin !== undefined) parts.push(`${column('score', 'scoreMin').ident} >= ${param(args.scoreMin)}`);
  if (args.scoreMax !== undefined) parts.push(`${column('score', 'scoreMax').ident} <= ${param(args.scoreMax)}`);
  for (const [key, op] of [['from', '>='], ['to', '<']] as const) {
    const value = args[key];
    if (value === undefined) continue;
    if (Number.isNaN(Date.parse(value))) {
      throw new AssayError('BAD_ARGUMENT', `${key} takes a date or timestamp such as 2024-03-01 or 2024-03-01T12:00:00Z, not "${value}".`, { [key]: value });
    }
    parts.push(`${column('timestamp', key).ident} ${op} CAST(${param(value)} AS TIMESTAMPTZ)`);
  }
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

async function summarise(db: CaseDb, table: string, where: string, params: Param[], types: Map<string, string>): Promise<LogPageSummary> {
  const scoreCounts: Record<string, number[]> = {};
  const hasDecision = types.has('decision');
  // grouped by the decision itself, not its text: a cast per row would cost more than the whole aggregate
  const decision = hasDecision ? '"decision"' : 'NULL';
  if (types.has('score')) {
    const rows = await db.query<{ d: unknown; bin: number; n: number }>(
      `SELECT ${decision} AS d, CAST(least(greatest(floor("score" * ${HISTOGRAM_BINS}), 0), ${HISTOGRAM_BINS - 1}) AS INTEGER) AS bin, count(*) AS n
       FROM ${table} ${where} ${where ? 'AND' : 'WHERE'} "score" IS NOT NULL GROUP BY ALL ORDER BY 1, 2`,
      params,
    );
    for (const r of rows) {
      const key = r.d === null || r.d === undefined ? 'null' : String(r.d);
      scoreCounts[key] ??= new Array<number>(HISTOGRAM_BINS).fill(0);
      scoreCounts[key][r.bin] = Number(r.n);
    }
  }
  let monthly: LogPageSummary['monthly'] = [];
  if (types.has('timestamp')) {
    // counted by UTC day (integer arithmetic on epoch milliseconds) and summed into months here: a time-zone
    // conversion and strftime per row cost several times the rest of the summary
    const rows = await db.query<{ day: number; decision: number | null; n: number }>(
      `SELECT CAST(floor(epoch_ms("timestamp") / ${DAY_MS}) AS BIGINT) AS day, ${hasDecision ? '"decision"' : 'NULL'} AS decision, count(*) AS n
       FROM ${table} ${where} ${where ? 'AND' : 'WHERE'} "timestamp" IS NOT NULL GROUP BY ALL`,
      params,
    );
    const months = new Map<string, { month: string; decision: number | null; count: number }>();
    for (const r of rows) {
      const month = new Date(Number(r.day) * DAY_MS).toISOString().slice(0, 7);
      const d = r.decision === null ? null : Number(r.decision);
      const key = `${month} ${d}`;
      const m = months.get(key) ?? { month, decision: d, count: 0 };
      m.count += Number(r.n);
      months.set(key, m);
    }
    // as ORDER BY month, decision (NULLS LAST)
    monthly = [...months.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : (a.decision ?? Infinity) - (b.decision ?? Infinity)));
  }
  return { bins: HISTOGRAM_BINS, scoreCounts, monthly };
}

/**
 * A page in the log's own order (by `_row`) found by `_row` ranges rather than OFFSET, which would sort every matching
 * row before the page: deep into a large log that is a full sort per page. Without a filter and without gaps in `_row`
 * (no row quarantined) the row at position p has `_row` min + p; else the matching rows are counted per bucket of
 * `bucket` `_row` values (one aggregate, which also gives the total) and only the buckets holding the page are sorted.
 */
export async function pageByRow(db: CaseDb, table: string, where: string, params: Param[], offset: number, limit: number, bucket: number = ROW_BUCKET): Promise<{ total: number; rows: Record<string, unknown>[] }> {
  const n = params.length;
  if (!where) {
    const s = await db.queryOne<{ lo: number | null; hi: number | null; n: number }>(`SELECT min("_row") AS lo, max("_row") AS hi, count(*) AS n FROM ${table}`);
    const total = Number(s?.n ?? 0);
    if (total === 0 || s?.lo === null || s?.hi === null) return { total, rows: [] };
    if (Number(s!.hi) - Number(s!.lo) + 1 === total) {
      const from = Number(s!.lo) + offset;
      return { total, rows: await db.query(`SELECT * FROM ${table} WHERE "_row" >= CAST($1 AS BIGINT) AND "_row" < CAST($2 AS BIGINT) ORDER BY "_row"`, [from, from + limit]) };
    }
  }
  const buckets = await db.query<{ b: number; n: number }>(
    `SELECT CAST(floor("_row" / ${bucket}) AS BIGINT) AS b, count(*) AS n FROM ${table} ${where} GROUP BY 1 ORDER BY 1`,
    params,
  );
  let total = 0;
  let first: number | null = null;
  let last: number | null = null;
  let before = 0;
  for (const r of buckets) {
    const count = Number(r.n);
    if (first === null && total + count > offset) {
      first = Number(r.b);
      before = total;
    }
    total += count;
    if (last === null && first !== null && total >= offset + limit) last = Number(r.b);
  }
  if (first === null) return { total, rows: [] };
  // a JS number binds as DOUBLE; cast, so that the range filters the BIGINT column itself (and its zone maps)
  const range = `"_row" >= CAST($${n + 1} AS BIGINT)${last === null ? '' : ` AND "_row" < CAST($${n + 4} AS BIGINT)`}`;
  const rows = await db.query(
    `SELECT * FROM ${table} ${where ? `${where} AND` : 'WHERE'} ${range} ORDER BY "_row" LIMIT $${n + 2} OFFSET $${n + 3}`,
    [...params, first * bucket, limit, offset - before, ...(last === null ? [] : [(last + 1) * bucket])],
  );
  return { total, rows };
}

/** log.page: the decision explorer's server-side sort, filter and paging, with parameterised SQL and quoted identifiers. */
export async function readLogPage(ctx: HandlerContext, args: PageArgs): Promise<LogPageResult> {
  const db = await ctx.openCase();
  const log = await getLogRow(db, args.log);
  const table = quoteIdent(log.table_name);
  const columns = await db.query<{ name: string; type: string }>(
    'SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
    [log.table_name],
  );
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const params: Param[] = [];
  const where = whereClause(args, types, params);
  let order = '"_row"';
  if (args.sort) {
    if (!types.has(args.sort.column)) {
      throw new AssayError('BAD_ARGUMENT', `The log "${args.log}" has no column "${args.sort.column}" to sort by; its columns are ${[...types.keys()].join(', ')}.`, { column: args.sort.column });
    }
    order = `${quoteIdent(args.sort.column)} ${args.sort.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, "_row"`;
  }
  const offset = args.offset ?? 0;
  const limit = args.limit ?? 100;
  let total: number;
  let rows: Record<string, unknown>[];
  if (args.sort) {
    total = Number((await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${table} ${where}`, params))?.n ?? 0);
    rows = await db.query(
      `SELECT * FROM ${table} ${where} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
  } else {
    ({ total, rows } = await pageByRow(db, table, where, params, offset, limit));
  }
  const summary = args.summary ? await summarise(db, table, where, params, types) : null;
  return { log: args.log, total, offset, columns, rows, summary };
}
