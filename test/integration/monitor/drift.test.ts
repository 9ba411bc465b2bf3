import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { DriftResult } from '../../../src/api/contract-monitor.ts';
import { AssayService } from '../../../src/api/service.ts';
import { CaseDb } from '../../../src/case/index.ts';
import { caseFingerprint } from '../../helpers/case-fingerprint.ts';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';
import { AUDITOR, cleanRows, demoCase, importLog, quantile, writeCsv } from './helpers.ts';

/** Issue 8, data drift: the demo logs against the reference data and against a window of themselves. */
const dir = tempDir('assay-monitor-drift-');
let casePath: string;
const FEATURES = ['checking_status', 'duration_months', 'credit_history', 'purpose', 'credit_amount', 'savings', 'employment_since', 'installment_rate', 'age', 'housing', 'job', 'foreign_worker'];

async function drift(args: Record<string, unknown>): Promise<DriftResult> {
  const service = new AssayService(casePath);
  try {
    return await service.call('monitor.drift', args, AUDITOR);
  } finally {
    await service.close();
  }
}

before(async () => {
  casePath = await demoCase(dir);
  // a log whose rows carry no timestamp, and one where installment_rate is 4 in every row before 2025
  const rows = cleanRows();
  await importLog(casePath, writeCsv(join(dir, 'no-time.csv'), rows.slice(0, 50), Object.keys(rows[0]!).filter((c) => c !== 'timestamp')), 'notime');
  await importLog(casePath, writeCsv(join(dir, 'constant.csv'), rows.map((r) => (r.timestamp! < '2025' ? { ...r, installment_rate: '4' } : r))), 'constant');
  // 25,000 rows: `serial` is unique (an identifier already in the first 20,000 rows), `ticket` repeats 500 values in
  // the first 20,000 rows and is unique after them, `branch` has 3 levels
  const many = Array.from({ length: 25_000 }, (_, k) => {
    const r = rows[k % rows.length]!;
    return { ...r, decision_id: `${r.decision_id}-${k}`, serial: `S${k}`, ticket: `T${k < 20_000 ? k % 500 : k}`, branch: `B${k % 3}` };
  });
  await importLog(casePath, writeCsv(join(dir, 'ids.csv'), many), 'ids');
  // 45,000 rows with a near-continuous score (more than twice the 20,000-row sample): drift takes its bucketed path
  await importLog(casePath, writeCsv(join(dir, 'long.csv'), long()), 'long');
});

function long(): Record<string, string>[] {
  const rows = cleanRows();
  return Array.from({ length: 45_000 }, (_, k) => {
    const r = rows[k % rows.length]!;
    return { ...r, decision_id: `${r.decision_id}-L${k}`, score: String(Number(r.score) * 0.999 + k * 1e-8) };
  });
}

test('drift of a near-continuous score (45,000 rows, bucketed) equals a brute force over the CSV (issue 8)', async () => {
  const r = await drift({ log: 'long', reference: { to: '2025-01-01' }, current: { from: '2025-01-01' } });
  const rows = long();
  const a = rows.filter((x) => x.timestamp! < '2025-01-01').map((x) => Number(x.score)).sort((p, q) => p - q);
  const b = rows.filter((x) => x.timestamp! >= '2025-01-01').map((x) => Number(x.score)).sort((p, q) => p - q);
  const all = [...a.map((v) => ({ v, s: 0 })), ...b.map((v) => ({ v, s: 1 }))].sort((x, y) => x.v - y.v);
  let c0 = 0, c1 = 0, ks = 0, w = 0;
  all.forEach((x, i) => {
    if (x.s === 0) c0++;
    else c1++;
    if (i + 1 < all.length && all[i + 1]!.v === x.v) return;
    const d = Math.abs(c0 / a.length - c1 / b.length);
    ks = Math.max(ks, d);
    if (i + 1 < all.length) w += d * (all[i + 1]!.v - x.v);
  });
  const score = r.features.score!;
  assert.ok(Math.abs(score.ks! - ks) <= 1e-15, `KS ${score.ks} vs ${ks}`);
  assert.ok(Math.abs(score.wasserstein! - w) <= 1e-9 * w, `W1 ${score.wasserstein} vs ${w}`);
  const edges = [...new Set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((q) => quantile(a, q)))];
  assert.equal(score.bins!.edges.length, edges.length);
  score.bins!.edges.forEach((e, k) => assert.ok(Math.abs(e - edges[k]!) <= 1e-15, `edge ${k}`));
  const share = (xs: number[], k: number) => xs.filter((v) => edges.filter((e) => v > e).length === k).length / xs.length;
  score.bins!.current.forEach((p, k) => assert.ok(Math.abs(p - share(b, k)) <= 1e-12, `current bin ${k}`));
});

