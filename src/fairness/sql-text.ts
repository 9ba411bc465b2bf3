/**
 * SQL text for the service to run: identifiers and file paths quoted (the same rules as src/case/sql.ts, which this
 * pure layer may not import), every value a positional parameter.
 */
export type SqlValue = string | number;

export interface SqlQuery {
  sql: string;
  params: SqlValue[];
}

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Collects parameters while SQL text is written: `p.add(v)` returns its placeholder `$n`. */
export class Params {
  readonly values: SqlValue[] = [];

  add(v: SqlValue): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }

  /** A DOUBLE placeholder (edges and probabilities must compare as doubles, not as DuckDB decimals). */
  double(v: number): string {
    return `CAST(${this.add(v)} AS DOUBLE)`;
  }
}
