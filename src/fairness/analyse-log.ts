import { AssayError } from '../api/errors.ts';
import { assembleCounts, type SqlRow } from './assemble-counts.ts';
import { chooseReference, isNumericType, locateAttributes, type ColumnInfo } from './attribute-columns.ts';
import { planAttribute, quantileProbabilities, quantilesNeeded, type AttributePlan, type BinSpec } from './attribute-plan.ts';
import { consistency, CONSISTENCY_NEIGHBOURS, encodeFeatures, sampleIndices, type FeatureColumn } from './consistency.ts';
import { consistencyRowsSql, decisionRowCountSql } from './consistency-sql.ts';
import { decodeGroupCode, groupCountsSql, groupLevels, groupRanksSql, numericProfileSql } from './counts-sql.ts';
import { checkGroups, computeFairness, DEFAULT_MIN_GROUP_SIZE } from './fairness-report.ts';
import { describeFileSql, duplicateFileIdsSql, type LogSource } from './log-source.ts';
import { proxyStrengths } from './proxies.ts';
import { decileEdgesSql, proxyTablesSql, type ProxyFeature } from './proxy-sql.ts';
import type { SqlQuery, SqlValue } from './sql-text.ts';
import { thresholdSweep } from './threshold-sweep.ts';
import { thresholdSweepSql } from './threshold-sweep-sql.ts';
import type { DatasetWide, Favorable, FairnessReport, ProxyStrength, SweepPoint } from './types.ts';

/**
 * The sequence of queries behind a fairness analysis. The fairness engine never touches DuckDB: the caller injects
 * `query` (the service passes CaseDb.query), exactly as the explanation engine gets an injected predict().
 */
export interface SqlRunner {
  query(sql: string, params: SqlValue[]): Promise<SqlRow[]>;
}

export interface AnalyseOptions {
  log: { name: string; table: string };
  /** One attribute, or several for their intersection ("a|b" groups, in this order). */
  attributes: readonly string[];
  reference?: string;
  favorable: Favorable;
  /** The package's reference group of each protected attribute it declares. */
  packageReferences: Readonly<Record<string, string | undefined>>;
  /** The model's inputs (for consistency and proxies); those missing from the log are skipped. */
  features: readonly { name: string; type: 'numeric' | 'categorical' }[];
  minGroupSize?: number;
  bins?: Readonly<Record<string, BinSpec>>;
  attributesFile?: string | null;
  bootstrap?: number;
  seed?: number;
  proxies?: boolean;
  /** Decision thresholds for a sweep of the metrics (decision = score ≥ t); none by default. */
  thresholds?: readonly number[];
  /** Consistency is exact up to this many rows and uses a seeded sample of this size above; 0 skips it. */
  consistencyLimit?: number;
  signal?: AbortSignal;
  onProgress?: (stage: string) => void;
}

export const DEFAULT_CONSISTENCY_LIMIT = 2000;

async function run(db: SqlRunner, q: SqlQuery): Promise<SqlRow[]> {
  return db.query(q.sql, q.params);
}

function columnsOf(rows: readonly SqlRow[], nameKey: string, typeKey: string): ColumnInfo[] {
  return rows.map((r) => ({ name: String(r[nameKey]), type: String(r[typeKey]) }));
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AssayError('CANCELLED', 'The fairness analysis was cancelled; nothing was recorded.');
}

async function planAttributes(db: SqlRunner, src: LogSource, o: AnalyseOptions, types: Record<string, string>, warnings: string[]): Promise<AttributePlan[]> {
  for (const name of Object.keys(o.bins ?? {})) {
    if (!o.attributes.includes(name)) {
      throw new AssayError('BAD_ARGUMENT', `--bins names "${name}", which is not among the attributes analysed (${o.attributes.join(', ')}).`, { attribute: name });
    }
  }
  const plans: AttributePlan[] = [];
  for (const name of o.attributes) {
    const numeric = isNumericType(types[name]!);
    const bins = o.bins?.[name];
    let distinct = 0;
    let quantileEdges: number[] | undefined;
    if (numeric) {
      distinct = Number((await run(db, numericProfileSql(src, name, [])))[0]?.distinct_values ?? 0);
      const q = quantilesNeeded({ name, numeric, distinct, bins });
      if (q !== null) {
        const row = (await run(db, numericProfileSql(src, name, quantileProbabilities(q))))[0];
        quantileEdges = ((row?.quantiles as number[] | null) ?? []).map(Number);
      }
    }
    const { plan, warning } = planAttribute({ name, numeric, distinct, bins, quantileEdges });
    if (warning) warnings.push(warning);
    plans.push(plan);
  }
  return plans;
}

async function datasetConsistency(db: SqlRunner, o: AnalyseOptions, logColumns: readonly ColumnInfo[]): Promise<Pick<DatasetWide, 'consistency' | 'consistencyDetail'>> {
  const limit = o.consistencyLimit ?? DEFAULT_CONSISTENCY_LIMIT;
  const features = o.features.filter((f) => logColumns.some((c) => c.name === f.name));
  if (limit === 0 || features.length === 0) return { consistency: null, consistencyDetail: null };
  const count = (await run(db, decisionRowCountSql(o.log.table)))[0] ?? {};
  const n = Number(count.n ?? 0);
  const dense = n > 0 && Number(count.distinct_rows) === n && Number(count.last_row) - Number(count.first_row) + 1 === n;
  const sampled = n > limit;
  const seed = o.seed ?? 0;
  const positions = sampled ? sampleIndices(n, limit, seed) : null;
  const rows = await run(db, consistencyRowsSql(o.log.table, features.map((f) => f.name), positions, dense ? Number(count.first_row) : null));
  const columns: FeatureColumn[] = features.map((f) => ({
    name: f.name, kind: f.type,
    values: rows.map((r) => {
      const v = r[f.name];
      if (v === null || v === undefined) return null;
      return f.type === 'numeric' ? Number(v) : String(v);
    }),
  }));
  const { matrix, width } = encodeFeatures(columns, rows.length);
  const decisions = Float64Array.from(rows, (r) => Number(r.decision));
  return {
    consistency: consistency(matrix, width, decisions, CONSISTENCY_NEIGHBOURS),
    consistencyDetail: { rows: rows.length, sampled, seed: sampled ? seed : null, neighbours: CONSISTENCY_NEIGHBOURS },
  };
}

