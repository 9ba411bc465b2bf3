import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { assay, buildRenderer, fullPageShot, launchBrowser, openCase, ROOT, SHOTS, skip, startServe, teardown, workDir, type Served } from './harness.ts';

/**
 * End to end: the analysis screens (replay, what-if, counterfactuals, ICE, global explanations, fairness) on the demo
 * case served by `assay serve`, in Debian's Chromium. Numbers on screen are checked against values computed here
 * from the demo log files and the tampering truth file. Screenshots go to test-results/e2e/analysis-*.png.
 */
// evaluated in the page (the test's tsconfig has no DOM library)
declare const document: { querySelector(s: string): { textContent: string | null } | null; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
declare const location: { hash: string };

let work = '';
let server: Served | null = null;
let context: BrowserContext | null = null;
let page: Page;
let origin = '';
const problems: string[] = [];

/** The demo's clean log, parsed (the file has no quoted fields: checked). */
function readLog(file: string): Record<string, string>[] {
  const text = readFileSync(join(ROOT, 'fixtures', 'demo', 'logs', file), 'utf8');
  assert.ok(!text.includes('"'), `${file} has no quoted fields`);
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

interface Truth {
  tampered: { decisionId: string; original: number; logged: number; flipped: boolean }[];
}
const truth = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'demo', 'logs', 'decisions-tampered.truth.json'), 'utf8')) as Truth;

const shot = (name: string): Promise<void> => fullPageShot(page, `analysis-${name}`, { restoreViewport: true });

async function text(selector: string): Promise<string> {
  return (await page.textContent(selector)) ?? '';
}

/** A number shown in an element, thousands separators removed. */
async function numberIn(selector: string): Promise<number> {
  return Number((await text(selector)).replace(/,/g, ''));
}

before(async () => {
  if (skip) return;
  work = workDir('analysis-');
  assay('demo', '--out', work);
  buildRenderer('stale');
  server = await startServe(join(work, 'demo.assay'));
  ({ context, page } = await launchBrowser(join(work, 'chromium-profile'), { timeout: 60_000, problems }));
  await openCase(page, server.url);
  origin = server.origin;
});

after(() => teardown({ context, server, work }));

