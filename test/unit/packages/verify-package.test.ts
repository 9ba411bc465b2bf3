import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { verifyPackage } from '../../../src/packages/index.ts';
import { sha256Hex } from '../../../src/util/hash.ts';
import { assertFails } from './helpers/assert-error.ts';
import { bytesOf, creditModel } from './helpers/onnx-models.ts';
import { packageContents, tempDir, writeFiles, writePackage } from './helpers/package-dir.ts';

let dir = '';
let cleanup = (): void => {};
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('verifyPackage', () => {
  it('reports every file as ok for an intact package', async () => {
    writePackage(dir);
    const v = await verifyPackage(dir);
    assert.equal(v.ok, true);
    assert.deepEqual(v.files.map((f) => [f.path, f.status]), [['MODEL_CARD.md', 'ok'], ['model.onnx', 'ok'], ['reference.csv', 'ok']]);
    assert.deepEqual(v.problems, []);
    assert.deepEqual(v.signature, { present: false, status: 'absent', keyId: null, algorithm: null, trusted: null, problems: [] });
  });

  it('reports mismatched, missing and unlisted files instead of throwing', async () => {
    writePackage(dir, { extraHashes: { 'gone.txt': 'c'.repeat(64) } });
    writeFiles(dir, { 'MODEL_CARD.md': 'edited', 'extra.txt': 'x', 'signature.json': '{}' });
    const v = await verifyPackage(dir);
    assert.equal(v.ok, false);
    const byPath = Object.fromEntries(v.files.map((f) => [f.path, f]));
    assert.deepEqual(byPath['MODEL_CARD.md'], { path: 'MODEL_CARD.md', expected: sha256Hex('# Credit model\n'), actual: sha256Hex('edited'), status: 'mismatch' });
    assert.deepEqual(byPath['gone.txt'], { path: 'gone.txt', expected: 'c'.repeat(64), actual: null, status: 'missing' });
    assert.equal(byPath['extra.txt'].status, 'unlisted');
    assert.equal(byPath['model.onnx'].status, 'ok');
    assert.equal(v.problems.length, 3, 'the changed file, the missing file and the signature.json that is no envelope');
    assert.ok(v.problems.some((p) => p.includes('"MODEL_CARD.md"')));
    assert.equal(v.signature.status, 'invalid');
    assert.match(v.signature.problems[0]!, /signature\.json of the package .* is refused: it is not a DSSE envelope/);
  });

  it('counts an unlisted extra file as a warning only', async () => {
    writePackage(dir);
    writeFiles(dir, { 'extra.txt': 'x' });
    assert.equal((await verifyPackage(dir)).ok, true);
  });

  it('reports a model file the manifest does not list as a problem', async () => {
    writePackage(dir, { unhashed: ['model.onnx'] });
    const v = await verifyPackage(dir);
    assert.equal(v.ok, false);
    assert.ok(v.problems[0].includes('"model.onnx"'));
  });

  it('verifies a zip', async () => {
    const path = join(dir, 'p.zip');
    const files = Object.fromEntries(Object.entries(packageContents()).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
    writeFileSync(path, zipSync(files));
    assert.equal((await verifyPackage(path)).ok, true);
  });

  it('throws when the package cannot be read or carries no hashes', async () => {
    writeFiles(dir, { 'assay-package.json': '{' });
    await assertFails(() => verifyPackage(dir), 'PACKAGE_INVALID', 'not valid JSON');
    const onnx = join(dir, 'm.onnx');
    writeFileSync(onnx, bytesOf(creditModel()));
    await assertFails(() => verifyPackage(onnx), 'PACKAGE_INVALID', onnx, 'no assay-package.json');
  });
});
