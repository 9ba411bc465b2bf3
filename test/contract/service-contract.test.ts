import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { METHOD_NAMES, METHODS, ROLES } from '../../src/api/contract.ts';
import { AssayError, ERROR_CODES } from '../../src/api/errors.ts';
import { AssayService } from '../../src/api/service.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const owner = { user: 'olga', role: 'owner' as const };

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof AssayError, String(e));
    assert.ok((ERROR_CODES as readonly string[]).includes(e.code));
    return e.code;
  }
}

test('every method names its roles, kind and an argument schema that refuses unknown fields', () => {
  for (const name of METHOD_NAMES) {
    const m = METHODS[name];
    assert.ok(m.summary.length > 10, name);
    assert.ok(m.roles.length > 0 && m.roles.every((r) => (ROLES as readonly string[]).includes(r)), name);
    assert.ok(['read', 'write', 'analysis', 'export'].includes(m.kind), name);
    assert.equal(m.args.safeParse({ surprise: 1 }).success, false, `${name} refuses unknown fields`);
  }
});

test('a regulator is read-only: every write method is refused for it', () => {
  for (const name of METHOD_NAMES) {
    // case.create and case.importBundle make a new case; a regulator receives cases as encrypted bundles
    if (METHODS[name].kind === 'write' && name !== 'case.create' && name !== 'case.importBundle') assert.ok(!METHODS[name].roles.includes('regulator'), name);
  }
});

test('an unknown method is refused', async () => {
  const s = new AssayService(null);
  assert.equal(await code(s.call('case.explode' as never, {}, owner)), 'BAD_ARGUMENT');
});

test('arguments are validated and the message names the offending field', async () => {
  const path = join(dir, 'args.assay');
  const s = new AssayService(path);
  await s.call('case.create', {}, owner);
  try {
    await s.call('package.show', { ref: 'no-version' }, owner);
    assert.fail('expected BAD_ARGUMENT');
  } catch (e) {
    assert.equal((e as AssayError).code, 'BAD_ARGUMENT');
    assert.match((e as Error).message, /ref: must be a package reference written id@version/);
  }
  assert.equal(await code(s.call('log.rows', { log: 'x', limit: -1 }, owner)), 'BAD_ARGUMENT');
  await s.close();
});

test('a refused role is recorded in the audit trail, and the refusal changes nothing else', async () => {
  const path = join(dir, 'roles.assay');
  const s = new AssayService(path);
  await s.call('case.create', { title: 't' }, owner);
  assert.equal(await code(s.call('package.import', { path: '/nowhere' }, { user: 'rita', role: 'regulator' })), 'PERMISSION_DENIED');
  const trail = await s.call('audit.list', {}, owner);
  assert.deepEqual(trail.map((e) => [e.method, e.user, e.outcome]), [['case.create', 'olga', 'ok'], ['package.import', 'rita', 'denied']]);
  assert.equal((await s.call('package.list', {}, owner)).length, 0);
  await s.close();
});

test('methods that need a case refuse to run without one', async () => {
  const s = new AssayService(null);
  assert.equal(await code(s.call('case.info', {}, owner)), 'BAD_ARGUMENT');
});

test('reads are not audited; writes are', async () => {
  const path = join(dir, 'reads.assay');
  const s = new AssayService(path);
  await s.call('case.create', {}, owner);
  await s.call('case.info', {}, owner);
  await s.call('package.list', {}, owner);
  assert.equal((await s.call('audit.list', {}, owner)).length, 1);
  await s.close();
});