test('log replay of the tampered log: exactly the truth file’s rows, histogram, and a click opens the decision', { skip, timeout: 180_000 }, async () => {
  await page.goto(`${origin}/#/replay/tampered`);
  await page.waitForSelector('#replay-title');
  await page.getByRole('button', { name: 'Replay the log' }).click();
  await page.waitForFunction(() => /Replay again|Every logged|Scores not reproduced/.test(document.querySelector('main')?.textContent ?? '') && !document.querySelector('[data-testid=job-status]'));
  await page.waitForSelector('[data-testid=mismatch-table]');
  await page.waitForSelector('[data-testid=replay-histogram] .main-svg');
  assert.equal(await numberIn('[data-testid=replay-rows]'), 1000);
  assert.equal(await numberIn('[data-testid=replay-mismatched]'), truth.tampered.length);
  assert.equal(truth.tampered.length, 10);
  assert.equal(await numberIn('[data-testid=replay-reproduced]'), 1000 - truth.tampered.length);
  assert.equal(await numberIn('[data-testid=replay-flipped]'), truth.tampered.filter((t) => t.flipped).length);
  const ids = await page.$$eval('[data-testid=mismatch-table] tbody th', (cells) => cells.map((c) => c.textContent ?? ''));
  assert.deepEqual([...ids].sort(), truth.tampered.map((t) => t.decisionId).sort());
  // the logged and replayed scores shown are the truth file's (6 decimals on screen)
  const first = truth.tampered.find((t) => t.decisionId === 'D-000189')!;
  const row = await page.$$eval('[data-testid=mismatch-table] tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
  const shown = row.find((r) => r[0] === 'D-000189')!;
  assert.equal(Number(shown[1]), Number(first.logged.toFixed(6)));
  assert.ok(Math.abs(Number(shown[2]) - first.original) < 1e-6, `replayed ${shown[2]} vs original ${first.original}`);
  assert.equal(shown[4], first.flipped ? 'yes' : 'no');
  await shot('01-replay-tampered');

  // a click on the row opens the decision; its badge comes from this replay
  await page.locator('[data-testid=mismatch-table] tbody tr', { hasText: 'D-000189' }).locator('td').first().click();
  await page.waitForFunction(() => location.hash === '#/log/tampered/decision/D-000189');
  await page.waitForSelector('[data-testid=replay-badge]');
  assert.match(await text('[data-testid=replay-badge]'), /not reproduced/);
  const verdict = await text('[data-testid=replay-verdict]');
  assert.ok(verdict.includes(first.logged.toFixed(6)), verdict);
  assert.ok(verdict.includes('the decision flips'), verdict);
  await page.locator('[data-testid=replay-verdict]').scrollIntoViewIfNeeded();
  await shot('02-decision-replay-badge');
});

test('decision detail: what-if as you type, counterfactuals tried in the editor, reset, ICE', { skip, timeout: 180_000 }, async () => {
  const clean = readLog('decisions-clean.csv');
  const d = clean.find((r) => r.decision_id === 'D-000189')!;
  await page.goto(`${origin}/#/log/clean/decision/D-000189`);
  await page.waitForSelector('[data-testid=whatif-form]');
  // the clean log was replayed by the demo or can be replayed on demand: either way the verdict is "reproduced"
  const replayButton = page.getByRole('button', { name: 'Replay this decision' });
  if (await replayButton.count()) await replayButton.click();
  await page.waitForSelector('[data-testid=replay-badge]');
  assert.match(await text('[data-testid=replay-badge]'), /reproduced/);
  assert.doesNotMatch(await text('[data-testid=replay-badge]'), /not/);

  // type a new duration: the new score appears without pressing anything, the field is highlighted
  await page.fill('#wi-duration_months', '60');
  await page.waitForSelector('[data-testid=whatif-edited]');
  assert.equal(await page.locator('[data-testid=whatif-form] [data-changed=true]').count(), 1);
  const original = Number(await text('[data-testid=whatif-original]'));
  assert.ok(Math.abs(original - Number(d.score)) < 1e-6, `the model's own score ${original} reproduces the logged ${d.score}`);
  const longer = Number(await text('[data-testid=whatif-edited]'));
  assert.ok(longer < original, `a longer credit lowers the logistic score: ${longer} < ${original}`);
  await shot('03-whatif-typed');

  // counterfactuals: the first one, tried in the editor, gives its own score and flips the decision
  // by keyboard: focus the button and press Enter
  await page.getByRole('button', { name: 'Find counterfactuals' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=cf-table], #cf-title ~ .error');
  assert.equal(await page.locator('#cf-title ~ .error').count(), 0, (await page.locator('#cf-title ~ .error').first().textContent().catch(() => '')) ?? '');
  const cfRows = await page.$$eval('[data-testid=cf-table] tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
  assert.ok(cfRows.length >= 1);
  const cfChanges = (cfRows[0]![1]!.match(/→/g) ?? []).length;
  await page.getByRole('button', { name: 'Try counterfactual 1 in the what-if editor' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=whatif-form] [data-changed=true]').length === n, cfChanges);
  // the editor's score of the counterfactual's inputs is the score the search reported (shown to 4 decimals)
  await page.waitForFunction(
    (want) => Number(document.querySelector('[data-testid=whatif-edited]')?.textContent).toFixed(4) === want && !/updating/.test(document.querySelector('[data-testid=whatif-result]')?.textContent ?? ''),
    cfRows[0]![2]!,
  );
  assert.equal(await page.locator('[data-testid=whatif-flip]').count(), 1, 'the counterfactual flips the decision');
  await page.locator('#whatif-title').scrollIntoViewIfNeeded();
  await shot('04-counterfactual-in-whatif');

  // reset: no field differs, no score is asked for
  await page.getByRole('button', { name: 'Reset all inputs' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=whatif-form] [data-changed=true]').length === 0);
  assert.equal(await page.locator('[data-testid=whatif-edited]').count(), 0);

  // ICE of age: the decision's curve at its own age equals its score
  await page.selectOption('select[name=ice-feature]', 'age');
  await page.getByRole('button', { name: 'Draw ICE' }).click();
  await page.waitForSelector('[data-testid=ice-chart] .main-svg');
  assert.match(await text('[data-testid=ice-provenance]'), /grid points at reference-data quantiles; 100 decisions sampled with seed 0/);
  await page.locator('#ice-title').scrollIntoViewIfNeeded();
  await shot('05-decision-ice');
});

test('what-if screen: population flips by group and a threshold compared with a count from the log file', { skip, timeout: 180_000 }, async () => {
  const clean = readLog('decisions-clean.csv');
  await page.goto(`${origin}/#/whatif/clean`);
  await page.waitForSelector('select[name=pop-column]');
  await page.selectOption('select[name=pop-column]', 'foreign_worker');
  await page.selectOption('select[name=pop-value]', 'no');
  await page.getByRole('button', { name: 'Apply to every decision' }).click();
  await page.waitForSelector('[data-testid=population-summary]');
  await page.waitForSelector('[data-testid=population-chart-sex] .main-svg');
  const flipped = await numberIn('[data-testid=population-flipped]');
  const bySex = await page.$$eval('[data-testid=population-sex] tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
  assert.equal(bySex.reduce((a, r) => a + Number(r[2]), 0), flipped, 'the groups’ flips add up to the total');
  assert.equal(bySex.reduce((a, r) => a + Number(r[1]!.replace(/,/g, '')), 0), 1000);
  // only rows that were foreign workers can change; setting "no" can only raise the logistic score here
  const foreign = clean.filter((r) => r.foreign_worker === 'yes' && r.decision === 'decline').length;
  assert.ok(flipped > 0 && flipped <= foreign, `${flipped} flips among ${foreign} declined foreign workers`);
  for (const r of bySex) assert.equal(Number(r[1]!.replace(/,/g, '')), clean.filter((x) => x.sex === r[0]).length, `rows of ${r[0]}`);

  // threshold 0.6 on the logged scores: the decisions that change are exactly those with 0.5 ≤ score < 0.6
  await page.fill('input[name=threshold]', '0.6');
  await page.selectOption('select[name=scores]', 'logged');
  await page.getByRole('button', { name: 'Compare thresholds' }).click();
  await page.waitForSelector('[data-testid=threshold-table]');
  const expected = clean.filter((r) => Number(r.score) >= 0.5 && Number(r.score) < 0.6).length;
  assert.match(await text('[data-testid=threshold-changed]'), new RegExp(`At 0\\.6, ${expected} of 1,000 decisions change \\(0 to 1, ${expected} to 0\\)`));
  await page.waitForSelector('[data-testid=threshold-chart-sex] .main-svg');
  await shot('06-whatif-population-threshold');
});

test('explanations: SHAP importance, beeswarm, dependence and groups name their method, background and seed; permutation importance', { skip, timeout: 300_000 }, async () => {
  const clean = readLog('decisions-clean.csv');
  await page.goto(`${origin}/#/explain/clean`);
  await page.waitForSelector('select[name=attribute] option[value=sex]', { state: 'attached' });
  await page.fill('input[name=limit]', '40');
  await page.fill('input[name=background]', '20');
  await page.selectOption('select[name=attribute]', 'sex');
  await page.getByRole('button', { name: 'Explain the log' }).click();
  await page.waitForSelector('[data-testid=global-provenance]', { timeout: 240_000 });
  const prov = await text('[data-testid=global-provenance]');
  assert.match(prov, /^40 decisions of clean explained with exact SHAP \(exact\), log-odds, background 20, seed 0/);
  for (const id of ['shap-importance', 'beeswarm', 'dependence-plot', 'shap-by-group']) {
    await page.waitForSelector(`[data-testid=${id}] .main-svg`);
    const label = (await page.getAttribute(`[data-testid=${id}]`, 'aria-label')) ?? '';
    assert.ok(label.includes('exact SHAP (exact), log-odds, background 20, seed 0'), `${id} names its method: ${label}`);
    const svgText = await page.locator(`[data-testid=${id}]`).textContent();
    assert.ok(svgText!.includes('background 20') && svgText!.includes('seed 0'), `${id} shows its method in the chart`);
  }
  // the group table: the groups' sizes among the first 40 decisions of the log
  const groupHead = await page.$$eval('[data-testid=shap-group-table] thead th', (c) => c.map((x) => x.textContent ?? ''));
  assert.ok(groupHead.includes('mean φ, female') && groupHead.includes('mean φ, male'), groupHead.join(' | '));
  const byGroupLabel = await page.locator('[data-testid=shap-by-group]').textContent();
  const first40 = clean.slice(0, 40);
  const females = first40.filter((r) => r.sex === 'female').length;
  assert.ok(byGroupLabel!.includes(`female · n=${females}`) && byGroupLabel!.includes(`male (reference) · n=${40 - females}`), byGroupLabel!);
  await shot('07-explain-global');

  // permutation importance: the baseline AUC is the logged scores' AUC against the outcomes (Mann–Whitney, here)
  await page.getByRole('button', { name: 'Compute permutation importance' }).click();
  await page.waitForSelector('[data-testid=permutation-importance] .main-svg');
  const labelled = clean.filter((r) => r.outcome === '0' || r.outcome === '1').map((r) => ({ s: Number(r.score), y: r.outcome === '1' }));
  const pos = labelled.filter((r) => r.y);
  const neg = labelled.filter((r) => !r.y);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p.s > n.s ? 1 : p.s === n.s ? 0.5 : 0;
  const auc = wins / (pos.length * neg.length);
  const title = (await page.locator('[data-testid=permutation-importance]').textContent())!;
  const shownAuc = Number(/AUC baseline (\d\.\d{4})/.exec(title)![1]);
  assert.ok(Math.abs(shownAuc - auc) < 1e-3, `baseline ${shownAuc} vs ${auc}`);
  assert.match(await text('[data-testid=importance-provenance]'), new RegExp(`AUC on ${labelled.length} decisions with an outcome \\(${1000 - labelled.length} without one left out\\), 5 repeats, seed 0`));
  await page.locator('[data-testid=permutation-importance]').scrollIntoViewIfNeeded();
  await shot('08-explain-permutation');
});

test('fairness: rates from the log file, CI whiskers, four-fifths line, sweep, trade-off, proxies, and a group opened in the explorer', { skip, timeout: 180_000 }, async () => {
  const clean = readLog('decisions-clean.csv');
  await page.goto(`${origin}/#/fairness/clean`);
  await page.waitForSelector('select[name=attribute] option[value=sex]', { state: 'attached' });
  await page.getByRole('button', { name: 'Compute' }).click();
  await page.waitForSelector('[data-testid=fairness-table]');
  const rows = await page.$$eval('[data-testid=fairness-table] tbody tr', (r) => r.map((x) => [...x.children].map((c) => c.textContent ?? '')));
  for (const sex of ['female', 'male']) {
    const group = clean.filter((r) => r.sex === sex);
    const rate = group.filter((r) => r.decision === 'approve').length / group.length;
    const row = rows.find((r) => r[0] === sex)!;
    assert.equal(Number(row[1]!.replace(/,/g, '')), group.length, `${sex} rows`);
    assert.equal(row[3]!.slice(0, 5), rate.toFixed(3), `${sex} selection rate`);
    assert.match(row[3]!, /\[0\.\d{3}, 0\.\d{3}\]/, 'bootstrap interval shown');
  }
  for (const id of ['fairness-chart', 'disparate-impact-chart', 'sweep-selectionRate', 'sweep-gaps', 'tradeoff-selectionRate', 'tradeoff-truePositiveRate']) {
    await page.waitForSelector(`[data-testid=${id}] .main-svg`);
  }
  assert.equal(await page.locator('[data-testid=fairness-chart] path.yerror').count() >= 2, true, 'CI whiskers are drawn');
  const chartText = (await page.locator('[data-testid=fairness-chart]').textContent())!;
  const male = clean.filter((r) => r.sex === 'male');
  const maleRate = male.filter((r) => r.decision === 'approve').length / male.length;
  assert.ok(chartText.includes(`4/5 of male: ${(0.8 * maleRate).toFixed(3)}`), chartText);
  const proxies = await page.$$eval('[data-testid=proxy-table] tbody tr', (r) => r.length);
  assert.equal(proxies, 12, 'one proxy row per model input');
  await shot('09-fairness');
  await page.locator('#sweep-title').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'analysis-10-fairness-thresholds.png') });

  // a group opens its decisions in the explorer
  await page.locator('[data-testid=fairness-table] a', { hasText: /^female$/ }).click();
  await page.waitForFunction(() => location.hash === '#/log/clean?sex=female');
  const females = clean.filter((r) => r.sex === 'female').length;
  await page.waitForFunction((n) => document.querySelector('[data-testid=total]')?.textContent === `${n} decisions match`, females);
  assert.match(await text('[data-testid=fixed-filters]'), /sex = female/);
  await shot('11-explorer-group');

  assert.deepEqual(problems, [], 'no console errors and no CSP violations');
});
