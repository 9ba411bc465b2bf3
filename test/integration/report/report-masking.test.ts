import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { AssayService } from '../../../src/api/service.ts';
import { demoLog, demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir('assay-report-masking-');
const owner = { user: 'olga', role: 'owner' as const };
const risk = { user: 'rita', role: 'risk_officer' as const };

async function caseWith(personal: string[]): Promise<AssayService> {
  const s = new AssayService(join(dir, `${personal.join('-') || 'none'}.assay`));
  await s.call('case.create', { title: 'report masking' }, owner);
  await s.call('package.import', { path: demoPackage('credit-logreg') }, owner);
  await s.call('log.import', { path: demoLog('decisions-clean.csv'), package: 'credit-logreg@1.0.0', name: 'clean', personal }, owner);
  await s.call('replay.run', { log: 'clean' }, owner);
  await s.call('explain.decision', { log: 'clean', decisionId: 'D-000001' }, owner);
  return s;
}

test('a risk officer gets the report when it holds no personal value; the PDF never shows one', async () => {
  const s = await caseWith(['applicant_id']);
  const out = join(dir, 'risk.pdf');
  const r = await s.call('report.create', { out }, risk);
  assert.ok(r.pages > 1);
  const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
  assert.ok(!text.includes('P-8a654e61'), 'the applicant id of D-000001 is not in the report');
  await s.close();
});

test('a risk officer is refused a report that would show a personal value (an explained decision\'s credit amount), and the refusal is audited; the owner gets it', async () => {
  const s = await caseWith(['credit_amount']);
  await assert.rejects(s.call('report.create', { out: join(dir, 'refused.pdf') }, risk), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'PERMISSION_DENIED');
    assert.match(e.message, /credit_amount/);
    return true;
  });
  const trail = await s.call('audit.list', {}, owner);
  assert.ok(trail.some((t) => t.method === 'report.create' && t.role === 'risk_officer'), 'the attempt is in the trail');
  const ok = await s.call('report.create', { out: join(dir, 'owner.pdf') }, owner);
  assert.ok(ok.pages > 1);
  const text = execFileSync('pdftotext', [join(dir, 'owner.pdf'), '-'], { encoding: 'utf8' });
  assert.ok(text.includes('1304'), 'the owner\'s report shows the explained decision\'s credit amount');
  await s.close();
});
