import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { startHost, type Host } from '../../../src/host/http/index.ts';
import { demoLog } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';
import { api, caseWithPackage, OWNER, rawRequest, REF } from './helpers.ts';

const dir = tempDir('assay-host-upload-');
let host: Host;
let casePath: string;
const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/octet-stream' });

before(async () => {
  casePath = await caseWithPackage(dir);
  host = await startHost({ casePath, port: 0, maxUploadBytes: 1_000_000, ...OWNER });
});
after(() => host.close());

test('a dropped log travels as bytes, is stored byte for byte, previews and imports by the path the host answers', async () => {
  const bytes = readFileSync(demoLog('decisions-clean.csv'));
  const r = await rawRequest(host.port, { method: 'POST', path: '/api/upload?name=decisions-clean.csv', headers: auth(), body: bytes });
  assert.equal(r.status, 200, r.body);
  const up = JSON.parse(r.body);
  assert.equal(up.bytes, bytes.length);
  assert.equal(up.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.ok(readFileSync(up.path).equals(bytes));
  assert.match(basename(up.path), /^[0-9a-f]{16}-decisions-clean\.csv$/);

  const preview = await api(host, 'log.preview', { path: up.path, package: REF, limit: 2 });
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.equal(preview.body.rows.length, 2);
  const imported = await api(host, 'log.import', { path: up.path, package: REF, name: 'dropped', personal: ['applicant_id'] });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  assert.equal(imported.body.rows, 1000);
  assert.equal(imported.body.sourceSha256, up.sha256);
});

test('refused: no token, a name with a folder or "..", too many bytes (declared or streamed), GET; nothing is left behind', async () => {
  const body = Buffer.alloc(10, 1);
  const noToken = await rawRequest(host.port, { method: 'POST', path: '/api/upload?name=a.csv', body });
  assert.equal(noToken.status, 401);
  for (const name of ['../a.csv', 'x/a.csv', '..', '.hidden', '', 'a\u0000.csv', `${'a'.repeat(201)}.csv`]) {
    const r = await rawRequest(host.port, { method: 'POST', path: `/api/upload?name=${encodeURIComponent(name)}`, headers: auth(), body });
    assert.equal(r.status, 400, name);
    assert.match(JSON.parse(r.body).error.message, /not a file name an upload may have/);
  }
  const declared = await rawRequest(host.port, { method: 'POST', path: '/api/upload?name=big.csv', headers: auth(), body: Buffer.alloc(1_000_001) });
  assert.equal(declared.status, 413);
  const streamed = await rawRequest(host.port, { method: 'POST', path: '/api/upload?name=big2.csv', headers: auth(), body: Buffer.alloc(1_500_000), chunked: true });
  assert.equal(streamed.status, 413);
  const get = await rawRequest(host.port, { path: '/api/upload?name=a.csv', headers: { Authorization: `Bearer ${host.token}` } });
  assert.equal(get.status, 405);
  const ok = await rawRequest(host.port, { method: 'POST', path: '/api/upload?name=small.csv', headers: auth(), body });
  const folder = dirname(JSON.parse(ok.body).path);
  assert.deepEqual(readdirSync(folder).filter((f) => f.includes('big')), []);
});

test('the uploads are removed when the host closes', async () => {
  const h = await startHost({ casePath: await caseWithPackage(dir, 'second.assay'), port: 0, ...OWNER });
  const r = await rawRequest(h.port, { method: 'POST', path: '/api/upload?name=a.csv', headers: { Authorization: `Bearer ${h.token}` }, body: 'x' });
  const path = JSON.parse(r.body).path as string;
  assert.ok(existsSync(path));
  await h.close();
  assert.equal(existsSync(path), false);
  assert.equal(existsSync(dirname(path)), false);
});
