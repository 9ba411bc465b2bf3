import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';

test('assay demo ends with a signed report of the demo case that pdfsig and assay report verify accept', async () => {
  const dir = tempDir('assay-demo-report-');
  const r = await cli('demo', '--out', dir, '--json');
  assert.equal(r.code, 0, r.stderr);
  const { report, casePath } = r.json();
  assert.equal(report.pdf, join(dir, 'demo-report.pdf'));
  assert.match(report.signer, /TEST — self-signed/);
  const sig = spawnSync('pdfsig', [report.pdf], { encoding: 'utf8' }).stdout;
  assert.match(sig, /Signature is Valid\./);
  assert.match(sig, /Total document signed/);
  const v = await cli('report', 'verify', report.pdf, '--case', casePath, '--json');
  assert.equal(v.code, 0, v.stdout);
  assert.equal(v.json().evidence.manifestSha256, report.evidenceManifestSha256);
});
