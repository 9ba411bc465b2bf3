import { AssayError } from '../../api/errors.ts';
import { manifestSchema, PACKAGE_FORMAT, type Manifest } from '../manifest-schema.ts';

const KNOWN_FIELDS = new Set(Object.keys(manifestSchema.shape));

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const match = /position (\d+)/.exec(message);
    const position = match ? Number(match[1]) : text.length;
    throw new AssayError(
      'PACKAGE_INVALID',
      `The manifest ${fileName} is not valid JSON at ${lineAndColumn(text, position)} (character ${position}): ${message}. Correct the JSON and hash the package again.`,
      { file: fileName, position },
    );
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function shortJson(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Validates a manifest object; every zod issue becomes `field.path: problem (found value)` in one PACKAGE_INVALID sentence. */
export function validateManifest(json: Record<string, unknown>, fileName: string): Manifest {
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
      const found = issue.path.length ? valueAt(json, issue.path) : undefined;
      return `${field}: ${issue.message}${found === undefined ? '' : ` (found ${shortJson(found)})`}`;
    });
    throw new AssayError(
      'PACKAGE_INVALID',
      `The manifest ${fileName} does not follow ${PACKAGE_FORMAT}: ${problems.join('; ')}. Correct ${problems.length === 1 ? 'this field' : 'these fields'} and hash the package again.`,
      { file: fileName, issues: problems },
    );
  }
  const names = parsed.data.features.map((f) => f.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw new AssayError('PACKAGE_INVALID', `The manifest ${fileName} lists the feature "${duplicate}" twice. Give each feature one entry.`, { file: fileName, feature: duplicate });
  }
  return parsed.data;
}

/** Reads and validates `assay-package.json`; every problem becomes a PACKAGE_INVALID sentence naming the field. */
export function parseManifest(bytes: Uint8Array, fileName: string): { manifest: Manifest; warnings: string[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AssayError('PACKAGE_INVALID', `The manifest ${fileName} is not UTF-8 text. Save it as UTF-8 JSON.`, { file: fileName });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const json = parseJson(text, fileName);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new AssayError('PACKAGE_INVALID', `The manifest ${fileName} must be a JSON object, but it holds ${shortJson(json)}. Write the fields of ${PACKAGE_FORMAT} in an object.`, { file: fileName });
  }
  const manifest = validateManifest(json as Record<string, unknown>, fileName);
  const unknown = Object.keys(json).filter((k) => !KNOWN_FIELDS.has(k));
  const warnings = unknown.length
    ? [`The manifest ${fileName} has field(s) ${unknown.map((k) => `"${k}"`).join(', ')} that ${PACKAGE_FORMAT} does not define; Assay ignores them.`]
    : [];
  return { manifest, warnings };
}
