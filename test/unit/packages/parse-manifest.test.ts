import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifest } from '../../../src/packages/manifest/parse-manifest.ts';
import { assertFails } from './helpers/assert-error.ts';
import { baseManifest } from './helpers/package-dir.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const json = (v: unknown): Uint8Array => bytes(JSON.stringify(v, null, 2));

describe('parseManifest', () => {
  it('reads a valid manifest and fills the defaults', () => {
    const m = baseManifest();
    delete m.protected_attributes;
    const { manifest, warnings } = parseManifest(json(m), 'assay-package.json');
    assert.equal(manifest.id, 'credit-logreg');
    assert.deepEqual(manifest.protected_attributes, []);
    assert.deepEqual(manifest.files, {});
    assert.deepEqual(warnings, []);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const { manifest } = parseManifest(bytes(`\uFEFF${JSON.stringify(baseManifest())}`), 'm.json');
    assert.equal(manifest.version, '1.0.0');
  });

  it('reports malformed JSON with its line, column and position', async () => {
    const text = '{\n  "format": "assay-package/1",\n  "id": "x",,\n}';
    await assertFails(() => parseManifest(bytes(text), '/p/assay-package.json'), 'PACKAGE_INVALID', '/p/assay-package.json', 'not valid JSON', 'line 3, column 13', 'character 45');
  });

  it('reports truncated JSON at its end', async () => {
    await assertFails(() => parseManifest(bytes('{"format": "assay-package/1"'), 'm.json'), 'PACKAGE_INVALID', 'm.json', 'line 1', 'character 28');
  });

  it('refuses JSON that is not an object', async () => {
    await assertFails(() => parseManifest(bytes('[1,2]'), 'm.json'), 'PACKAGE_INVALID', 'must be a JSON object', '[1,2]');
  });

  it('lists every field of the wrong type as field.path: problem (found value)', async () => {
    const m = baseManifest();
    m.threshold = '0.5';
    m.features = [{ name: 'age', type: 'numeric' }, { name: 'purpose', type: 'categorical', levels: 'car' }];
    m.output = { name: 'p', index: -1 };
    await assertFails(
      () => parseManifest(json(m), 'm.json'), 'PACKAGE_INVALID',
      'm.json', 'threshold: ', '(found "0.5")', 'features.1.levels: ', '(found "car")', 'output.index: ', '(found -1)',
    );
  });

  it('names a wrong format and a missing field', async () => {
    const m = baseManifest();
    m.format = 'assay-package/2';
    delete m.model;
    await assertFails(() => parseManifest(json(m), 'm.json'), 'PACKAGE_INVALID', 'format: ', '"assay-package/2"', 'model: ');
  });

  it('refuses a non-binary task and a path leaving the package', async () => {
    const m = baseManifest();
    m.task = 'regression';
    m.model = { file: '../model.onnx' };
    await assertFails(() => parseManifest(json(m), 'm.json'), 'PACKAGE_INVALID', 'task: ', '"regression"', 'model.file: ', '"../model.onnx"');
  });

  it('refuses a feature listed twice', async () => {
    const m = baseManifest();
    m.features = [{ name: 'age', type: 'numeric' }, { name: 'age', type: 'numeric' }];
    await assertFails(() => parseManifest(json(m), 'm.json'), 'PACKAGE_INVALID', '"age" twice');
  });

  it('warns about fields the format does not define', () => {
    const { warnings } = parseManifest(json({ ...baseManifest(), colour: 'red' }), 'm.json');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /"colour"/);
  });
});
