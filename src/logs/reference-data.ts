import { basename, resolve } from 'node:path';
import { AssayError } from '../api/errors.ts';
import { quoteIdent, type CaseDb } from '../case/index.ts';
import type { Manifest } from '../packages/index.ts';
import { resolveMapping } from './column-mapping.ts';
import { readHead } from './detect-format.ts';
import { chooseFormat, requireFile } from './import-request.ts';
import { openSource } from './open-source.ts';
import { collectRejects } from './rejects.ts';
import { Scratch } from './scratch.ts';
import type { LogSource } from './source.ts';
import { asNumber, asSuggested, asText } from './value-sql.ts';

interface RefColumn {
  name: string;
  /** The value as read. */
  raw: string;
  expr: string;
  /** True for a value that does not fit: an error for a feature, a reason to keep another column as text. */
  bad: string | null;
  feature: boolean;
}

function referenceColumns(source: LogSource, manifest: Manifest, fileName: string): RefColumn[] {
  const mapping = resolveMapping(source.columns.map((c) => c.name), manifest);
  const missing = manifest.features.filter((f) => mapping.features[f.name] === null).map((f) => f.name);
  if (missing.length > 0) {
    throw new AssayError(
      'PACKAGE_INVALID',
      `The reference data ${fileName} lacks the feature${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; its columns are ${source.columns.map((c) => `"${c.name}"`).join(', ')}. Add them to the reference data.`,
      { missingFeatures: missing },
    );
  }
  const byName = new Map(source.columns.map((c) => [c.name, c]));
  const out: RefColumn[] = manifest.features.map((f) => {
    const c = byName.get(mapping.features[f.name]!)!;
    if (f.type === 'categorical') return { name: f.name, raw: c.sql, expr: asText(c.sql, c.rawType), bad: null, feature: true };
    const n = asNumber(c.sql, c.rawType);
    return { name: f.name, raw: c.sql, expr: n.value, bad: n.bad ? n.bad(n.value) : null, feature: true };
  });
  const used = new Set(Object.values(mapping.features));
  const taken = new Set(out.map((c) => c.name.toLowerCase()));
  for (const c of source.columns.filter((x) => !used.has(x.name))) {
    let name = c.name;
    for (let k = 1; taken.has(name.toLowerCase()); k++) name = `${c.name}_${k}`;
    taken.add(name.toLowerCase());
    const typed = c.rawType === 'VARCHAR' ? asSuggested(c.sql, c.suggestedType) : null;
    out.push({ name, raw: c.sql, expr: typed?.value ?? c.sql, bad: typed?.bad ? typed.bad(typed.value) : null, feature: false });
  }
  return out;
}

/**
 * Writes a package's reference data to `table`: model features typed as for a log (numeric → DOUBLE, categorical →
 * VARCHAR), every other column kept (with the type its values have). A row DuckDB cannot parse, or a feature value
 * that is not a number, refuses the import.
 */
export async function importReferenceData(db: CaseDb, table: string, filePath: string, format: 'csv' | 'parquet', manifest: Manifest): Promise<{ rows: number }> {
  const path = resolve(filePath);
  requireFile(path);
  const fileName = basename(path);
  const head = readHead(path);
  const source = await openSource(db, path, chooseFormat(path, head, format), head);
  const columns = referenceColumns(source, manifest, fileName);
  return db.transaction(async () => {
    const exists = await db.queryOne("SELECT 1 AS x FROM duckdb_tables() WHERE NOT temporary AND table_name = $t", { t: table });
    if (exists) throw new AssayError('ALREADY_EXISTS', `The case already has a table "${table}". Choose another name for the reference data.`, { table });
    const scratch = new Scratch(db);
    const probes = columns.map((c, i) => `min(CASE WHEN ${c.bad ?? 'false'} THEN CAST(${c.raw} AS VARCHAR) END) AS b${i}`);
    await db.exec(`CREATE TEMP TABLE ${scratch.table('ref')} AS SELECT * FROM ${source.relation(source.recordsRejects ? scratch.rejects : undefined)}`, source.params);
    const rejected = await collectRejects(db, source, scratch);
    if (rejected > 0) {
      const first = await db.queryOne<{ src: number; msg: string }>(`SELECT _src AS src, _message AS msg FROM ${scratch.table('rejected')} ORDER BY _src LIMIT 1`);
      throw new AssayError('PACKAGE_INVALID', `The reference data ${fileName} has ${rejected} lines that cannot be parsed, the first at row ${first?.src}: ${first?.msg}. Fix the file.`, { rejected });
    }
    const badValue = (await db.queryOne<Record<string, string | null>>(`SELECT ${probes.join(', ')} FROM ${scratch.table('ref')}`))!;
    const select = columns.map((c, i) => {
      const bad = badValue[`b${i}`];
      if (bad === null || bad === undefined) return `${c.expr} AS ${quoteIdent(c.name)}`;
      if (!c.feature) return `${c.raw} AS ${quoteIdent(c.name)}`;
      throw new AssayError('PACKAGE_INVALID', `The reference data ${fileName} has the value "${bad}" in numeric feature "${c.name}". Fix the file.`, { feature: c.name, value: bad });
    });
    await db.exec(`CREATE TABLE ${quoteIdent(table)} AS SELECT ${select.join(', ')} FROM ${scratch.table('ref')}`);
    await scratch.dropAll();
    const n = await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
    return { rows: Number(n!.n) };
  });
}
