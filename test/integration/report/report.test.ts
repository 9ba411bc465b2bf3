import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, test } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { PDFDocument, PDFName, PDFDict, PDFArray, PDFRef } from 'pdf-lib';
import { AssayService } from '../../../src/api/service.ts';
import { CaseDb } from '../../../src/case/index.ts';
import { createTestCertificate } from '../../../src/report/index.ts';
import { sha256Hex } from '../../../src/util/hash.ts';
import { caseFingerprint } from '../../helpers/case-fingerprint.ts';
import { cli } from '../../helpers/cli.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir('assay-report-');
const CASE = join(dir, 'case.assay');
const PASSWORD = 'report-test-pw';
process.env.ASSAY_TEST_REPORT_PW = PASSWORD;
const ctx = { user: 'tester', role: 'risk_officer' as const };
let p12 = '';
let signed = '';

const pdfsig = (file: string): string => {
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
};
const pdftotext = (file: string): string => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

interface StoredRun { method: string; result: Record<string, unknown> }
async function runs(): Promise<StoredRun[]> {
  const db = await CaseDb.open(CASE);
  try {
    return (await db.query<{ method: string; result: string }>('SELECT method, result FROM runs ORDER BY created_at')).map((r) => ({ method: r.method, result: JSON.parse(r.result) }));
  } finally {
    await db.close();
  }
}

