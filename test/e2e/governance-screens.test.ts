import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { assay, buildRenderer, fullPageShot, launchBrowser, openCase, ROOT, skip, startServe, teardown, workDir, type Served } from './harness.ts';

/**
 * Issues 9 and 10: the governance and report screens in Chromium over a demo case built with the CLI — the audit
 * trail and its verification, members and roles, the findings board, lineage, a data-subject export and erasure, and
 * a signed report verified in the app. Expected values come from the CLI before and after the browser session and
 * from hashing the fixture files directly.
 */
const DEMO = join(ROOT, 'fixtures', 'demo');
const USER = ['--user', 'alice', '--role', 'owner'];
const P12_PASSWORD = 'e2e-test-password-9f2c';

let work = '';
let casePath = '';
let server: Served | null = null;
let context: BrowserContext | null = null;
let page: Page;
let origin = '';
const problems: string[] = [];
/** What the CLI said before the browser touched the case. */
let before_: { entries: number; head: string; reportEntries: number };

function json<T>(...args: string[]): T {
  return JSON.parse(assay(...args, '--json')) as T;
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const shot = (name: string): Promise<void> => fullPageShot(page, name);

async function go(hash: string): Promise<void> {
  await page.goto(`${origin}/${hash}`);
}

const STOP_GRACE_MS = 10_000;

before(async () => {
  if (skip) return;
  work = workDir('governance-');
  assay('demo', '--out', join(work, 'demo'));
  casePath = join(work, 'demo', 'demo.assay');
  const trail = json<{ seq: number; method: string }[]>('audit', casePath);
  const verified = json<{ ok: boolean; head: { seq: number; hash: string } }>('audit', casePath, '--verify');
  assert.equal(verified.ok, true);
  before_ = { entries: trail.length, head: verified.head.hash, reportEntries: trail.filter((e) => e.method.startsWith('report.')).length };
  assert.ok(before_.reportEntries >= 1, 'the demo writes a signed report');
  buildRenderer('missing');
  server = await startServe(casePath, USER);
  origin = server.origin;
  ({ context, page } = await launchBrowser(join(work, 'chromium-profile'), { timeout: 30_000, problems, withSource: true, acceptDownloads: true }));
  await openCase(page, server.url);
});

after(() => teardown({ context, server, work }, STOP_GRACE_MS));

test('audit trail: every entry listed, the chain verifies with the CLI head, filters and keyboard work', { skip, timeout: 120_000 }, async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }).click();
  await page.waitForSelector('[data-testid=audit-table] tbody tr');
  assert.equal(await page.locator('[data-testid=audit-table] tbody tr').count(), before_.entries);
  await page.getByTestId('audit-verify').click();
  const result = page.getByTestId('audit-verify-result');
  await result.waitFor();
  const text = (await result.textContent())!;
  assert.match(text, /Chain intact/);
  assert.ok(text.includes(`${before_.entries} entries`), text);
  assert.equal(await result.locator('code.hash').getAttribute('title'), before_.head);

  // the head hash kept elsewhere: the right one matches, a wrong one is refused by the service
  await page.getByLabel('Head hash kept elsewhere (optional)').fill(before_.head);
  await page.getByTestId('audit-verify').click();
  await page.waitForFunction(() => /matches the head hash kept elsewhere/.test((globalThis as unknown as { document: { body: { textContent: string } } }).document.body.textContent));
  await page.getByLabel('Head hash kept elsewhere (optional)').fill('0'.repeat(64));
  await page.getByTestId('audit-verify').click();
  await page.waitForSelector('[data-testid=audit-verify-result].verdict-bad');
  assert.match((await page.getByTestId('audit-verify-result').textContent())!, /Chain broken.*First broken entry: #\d+ \((truncated|head)\).*expected head hash/);
  await page.getByLabel('Head hash kept elsewhere (optional)').fill('');
  await page.getByTestId('audit-verify').click();
  await page.waitForSelector('[data-testid=audit-verify-result].verdict-ok');

  // a method without a dot matches its area
  await page.getByTestId('audit-filter-method').fill('report');
  await page.getByTestId('audit-apply').click();
  await page.waitForFunction((n) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid=audit-table] tbody tr').length === n, before_.reportEntries);
  assert.deepEqual(
    [...new Set(await page.$$eval('[data-testid=audit-table] tbody tr td:nth-child(5)', (cells) => cells.map((c) => c.textContent ?? '')))].every((m) => m.startsWith('report.')),
    true,
  );
  // keyboard: focus the first row, move down, open it with Enter
  await page.locator('[data-testid=audit-table] tbody tr').first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const detail = page.locator('[data-testid=audit-table] tr.detail-row');
  await detail.waitFor();
  assert.match((await detail.textContent())!, /\[redacted\]/, 'the PKCS#12 password of the demo report is redacted');
  await shot('40-audit-entry-open');
  // a time range after every entry: nothing
  await page.getByTestId('audit-filter-method').fill('');
  await page.getByTestId('audit-filter-from').fill('2099-01-01T00:00:00');
  await page.getByTestId('audit-apply').click();
  await page.getByText('No entry matches these filters.').waitFor();
  await page.getByTestId('audit-filter-from').fill('');
  await page.getByTestId('audit-apply').click();
  await page.waitForSelector('[data-testid=audit-table] tbody tr');
  await shot('40-audit-trail-verified');
});

