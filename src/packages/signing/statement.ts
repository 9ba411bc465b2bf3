/**
 * The in-toto Statement v1 Assay signs, in the shape of the OpenSSF model-signing format
 * (github.com/sigstore/model-transparency): every file of the package as a subject with its SHA-256, and the
 * predicate `https://model_signing/signature/v1.0` with its `serialization` and `resources` (docs/formats.md §2.1).
 */
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://model_signing/signature/v1.0';
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface Statement {
  _type: string;
  subject: Subject[];
  predicateType: string;
  predicate: {
    serialization: { method: 'files'; hash_type: 'sha256'; allow_symlinks: false; ignore_paths: string[] };
    resources: { name: string; algorithm: 'sha256'; digest: string }[];
    /** Assay's addition: the package the files make up, for a clear message when a signature is moved. */
    assay_package?: string;
  };
}

export function buildStatement(hashes: Map<string, string>, ignored: string[], packageRef: string | null): Statement {
  const names = [...hashes.keys()].filter((n) => !ignored.includes(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    _type: STATEMENT_TYPE,
    subject: names.map((name) => ({ name, digest: { sha256: hashes.get(name)! } })),
    predicateType: PREDICATE_TYPE,
    predicate: {
      serialization: { method: 'files', hash_type: 'sha256', allow_symlinks: false, ignore_paths: ignored },
      resources: names.map((name) => ({ name, algorithm: 'sha256', digest: hashes.get(name)! })),
      ...(packageRef ? { assay_package: packageRef } : {}),
    },
  };
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Reads a statement's file list, or says in one sentence what is wrong with it. */
export function readStatement(value: unknown): { files: Map<string, string>; packageRef: string | null } | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'its payload is not a JSON object';
  const s = value as Record<string, unknown>;
  if (s._type !== STATEMENT_TYPE) return `its payload is not an in-toto Statement v1 (_type ${JSON.stringify(s._type)})`;
  if (s.predicateType !== PREDICATE_TYPE) return `its predicateType is ${JSON.stringify(s.predicateType)}, not ${PREDICATE_TYPE}`;
  if (!Array.isArray(s.subject) || s.subject.length === 0) return 'its statement lists no subjects';
  const files = new Map<string, string>();
  for (const [i, raw] of (s.subject as unknown[]).entries()) {
    const sub = raw as Partial<Subject> | null;
    const name = sub?.name;
    const digest = sub?.digest?.sha256;
    if (typeof name !== 'string' || name === '' || typeof digest !== 'string' || !HEX64.test(digest)) return `subject ${i + 1} has no file name or no sha256 digest`;
    if (files.has(name)) return `the file "${name}" is listed twice`;
    files.set(name, digest);
  }
  const predicate = s.predicate as Statement['predicate'] | undefined;
  const resources = predicate?.resources;
  if (!Array.isArray(resources) || resources.length !== files.size || resources.some((r) => files.get(r?.name) !== r?.digest || r?.algorithm !== 'sha256')) {
    return "its predicate's resources do not list the same files and digests as its subjects";
  }
  const ref = predicate?.assay_package;
  return { files, packageRef: typeof ref === 'string' ? ref : null };
}