async function featureProxies(db: SqlRunner, src: LogSource, o: AnalyseOptions, plans: readonly AttributePlan[], logColumns: readonly ColumnInfo[]): Promise<ProxyStrength[]> {
  const present = o.features.filter((f) => logColumns.some((c) => c.name === f.name));
  if (present.length === 0) return [];
  const numeric = present.filter((f) => f.type === 'numeric').map((f) => f.name);
  const edgesRow = numeric.length ? (await run(db, decileEdgesSql(src, numeric)))[0] ?? {} : {};
  const features: ProxyFeature[] = present.map((f) => {
    if (f.type === 'categorical') return { name: f.name, kind: 'categorical' };
    const q = (edgesRow[`q${numeric.indexOf(f.name)}`] as number[] | null) ?? [];
    return { name: f.name, kind: 'numeric', edges: [...new Set(q.map(Number))].sort((a, b) => a - b) };
  });
  const out: ProxyStrength[] = [];
  for (const plan of plans) {
    checkCancelled(o.signal);
    out.push(...proxyStrengths(plan.name, features, await run(db, proxyTablesSql(src, plan, features))));
  }
  return out;
}

/** Runs the fairness analysis of one log: the queries through `db`, the metrics in pure code. */
export async function analyseLog(db: SqlRunner, o: AnalyseOptions): Promise<FairnessReport> {
  const attribute = o.attributes.join('|');
  const warnings: string[] = [];
  const logColumns = columnsOf(
    await db.query('SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [o.log.table]),
    'name', 'type',
  );
  let file: { path: string; columns: ColumnInfo[] } | null = null;
  if (o.attributesFile) {
    file = { path: o.attributesFile, columns: columnsOf(await db.query(describeFileSql(o.attributesFile), []), 'column_name', 'column_type') };
  }
  const located = locateAttributes(o.attributes, { name: o.log.name, columns: logColumns }, file);
  warnings.push(...located.warnings);
  if (file && located.fromFile.length > 0) {
    const dups = await db.query(duplicateFileIdsSql(file.path), []);
    if (dups.length > 0) {
      throw new AssayError('BAD_ARGUMENT', `The attributes file ${file.path} lists decision ${String(dups[0]!.id)} ${String(dups[0]!.n)} times; each decision_id may occur once.`, { file: file.path, decisionId: dups[0]!.id });
    }
  }
  const src: LogSource = { table: o.log.table, attributesFile: located.fromFile.length > 0 ? file!.path : null, fileColumns: located.fromFile };

  o.onProgress?.('fairness: planning groups');
  const plans = await planAttributes(db, src, o, located.types, warnings);
  checkCancelled(o.signal);
  o.onProgress?.('fairness: counting groups');
  const countRows = await run(db, groupCountsSql(src, plans));
  checkCancelled(o.signal);
  o.onProgress?.('fairness: ranking scores');
  const levels = groupLevels(plans, countRows);
  const rankRows = decodeGroupCode(levels, await run(db, groupRanksSql(src, plans, levels)));
  const counts = assembleCounts(plans, countRows, rankRows);
  if (counts.invalidDecisions > 0) warnings.push(`${counts.invalidDecisions} rows have a decision that is not 0 or 1 and were left out.`);

  const choice = chooseReference(attribute, o.reference, o.attributes.map((a) => o.packageReferences[a]), counts.groups);
  if (choice.warning) warnings.push(choice.warning);
  if (choice.source === 'package' && counts.groups.length > 1 && !counts.groups.some((g) => g.group === choice.reference)) {
    throw new AssayError('NOT_FOUND', `The package's reference group "${choice.reference}" does not occur in "${attribute}" (its groups: ${counts.groups.map((g) => g.group).join(', ')}). Give --reference with one of them.`, { attribute, reference: choice.reference });
  }
  checkGroups(attribute, counts.groups, choice.reference);

  checkCancelled(o.signal);
  o.onProgress?.('fairness: consistency');
  const cons = await datasetConsistency(db, o, logColumns);
  checkCancelled(o.signal);
  let proxies: ProxyStrength[] | null = null;
  if (o.proxies) {
    o.onProgress?.('fairness: proxies');
    proxies = await featureProxies(db, src, o, plans, logColumns);
  }
  let sweep: SweepPoint[] | null = null;
  if (o.thresholds && o.thresholds.length > 0) {
    checkCancelled(o.signal);
    o.onProgress?.('fairness: threshold sweep');
    const thresholds = [...new Set(o.thresholds)].sort((a, b) => a - b);
    sweep = thresholdSweep(plans, await run(db, thresholdSweepSql(src, plans, thresholds)), thresholds, choice.reference, o.favorable);
  }
  checkCancelled(o.signal);
  o.onProgress?.('fairness: metrics');
  return computeFairness({
    attribute, groups: counts.groups, reference: choice.reference, favorable: o.favorable,
    minGroupSize: o.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE, missingAttribute: counts.missingAttribute,
    bootstrap: o.bootstrap ? { replicates: o.bootstrap, seed: o.seed ?? 0 } : null,
    consistency: cons, proxies, thresholdSweep: sweep, warnings,
  });
}
