/** A model input as the package manifest declares it. */
export interface ModelInput {
  name: string;
  type: 'numeric' | 'categorical';
  levels: string[];
  description: string | null;
}

/** The inputs of a package's manifest (`features`), in the model's order. */
export function modelInputs(manifest: Record<string, unknown>): ModelInput[] {
  const features = Array.isArray(manifest.features) ? (manifest.features as Record<string, unknown>[]) : [];
  return features
    .filter((f) => typeof f.name === 'string')
    .map((f) => ({
      name: String(f.name),
      type: f.type === 'categorical' ? 'categorical' : 'numeric',
      levels: Array.isArray(f.levels) ? f.levels.map(String) : [],
      description: typeof f.description === 'string' ? f.description : null,
    }));
}

export function valueText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** The edits of a what-if form: the fields whose text differs from the decision's own value (numbers compared as numbers). */
export function editsOf(inputs: ModelInput[], original: Record<string, unknown>, values: Record<string, string>): Record<string, string | number> {
  const set: Record<string, string | number> = {};
  for (const f of inputs) {
    const v = values[f.name];
    if (v === undefined) continue;
    const was = valueText(original[f.name]);
    if (f.type === 'numeric') {
      if (v.trim() === '' || !Number.isFinite(Number(v))) continue;
      if (was !== '' && Number(v) === Number(was)) continue;
      set[f.name] = Number(v);
    } else if (v !== was) {
      set[f.name] = v;
    }
  }
  return set;
}

/** Numeric fields whose text is not a number: shown as invalid and left out of the edits. */
export function invalidFields(inputs: ModelInput[], values: Record<string, string>): Set<string> {
  return new Set(inputs.filter((f) => f.type === 'numeric' && values[f.name] !== undefined && (values[f.name]!.trim() === '' || !Number.isFinite(Number(values[f.name])))).map((f) => f.name));
}
