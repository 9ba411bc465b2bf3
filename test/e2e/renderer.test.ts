import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { assay, buildRenderer, fullPageShot, launchBrowser, skip, startServe, teardown, workDir, type Served } from './harness.ts';

/**
 * End to end: the demo case served by `assay serve`, the built renderer in Debian's Chromium (playwright-core).
 * Screenshots go to test-results/e2e/.
 */
// evaluated in the page (the test's tsconfig has no DOM library); the host's CSP forbids string evaluation
declare const document: { activeElement: unknown; querySelector(s: string): { textContent: string | null; scrollTop: number; children: ArrayLike<{ textContent: string | null }> } | null; querySelectorAll(s: string): Iterable<{ textContent: string | null }> };
declare const location: { hash: string };
declare function getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string };

let work = '';
let server: Served | null = null;
let context: BrowserContext | null = null;
let page: Page;
let url = '';
const problems: string[] = [];

const shot = (name: string): Promise<void> => fullPageShot(page, name);

before(async () => {
  if (skip) return;
  work = workDir();
  assay('demo', '--out', work);
  buildRenderer('stale');
  server = await startServe(join(work, 'demo.assay'));
  url = server.url;
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  ({ context, page } = await launchBrowser(join(work, 'chromium-profile'), { timeout: 20_000, problems }));
});

after(() => teardown({ context, server, work }));

