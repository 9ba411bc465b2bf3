import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * What the end-to-end tests share: Debian's Chromium (playwright-core), `assay serve` on a case in a temporary
 * directory, the browser profile, screenshots under test-results/e2e/ and the teardown.
 */
export const ROOT = resolve(import.meta.dirname, '../..');
export const SHOTS = join(ROOT, 'test-results', 'e2e');
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null;
// In CI a missing Chromium is a failure, never a skip: .ci/run installs it.
export const skip: string | false = CHROMIUM || process.env.CI ? false : 'Chromium is not installed at /usr/bin/chromium (apt-get install chromium); the E2E tests need it.';
const VIEWPORT = { width: 1360, height: 900 };

/** A fresh temporary directory `assay-e2e-NAME…`; also makes sure the screenshot directory exists. */
export function workDir(name = ''): string {
  mkdirSync(SHOTS, { recursive: true });
  return mkdtempSync(join(tmpdir(), `assay-e2e-${name}`));
}

/** Runs `assay ...args` in a child process and returns its stdout, failing on a non-zero exit. */
export function assay(...args: string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'assay.js'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  assert.equal(r.status, 0, `assay ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

/** Builds dist/renderer when it is missing or, with `when: 'stale'`, older than some source of the renderer. */
export function buildRenderer(when: 'stale' | 'missing'): void {
  const index = join(ROOT, 'dist', 'renderer', 'index.html');
  if (existsSync(index)) {
    if (when === 'missing') return;
    const sources = Math.max(newestMtime(join(ROOT, 'renderer')), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
    if (statSync(index).mtimeMs > sources) return;
  }
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `vite build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Served {
  /** The address `assay serve` prints, with its one-time token. */
  url: string;
  origin: string;
  /** SIGTERM, then SIGKILL if the server is still running after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `assay serve CASE --port 0 ...args` and waits for the address it prints. */
export async function startServe(casePath: string, args: string[] = []): Promise<Served> {
  const server = spawn(process.execPath, [join(ROOT, 'bin', 'assay.js'), 'serve', casePath, '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const running = (): boolean => server.exitCode === null && server.signalCode === null;
  const stop = async (graceMs = 5000): Promise<void> => {
    if (!running()) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
    if (running()) server.kill('SIGKILL');
  };
  const url = await new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: server.stdout }).once('line', (line) => resolveUrl(line.trim()));
    server.once('exit', (code) => reject(new Error(`assay serve exited with ${code}: ${stderr}`)));
  });
  return { url, origin: new URL(url).origin, stop };
}

export interface BrowserOptions {
  /** Playwright's default timeout for the page's waits and actions. */
  timeout: number;
  /** Receives every console error, every message about the Content Security Policy and every page error. */
  problems: string[];
  /** Appends the URL a console message came from. */
  withSource?: boolean;
  acceptDownloads?: boolean;
}

/** Launches headless Chromium on a persistent profile with the light theme, returning its context and first page. */
export async function launchBrowser(profileDir: string, options: BrowserOptions): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM!,
    headless: true,
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: VIEWPORT,
    colorScheme: 'light',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(options.timeout);
  const { problems } = options;
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}${options.withSource ? ` ${m.location().url}` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page };
}

/** Opens the served address (its token becomes a cookie) and waits for the case home. */
export async function openCase(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('[data-testid=case-id]');
}

/**
 * Saves a full-page screenshot as test-results/e2e/NAME.png. With `restoreViewport`, re-applies the viewport size
 * afterwards: a full-page screenshot leaves Chromium's emulated viewport stale and the next mouse click lands off
 * its target (measured: on the page around the button).
 */
export async function fullPageShot(page: Page, name: string, options: { restoreViewport?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  if (!options.restoreViewport) return;
  await page.setViewportSize({ ...VIEWPORT, height: VIEWPORT.height + 1 });
  await page.setViewportSize(VIEWPORT);
}

/** Closes the browser, stops the server and removes the temporary directory; each part may be missing. */
export async function teardown(parts: { context: BrowserContext | null; server: Served | null; work: string }, graceMs?: number): Promise<void> {
  await parts.context?.close().catch(() => undefined);
  await parts.server?.stop(graceMs);
  if (parts.work) rmSync(parts.work, { recursive: true, force: true });
}
