import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayResult, WhatIfResult } from '../../../src/api/contract-replay.ts';
import { AssayService } from '../../../src/api/service.ts';
import { loadPackageScorer } from '../../../fixtures/lib/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { demoCopy, demoCsv, replayService, type ReplayService } from './helpers.ts';

/** Rows whose categorical values the model never saw are counted, and scored as the model handles them. */
const dir = tempDir('assay-unseen-');
let service: ReplayService;
const UNSEEN = new Map([[3, 'spaceship'], [10, 'time_machine'], [11, 'spaceship']]);
const logreg = loadPackageScorer(demoPackage('credit-logreg'));

before(async () => {
  const casePath = await demoCopy(dir, 'unseen');
  const [header, ...lines] = readFileSync(demoLog('decisions-clean.csv'), 'utf8').trim().split('\n');
  const names = header!.split(',');
  const purpose = names.indexOf('purpose');
  const score = names.indexOf('score');
  const rows = lines.slice(0, 40).map((line, i) => {
    const cells = line.split(',');
    const value = UNSEEN.get(i);
    if (value) {
      cells[purpose] = value;
      const applicant = Object.fromEntries(names.map((n, j) => [n, /^-?\d+(\.\d+)?$/.test(cells[j]!) ? Number(cells[j]) : cells[j]]));
      cells[score] = String(logreg(applicant as never));
    }
    return cells.join(',');
  });
  const path = join(dir, 'unseen.csv');
  writeFileSync(path, `${[header, ...rows].join('\n')}\n`);
  const s = new AssayService(casePath);
  const imported = await s.call('log.import', { path, package: 'credit-logreg@1.0.0', name: 'unseen' }, { user: 'olga', role: 'owner' });
  assert.equal(imported.rows, 40);
  await s.close();
  service = replayService(casePath);
});
after(() => service?.close());

test('replay counts the rows with unseen categories and reproduces them as the model scores them (an all-zero one-hot)', async () => {
  const r = await service.call<ReplayResult>('replay.run', { log: 'unseen' });
  assert.equal(r.rows, 40);
  assert.equal(r.unseenCategoryRows, UNSEEN.size);
  assert.equal(r.mismatched, 0, 'the float64 scorer treats an unseen level as the ONNX OneHotEncoder does');
  assert.ok(r.warnings.some((w) => w.startsWith(`${UNSEEN.size} rows hold categorical values outside`)));
});

test('a what-if on such a row starts from its unseen value and can set it to a known level', async () => {
  const id = demoCsv(demoLog('decisions-clean.csv'))[3]!.decision_id as string;
  const r = await service.call<WhatIfResult>('whatif.decision', { log: 'unseen', decision: id, set: { purpose: 'car_new' } });
  assert.deepEqual(r.edits, [{ column: 'purpose', from: 'spaceship', to: 'car_new' }]);
  assert.ok(Math.abs(r.original.score - r.logged.score!) < 1e-6);
});