test('identifiers are left out of drift and timeline, whether the first rows show it or only the counted levels (issue 8)', async () => {
  const r = await drift({ log: 'ids', reference: { to: '2025-01-01' }, current: { from: '2025-01-01' } });
  const reasons = Object.fromEntries(r.skipped.map((s) => [s.column, s.reason]));
  assert.match(reasons.serial ?? '', /about \d{5} distinct values in the log's first 20,000 rows \(more than 1000\)/);
  assert.match(reasons.ticket ?? '', /^\d{4} distinct values \(more than 1000\)/);
  assert.ok(r.features.branch, 'a column of three levels is compared');
  assert.ok(!r.features.serial && !r.features.ticket);
  const service = new AssayService(casePath);
  try {
    const t = await service.call('monitor.timeline', { log: 'ids', reference: { to: '2025-01-01' }, granularity: 'month' }, AUDITOR);
    assert.ok(t.columns.includes('branch'));
    assert.ok(!t.columns.includes('serial') && !t.columns.includes('ticket'), t.columns.join(', '));
    assert.ok(t.warnings.some((w) => /identifiers.*serial/.test(w)) && t.warnings.some((w) => /identifiers.*ticket/.test(w)), t.warnings.join(' | '));
  } finally {
    await service.close();
  }
});

test('the clean demo log raises no drift alert against the package\'s reference data', async () => {
  const r = await drift({ log: 'clean' });
  assert.deepEqual(r.reference, { kind: 'referenceData', from: null, to: null, rows: 200 });
  assert.deepEqual(r.current, { kind: 'log', from: null, to: null, rows: 1000 });
  assert.deepEqual(r.alerts, []);
  for (const f of [...FEATURES, 'sex', 'age_group', 'score', 'decision']) assert.ok(r.features[f], f);
  assert.ok(Object.values(r.features).every((d) => d.severity !== 'major' && d.psi < 0.25));
  assert.deepEqual(r.skipped.map((s) => s.column), ['applicant_id']);
  assert.equal(r.features.score!.type, 'numeric');
  assert.equal(r.features.decision!.type, 'categorical');
});

test('the drifted demo log ranks credit_amount (×1.6 from 2025-07-01) first, in windows and (its shifted part) against the reference data', async () => {
  const windows = await drift({ log: 'drifted', reference: { to: '2025-07-01' }, current: { from: '2025-07-01' } });
  assert.equal(windows.ranking[0], 'credit_amount');
  assert.deepEqual(windows.alerts, ['credit_amount']);
  assert.equal(windows.current.rows, 252);
  assert.equal(windows.reference.rows, 748);
  const ca = windows.features.credit_amount!;
  assert.ok(ca.ksPValue! < 1e-6 && ca.mean.current! > 1.4 * ca.mean.reference!);
  const late = await drift({ log: 'drifted', current: { from: '2025-07-01' } });
  assert.equal(late.ranking[0], 'credit_amount');
});

test('the SQL statistics equal an independent computation on the raw values', async () => {
  const r = await drift({ log: 'drifted', reference: { to: '2025-07-01' } });
  const db = await CaseDb.open(casePath, { readOnly: true });
  let raw: { side: number; credit_amount: number; purpose: string }[];
  try {
    raw = await db.query(`SELECT CAST("timestamp" >= TIMESTAMPTZ '2025-07-01 00:00:00+00' AS INTEGER) AS side, credit_amount, purpose FROM log_drifted`);
  } finally {
    await db.close();
  }
  const ref = raw.filter((x) => x.side === 0).map((x) => x.credit_amount);
  const cur = raw.filter((x) => x.side === 1).map((x) => x.credit_amount);
  const d = r.features.credit_amount!;
  // KS: sup over all values of |F_ref − F_cur|, by direct counting
  const values = [...new Set([...ref, ...cur])];
  const ks = Math.max(...values.map((v) => Math.abs(ref.filter((x) => x <= v).length / ref.length - cur.filter((x) => x <= v).length / cur.length)));
  assert.ok(Math.abs(d.ks! - ks) < 1e-12, `${d.ks} vs ${ks}`);
  // Wasserstein-1: the difference of the sorted quantile functions integrated over [0, 1] (an independent formula)
  const a = [...ref].sort((x, y) => x - y);
  const b = [...cur].sort((x, y) => x - y);
  const cuts = [...new Set([...a.map((_, i) => (i + 1) / a.length), ...b.map((_, i) => (i + 1) / b.length)])].sort((x, y) => x - y);
  let w = 0, prev = 0;
  for (const c of cuts) {
    const mid = (prev + c) / 2;
    w += (c - prev) * Math.abs(a[Math.floor(mid * a.length)]! - b[Math.floor(mid * b.length)]!);
    prev = c;
  }
  assert.ok(Math.abs(d.wasserstein! - w) < 1e-6, `${d.wasserstein} vs ${w}`);
  // PSI over the unique reference deciles (linear interpolation), right-closed bins, proportions floored at 1e-4
  const edges = [...new Set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((q) => quantile(a, q)))].sort((x, y) => x - y);
  assert.equal(d.bins!.edges.length, edges.length);
  d.bins!.edges.forEach((e, k) => assert.ok(Math.abs(e - edges[k]!) < 1e-9, `edge ${e} vs ${edges[k]}`));
  const bin = (v: number) => d.bins!.edges.filter((e) => v > e).length;
  const share = (xs: number[], k: number) => Math.max(xs.filter((v) => bin(v) === k).length / xs.length, 1e-4);
  let psi = 0;
  for (let k = 0; k <= edges.length; k++) psi += (share(cur, k) - share(ref, k)) * Math.log(share(cur, k) / share(ref, k));
  assert.ok(Math.abs(d.psi - psi) < 1e-12, `${d.psi} vs ${psi}`);
  // mean and sample standard deviation
  const mean = cur.reduce((s, v) => s + v, 0) / cur.length;
  const sd = Math.sqrt(cur.reduce((s, v) => s + (v - mean) ** 2, 0) / (cur.length - 1));
  assert.ok(Math.abs(d.mean.current! - mean) < 1e-9 && Math.abs(d.std.current! - sd) < 1e-9);
  // chi-square of purpose: Σ (O − E)² / E over the 2 × levels table
  const levels = [...new Set(raw.map((x) => x.purpose))];
  const n0 = raw.filter((x) => x.side === 0).length;
  const n1 = raw.length - n0;
  let chi2 = 0;
  for (const l of levels) {
    const o0 = raw.filter((x) => x.side === 0 && x.purpose === l).length;
    const o1 = raw.filter((x) => x.side === 1 && x.purpose === l).length;
    const e0 = (n0 * (o0 + o1)) / raw.length;
    const e1 = (n1 * (o0 + o1)) / raw.length;
    chi2 += (o0 - e0) ** 2 / e0 + (o1 - e1) ** 2 / e1;
  }
  const p = r.features.purpose!;
  assert.ok(Math.abs(p.chi2! - chi2) < 1e-9, `${p.chi2} vs ${chi2}`);
  assert.equal(p.chi2DegreesOfFreedom, levels.length - 1);
  assert.ok(Math.abs(p.levels!.reduce((s, l) => s + l.current, 0) - 1) < 1e-12);
});

