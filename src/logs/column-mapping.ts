import { AssayError } from '../api/errors.ts';
import type { Manifest } from '../packages/index.ts';
import { CANONICAL_FIELDS, type CanonicalField } from './types.ts';

/** Column names that are taken for a canonical field when the user maps nothing, in order of preference. */
export const FIELD_NAMES: Record<CanonicalField, readonly string[]> = {
  decision_id: ['decision_id', 'decisionid', 'id', 'request_id', 'application_id', 'case_id'],
  timestamp: ['timestamp', 'ts', 'time', 'datetime', 'decided_at', 'decision_time', 'created_at', 'date'],
  model_id: ['model_id'],
  model_version: ['model_version'],
  score: ['score', 'probability', 'proba', 'p', 'risk_score', 'prediction_score'],
  decision: ['decision', 'prediction', 'predicted', 'approved', 'action'],
  outcome: ['outcome', 'actual', 'truth', 'target', 'y', 'observed'],
};

export interface ColumnMapping {
  canonical: Record<CanonicalField, string | null>;
  features: Record<string, string | null>;
  /** Protected attributes that are not model features. */
  protected: Record<string, string | null>;
}

const key = (s: string) => s.trim().toLowerCase();

function listNames(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

class ColumnPool {
  private readonly used = new Set<string>();
  constructor(readonly columns: readonly string[]) {}

  take(column: string): string {
    this.used.add(column);
    return column;
  }

  /** An unused column with this name, exactly or case-insensitively. */
  byName(name: string): string | null {
    const free = this.columns.filter((c) => !this.used.has(c));
    return free.find((c) => c === name) ?? free.find((c) => key(c) === key(name)) ?? null;
  }

  /** An unused flattened column ending in `.name` when exactly one does (`applicant.age` for `age`). */
  bySuffix(name: string): string | null {
    const hits = this.columns.filter((c) => !this.used.has(c) && key(c).endsWith('.' + key(name)));
    return hits.length === 1 ? hits[0]! : null;
  }
}

function targetsOf(manifest: Manifest): { canonical: readonly string[]; features: string[]; protected: string[] } {
  const features = manifest.features.map((f) => f.name);
  const protectedOnly = manifest.protected_attributes.map((p) => p.name).filter((p) => !features.some((f) => key(f) === key(p)));
  return { canonical: CANONICAL_FIELDS, features, protected: protectedOnly };
}

/** Validates `--map field=column` entries: a known field on the left, a column of the file (or "" for none) on the right. */
function checkOverrides(overrides: Record<string, string>, columns: readonly string[], manifest: Manifest): Map<string, string | null> {
  const t = targetsOf(manifest);
  const fields = [...t.canonical, ...t.features, ...t.protected];
  const out = new Map<string, string | null>();
  for (const [rawField, rawColumn] of Object.entries(overrides)) {
    const field = fields.find((f) => f === rawField) ?? fields.find((f) => key(f) === key(rawField));
    if (!field) {
      throw new AssayError('BAD_ARGUMENT', `--map ${rawField}=${rawColumn}: "${rawField}" is not a field of a decision log for this package. Map one of ${listNames(fields)}.`, { field: rawField });
    }
    if (rawColumn.trim() === '') {
      out.set(field, null);
      continue;
    }
    const column = columns.find((c) => c === rawColumn) ?? columns.find((c) => key(c) === key(rawColumn));
    if (!column) {
      throw new AssayError('BAD_ARGUMENT', `--map ${rawField}=${rawColumn}: the log has no column "${rawColumn}". Its columns are ${listNames(columns)}.`, { field, column: rawColumn, columns });
    }
    out.set(field, column);
  }
  return out;
}

/**
 * Which column of the file holds each canonical field, feature and protected attribute: the user's `--map` first,
 * then features and protected attributes by name (or a unique `parent.name`), then canonical fields by common names
 * (and the manifest's `label` for the outcome), each column used once.
 */
export function resolveMapping(columns: readonly string[], manifest: Manifest, overrides: Record<string, string> = {}): ColumnMapping {
  const explicit = checkOverrides(overrides, columns, manifest);
  const pool = new ColumnPool(columns);
  for (const c of explicit.values()) if (c !== null) pool.take(c);
  const t = targetsOf(manifest);
  const find = (field: string, names: readonly string[], suffix: boolean): string | null => {
    if (explicit.has(field)) return explicit.get(field)!;
    for (const n of names) {
      const hit = pool.byName(n) ?? (suffix ? pool.bySuffix(n) : null);
      if (hit) return pool.take(hit);
    }
    return null;
  };
  const features = Object.fromEntries(t.features.map((f) => [f, find(f, [f], true)]));
  const protectedCols = Object.fromEntries(t.protected.map((p) => [p, find(p, [p], true)]));
  const canonical = {} as Record<CanonicalField, string | null>;
  for (const field of CANONICAL_FIELDS) {
    const names = field === 'outcome' && manifest.label ? [...FIELD_NAMES.outcome, manifest.label] : FIELD_NAMES[field];
    canonical[field] = find(field, names, false);
  }
  return { canonical, features, protected: protectedCols };
}

/** What a mapping can point at: the canonical fields, the model's inputs and protected attributes that are not inputs. */
export function mappingTargets(manifest: Manifest): { name: string; kind: 'canonical' | 'feature' | 'protected'; type: string; required: boolean }[] {
  const t = targetsOf(manifest);
  return [
    ...t.canonical.map((name) => ({ name, kind: 'canonical' as const, type: name === 'decision_id' ? 'text' : name === 'timestamp' ? 'timestamp' : name === 'score' ? 'numeric' : name.startsWith('model') ? 'text' : 'label', required: name === 'decision_id' })),
    ...manifest.features.map((f) => ({ name: f.name, kind: 'feature' as const, type: f.type, required: true })),
    ...t.protected.map((name) => ({ name, kind: 'protected' as const, type: 'categorical', required: false })),
  ];
}

/** The mapping as one record (canonical fields, then features, then protected attributes). */
export function mappingRecord(m: ColumnMapping): Record<string, string | null> {
  return { ...m.canonical, ...m.features, ...m.protected };
}

/** LOG_MISMATCH when the decision id or a model feature has no column. */
export function requireColumns(m: ColumnMapping, columns: readonly string[], logName: string, packageRef: string): void {
  const single = columns.length === 1
    ? ` The file has a single column "${columns[0]}": if its lines hold several values, the delimiter was not recognised; save it as comma-separated CSV.`
    : '';
  const missing = Object.entries(m.features).filter(([, c]) => c === null).map(([f]) => f);
  if (missing.length > 0) {
    throw new AssayError(
      'LOG_MISMATCH',
      `The log ${logName} lacks the model's feature${missing.length > 1 ? 's' : ''} ${listNames(missing)} (package ${packageRef}); its columns are ${listNames(columns)}. Map them with --map FEATURE=COLUMN, or check that the log belongs to this package.${single}`,
      { missingFeatures: missing, columns, packageRef },
    );
  }
  if (m.canonical.decision_id === null) {
    throw new AssayError(
      'LOG_MISMATCH',
      `The log ${logName} has no decision id column: none of its columns (${listNames(columns)}) is named ${FIELD_NAMES.decision_id.join(', ')}. Name it with --map decision_id=COLUMN.${single}`,
      { columns },
    );
  }
}
