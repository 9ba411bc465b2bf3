import type { Manifest } from '../packages/index.ts';
import { mappingRecord, type ColumnMapping } from './column-mapping.ts';
import type { LogSource, RejectTables, RowCheck, SourceColumn } from './source.ts';
import type { LogColumn } from './types.ts';
import { asBinary, asNumber, asSuggested, asText, asTimestamp, shown, type BinaryLabels, type Typed } from './value-sql.ts';

/** A column of the imported table with the SQL (over the source relation) that computes it. */
export interface PlanColumn extends LogColumn {
  expr: string;
}

/** A column kept as it is; from a text file it gets the type its values suggest when every kept value has it. */
export interface ExtraColumn {
  text: PlanColumn;
  typed: (PlanColumn & { bad: string }) | null;
}

export interface RowPlan {
  /** Values typed once per row over the source relation, as `expr AS tK` (see typedRelation). */
  typed: string[];
  /** The decision id as VARCHAR (NULL when empty): a column of the typed relation. */
  id: string;
  /** In order of precedence: a row gets the reason of the first check it fails. */
  checks: RowCheck[];
  /** True for a timestamp without a zone, or null. */
  naive: string | null;
  /** The model id as VARCHAR (a column of the typed relation), or null without a model_id column. */
  modelId: string | null;
  fixed: PlanColumn[];
  extras: ExtraColumn[];
  mapping: Record<string, string | null>;
}

function labelsOf(manifest: Manifest): BinaryLabels {
  const labels = manifest.outcome_labels ?? {};
  const pick = (...keys: string[]) => keys.map((k) => labels[k]).filter((v): v is string => typeof v === 'string');
  return { zero: pick('0', 'false'), one: pick('1', 'true') };
}

function labelHint(labels: BinaryLabels): string {
  const named = labels.zero.length && labels.one.length ? `, ${labels.zero[0]}/${labels.one[0]}` : '';
  return `0/1, true/false${named}`;
}

function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let k = 1; taken.has(name.toLowerCase()); k++) name = `${wanted}_${k}`;
  taken.add(name.toLowerCase());
  return name;
}

const sqlText = (s: string) => s.replaceAll("'", "''");

