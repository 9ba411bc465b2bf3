import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { cli, type CliRun } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';
import { caseFingerprint } from '../../helpers/case-fingerprint.ts';
import { copyPackage, demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { sha256Hex } from '../../../src/util/hash.ts';
import { decodeModel, encodeModel } from '../../../src/packages/index.ts';

/**
 * Issue #3's list of bad inputs, through the CLI: each gives its error code, a sentence naming the offending
 * value, and leaves the case exactly as it was.
 */
const dir = tempDir();
const base = join(dir, 'base.assay');

test.before(async () => {
  assert.equal((await cli('case', 'create', base)).code, 0);
  assert.equal((await cli('package', 'import', base, demoPackage('credit-logreg'))).code, 0);
});

async function refused(args: string[], code: string, mentions: string | RegExp, exit = 2): Promise<CliRun> {
  const before = await caseFingerprint(base);
  const r = await cli(...args.map((a) => (a === 'CASE' ? base : a)), '--json');
  assert.equal(r.code, exit, `exit code for ${code}: ${r.stdout}`);
  const { error } = r.json();
  assert.equal(error.code, code, error.message);
  if (typeof mentions === 'string') assert.ok(error.message.includes(mentions), `"${error.message}" should name ${mentions}`);
  else assert.match(error.message, mentions);
  assert.equal(await caseFingerprint(base), before, 'the case is unchanged');
  return r;
}

function rewriteManifest(pkg: string, edit: (m: Record<string, any>) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any -- manifest JSON under test
  const path = join(pkg, 'assay-package.json');
  const m = JSON.parse(readFileSync(path, 'utf8'));
  edit(m);
  writeFileSync(path, JSON.stringify(m, null, 2));
}

function replaceFile(pkg: string, file: string, bytes: Uint8Array | string): void {
  writeFileSync(join(pkg, file), bytes);
  rewriteManifest(pkg, (m) => { m.files[file] = sha256Hex(typeof bytes === 'string' ? Buffer.from(bytes) : bytes); });
}

test('package: missing manifest', async () => {
  const p = copyPackage('credit-logreg', dir, 'no-manifest');
  rmSync(join(p, 'assay-package.json'));
  await refused(['package', 'import', 'CASE', p], 'PACKAGE_INVALID', 'assay-package.json');
});

test('package: malformed manifest JSON', async () => {
  const p = copyPackage('credit-logreg', dir, 'bad-json');
  writeFileSync(join(p, 'assay-package.json'), '{"format": "assay-package/1", "id": ');
  await refused(['package', 'import', 'CASE', p], 'PACKAGE_INVALID', /JSON/);
});

test('package: manifest field of the wrong type', async () => {
  const p = copyPackage('credit-logreg', dir, 'bad-field');
  rewriteManifest(p, (m) => { m.threshold = 'high'; });
  await refused(['package', 'import', 'CASE', p], 'PACKAGE_INVALID', 'threshold');
});

test('package: manifest that does not match the graph', async () => {
  const p = copyPackage('credit-logreg', dir, 'mismatch');
  rewriteManifest(p, (m) => { m.features[1].type = 'categorical'; m.features[1].levels = ['short', 'long']; });
  await refused(['package', 'import', 'CASE', p], 'PACKAGE_MISMATCH', 'duration_months');
});

test('package: a file whose hash does not match the manifest (exit 1)', async () => {
  const p = copyPackage('credit-logreg', dir, 'hash');
  writeFileSync(join(p, 'MODEL_CARD.md'), 'edited after hashing');
  await refused(['package', 'import', 'CASE', p], 'HASH_MISMATCH', 'MODEL_CARD.md', 1);
});

test('package: zip slip', async () => {
  const entries: Record<string, Uint8Array> = { '../escape.txt': Buffer.from('x') };
  for (const f of ['assay-package.json', 'model.onnx', 'reference.csv', 'MODEL_CARD.md']) entries[f] = readFileSync(join(demoPackage('credit-logreg'), f));
  const z = join(dir, 'slip.zip');
  writeFileSync(z, zipSync(entries));
  await refused(['package', 'import', 'CASE', z], 'UNSAFE_PATH', '../escape.txt');
});

test('package: truncated zip', async () => {
  const entries: Record<string, Uint8Array> = {};
  for (const f of ['assay-package.json', 'model.onnx', 'reference.csv', 'MODEL_CARD.md']) entries[f] = readFileSync(join(demoPackage('credit-logreg'), f));
  const bytes = zipSync(entries);
  const z = join(dir, 'truncated.zip');
  writeFileSync(z, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await refused(['package', 'import', 'CASE', z], 'ARCHIVE_CORRUPT', 'truncated.zip');
});

test('package: truncated ONNX', async () => {
  const p = copyPackage('credit-logreg', dir, 'truncated-onnx');
  replaceFile(p, 'model.onnx', readFileSync(join(p, 'model.onnx')).subarray(0, 100));
  await refused(['package', 'import', 'CASE', p], 'MODEL_INVALID', 'model.onnx');
});

test('package: ONNX with external data pointing outside the package', async () => {
  const p = copyPackage('credit-logreg', dir, 'external');
  const model = decodeModel(readFileSync(join(p, 'model.onnx')));
  const init = model.graph!.initializer![0]!;
  init.dataLocation = 1;
  init.externalData = [{ key: 'location', value: '../../etc/passwd' }];
  replaceFile(p, 'model.onnx', encodeModel(model));
  await refused(['package', 'import', 'CASE', p], 'UNSAFE_PATH', '../../etc/passwd');
});

test('package: unsupported opset', async () => {
  const p = copyPackage('credit-logreg', dir, 'opset');
  const model = decodeModel(readFileSync(join(p, 'model.onnx')));
  model.opsetImport = model.opsetImport!.map((o) => (o.domain === '' ? { domain: '', version: 99 } : o));
  replaceFile(p, 'model.onnx', encodeModel(model));
  await refused(['package', 'import', 'CASE', p], 'MODEL_UNSUPPORTED', '99');
});

test('package: an operator ONNX Runtime does not implement is reported by ONNX Runtime', async () => {
  const p = copyPackage('credit-logreg', dir, 'operator');
  const model = decodeModel(readFileSync(join(p, 'model.onnx')));
  const scaler = model.graph!.node!.find((n) => n.opType === 'Scaler')!;
  scaler.opType = 'ScalerDeluxe';
  replaceFile(p, 'model.onnx', encodeModel(model));
  await refused(['package', 'import', 'CASE', p], 'MODEL_UNSUPPORTED', 'ScalerDeluxe');
});

test('package: the same package twice', async () => {
  await refused(['package', 'import', 'CASE', demoPackage('credit-logreg')], 'ALREADY_EXISTS', 'credit-logreg@1.0.0');
});

test('log: empty file, header only, no header', async () => {
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  await refused(['log', 'import', 'CASE', empty, '--package', 'credit-logreg@1.0.0'], 'LOG_INVALID', 'empty.csv');
  const header = join(dir, 'header.csv');
  writeFileSync(header, `${readFileSync(demoLog('decisions-clean.csv'), 'utf8').split('\n')[0]}\n`);
  await refused(['log', 'import', 'CASE', header, '--package', 'credit-logreg@1.0.0'], 'LOG_INVALID', 'header.csv');
  const noHeader = join(dir, 'noheader.csv');
  writeFileSync(noHeader, readFileSync(demoLog('decisions-clean.csv'), 'utf8').split('\n').slice(1).join('\n'));
  await refused(['log', 'import', 'CASE', noHeader, '--package', 'credit-logreg@1.0.0'], 'LOG_INVALID', /header/);
});

test('log: a log for a different model id', async () => {
  const other = join(dir, 'other-model.csv');
  writeFileSync(other, readFileSync(demoLog('decisions-clean.csv'), 'utf8').replaceAll(',credit-logreg,', ',credit-scorecard,'));
  await refused(['log', 'import', 'CASE', other, '--package', 'credit-logreg@1.0.0'], 'LOG_MISMATCH', 'credit-scorecard');
});

test('log: a model feature missing from the file', async () => {
  const lines = readFileSync(demoLog('decisions-clean.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const drop = lines[0]!.indexOf('savings');
  const file = join(dir, 'no-savings.csv');
  writeFileSync(file, `${lines.map((l) => l.filter((_, i) => i !== drop).join(',')).join('\n')}\n`);
  await refused(['log', 'import', 'CASE', file, '--package', 'credit-logreg@1.0.0'], 'LOG_MISMATCH', 'savings');
});

test('log: an unknown package', async () => {
  await refused(['log', 'import', 'CASE', demoLog('decisions-clean.csv'), '--package', 'credit-nope@9'], 'NOT_FOUND', 'credit-nope@9');
});

test('log: a file that does not exist', async () => {
  await refused(['log', 'import', 'CASE', join(dir, 'missing.csv'), '--package', 'credit-logreg@1.0.0'], 'NOT_FOUND', 'missing.csv');
});

test('log: 10% garbage lines, duplicate and missing ids are quarantined with reasons and counted', async () => {
  const c = join(dir, 'garbage.assay');
  await cli('case', 'create', c);
  await cli('package', 'import', c, demoPackage('credit-logreg'));
  const [header, ...rows] = readFileSync(demoLog('decisions-clean.csv'), 'utf8').trim().split('\n');
  const out: string[] = [header!];
  rows.slice(0, 900).forEach((r, i) => {
    out.push(r);
    if (i % 9 === 8) out.push('%%%% this line is garbage, not a decision %%%%');
  });
  out.push(rows[0]!); // a duplicate of the first decision id
  out.push(rows[1]!.replace(/^D-\d+/, '')); // a missing id
  const file = join(dir, 'garbage.csv');
  writeFileSync(file, `${out.join('\n')}\n`);
  const r = await cli('log', 'import', c, file, '--package', 'credit-logreg@1.0.0', '--json');
  assert.equal(r.code, 0, r.stdout);
  const j = r.json();
  assert.equal(j.rows, 900);
  assert.equal(j.quarantineReasons.unparseable_row, 100);
  assert.equal(j.quarantineReasons.duplicate_id, 1);
  assert.equal(j.quarantineReasons.missing_id, 1);
  assert.equal(j.quarantined, 102);
  const q = (await cli('log', 'quarantine', c, '--log', 'garbage', '--limit', '1000', '--json')).json();
  assert.equal(q.total, 102);
  assert.ok(q.rows.every((row: { reason: string }) => row.reason.length > 0));
});

test('case: a file that is not a case, a case from a newer schema, a case locked by another process', async () => {
  const text = join(dir, 'notes.assay');
  writeFileSync(text, 'plain text, not a case');
  const r1 = await cli('package', 'import', text, demoPackage('credit-logreg'), '--json');
  assert.equal(r1.json().error.code, 'CASE_INVALID');
  assert.equal(readFileSync(text, 'utf8'), 'plain text, not a case');

  const newer = join(dir, 'newer.assay');
  await cli('case', 'create', newer);
  const { CaseDb } = await import('../../../src/case/index.ts');
  const db = await CaseDb.open(newer);
  await db.exec("UPDATE meta SET value = '999' WHERE key = 'schema_version'");
  await db.close();
  const r2 = await cli('case', 'info', newer, '--json');
  assert.equal(r2.json().error.code, 'CASE_TOO_NEW');
  assert.match(r2.json().error.message, /999/);

  const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
    `import { CaseDb } from ${JSON.stringify(new URL('../../../src/case/index.ts', import.meta.url).pathname)};
     const db = await CaseDb.open(${JSON.stringify(base)}); console.log('ready'); setTimeout(() => db.close(), 60000);`]);
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (d) => String(d).includes('ready') && resolve());
    holder.on('exit', () => reject(new Error('holder exited')));
  });
  try {
    const r3 = await cli('package', 'import', base, demoPackage('credit-gbm'), '--json');
    assert.equal(r3.code, 2);
    assert.equal(r3.json().error.code, 'CASE_LOCKED');
    assert.match(r3.json().error.message, /another Assay process/);
  } finally {
    holder.kill();
    await new Promise((r) => holder.on('close', r));
  }
});
