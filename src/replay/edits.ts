import { AssayError } from '../api/errors.ts';
import type { Feature, Manifest } from '../packages/index.ts';

export interface ValidatedEdit {
  column: string;
  /** The model input edited; null for a protected attribute the model does not take (allowed in population what-ifs). */
  feature: Feature | null;
  value: string | number;
}

export interface EditOptions {
  /** Accept protected attributes that are not model inputs (they change no score; a warning says so). */
  allowProtectedNonInputs: boolean;
}

function inputList(manifest: Manifest): string {
  return manifest.features.map((f) => f.name).join(', ');
}

function numericValue(feature: Feature, raw: string | number): number {
  const n = typeof raw === 'number' ? raw : raw.trim() === '' ? Number.NaN : Number(raw.trim());
  if (!Number.isFinite(n)) {
    throw new AssayError('BAD_ARGUMENT', `The value "${String(raw)}" given for ${feature.name} is not a number, but ${feature.name} is a numeric input of the model. Give a number, e.g. ${feature.name}=42.`, { column: feature.name, value: String(raw) });
  }
  return n;
}

/**
 * Checks edits against the model's inputs: the column must be an input, a numeric input takes a number; a
 * categorical value never seen in training is allowed with a warning, as the model then handles it as unseen.
 */
export function validateEdits(set: Record<string, string | number>, manifest: Manifest, ref: string, options: EditOptions): { edits: ValidatedEdit[]; warnings: string[] } {
  const warnings: string[] = [];
  const edits: ValidatedEdit[] = [];
  const protectedNames = new Set(manifest.protected_attributes.map((p) => p.name));
  for (const [column, raw] of Object.entries(set)) {
    const feature = manifest.features.find((f) => f.name === column);
    if (!feature) {
      if (protectedNames.has(column) && options.allowProtectedNonInputs) {
        warnings.push(`${column} is a protected attribute but not an input of the model of ${ref}, so setting it changes no score.`);
        edits.push({ column, feature: null, value: String(raw) });
        continue;
      }
      const why = protectedNames.has(column) ? ` (${column} is a protected attribute the model does not take as input, so no edit of it can change a score)` : '';
      throw new AssayError('BAD_ARGUMENT', `"${column}" is not an input of the model of ${ref}${why}. Its inputs are: ${inputList(manifest)}.`, { column, inputs: manifest.features.map((f) => f.name) });
    }
    if (feature.type === 'numeric') {
      const value = numericValue(feature, raw);
      if (feature.min !== undefined && value < feature.min) warnings.push(`${column}=${value} is below the minimum ${feature.min} the manifest declares.`);
      if (feature.max !== undefined && value > feature.max) warnings.push(`${column}=${value} is above the maximum ${feature.max} the manifest declares.`);
      edits.push({ column, feature, value });
    } else {
      const value = String(raw);
      if (!feature.levels.includes(value)) {
        warnings.push(`${column}="${value}" was never seen in training (its levels are ${feature.levels.join(', ')}); the model handles it as an unseen value.`);
      }
      edits.push({ column, feature, value });
    }
  }
  return { edits, warnings };
}