test('assay drift --json answers and records {reference, current, features, runId}', async () => {
  const out = await cli('drift', casePath, '--log', 'drifted', '--reference', '..2025-07-01', '--current', '2025-07-01..2026-01-01', '--json');
  assert.equal(out.code, 0, out.stderr);
  const r = out.json();
  assert.deepEqual(r.reference, { kind: 'log', from: null, to: '2025-07-01T00:00:00.000Z', rows: 748 });
  assert.deepEqual(r.current, { kind: 'log', from: '2025-07-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z', rows: 252 });
  for (const k of ['type', 'psi', 'ks', 'ksPValue', 'chi2', 'chi2PValue', 'jsDistance', 'wasserstein', 'mean']) assert.ok(k in r.features.credit_amount, k);
  assert.deepEqual(Object.keys(r.features.credit_amount.mean), ['reference', 'current']);
  const text = await cli('drift', casePath, '--log', 'drifted', '--reference', '..2025-07-01');
  assert.ok(text.stdout.includes('Major drift: credit_amount.'), text.stdout);
  const db = await CaseDb.open(casePath, { readOnly: true });
  try {
    const run = await db.queryOne<{ method: string }>('SELECT method FROM runs WHERE run_id = $1', [r.runId]);
    assert.equal(run?.method, 'monitor.drift');
  } finally {
    await db.close();
  }
});