test('members: the first must be an owner, the last owner cannot be removed, removal asks first', { skip, timeout: 120_000 }, async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members', exact: true }).click();
  await page.getByTestId('members-mode').waitFor();
  assert.match((await page.getByTestId('members-mode').textContent())!, /Open mode/);
  // the service refuses a first member who is not an owner, and says so
  await page.getByTestId('member-user').fill('bob');
  await page.getByTestId('member-role').selectOption('auditor');
  await page.getByTestId('member-add').click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent())!, /owner/i);
  await page.getByTestId('member-user').fill('alice');
  await page.getByTestId('member-role').selectOption('owner');
  await page.getByTestId('member-add').click();
  await page.waitForSelector('[data-testid=members-table] tr[data-user=alice]');
  await page.getByTestId('member-user').fill('bob');
  await page.getByTestId('member-role').selectOption('auditor');
  await page.getByTestId('member-add').click();
  await page.waitForSelector('[data-testid=members-table] tr[data-user=bob]');
  assert.match((await page.getByTestId('members-mode').textContent())!, /Enforced/);
  // removing the last owner: the service's sentence is shown and alice stays
  await page.getByRole('button', { name: 'Remove alice (owner)' }).click();
  await page.getByTestId('member-remove-dialog').waitFor();
  await page.getByTestId('confirm-ok').click();
  await page.getByRole('alert').waitFor();
  const refusal = (await page.getByRole('alert').textContent())!;
  assert.match(refusal, /last owner/i);
  assert.equal(await page.locator('[data-testid=members-table] tr[data-user=alice]').count(), 1);
  await shot('41-members-last-owner');
  // removing bob asks first; Cancel keeps him, Remove removes him
  await page.getByRole('button', { name: 'Remove bob (auditor)' }).click();
  await page.getByTestId('member-remove-dialog').waitFor();
  await shot('42-members-confirm');
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.locator('[data-testid=members-table] tr[data-user=bob]').count(), 1);
  await page.getByRole('button', { name: 'Remove bob (auditor)' }).click();
  await page.getByTestId('confirm-ok').click();
  await page.waitForSelector('[data-testid=members-table] tr[data-user=bob]', { state: 'detached' });
  assert.deepEqual(await page.$$eval('[data-testid=members-table] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-user'))), ['alice']);
});

