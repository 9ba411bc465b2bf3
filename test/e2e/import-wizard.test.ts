import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Issue 4: the import wizard in Chromium — a log by path with its preview, mapping and personal columns; a log with
 * bad rows dropped on the window, its quarantine shown with reasons; a renamed column mapped by hand.
 */
// evaluated in the page (the test's tsconfig has no DOM library)
declare class DataTransfer {
  items: { add(f: unknown): void };
}
declare class File {
  constructor(parts: string[], name: string, options: { type: string });
}

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null;
const SHOTS = join(ROOT, 'test-results', 'e2e');
const skip = CHROMIUM || process.env.CI ? false : 'Chromium is not installed at /usr/bin/chromium (apt-get install chromium); the E2E tests need it.';
const CLEAN = join(ROOT, 'fixtures', 'demo', 'logs', 'decisions-clean.csv');

let work = '';
let server: ChildProcess | null = null;
let context: BrowserContext | null = null;
let page: Page;
let origin = '';
const problems: string[] = [];

function assay(...args: string[]): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'assay.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  // a full-page screenshot leaves Chromium's emulated viewport stale, so the next click can miss its target
  await page.setViewportSize({ width: 1360, height: 901 });
  await page.setViewportSize({ width: 1360, height: 900 });
}

/** Waits for the import's result, failing with the sentence the wizard shows when the import was refused. */
async function importResult(): Promise<void> {
  await page.waitForSelector('[data-testid=wizard-result], .error[role=alert]', { timeout: 60_000 });
  const refused = await page.locator('.error[role=alert]').count();
  if (refused) assert.fail(`the import was refused: ${await page.locator('.error[role=alert]').first().textContent()}`);
  await page.waitForSelector('[data-testid=wizard-result]');
}

before(async () => {
  if (skip) return;
  mkdirSync(SHOTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'assay-e2e-import-'));
  const casePath = join(work, 'wizard.assay');
  assay('case', 'create', casePath, '--title', 'Import wizard');
  assay('package', 'import', casePath, join(ROOT, 'fixtures', 'demo', 'packages', 'credit-logreg'));
  if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  server = spawn(process.execPath, [join(ROOT, 'bin', 'assay.js'), 'serve', casePath, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: server!.stdout! }).once('line', (line) => resolveUrl(line.trim()));
    server!.once('exit', (code) => reject(new Error(`assay serve exited with ${code}: ${stderr}`)));
  });
  origin = new URL(url).origin;
  context = await chromium.launchPersistentContext(join(work, 'chromium-profile'), {
    executablePath: CHROMIUM!,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1360, height: 900 },
    colorScheme: 'light',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('[data-testid=case-id]');
});

after(async () => {
  await context?.close().catch(() => undefined);
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a log by path: preview, mapping and personal columns, import with its counts', { skip, timeout: 120_000 }, async () => {
  await page.getByTestId('import-log').click();
  await page.waitForSelector('#import-title');
  await page.getByTestId('wizard-path').fill(CLEAN);
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.waitForSelector('[data-testid=wizard-preview] tbody tr');
  const firstRow = readFileSync(CLEAN, 'utf8').split('\n')[1]!.split(',');
  assert.equal(await page.locator('[data-testid=wizard-preview] tbody tr').count(), 20);
  assert.equal(await page.locator('[data-testid=wizard-preview] tbody tr').first().locator('td').first().textContent(), firstRow[0]);
  assert.equal(await page.getByLabel('Column for credit_amount').inputValue(), 'credit_amount');
  assert.equal(await page.locator('[data-testid=wizard-personal] label', { hasText: 'applicant_id' }).locator('input').isChecked(), true);
  // applicant_id is shown masked in the preview once marked personal
  assert.ok(!(await page.locator('[data-testid=wizard-preview]').textContent())!.includes(firstRow[4]!), 'the personal value is hidden');
  await page.getByTestId('wizard-name').fill('by-path');
  await shot('10-import-preview');
  await page.getByTestId('wizard-import').click();
  await importResult();
  assert.equal(await page.getByTestId('wizard-rows').textContent(), '1,000');
  assert.equal(await page.getByTestId('wizard-quarantined').textContent(), '0');
  assert.match((await page.getByTestId('wizard-result').textContent())!, /Personal columns: applicant_id/);
  await shot('11-import-done');
});

test('a log with bad rows dropped on the window: the wizard opens on it and the quarantine lists each reason', { skip, timeout: 120_000 }, async () => {
  const lines = readFileSync(CLEAN, 'utf8').trim().split('\n').slice(0, 51);
  const header = lines[0]!.split(',');
  const at = (name: string) => header.indexOf(name);
  const row = (i: number) => lines[i]!.split(',');
  const badDecision = row(3);
  badDecision[at('decision')] = 'maybe';
  const noId = row(4);
  noId[at('decision_id')] = '';
  const csv = [lines[0], ...lines.slice(1, 3), badDecision.join(','), noId.join(','), ...lines.slice(5), lines[1]].join('\n');

  await page.goto(`${origin}/#/`);
  await page.waitForSelector('[data-testid=case-id]');
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'bad-rows.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await page.waitForSelector('[data-testid=wizard-preview] tbody tr');
  assert.equal(await page.getByTestId('wizard-name').inputValue(), 'bad-rows');
  await page.getByTestId('wizard-import').click();
  await page.waitForSelector('[data-testid=wizard-quarantine] tbody tr');
  assert.equal(await page.getByTestId('wizard-rows').textContent(), '48');
  assert.equal(await page.getByTestId('wizard-quarantined').textContent(), '3');
  const reasons = await page.$$eval('[data-testid=wizard-quarantine] tbody tr', (rows) => rows.map((r) => r.children[2]?.textContent ?? ''));
  assert.deepEqual([...reasons].sort(), ['bad_decision', 'duplicate_id', 'missing_id']);
  await shot('12-import-quarantine');
});

test('a renamed column is unmapped, blocks the import, and is mapped by hand', { skip, timeout: 120_000 }, async () => {
  const lines = readFileSync(CLEAN, 'utf8').trim().split('\n').slice(0, 31);
  const renamed = join(work, 'renamed.csv');
  writeFileSync(renamed, [lines[0]!.replace('credit_amount', 'amount_eur'), ...lines.slice(1)].join('\n'));
  await page.goto(`${origin}/#/import`);
  await page.getByTestId('wizard-path').fill(renamed);
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.waitForSelector('[data-testid=wizard-mapping]');
  assert.equal(await page.getByLabel('Column for credit_amount').inputValue(), '');
  assert.match((await page.getByRole('alert').first().textContent())!, /No column for credit_amount/);
  assert.equal(await page.getByTestId('wizard-import').isDisabled(), true);
  await shot('13-import-unmapped');
  await page.getByLabel('Column for credit_amount').selectOption('amount_eur');
  await page.getByRole('button', { name: 'Check the mapping against the file' }).click();
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { disabled: boolean } | null } }).document.querySelector('[data-testid=wizard-import]')?.disabled === false);
  await page.getByTestId('wizard-name').fill('renamed');
  await page.getByTestId('wizard-import').click();
  await importResult();
  assert.equal(await page.getByTestId('wizard-rows').textContent(), '30');
  assert.deepEqual(problems, []);
});
