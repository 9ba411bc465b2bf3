import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AssayService } from '../../../src/api/service.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';

/** log.page, the decision explorer's server-side sort, filter and paging (added with the renderer). */
const owner = { user: 'olga', role: 'owner' as const };
let s: AssayService;

before(async () => {
  s = new AssayService(join(tempDir(), 'page.assay'));
  await s.call('case.create', {}, owner);
  await s.call('package.import', { path: demoPackage('credit-logreg') }, owner);
  await s.call('log.import', { path: demoLog('decisions-clean.csv'), package: 'credit-logreg@1.0.0', name: 'clean' }, owner);
});
after(() => s?.close());

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return (e as { code: string }).code;
  }
}

test('pages, sorts and filters on the server, with the filtered total', async () => {
  const all = await s.call('log.page', { log: 'clean', limit: 10 }, owner);
  assert.equal(all.total, 1000);
  assert.equal(all.rows.length, 10);
  assert.equal(all.summary, null);
  const sorted = await s.call('log.page', { log: 'clean', limit: 50, offset: 100, sort: { column: 'score', dir: 'desc' } }, owner);
  const scores = sorted.rows.map((r) => r.score as number);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  const declines = await s.call('log.page', { log: 'clean', decision: 0, limit: 10_000, summary: true }, owner);
  assert.ok(declines.total > 0 && declines.total < 1000);
  assert.equal(declines.rows.length, declines.total);
  assert.ok(declines.rows.every((r) => r.decision === 0));
  const histogram = declines.summary!.scoreCounts['0']!;
  assert.equal(histogram.reduce((a, b) => a + b, 0), declines.total);
  assert.equal(declines.summary!.monthly.reduce((a, m) => a + m.count, 0), declines.total);
  const window = await s.call('log.page', { log: 'clean', from: '2024-03-01', to: '2024-04-01', scoreMin: 0.5, limit: 1000 }, owner);
  assert.ok(window.rows.every((r) => String(r.timestamp) >= '2024-03-01' && String(r.timestamp) < '2024-04-01' && (r.score as number) >= 0.5));
  const one = await s.call('log.page', { log: 'clean', filters: [{ column: 'decision_id', op: 'eq', value: 'D-000189' }] }, owner);
  assert.equal(one.total, 1);
  const text = await s.call('log.page', { log: 'clean', filters: [{ column: 'purpose', op: 'contains', value: 'CAR' }, { column: 'age', op: 'ge', value: '60' }] }, owner);
  assert.ok(text.total > 0 && text.rows.every((r) => String(r.purpose).includes('car') && (r.age as number) >= 60));
});

test('refuses unknown columns and malformed values, whatever they hold', async () => {
  assert.equal(await code(s.call('log.page', { log: 'clean', sort: { column: 'score" DESC; DROP TABLE logs; --', dir: 'asc' } }, owner)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('log.page', { log: 'clean', filters: [{ column: 'nope', op: 'eq', value: 1 }] }, owner)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('log.page', { log: 'clean', filters: [{ column: 'age', op: 'gt', value: 'old' }] }, owner)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('log.page', { log: 'clean', from: 'yesterday' }, owner)), 'BAD_ARGUMENT');
  assert.equal(await code(s.call('log.page', { log: 'nope' }, owner)), 'NOT_FOUND');
  // a value is data, never SQL
  const quote = await s.call('log.page', { log: 'clean', filters: [{ column: 'decision_id', op: 'eq', value: "x' OR '1'='1" }] }, owner);
  assert.equal(quote.total, 0);
});

test('the renderer never writes HTML from data and imports the contract as types only', () => {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  for (const file of walk('renderer').filter((f) => /\.tsx?$/.test(f))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|document\.write/, file);
    assert.doesNotMatch(text, /\beval\(|new Function\(/, file);
  }
});