test('findings: a prefilled decision target from the route, added, its status changed, filters', { skip, timeout: 120_000 }, async () => {
  await go('#/findings?kind=decision&target=D-000189&log=tampered');
  await page.getByTestId('finding-prefilled').waitFor();
  assert.equal(await page.getByTestId('finding-target').inputValue(), 'D-000189');
  assert.equal(await page.getByTestId('finding-log').inputValue(), 'tampered');
  await page.getByTestId('findings-empty').waitFor();
  await page.getByTestId('finding-text').fill('The logged score of D-000189 is not reproduced by credit-logreg@1.0.0 and its decision flips.');
  await page.getByTestId('finding-severity').selectOption('high');
  await page.getByTestId('finding-add').click();
  await page.getByTestId('finding-added').waitFor();
  const item = page.locator('[data-testid=findings-list] li').first();
  await item.waitFor();
  assert.match((await item.textContent())!, /high.*decision.*D-000189.*log tampered.*not reproduced/s);
  assert.equal(await item.locator('a', { hasText: 'D-000189' }).getAttribute('href'), '#/log/tampered/decision/D-000189');
  // a second finding on a group, added by hand
  await page.getByTestId('finding-kind').selectOption('group');
  await page.getByTestId('finding-target').fill('sex=female');
  await page.getByTestId('finding-log').selectOption('clean');
  await page.getByTestId('finding-text').fill('Selection rate of women to be reviewed.');
  await page.getByTestId('finding-severity').selectOption('low');
  await page.getByTestId('finding-add').click();
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid=findings-list] li').length === 2);
  // confirm the first
  const id = await item.getAttribute('data-finding');
  await page.getByLabel(`Status of finding ${id}`).selectOption('confirmed');
  await page.waitForFunction((fid) => (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector(`[aria-label="Status of finding ${fid}"]`)?.value === 'confirmed', id);
  await page.getByTestId('findings-filter-status').selectOption('confirmed');
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid=findings-list] li').length === 1);
  assert.equal(await page.locator('[data-testid=findings-list] li').first().getAttribute('data-finding'), id);
  await page.getByTestId('findings-filter-status').selectOption('');
  await page.getByTestId('findings-filter-severity').selectOption('critical');
  await page.getByTestId('findings-empty').waitFor();
  await page.getByTestId('findings-filter-severity').selectOption('');
  await page.waitForSelector('[data-testid=findings-list] li');
  await shot('43-findings');
});

