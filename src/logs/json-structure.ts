/** A leaf of a JSON structure: its flattened name (`a.b`), its JSON pointer (`/a/b`) and its DuckDB type. */
export interface JsonLeaf {
  name: string;
  pointer: string;
  type: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Scalar types keep their name; arrays, mixed values ("JSON") and always-null keys become VARCHAR (JSON text). */
function leafType(structure: unknown): string {
  if (typeof structure !== 'string') return 'VARCHAR';
  if (structure === 'UBIGINT' || structure === 'BIGINT') return 'BIGINT';
  if (structure === 'DOUBLE' || structure === 'BOOLEAN') return structure;
  return 'VARCHAR';
}

/** An object of the structure: its JSON pointer ("" for the root) and its dotted name parts. */
export interface JsonObjectPath {
  pointer: string;
  names: string[];
}

/**
 * Flattens the structure DuckDB's json_group_structure() reports for a set of objects: nested objects become
 * `parent.child` leaves, in the order their keys first appear. Keys found later (`more`: keys seen anywhere in the
 * file, per object path) that the structure lacks are added as text leaves. A name met twice gets a numeric suffix.
 */
export function flattenStructure(structure: unknown, more: { path: JsonObjectPath; keys: string[] }[] = []): JsonLeaf[] {
  const leaves: JsonLeaf[] = [];
  const seen = new Set<string>();
  const pointers = new Set<string>();
  const add = (names: string[], pointer: string, type: string) => {
    let name = names.join('.');
    for (let k = 1; seen.has(name.toLowerCase()); k++) name = `${names.join('.')}_${k}`;
    seen.add(name.toLowerCase());
    pointers.add(pointer);
    leaves.push({ name, pointer, type });
  };
  const walk = (node: Record<string, unknown>, names: string[], pointer: string) => {
    for (const [key, value] of Object.entries(node)) {
      const p = `${pointer}/${pointerToken(key)}`;
      pointers.add(p);
      if (isObject(value) && Object.keys(value).length > 0) walk(value, [...names, key], p);
      else add([...names, key], p, leafType(value));
    }
  };
  if (isObject(structure)) walk(structure, [], '');
  for (const { path, keys } of more) {
    for (const key of [...keys].sort()) {
      const p = `${path.pointer}/${pointerToken(key)}`;
      if (!pointers.has(p)) add([...path.names, key], p, 'VARCHAR');
    }
  }
  return leaves;
}

/** The objects of a structure (the root first), whose keys a full scan of the file should list. */
export function objectPaths(structure: unknown): JsonObjectPath[] {
  const out: JsonObjectPath[] = [];
  const walk = (node: unknown, names: string[], pointer: string) => {
    if (!isObject(node)) return;
    out.push({ pointer, names });
    for (const [key, value] of Object.entries(node)) walk(value, [...names, key], `${pointer}/${pointerToken(key)}`);
  };
  walk(structure, [], '');
  return out;
}