test('case home, package review, explorer, jump and decision detail with its SHAP waterfall', { skip, timeout: 120_000 }, async () => {
  // 1. the case home (the token becomes a cookie and leaves the address bar)
  await page.goto(url);
  await page.waitForSelector('[data-testid=case-id]');
  assert.ok(!page.url().includes('token='), `the token left the address: ${page.url()}`);
  const home = await page.textContent('main');
  for (const s of ['credit-logreg-zipmap@1.0.0', 'credit-gbm@1.0.0', 'clean', 'tampered', 'Quarantined']) assert.ok(home!.includes(s), `home shows ${s}`);
  await shot('01-case-home');

  // 2. package review of the ZipMap package
  await page.getByRole('link', { name: 'credit-logreg-zipmap@1.0.0' }).first().click();
  await page.waitForSelector('#pkg-title');
  assert.equal(await page.textContent('#pkg-title'), 'credit-logreg-zipmap@1.0.0');
  await page.waitForSelector('[data-testid=rewrites]');
  const pkgText = (await page.textContent('main'))!;
  for (const s of ['ZipMap', 'output_probability', 'LinearClassifier', 'ai.onnx.ml 3', '✓ verified', 'Model card: credit-logreg-zipmap 1.0.0', 'Smoke test']) {
    assert.ok(pkgText.includes(s), `package review shows ${s}`);
  }
  assert.equal(await page.locator('.markdown table').count() >= 2, true, 'the model card tables are rendered as tables');
  await shot('02-package-review');

  // 3. explorer on the clean log: the whole log, fetched in pages as it scrolls
  await page.goto(`${new URL(url).origin}/#/log/clean`);
  await page.waitForFunction(() => document.querySelector('[data-testid=total]')?.textContent?.startsWith('1,000 decisions match'));
  await page.waitForSelector('[data-testid=score-histogram] .main-svg');
  await page.waitForSelector('[data-testid=monthly-chart] .main-svg');
  await page.locator('[data-testid=decision-table]').evaluate((el) => (el.scrollTop = 32 * 640));
  await page.waitForFunction(() => [...document.querySelectorAll('.vbody a')].some((a) => a.textContent === 'D-000650'));
  assert.equal(await page.locator('.vbody').getByText(/^Loading row/).count(), 0, 'the rows in view are loaded');
  await shot('03-explorer-scrolled');

  // 4. sort by score (ascending, then descending)
  const firstScores = async () =>
    page.$$eval('.vbody .vrow', (rows) => rows.map((r) => [Number(r.getAttribute('data-index')), r.children[4]?.textContent ?? ''] as const).sort((a, b) => a[0] - b[0]).slice(0, 5).map((x) => Number(x[1])));
  await page.locator('button.sort[data-column=score]').click();
  await page.waitForSelector('[role=columnheader][aria-sort=ascending]');
  await page.waitForFunction(() => document.querySelector('[data-testid=decision-table]')?.scrollTop === 0);
  await page.waitForFunction(() => document.querySelector('.vbody .vrow[data-index="0"] a') !== null);
  let scores = await firstScores();
  assert.deepEqual(scores, [...scores].sort((a, b) => a - b), `ascending: ${scores}`);
  await page.locator('button.sort[data-column=score]').click();
  await page.waitForSelector('[role=columnheader][aria-sort=descending]');
  await page.waitForFunction(() => Number(document.querySelector('.vbody .vrow[data-index="0"]')?.children[4]?.textContent) > 0.9);
  scores = await firstScores();
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), `descending: ${scores}`);

  // 5. filter decision = 0 (decline): the count and the charts follow
  await page.selectOption('select[name=decision]', '0');
  await page.waitForFunction(() => /^\d[\d,]* decisions match/.test(document.querySelector('[data-testid=total]')?.textContent ?? '') && !document.querySelector('[data-testid=total]')?.textContent?.startsWith('1,000'));
  await page.waitForFunction(() => document.querySelector('.vbody .vrow[data-index="0"] a') !== null);
  const decisions = await page.$$eval('.vbody .vrow', (rows) => rows.map((r) => r.children[5]?.textContent ?? '').filter((t) => t !== ''));
  assert.ok(decisions.length > 5 && decisions.every((d) => d === '0'), `every row is a decline: ${decisions.slice(0, 10)}`);
  const declineScores = await firstScores();
  assert.ok(declineScores.every((s) => s < 0.5), `declines score below the threshold: ${declineScores}`);
  // keyboard: the next control gets a visible focus ring
  await page.focus('select[name=decision]');
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(ring, 'none', 'a focused control shows a focus ring');
  await shot('04-explorer-sorted-filtered');

  // 6. Ctrl+K jumps to D-000189 and opens its detail
  await page.locator('[data-testid=decision-table]').focus();
  await page.keyboard.press('Control+k');
  await page.waitForSelector('dialog.jump[open]');
  await page.keyboard.type('D-000189');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#/log/clean/decision/D-000189');
  await page.waitForSelector('[data-testid=score]');
  assert.equal(await page.textContent('#decision-title'), 'Decision D-000189');
  // the lineage and the replay/what-if section follow the case description (case.info), which may answer later
  await page.waitForSelector('#replay-title');
  const detail = (await page.textContent('main'))!;
  for (const s of ['checking_status', 'Log file sha256', 'credit-logreg@1.0.0', 'Model sha256', 'Replay and what-if']) assert.ok(detail.includes(s), `detail shows ${s}`);

  // 7. its SHAP waterfall
  await page.getByRole('button', { name: 'Explain this decision' }).click();
  await page.waitForSelector('[data-testid=waterfall] .main-svg');
  await page.waitForSelector('[data-testid=waterfall] .trace.bars, [data-testid=waterfall] g.waterfalllayer .trace');
  const caption = (await page.textContent('[data-testid=shap-caption]'))!;
  assert.match(caption, /Method exact/);
  assert.match(caption, /background 100 reference rows, seed 0/);
  await shot('05-decision-detail-waterfall');

  // the dark theme, for a look
  await page.selectOption('.theme-toggle select', 'dark');
  await page.waitForTimeout(300);
  await shot('06-decision-detail-dark');
  await page.selectOption('.theme-toggle select', 'light');

  // fairness by sex: group table with intervals and flags, selection-rate chart with the four-fifths line
  await page.goto(`${new URL(url).origin}/#/fairness/clean`);
  await page.waitForSelector('select[name=attribute] option[value=sex]', { state: 'attached' });
  await page.getByRole('button', { name: 'Compute' }).click();
  await page.waitForSelector('[data-testid=fairness-table]');
  await page.waitForSelector('[data-testid=fairness-chart] .main-svg');
  const fair = (await page.textContent('[data-testid=fairness-table]'))!;
  assert.ok(fair.includes('female') && fair.includes('male') && fair.includes('reference'), fair);
  assert.match(fair, /\[0\.\d{3}, 0\.\d{3}\]/, 'bootstrap intervals are shown');
  await shot('07-fairness');

  assert.deepEqual(problems, [], 'no console errors and no CSP violations');
});