export function buildRowPlan(source: LogSource, mapping: ColumnMapping, manifest: Manifest): RowPlan {
  const byName = new Map(source.columns.map((c) => [c.name, c]));
  const col = (name: string | null): SourceColumn | null => (name === null ? null : byName.get(name) ?? null);
  const typed: string[] = [];
  const once = (expr: string): string => {
    const alias = `t${typed.length}`;
    typed.push(`${expr} AS ${alias}`);
    return alias;
  };
  const m = mapping.canonical;
  const checks: RowCheck[] = [...source.parseChecks];
  const fixed: PlanColumn[] = [];
  const add = (name: string, type: string, role: LogColumn['role'], src: SourceColumn | null, expr: string) =>
    fixed.push({ name, type, role, source: src?.name ?? null, expr: src ? expr : `CAST(NULL AS ${type})` });
  const check = (reason: RowCheck['reason'], when: string | null, detail: string) => {
    if (when) checks.push({ reason, when, detail });
  };
  const typedValue = (v: Typed): { alias: string; bad: string | null } => {
    const alias = once(v.value);
    return { alias, bad: v.bad ? v.bad(alias) : null };
  };

  const idCol = col(m.decision_id)!;
  const id = once(asText(idCol.sql, idCol.rawType));
  check('missing_id', `${id} IS NULL`, `'the decision id is empty'`);
  add('decision_id', 'VARCHAR', 'canonical', idCol, id);

  const tsCol = col(m.timestamp);
  let naive: string | null = null;
  if (tsCol) {
    const ts = asTimestamp(tsCol.sql, tsCol.rawType);
    const v = typedValue(ts);
    naive = ts.naive;
    check('bad_timestamp', v.bad, `'timestamp ' || ${shown(tsCol.sql)} || ' is not a date and time'`);
    add('timestamp', 'TIMESTAMPTZ', 'canonical', tsCol, v.alias);
  } else add('timestamp', 'TIMESTAMPTZ', 'canonical', null, '');
  const modelCol = col(m.model_id);
  const modelId = modelCol ? once(asText(modelCol.sql, modelCol.rawType)) : null;
  add('model_id', 'VARCHAR', 'canonical', modelCol, modelId ?? '');
  const versionCol = col(m.model_version);
  add('model_version', 'VARCHAR', 'canonical', versionCol, versionCol ? asText(versionCol.sql, versionCol.rawType) : '');

  const scoreCol = col(m.score);
  if (scoreCol) {
    const v = typedValue(asNumber(scoreCol.sql, scoreCol.rawType));
    check('bad_value', v.bad, `'score ' || ${shown(scoreCol.sql)} || ' is not a number'`);
    check('bad_value', `(${v.alias} < 0 OR ${v.alias} > 1)`, `'score ' || ${shown(scoreCol.sql)} || ' is not a probability between 0 and 1'`);
    add('score', 'DOUBLE', 'canonical', scoreCol, v.alias);
  } else add('score', 'DOUBLE', 'canonical', null, '');

  const labels = labelsOf(manifest);
  const decisionCol = col(m.decision);
  const decision = decisionCol ? typedValue(asBinary(decisionCol.sql, decisionCol.rawType, labels)) : null;
  add('decision', 'INTEGER', 'canonical', decisionCol, decision?.alias ?? '');
  add('decision_label', 'VARCHAR', 'canonical', decisionCol, decisionCol ? asText(decisionCol.sql, decisionCol.rawType) : '');

  const outcomeCol = col(m.outcome);
  if (outcomeCol) {
    const v = typedValue(asBinary(outcomeCol.sql, outcomeCol.rawType, labels));
    check('bad_value', v.bad, `'outcome ' || ${shown(outcomeCol.sql)} || ' is not ${labelHint(labels)} or empty'`);
    add('outcome', 'INTEGER', 'canonical', outcomeCol, v.alias);
  } else add('outcome', 'INTEGER', 'canonical', null, '');

  const missing: RowCheck[] = [];
  for (const f of manifest.features) {
    const c = col(mapping.features[f.name] ?? null)!;
    const name = sqlText(f.name);
    if (f.type === 'numeric') {
      const v = typedValue(asNumber(c.sql, c.rawType));
      check('bad_value', v.bad, `'feature "${name}": ' || ${shown(c.sql)} || ' is not a number'`);
      missing.push({ reason: 'missing_value', when: `${v.alias} IS NULL`, detail: `'feature "${name}" is empty'` });
      add(f.name, 'DOUBLE', 'feature', c, v.alias);
    } else {
      const v = once(asText(c.sql, c.rawType));
      missing.push({ reason: 'missing_value', when: `${v} IS NULL`, detail: `'feature "${name}" is empty'` });
      add(f.name, 'VARCHAR', 'feature', c, v);
    }
  }
  checks.push(...missing);
  if (decisionCol && decision?.bad) {
    check('bad_decision', decision.bad, `'decision ' || ${shown(decisionCol.sql)} || ' is not ${labelHint(labels)}'`);
  }

  for (const [p, name] of Object.entries(mapping.protected)) {
    const c = col(name);
    if (c) add(p, 'VARCHAR', 'protected', c, asText(c.sql, c.rawType));
  }

  const taken = new Set(['_row', ...fixed.map((c) => c.name.toLowerCase())]);
  const used = new Set(fixed.map((c) => c.source).filter((s): s is string => s !== null));
  const extras: ExtraColumn[] = source.columns.filter((c) => !used.has(c.name)).map((c) => {
    const text: PlanColumn = { name: uniqueName(c.name, taken), type: c.rawType, role: 'extra', source: c.name, expr: c.sql };
    const suggested = c.rawType === 'VARCHAR' ? asSuggested(c.sql, c.suggestedType) : null;
    if (!suggested) return { text, typed: null };
    const v = typedValue(suggested);
    return { text, typed: { ...text, type: c.suggestedType, expr: v.alias, bad: v.bad! } };
  });

  return { typed, id, checks, naive, modelId, fixed, extras, mapping: mappingRecord(mapping) };
}

/** The source relation with the plan's typed values added as columns t0, t1, ... */
export function typedRelation(source: LogSource, plan: RowPlan, rejects?: RejectTables): string {
  return `(SELECT *, ${plan.typed.join(', ')} FROM ${source.relation(rejects)})`;
}

/** The table's columns once it is known which typed extras hold a value of another type (those stay text). */
export function tableColumns(plan: RowPlan, untyped: ReadonlySet<string>): PlanColumn[] {
  return [...plan.fixed, ...plan.extras.map((e) => (e.typed && !untyped.has(e.text.name) ? e.typed : e.text))];
}
