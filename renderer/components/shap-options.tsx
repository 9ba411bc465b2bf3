export type ShapMethod = 'auto' | 'exact' | 'kernel' | 'tree';
export type ShapOutput = 'probability' | 'logodds';

export interface ShapOptionValues {
  method: ShapMethod;
  output: ShapOutput;
  /** As typed: the form validates and converts on submit. */
  background: string;
  seed: string;
}

/** The fields every SHAP form asks: method, output scale, background rows and seed (labelled, named for the tests). */
export function ShapOptionFields({ value, onChange }: { value: ShapOptionValues; onChange: (v: ShapOptionValues) => void }) {
  const set = (patch: Partial<ShapOptionValues>) => onChange({ ...value, ...patch });
  return (
    <>
      <label>
        Method{' '}
        <select name="method" value={value.method} onChange={(e) => set({ method: e.target.value as ShapMethod })}>
          <option value="auto">auto</option>
          <option value="exact">exact</option>
          <option value="kernel">kernel</option>
          <option value="tree">tree</option>
        </select>
      </label>
      <label>
        Output{' '}
        <select name="output" value={value.output} onChange={(e) => set({ output: e.target.value as ShapOutput })}>
          <option value="probability">probability</option>
          <option value="logodds">log-odds</option>
        </select>
      </label>
      <label>
        Background rows <input name="background" type="number" min="1" max="10000" value={value.background} onChange={(e) => set({ background: e.target.value })} />
      </label>
      <label>
        Seed <input name="seed" type="number" min="0" value={value.seed} onChange={(e) => set({ seed: e.target.value })} />
      </label>
    </>
  );
}

/** The call's arguments from the fields: background and seed only when they are whole numbers in range. */
export function shapArgs(v: ShapOptionValues): { method: ShapMethod; output: ShapOutput; background?: number; seed?: number } {
  const b = Number(v.background);
  const s = Number(v.seed);
  return { method: v.method, output: v.output, ...(Number.isInteger(b) && b >= 1 ? { background: b } : {}), ...(Number.isInteger(s) && s >= 0 ? { seed: s } : {}) };
}