test('lineage of a decision: file hash, row, package, model hash, training data, runs; JSON export', { skip, timeout: 120_000 }, async () => {
  await go('#/lineage/decision/tampered/D-000189');
  await page.getByTestId('lineage-graph').waitFor();
  const fileSha = sha256File(join(DEMO, 'logs', 'decisions-tampered.csv'));
  const modelSha = sha256File(join(DEMO, 'packages', 'credit-logreg', 'model.onnx'));
  assert.equal(await page.locator('[data-testid=lineage-file-sha] code').getAttribute('title'), fileSha);
  assert.equal(await page.locator('[data-testid=lineage-model-sha] code').getAttribute('title'), modelSha);
  const graph = (await page.getByTestId('lineage-graph').textContent())!;
  for (const part of ['LOG FILE', 'tampered', 'DECISION', 'D-000189', 'PACKAGE', 'credit-logreg@1.0.0', 'MODEL', `sha256 ${modelSha.slice(0, 16)}`, 'TRAINING DATA', 'RUN', 'replay.run']) {
    assert.ok(graph.includes(part), `the graph shows ${part}`);
  }
  // the row: D-000189 is the 189th data row of the file
  const rows = readFileSync(join(DEMO, 'logs', 'decisions-tampered.csv'), 'utf8').trim().split('\n');
  const header = rows[0]!.split(',');
  const rowIndex = rows.findIndex((l) => l.split(',')[header.indexOf('decision_id')] === 'D-000189');
  assert.ok(graph.includes(`row ${rowIndex} of the log`), `row ${rowIndex}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lineage-export').click()]);
  assert.equal(download.suggestedFilename(), 'lineage-tampered-D-000189.json');
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { decisionId: string; log: { sourceSha256: string }; package: { modelSha256: string }; runs: unknown[] };
  assert.equal(exported.decisionId, 'D-000189');
  assert.equal(exported.log.sourceSha256, fileSha);
  assert.equal(exported.package.modelSha256, modelSha);
  assert.ok(exported.runs.length >= 1);
  assert.deepEqual(JSON.parse((await page.getByTestId('lineage-json').textContent())!), exported);
  await shot('44-lineage-decision');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('44-lineage-decision-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  // a run node opens the run's lineage: its inputs are the log file and the model
  await page.locator('[data-testid=lineage-graph] a', { hasText: 'replay.run' }).first().click();
  await page.getByTestId('lineage-result-sha').waitFor();
  const runGraph = (await page.getByTestId('lineage-graph').textContent())!;
  assert.ok(runGraph.includes(`sha256 ${fileSha.slice(0, 16)}`) && runGraph.includes(`model ${modelSha.slice(0, 16)}`), runGraph);
  await shot('45-lineage-run');
});

test('data subject: export by decision, erase after confirming with the typed id, then the value is a tombstone', { skip, timeout: 120_000 }, async () => {
  const rows = readFileSync(join(DEMO, 'logs', 'decisions-clean.csv'), 'utf8').trim().split('\n');
  const header = rows[0]!.split(',');
  const first = rows[1]!.split(',');
  const decision = first[header.indexOf('decision_id')]!;
  const applicant = first[header.indexOf('applicant_id')]!;
  await go('#/subject');
  await page.getByTestId('subject-decision').fill(decision);
  await page.getByTestId('subject-log').selectOption('clean');
  await page.getByTestId('subject-export').click();
  await page.getByTestId('subject-summary').waitFor();
  assert.equal(await page.getByTestId('subject-decisions').textContent(), decision);
  assert.ok((await page.getByTestId('subject-json').textContent())!.includes(`"applicant_id": "${applicant}"`));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('subject-download').click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { decisionIds: string[]; logs: { rows: { applicant_id: string }[] }[] };
  assert.deepEqual(exported.decisionIds, [decision]);
  assert.equal(exported.logs[0]!.rows[0]!.applicant_id, applicant);
  await shot('46-subject-export');

  await page.getByTestId('subject-erase').click();
  const dialog = page.getByTestId('subject-erase-dialog');
  await dialog.waitFor();
  assert.match((await page.getByTestId('erase-plan').textContent())!, new RegExp(`${decision}.*Log clean: 1 row.*applicant_id`, 's'));
  assert.equal(await page.getByTestId('confirm-ok').isDisabled(), true);
  await page.getByTestId('confirm-input').fill('D-00000');
  assert.equal(await page.getByTestId('confirm-ok').isDisabled(), true);
  await page.getByTestId('confirm-input').fill(decision);
  assert.equal(await page.getByTestId('confirm-ok').isDisabled(), false);
  await shot('47-subject-erase-confirm');
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('subject-erased').waitFor();
  const erased = (await page.getByTestId('subject-erased').textContent())!;
  assert.match(erased, /log clean: 1 row, columns applicant_id/);
  assert.match(erased, /runs used the erased values and are now marked/);
  await shot('48-subject-erased');
  await page.getByTestId('subject-export').click();
  await page.getByTestId('subject-summary').waitFor();
  const after = (await page.getByTestId('subject-json').textContent())!;
  assert.ok(!after.includes(applicant), 'the erased value is gone');
  assert.ok(after.includes('"applicant_id": "[erased]"'));

  // by a subject column: the applicant of the second row, found in every log that holds them
  const second = rows[2]!.split(',');
  await page.getByTestId('subject-mode-column').check();
  await page.getByTestId('subject-column').fill('applicant_id');
  await page.getByTestId('subject-value').fill(second[header.indexOf('applicant_id')]!);
  await page.getByTestId('subject-log').selectOption('');
  await page.getByTestId('subject-export').click();
  await page.waitForFunction((id) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('[data-testid=subject-decisions]')?.textContent?.includes(id) === true, second[header.indexOf('decision_id')]!);
  const byColumn = JSON.parse((await page.getByTestId('subject-json').textContent())!) as { selector: { subjectColumn: string }; logs: { log: string; rows: { applicant_id: string }[] }[] };
  assert.equal(byColumn.selector.subjectColumn, 'applicant_id');
  assert.ok(byColumn.logs.some((l) => l.log === 'clean' && l.rows.every((r) => r.applicant_id === second[header.indexOf('applicant_id')])));
});

test('reports: a test certificate, a signed report written and verified in the app', { skip, timeout: 240_000 }, async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports', exact: true }).click();
  await page.getByTestId('report-builder').waitFor();
  const pdf = join(work, 'out', 'e2e-report.pdf');
  await page.getByTestId('report-out-path').fill(pdf);
  await page.locator('input[data-section=drift]').uncheck();
  await page.getByTestId('report-sign').check();
  await page.getByText('No key yet? Make a self-signed TEST certificate').click();
  await page.getByTestId('cert-out').fill(join(work, 'keys'));
  await page.getByTestId('cert-password').fill(P12_PASSWORD);
  await page.getByTestId('cert-create').click();
  await page.getByTestId('cert-made').waitFor();
  assert.equal(await page.getByTestId('report-p12').inputValue(), join(work, 'keys', 'report-signing-test.p12'));
  await page.getByTestId('report-create').click();
  await page.getByTestId('report-created').waitFor({ timeout: 120_000 });
  assert.ok(existsSync(pdf));
  const sections = await page.$$eval('[data-testid=report-sections] li', (li) => li.map((l) => l.textContent ?? ''));
  assert.ok(!sections.some((s) => /drift/i.test(s)), 'the unchecked section is left out');
  assert.ok(sections.some((s) => /Replay/i.test(s)));
  const pdfText = readFileSync(pdf, 'latin1');
  const pages = Number(await page.getByTestId('report-pages').textContent());
  assert.equal((pdfText.match(/\/Type\s*\/Page[^s]/g) ?? []).length, pages, 'the page count shown is the PDF’s');
  assert.match((await page.getByTestId('report-signer').textContent())!, /TEST/);
  await shot('49-report-created');

  await page.getByTestId('report-verify').click();
  await page.getByTestId('report-verification').waitFor({ timeout: 60_000 });
  const checks = await page.$$eval('[data-testid=report-verification] tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-check'), r.children[1]?.textContent ?? '']));
  assert.ok(checks.length >= 4, JSON.stringify(checks));
  assert.ok(checks.every(([, ok]) => ok === 'ok'), JSON.stringify(checks));
  assert.ok(checks.some(([c]) => c === 'case'), 'the open case is compared with the evidence');
  assert.match((await page.getByTestId('report-verification').textContent())!, /Verified/);
  const pdfsig = spawnSync('pdfsig', [pdf], { encoding: 'utf8' });
  if (pdfsig.status !== null && !pdfsig.error) {
    assert.match(pdfsig.stdout, /Signature is Valid\./);
    assert.match(pdfsig.stdout, /Total document signed/);
  }
  await shot('50-report-verified');

  // the password went to the host as `password` and the trail holds it redacted
  await go('#/audit');
  await page.getByTestId('audit-filter-method').fill('report.create');
  await page.getByTestId('audit-apply').click();
  await page.waitForFunction((n) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid=audit-table] tbody tr').length === n, 2);
  await page.locator('[data-testid=audit-table] tbody tr').last().click();
  const detail = (await page.locator('[data-testid=audit-table] tr.detail-row').textContent())!;
  assert.ok(detail.includes('[redacted]') && !detail.includes(P12_PASSWORD), detail);
  // the only failed requests are the two refusals the members test provoked (the browser logs every 400)
  assert.deepEqual(
    problems.map((p) => p.replace(origin, '')),
    ['/api/member.add', '/api/member.remove'].map((u) => `console error: Failed to load resource: the server responded with a status of 400 (Bad Request) ${u}`),
  );
});

test('after the session the CLI agrees: the chain verifies, the finding, the erasure and the report are there', { skip, timeout: 120_000 }, async () => {
  await context?.close();
  context = null;
  await server?.stop(STOP_GRACE_MS);
  const verified = json<{ ok: boolean; entries: number }>('audit', casePath, '--verify', ...USER);
  assert.equal(verified.ok, true);
  assert.ok(verified.entries > before_.entries);
  const findings = json<{ target: string; status: string; severity: string }[]>('finding', 'list', casePath, ...USER);
  assert.deepEqual(findings.map((f) => [f.target, f.status, f.severity]).sort(), [['D-000189', 'confirmed', 'high'], ['sex=female', 'open', 'low']]);
  const members = json<{ members: { user: string; role: string }[] }>('member', 'list', casePath, ...USER);
  assert.deepEqual(members.members.map((m) => [m.user, m.role]), [['alice', 'owner']]);
  const report = json<{ ok: boolean }>('report', 'verify', join(work, 'out', 'e2e-report.pdf'), '--case', casePath, ...USER);
  assert.equal(report.ok, true);
});
