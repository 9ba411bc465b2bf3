import assert from 'node:assert/strict';
import type { AuditEntryData, CaseSummary, FairnessResult, LogImportData, MethodName, PackageDetail, PackageImportResult, QuarantinePage, Role, RowsPage } from '../../src/api/contract.ts';
import type { ErrorCode } from '../../src/api/errors.ts';
import { demoLog, demoPackage } from '../helpers/demo-paths.ts';

/**
 * The scenarios every door must run alike: a short audit on the demo data, then refusals. Each step names the
 * method, its arguments, who calls (`as`, default the owner) and either the error code it must fail with or a
 * check of its result. Results are compared across doors after `normalise` (run ids, ids, times, the case path).
 */
export interface Scenario {
  name: string;
  as?: 'owner' | 'regulator';
  method: MethodName | string;
  args: Record<string, unknown>;
  expect?: ErrorCode;
  /** false when the doors may word the refusal differently (only the code must agree). */
  sameMessage?: boolean;
  check?: (result: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any -- each check knows its result type
}

export const CALLERS: Record<'owner' | 'regulator', { user: string; role: Role }> = {
  owner: { user: 'olga', role: 'owner' },
  regulator: { user: 'rita', role: 'regulator' },
};

export const REF = 'credit-logreg@1.0.0';
export const LOG = 'decisions-clean';

export const SCENARIOS: Scenario[] = [
  {
    name: 'create the case', method: 'case.create', args: { title: 'Contract' },
    check: (r) => assert.equal(r.title, 'Contract'),
  },
  {
    name: 'import the logistic regression package', method: 'package.import', args: { path: demoPackage('credit-logreg') },
    check: (r: PackageImportResult) => {
      assert.equal(r.ref, REF);
      assert.equal(r.verification.ok, true);
      assert.ok((r.smokeTest?.rows ?? 0) > 0);
    },
  },
  {
    name: 'import the clean decision log', method: 'log.import', args: { path: demoLog('decisions-clean.csv'), package: REF },
    check: (r: LogImportData) => {
      assert.equal(r.log, LOG);
      assert.equal(r.rows, 1000);
      assert.equal(r.quarantined, 0);
    },
  },
  {
    name: 'describe the case', method: 'case.info', args: {},
    check: (r: CaseSummary) => {
      assert.deepEqual(r.packages.map((p) => p.ref), [REF]);
      assert.deepEqual(r.logs.map((l) => [l.name, l.rows]), [[LOG, 1000]]);
    },
  },
  {
    name: 'show the package', method: 'package.show', args: { ref: REF },
    check: (r: PackageDetail) => {
      assert.equal(r.ref, REF);
      assert.ok(r.graphSummary.nodeCount > 0);
    },
  },
  {
    name: 'read a page of decisions', method: 'log.rows', args: { log: LOG, offset: 10, limit: 5 },
    check: (r: RowsPage) => {
      assert.equal(r.total, 1000);
      assert.equal(r.rows.length, 5);
      assert.equal(r.rows[0]!.decision_id, 'D-000011');
    },
  },
  {
    name: 'list the quarantine', method: 'log.quarantine', args: { log: LOG },
    check: (r: QuarantinePage) => assert.equal(r.total, 0),
  },
  {
    name: 'list the audit trail', method: 'audit.list', args: {},
    check: (r: AuditEntryData[]) => assert.deepEqual(r.map((e) => [e.method, e.outcome]), [['case.create', 'ok'], ['package.import', 'ok'], ['log.import', 'ok']]),
  },
  {
    name: 'fairness by sex', method: 'fairness.run', args: { log: LOG, attributes: ['sex'] },
    check: (r: FairnessResult) => {
      assert.deepEqual(r.groups.map((g) => g.group).sort(), ['female', 'male']);
      assert.match(r.runId, /\S/);
    },
  },
  // refusals
  { name: 'a malformed package reference', method: 'package.show', args: { ref: 'no-version' }, expect: 'BAD_ARGUMENT' },
  { name: 'a negative limit', method: 'log.rows', args: { log: LOG, limit: -1 }, expect: 'BAD_ARGUMENT' },
  { name: 'an unknown argument', method: 'case.info', args: { surprise: true }, expect: 'BAD_ARGUMENT' },
  { name: 'no attribute for fairness', method: 'fairness.run', args: { log: LOG, attributes: [] }, expect: 'BAD_ARGUMENT' },
  { name: 'an unknown method', method: 'case.explode', args: {}, expect: 'BAD_ARGUMENT', sameMessage: false },
  { name: 'an unknown package', method: 'package.show', args: { ref: 'nothing@9.9.9' }, expect: 'NOT_FOUND' },
  { name: 'a log for an unknown package', method: 'log.import', args: { path: demoLog('decisions-clean.csv'), package: 'nothing@9.9.9', name: 'other' }, expect: 'NOT_FOUND' },
  { name: 'an unknown log', method: 'log.rows', args: { log: 'no-such-log' }, expect: 'NOT_FOUND' },
  { name: 'a regulator may not import a package', as: 'regulator', method: 'package.import', args: { path: demoPackage('credit-logreg') }, expect: 'PERMISSION_DENIED' },
  {
    name: 'the refusal is in the audit trail, and the trail is intact', method: 'audit.list', args: {},
    check: (r: AuditEntryData[]) => {
      const last = r[r.length - 1]!;
      assert.deepEqual([last.method, last.user, last.role, last.outcome], ['package.import', 'rita', 'regulator', 'denied']);
      assert.deepEqual(r.map((e) => e.method), ['case.create', 'package.import', 'log.import', 'fairness.run', 'package.import']);
      for (let i = 1; i < r.length; i++) assert.equal(r[i]!.prevHash, r[i - 1]!.hash);
    },
  },
  {
    name: 'the refused import changed nothing', method: 'package.list', args: {},
    check: (r: unknown[]) => assert.equal(r.length, 1),
  },
];

/** Keys whose values differ between two runs of the same scenario on different case files. */
const VOLATILE = new Set(['runId', 'caseId', 'createdAt', 'importedAt', 'recordedAt', 'hash', 'prevHash', 'resultSha256']);

/** A result made comparable across doors: volatile values masked, the case path replaced, plain JSON data. */
export function normalise(value: unknown, casePath: string): unknown {
  const walk = (v: unknown, key: string | null): unknown => {
    if (key !== null && VOLATILE.has(key) && v !== null && v !== undefined) return `<${key}>`;
    if (typeof v === 'string') return v.split(casePath).join('<case>');
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(JSON.parse(JSON.stringify(value)), null);
}
