import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { CaseFacts } from '../../../src/report/case-facts.ts';
import { composeReport } from '../../../src/report/compose.ts';
import { buildEvidence, checkEvidence, toCsv } from '../../../src/report/evidence.ts';
import { canonicalJson } from '../../../src/util/canonical-json.ts';
import { sha256Hex } from '../../../src/util/hash.ts';

const result = { log: 'l', rows: 3, values: [0.1, 0.30000000000000004] };
const facts: CaseFacts = {
  caseId: 'c-1', title: 'T', packages: [], logs: [], findings: [], runMarks: [], auditHead: { seq: 2, hash: 'ab'.repeat(32), recordedAt: '2026-01-01T00:00:00.000Z', entries: 2 },
  runs: [{ runId: 'run-1', method: 'whatif.population', parameters: { log: 'l' }, seed: null, inputHashes: { 'log:l': 'f'.repeat(64) }, result, resultSha256: sha256Hex(canonicalJson(result)), createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'u', role: 'auditor' }],
};

test('CSV cells with commas, quotes or line breaks are quoted (RFC 4180)', () => {
  assert.equal(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [1.5, null]]), 'a,b\r\n"x,y","say ""hi"""\r\n1.5,\r\n');
});

test('the evidence is deterministic, and its manifest lists every file with its SHA-256', () => {
  const a = buildEvidence(composeReport(facts), facts);
  const b = buildEvidence(composeReport(facts), facts);
  assert.ok(Buffer.from(a.zip).equals(Buffer.from(b.zip)));
  const files = unzipSync(a.zip);
  assert.equal(sha256Hex(files['manifest.json']!), a.manifestSha256);
  for (const f of a.manifest.files) assert.equal(sha256Hex(files[f.path]!), f.sha256);
  assert.deepEqual(checkEvidence(a.zip).problems, []);
});

test('a changed file, a changed result or an extra file is named by the check', () => {
  const files = unzipSync(buildEvidence(composeReport(facts), facts).zip);
  const edit = (name: string, f: (s: string) => string) => ({ ...files, [name]: strToU8(f(strFromU8(files[name]!))) });
  assert.match(checkEvidence(zipSync(edit('runs.csv', (s) => s.replace('run-1', 'run-2')))).problems.join(), /runs\.csv: SHA-256 .* differs/);
  const forged = edit('runs.json', (s) => s.replace('0.30000000000000004', '0.3'));
  const manifest = JSON.parse(strFromU8(forged['manifest.json']!)) as { files: { path: string; sha256: string }[] };
  for (const f of manifest.files) f.sha256 = sha256Hex(forged[f.path]!);
  forged['manifest.json'] = strToU8(JSON.stringify(manifest));
  assert.match(checkEvidence(zipSync(forged)).problems.join(), /run run-1: its result hashes to/);
  assert.match(checkEvidence(zipSync({ ...files, 'extra.txt': strToU8('x') })).problems.join(), /extra\.txt is in the evidence but not in the manifest/);
});