test('a feature constant in the reference is flagged and explained, not an error', async () => {
  const r = await drift({ log: 'constant', reference: { to: '2025-01-01' } });
  const d = r.features.installment_rate!;
  assert.ok(d.flags.includes('constant_in_reference'));
  assert.deepEqual(d.bins!.edges, [4]);
  assert.ok(r.warnings.some((w) => w.includes('"installment_rate" is constant in the reference')));
  assert.ok(Number.isFinite(d.psi) && d.ks !== null);
});

test('bad input: each refusal has a code and a sentence, and the case is unchanged', async () => {
  const before = await caseFingerprint(casePath);
  const cases: [string[], string, string[]][] = [
    [['--log', 'clean', '--current', '2030-01-01..2031-01-01'], 'BAD_ARGUMENT', ['holds no decisions', '2024-01-01']],
    [['--log', 'clean', '--current', '2024-01-01T13:25:03Z..2024-01-01T13:25:04Z'], 'BAD_ARGUMENT', ['only 1 row', 'at least 2']],
    [['--log', 'clean', '--reference', '2025-01-01..2024-01-01'], 'BAD_ARGUMENT', ['reversed']],
    [['--log', 'clean', '--reference', '2024-01-01..2025-03-01', '--current', '2025-01-01..2026-01-01'], 'BAD_ARGUMENT', ['overlap']],
    [['--log', 'clean', '--reference', '2025-01-01..'], 'BAD_ARGUMENT', ['nothing is left']],
    [['--log', 'notime', '--current', '2025-01-01..'], 'LOG_MISMATCH', ['no timestamp column']],
    [['--log', 'clean', '--current', 'last week'], 'BAD_ARGUMENT', ['FROM..TO']],
    [['--log', 'clean', '--current', '2025-02-30..'], 'BAD_ARGUMENT', ['2025-02-30']],
    [['--log', 'clean', '--columns', 'salary'], 'NOT_FOUND', ['salary']],
    [['--log', 'nolog'], 'NOT_FOUND', ['nolog']],
  ];
  for (const [args, code, mentions] of cases) {
    const out = await cli('drift', casePath, ...args, '--json');
    assert.equal(out.code, 2, `${args.join(' ')}: ${out.stdout}`);
    const e = out.json().error;
    assert.equal(e.code, code, `${args.join(' ')}: ${e.message}`);
    for (const m of mentions) assert.ok(e.message.includes(m), `"${e.message}" should mention "${m}"`);
  }
  assert.equal(await caseFingerprint(casePath), before);
  // without windows, a log with no timestamps is compared whole with the reference data
  const whole = await drift({ log: 'notime' });
  assert.equal(whole.current.rows, 50);
});
