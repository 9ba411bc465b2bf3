import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { canonicalJson } from '../util/canonical-json.ts';
import { sha256Hex } from '../util/hash.ts';
import type { CaseFacts } from './case-facts.ts';
import type { Block, Cell, Report } from './model.ts';

export const EVIDENCE_FORMAT = 'assay-evidence/1';
export const EVIDENCE_FILE = 'evidence.zip';
export const MANIFEST_FILE = 'manifest.json';

export interface EvidenceManifest {
  format: typeof EVIDENCE_FORMAT;
  caseId: string;
  caseTitle: string;
  /** The time of the latest run drawn on. */
  asOf: string;
  sections: { id: string; title: string; present: boolean }[];
  runs: { runId: string; method: string; resultSha256: string }[];
  files: { path: string; sha256: string; bytes: number }[];
}

export interface EvidenceBundle {
  manifest: EvidenceManifest;
  /** SHA-256 of manifest.json's bytes: the hash printed in the report. */
  manifestSha256: string;
  files: Map<string, Uint8Array>;
  zip: Uint8Array;
}

function csvCell(c: unknown): string {
  if (c === null || c === undefined) return '';
  const s = typeof c === 'string' ? c : typeof c === 'number' ? String(c) : JSON.stringify(c);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(headers: string[], rows: unknown[][]): string {
  return [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const pretty = (v: unknown): Uint8Array => strToU8(`${JSON.stringify(v, null, 2)}\n`);

/** Zip entries carry this fixed time, so that the same evidence gives the same bytes. */
const ZIP_TIME = new Date('1980-01-01T00:00:00Z');

/** The evidence bundle: every table of the report as JSON and CSV, every run in full, the case facts, and a manifest. */
export function buildEvidence(report: Report, facts: CaseFacts): EvidenceBundle {
  const files = new Map<string, Uint8Array>();
  const runs = facts.runs.map((r) => ({
    runId: r.runId, method: r.method, parameters: r.parameters, seed: r.seed, inputHashes: r.inputHashes,
    resultSha256: r.resultSha256, createdAt: r.createdAt, createdBy: r.createdBy, role: r.role, result: r.result,
  }));
  files.set('runs.json', pretty(runs));
  files.set('runs.csv', strToU8(toCsv(
    ['run_id', 'method', 'created_at', 'created_by', 'role', 'seed', 'parameters', 'input_hashes', 'result_sha256'],
    facts.runs.map((r) => [r.runId, r.method, r.createdAt, r.createdBy, r.role, r.seed, canonicalJson(r.parameters), canonicalJson(r.inputHashes), r.resultSha256]),
  )));
  files.set('case.json', pretty({
    caseId: facts.caseId, title: facts.title, auditHead: facts.auditHead, findings: facts.findings, runMarks: facts.runMarks,
    packages: facts.packages.map((p) => ({ ...p, card: p.card })),
    logs: facts.logs,
  }));
  for (const s of report.sections) {
    for (const b of s.blocks) {
      if (b.kind !== 'table') continue;
      const t = b as Extract<Block, { kind: 'table' }>;
      const headers = t.columns.map((c) => c.title);
      files.set(`tables/${t.name}.json`, pretty({ section: s.id, caption: t.caption, columns: headers, rows: t.rows }));
      files.set(`tables/${t.name}.csv`, strToU8(toCsv(headers, t.rows as Cell[][])));
    }
  }
  const manifest: EvidenceManifest = {
    format: EVIDENCE_FORMAT, caseId: report.cover.caseId, caseTitle: report.cover.caseTitle, asOf: report.cover.asOf,
    sections: report.sections.map((s) => ({ id: s.id, title: s.title, present: s.present })),
    runs: facts.runs.map((r) => ({ runId: r.runId, method: r.method, resultSha256: r.resultSha256 })),
    files: [...files.entries()].map(([path, bytes]) => ({ path, sha256: sha256Hex(bytes), bytes: bytes.length })),
  };
  const manifestBytes = pretty(manifest);
  const entries: Zippable = { [MANIFEST_FILE]: [manifestBytes, { mtime: ZIP_TIME }] };
  for (const [path, bytes] of files) entries[path] = [bytes, { mtime: ZIP_TIME }];
  const zip = zipSync(entries, { level: 6, mtime: ZIP_TIME });
  files.set(MANIFEST_FILE, manifestBytes);
  return { manifest, manifestSha256: sha256Hex(manifestBytes), files, zip };
}

export interface EvidenceCheck {
  ok: boolean;
  manifestSha256: string | null;
  manifest: EvidenceManifest | null;
  problems: string[];
  runs: { runId: string; method: string; parameters: unknown; seed: number | null; inputHashes: unknown; resultSha256: string; result: unknown }[];
}

/** Opens an evidence zip and checks every file against the manifest and every run's result against its hash. */
export function checkEvidence(zip: Uint8Array): EvidenceCheck {
  const problems: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (e) {
    return { ok: false, manifestSha256: null, manifest: null, problems: [`the evidence zip cannot be read (${(e as Error).message})`], runs: [] };
  }
  const manifestBytes = files[MANIFEST_FILE];
  if (!manifestBytes) return { ok: false, manifestSha256: null, manifest: null, problems: ['the evidence holds no manifest.json'], runs: [] };
  const manifestSha256 = sha256Hex(manifestBytes);
  let manifest: EvidenceManifest;
  try {
    manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as EvidenceManifest;
  } catch {
    return { ok: false, manifestSha256, manifest: null, problems: ['manifest.json is not JSON'], runs: [] };
  }
  const listed = new Set<string>();
  for (const f of manifest.files ?? []) {
    listed.add(f.path);
    const bytes = files[f.path];
    if (!bytes) problems.push(`${f.path} is listed in the manifest but missing`);
    else if (sha256Hex(bytes) !== f.sha256) problems.push(`${f.path}: SHA-256 ${sha256Hex(bytes)} differs from the manifest's ${f.sha256}`);
  }
  for (const path of Object.keys(files)) if (path !== MANIFEST_FILE && !listed.has(path)) problems.push(`${path} is in the evidence but not in the manifest`);
  let runs: EvidenceCheck['runs'] = [];
  if (files['runs.json']) {
    try {
      runs = JSON.parse(Buffer.from(files['runs.json']).toString('utf8')) as EvidenceCheck['runs'];
      for (const r of runs) {
        const h = sha256Hex(canonicalJson(r.result));
        if (h !== r.resultSha256) problems.push(`run ${r.runId}: its result hashes to ${h}, not the recorded ${r.resultSha256}`);
      }
    } catch {
      problems.push('runs.json is not JSON');
    }
  } else problems.push('the evidence holds no runs.json');
  return { ok: problems.length === 0, manifestSha256, manifest, problems, runs };
}
