import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImport, type ImportFact } from '../../../scripts/lib/layering-rules.ts';

function fact(from: string, specifier: string, resolved: string | null = null, typeOnly = false): ImportFact {
  return { from, specifier, resolved, typeOnly };
}

test('DuckDB may be imported in src/case only', () => {
  assert.equal(checkImport(fact('src/case/case-db.ts', '@duckdb/node-api')), null);
  assert.match(checkImport(fact('src/logs/import-log.ts', '@duckdb/node-api')) ?? '', /only in src\/case/);
});

test('ONNX Runtime may be imported in src/inference only', () => {
  assert.equal(checkImport(fact('src/inference/model-session.ts', 'onnxruntime-node')), null);
  assert.match(checkImport(fact('src/replay/replay.ts', 'onnxruntime-node')) ?? '', /only in src\/inference/);
});

test('a domain may import another domain through its index only', () => {
  assert.equal(checkImport(fact('src/logs/a.ts', '../case/index.ts', 'src/case/index.ts')), null);
  assert.match(checkImport(fact('src/logs/a.ts', '../case/case-db.ts', 'src/case/case-db.ts')) ?? '', /internals/);
  assert.match(checkImport(fact('src/logs/a.ts', '../api/service.ts', 'src/api/service.ts')) ?? '', /may not import/);
  assert.equal(checkImport(fact('src/logs/a.ts', '../api/errors.ts', 'src/api/errors.ts')), null);
});

test('fairness and explain are pure', () => {
  assert.match(checkImport(fact('src/fairness/metrics.ts', 'node:fs')) ?? '', /pure/);
  assert.match(checkImport(fact('src/explain/shap.ts', '../case/index.ts', 'src/case/index.ts')) ?? '', /only the contract/);
  assert.equal(checkImport(fact('src/explain/shap.ts', '../util/random.ts', 'src/util/random.ts')), null);
});

test('the contract holds types and constants only', () => {
  assert.match(checkImport(fact('src/api/contract.ts', 'node:path')) ?? '', /Node built-ins/);
  assert.match(checkImport(fact('src/api/contract.ts', '../case/index.ts', 'src/case/index.ts')) ?? '', /may not import/);
  assert.equal(checkImport(fact('src/api/contract.ts', 'zod')), null);
});

test('src never imports electron or react; renderer never imports node or engines', () => {
  assert.match(checkImport(fact('src/host/http/server.ts', 'electron')) ?? '', /may not import electron/);
  assert.match(checkImport(fact('src/api/service.ts', 'react')) ?? '', /may not import react/);
  assert.match(checkImport(fact('renderer/app/app.tsx', 'node:fs')) ?? '', /Node built-ins/);
  assert.match(checkImport(fact('renderer/app/app.tsx', '../../src/api/service.ts', 'src/api/service.ts')) ?? '', /import type/);
  assert.equal(checkImport(fact('renderer/app/app.tsx', '../../src/api/contract.ts', 'src/api/contract.ts', true)), null);
});

test('the service may import domain indexes, not their internals', () => {
  assert.equal(checkImport(fact('src/api/service.ts', '../packages/index.ts', 'src/packages/index.ts')), null);
  assert.match(checkImport(fact('src/api/service.ts', '../packages/onnx/onnx-codec.ts', 'src/packages/onnx/onnx-codec.ts')) ?? '', /index\.ts only/);
});

test('the host may import the service but not domains', () => {
  assert.equal(checkImport(fact('src/host/cli/run-cli.ts', '../../api/service.ts', 'src/api/service.ts')), null);
  assert.match(checkImport(fact('src/host/cli/run-cli.ts', '../../case/index.ts', 'src/case/index.ts')) ?? '', /service and util only/);
});
