import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';
import { DEMO_DIR } from '../../../src/api/demo.ts';
import { canonicalJson } from '../../../src/util/canonical-json.ts';

// Issue 5, item 6: `assay demo` replays the demo logs and reports the tampered rows.
test('assay demo replays every log: exactly the tampered rows of the truth file are not reproduced', async () => {
  const dir = tempDir();
  const run = await cli('demo', '--out', dir, '--json');
  assert.equal(run.code, 0, run.stderr);
  const summary = run.json();
  const truth = JSON.parse(readFileSync(join(DEMO_DIR, 'logs', 'decisions-tampered.truth.json'), 'utf8')) as { tampered: { decisionId: string; flipped: boolean }[] };
  const byLog = Object.fromEntries(summary.replays.map((r: { log: string }) => [r.log, r]));
  assert.deepEqual(Object.keys(byLog).sort(), ['clean', 'drifted', 'gbm', 'tampered']);
  for (const name of ['clean', 'drifted', 'gbm']) {
    assert.equal(byLog[name].mismatched, 0, name);
    assert.equal(byLog[name].reproduced, byLog[name].rows, name);
  }
  const tampered = byLog.tampered;
  assert.deepEqual([...tampered.mismatchedIds].sort(), truth.tampered.map((t) => t.decisionId).sort());
  assert.equal(tampered.flipped, truth.tampered.filter((t) => t.flipped).length);
  assert.equal(tampered.reproduced + tampered.mismatched, tampered.rows);

  const runs = await cli('runs', summary.casePath, '--json');
  assert.equal(runs.code, 0, runs.stderr);
  const methods = runs.json().map((r: { method: string }) => r.method);
  assert.equal(methods.filter((m: string) => m === 'replay.run').length, 4);
  assert.ok(methods.includes('fairness.run') && methods.includes('explain.global'), methods.join(', '));

  // the stored run is the one the replay returned, bound by the SHA-256 of its canonical JSON
  const replayRuns = await cli('runs', summary.casePath, '--method', 'replay.run', '--log', 'tampered', '--json');
  const [only] = replayRuns.json();
  assert.equal(replayRuns.json().length, 1);
  const limited = await cli('runs', summary.casePath, '--limit', '2', '--json');
  assert.equal(limited.json().length, 2);
  const badLimit = await cli('runs', summary.casePath, '--limit', 'two');
  assert.equal(badLimit.code, 2);
  assert.match(badLimit.stderr, /--limit takes a whole number of at least 1, not "two"/);
  const shown = (await cli('run', 'show', summary.casePath, only.runId, '--json')).json();
  assert.equal(shown.result.mismatched, truth.tampered.length);
  assert.equal(shown.resultSha256, createHash('sha256').update(canonicalJson(shown.result)).digest('hex'));
  assert.equal(shown.parameters.log, 'tampered');

  const missing = await cli('run', 'show', summary.casePath, 'run-none');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /There is no run run-none/);
  const text = await cli('demo', '--out', dir);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`Not reproduced in tampered: ${truth.tampered.map((t) => t.decisionId).sort().join(', ')}`));
});