/** Appends an incremental update (new objects, an xref section and a trailer chained with /Prev) to a PDF. */
async function appendUpdate(pdf: Buffer, objects: (size: number, root: PDFRef) => { num: number; body: Buffer }[], info?: (size: number) => number): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const size = doc.context.largestObjectNumber + 1;
  const root = doc.context.trailerInfo.Root as PDFRef;
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.toString('latin1'))![1]);
  const parts: Buffer[] = [pdf, Buffer.from('\n')];
  let offset = pdf.length + 1;
  const xref: string[] = [];
  const objs = objects(size, root);
  for (const o of objs) {
    const head = Buffer.from(`${o.num} 0 obj\n`);
    const tail = Buffer.from('\nendobj\n');
    xref.push(`${o.num} 1\n${String(offset).padStart(10, '0')} 00000 n \n`);
    parts.push(head, o.body, tail);
    offset += head.length + o.body.length + tail.length;
  }
  const newSize = Math.max(size, ...objs.map((o) => o.num + 1));
  const infoRef = info ? ` /Info ${info(size)} 0 R` : '';
  parts.push(Buffer.from(`xref\n0 1\n0000000000 65535 f \n${xref.join('')}trailer\n<< /Size ${newSize} /Root ${root.objectNumber} 0 R${infoRef} /Prev ${prev} >>\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(parts);
}

before(async () => {
  const service = new AssayService(CASE);
  try {
    await service.call('case.create', { title: 'Report test case' }, ctx);
    await service.call('package.import', { path: demoPackage('credit-logreg') }, ctx);
    await service.call('log.import', { path: demoLog('decisions-tampered.csv'), package: 'credit-logreg@1.0.0', name: 'tampered' }, ctx);
    await service.call('replay.run', { log: 'tampered' }, ctx);
    await service.call('fairness.run', { log: 'tampered', attributes: ['sex'], reference: 'male', bootstrap: 50, seed: 7 }, ctx);
    await service.call('explain.decision', { log: 'tampered', decisionId: 'D-000189', seed: 3 }, ctx);
  } finally {
    await service.close();
  }
  const t = createTestCertificate({ name: 'Integration', password: PASSWORD, days: 10 });
  p12 = join(dir, 'signer.p12');
  writeFileSync(p12, t.p12);
  signed = join(dir, 'signed.pdf');
  const r = await cli('report', CASE, '--out', signed, '--html', join(dir, 'report.html'), '--sign', p12, '--password-env', 'ASSAY_TEST_REPORT_PW', '--json');
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test('a fresh signed report: pdfsig says the signature is valid and covers the whole document; assay report verify agrees', async () => {
  const text = pdfsig(signed);
  assert.match(text, /Signature is Valid\./);
  assert.match(text, /Total document signed/);
  assert.match(text, /ETSI\.CAdES\.detached/);
  const v = await cli('report', 'verify', signed, '--case', CASE, '--json');
  assert.equal(v.code, 0, v.stdout);
  assert.equal(v.json().ok, true);
  assert.deepEqual(v.json().checks.map((c: { check: string }) => c.check), ['byte range', 'digest', 'signature', 'PAdES baseline B-B', 'certificate', 'evidence', 'case']);
});

test('pdftotext finds the key numbers exactly as the runs hold them', async () => {
  const text = pdftotext(signed);
  const all = await runs();
  const replay = all.find((r) => r.method === 'replay.run')!.result;
  const fairness = all.find((r) => r.method === 'fairness.run')!.result as { betweenGroups: Record<string, number>; vsReference: Record<string, Record<string, number>> };
  const decision = all.find((r) => r.method === 'explain.decision')!.result as { score: number; values: Record<string, number>; baseValue: number };
  for (const k of ['rows', 'reproduced', 'mismatched', 'flipped', 'maxAbsDiff']) assert.ok(text.includes(String(replay[k])), `replay ${k} = ${String(replay[k])}`);
  for (const m of ['demographicParityDifference', 'demographicParityRatio', 'equalizedOddsDifference']) assert.ok(text.includes(String(fairness.betweenGroups[m])), `${m} = ${fairness.betweenGroups[m]}`);
  assert.ok(text.includes(String(fairness.vsReference.female!.disparateImpact)), 'disparate impact of female vs male');
  assert.ok(text.includes(String(decision.score)) && text.includes(String(decision.baseValue)), 'SHAP score and base value');
  const top = Object.entries(decision.values).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0]!;
  assert.ok(text.includes(String(top[1])), `phi of ${top[0]}`);
  for (const id of (replay.mismatches as { decisionId: string }[]).map((m) => m.decisionId)) assert.ok(text.includes(id), `mismatch ${id}`);
  const db = await CaseDb.open(CASE);
  const head = await db.queryOne<{ hash: string }>("SELECT hash FROM audit WHERE method NOT LIKE 'report.%' ORDER BY seq DESC LIMIT 1");
  const model = await db.queryOne<{ model_sha256: string }>('SELECT model_sha256 FROM packages');
  await db.close();
  assert.ok(text.includes(head!.hash), 'audit head hash');
  assert.ok(text.includes(model!.model_sha256), 'model hash');
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.ok(html.includes(String(fairness.betweenGroups.demographicParityDifference)) && html.includes(head!.hash), 'the HTML holds the same numbers');
});

test('the same case and runs give the same unsigned report, byte for byte, with the evidence manifest hash printed', async () => {
  const a = await cli('report', CASE, '--out', join(dir, 'a.pdf'), '--evidence', join(dir, 'a.zip'), '--json');
  const b = await cli('report', CASE, '--out', join(dir, 'b.pdf'), '--json');
  assert.equal(a.code, 0, a.stdout);
  assert.equal(a.json().pdfSha256, b.json().pdfSha256);
  assert.ok(readFileSync(join(dir, 'a.pdf')).equals(readFileSync(join(dir, 'b.pdf'))));
  const files = unzipSync(readFileSync(join(dir, 'a.zip')));
  assert.equal(sha256Hex(files['manifest.json']!), a.json().evidenceManifestSha256);
  assert.ok(pdftotext(join(dir, 'a.pdf')).includes(a.json().evidenceManifestSha256));
  const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { files: { path: string; sha256: string }[] };
  for (const f of manifest.files) assert.equal(sha256Hex(files[f.path]!), f.sha256, f.path);
  assert.ok(manifest.files.some((f) => f.path.endsWith('.csv')) && manifest.files.some((f) => f.path === 'runs.json'));
});

test('pages render with pdftoppm into test-results/report/', () => {
  const out = resolve('test-results/report');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '70', signed, join(out, 'page')]);
  const pages = readdirSync(out).filter((f) => f.endsWith('.png'));
  const info = execFileSync('pdfinfo', [signed], { encoding: 'utf8' });
  assert.equal(pages.length, Number(/Pages:\s+(\d+)/.exec(info)![1]));
});

test('an incremental update appended after signing is caught by pdfsig and by assay report verify', async () => {
  const bytes = readFileSync(signed);
  const updated = await appendUpdate(bytes, (size) => [{ num: size, body: Buffer.from('<< /Title (Changed after signing) >>') }], (size) => size);
  const file = join(dir, 'appended.pdf');
  writeFileSync(file, updated);
  assert.doesNotMatch(pdfsig(file), /Total document signed/);
  const v = await cli('report', 'verify', file, '--json');
  assert.equal(v.code, 1);
  const failed = v.json().checks.filter((c: { ok: boolean }) => !c.ok);
  assert.deepEqual(failed.map((c: { check: string; code: string }) => `${c.check}:${c.code}`), ['byte range:VERIFICATION_FAILED']);
});

test('a byte changed inside the signed range is caught by pdfsig and by assay report verify', async () => {
  const bytes = Buffer.from(readFileSync(signed));
  const at = bytes.indexOf(Buffer.from('/Producer'));
  bytes[at + 12] = bytes[at + 12]! ^ 0x01;
  const file = join(dir, 'changed.pdf');
  writeFileSync(file, bytes);
  const text = pdfsig(file);
  assert.doesNotMatch(text, /Signature is Valid\./);
  const v = await cli('report', 'verify', file);
  assert.equal(v.code, 1);
  assert.match(v.stdout, /FAIL\s+digest\s+SIGNATURE_INVALID/);
});

test('swapped evidence is caught: replaced by an update, or rewritten in place', async () => {
  const bytes = readFileSync(signed);
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const names = doc.catalog.lookup(PDFName.of('Names'), PDFDict).lookup(PDFName.of('EmbeddedFiles'), PDFDict).lookup(PDFName.of('Names'), PDFArray);
  const fileRef = names.lookup(1, PDFDict).lookup(PDFName.of('EF'), PDFDict).get(PDFName.of('F')) as PDFRef;
  // a forger's bundle: one number changed in runs.json, the manifest recomputed so it is self-consistent
  const evidence = unzipSync(readFileSync(join(dir, 'a.zip')));
  const runsJson = strFromU8(evidence['runs.json']!).replace(/"mismatched": (\d+)/, (_, n) => `"mismatched": ${Number(n) + 1}`);
  evidence['runs.json'] = strToU8(runsJson);
  const manifest = JSON.parse(strFromU8(evidence['manifest.json']!)) as { files: { path: string; sha256: string; bytes: number }[] };
  for (const f of manifest.files) f.sha256 = sha256Hex(evidence[f.path]!);
  evidence['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2));
  const forged = Buffer.from(zipSync(evidence));
  const updated = await appendUpdate(bytes, () => [{
    num: fileRef.objectNumber,
    body: Buffer.concat([Buffer.from(`<< /Type /EmbeddedFile /Length ${forged.length} >>\nstream\n`), forged, Buffer.from('\nendstream')]),
  }]);
  const viaUpdate = join(dir, 'swapped-update.pdf');
  writeFileSync(viaUpdate, updated);
  assert.doesNotMatch(pdfsig(viaUpdate), /Total document signed/);
  const v1 = await cli('report', 'verify', viaUpdate, '--json');
  assert.equal(v1.code, 1);
  assert.ok(v1.json().checks.some((c: { check: string; ok: boolean }) => c.check === 'evidence after signing' && !c.ok));

  // in place: the attachment's compressed bytes overwritten with the same number of other bytes
  const inPlace = Buffer.from(bytes);
  const streamObj = doc.context.lookup(fileRef) as unknown as { contents: Uint8Array };
  const at = inPlace.indexOf(Buffer.from(streamObj.contents));
  assert.ok(at > 0);
  for (let i = 0; i < 64; i++) inPlace[at + 200 + i] = (inPlace[at + 200 + i]! + 1) & 0xff;
  const viaEdit = join(dir, 'swapped-in-place.pdf');
  writeFileSync(viaEdit, inPlace);
  assert.doesNotMatch(pdfsig(viaEdit), /Signature is Valid\./);
  const v2 = await cli('report', 'verify', viaEdit, '--json');
  assert.equal(v2.code, 1);
  const failed = v2.json().checks.filter((c: { ok: boolean }) => !c.ok).map((c: { check: string }) => c.check);
  assert.ok(failed.includes('digest') && failed.includes('evidence'), failed.join(', '));
});

test('--case with another case names the mismatch', async () => {
  const other = join(dir, 'other.assay');
  const s = new AssayService(other);
  await s.call('case.create', { title: 'other' }, ctx);
  await s.close();
  const v = await cli('report', 'verify', signed, '--case', other, '--json');
  assert.equal(v.code, 1);
  const c = v.json().checks.find((x: { check: string }) => x.check === 'case');
  assert.equal(c.code, 'VERIFICATION_FAILED');
  assert.match(c.detail, /is not in the case|the report is of case/);
});
