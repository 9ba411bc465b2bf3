import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { chooseGranularity, parseInstant, parseWindowText, requireRows, resolveSides, windowEnd } from '../../../src/monitor/windows.ts';

const span = { rows: 1000, first: '2024-01-01T13:25:03.000Z', last: '2025-12-31T20:00:00.000Z', hasTimestamp: true };
const noTime = { rows: 1000, first: null, last: null, hasTimestamp: false };

function refused(fn: () => unknown, code: string, ...mentions: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AssayError, String(e));
    assert.equal(e.code, code, e.message);
    for (const m of mentions) assert.ok(e.message.includes(m), `"${e.message}" should mention "${m}"`);
    return true;
  });
}

test('instants: dates, months and timestamps are UTC unless they name a zone', () => {
  assert.equal(parseInstant('2025-07-01', '--current'), '2025-07-01T00:00:00.000Z');
  assert.equal(parseInstant('2025-07', '--current'), '2025-07-01T00:00:00.000Z');
  assert.equal(parseInstant('2025-07-01T12:30', '--current'), '2025-07-01T12:30:00.000Z');
  assert.equal(parseInstant('2025-07-01T12:30:00+02:00', '--current'), '2025-07-01T10:30:00.000Z');
  for (const bad of ['2025-13-01', '2025-02-30', 'yesterday', '07/01/2025']) refused(() => parseInstant(bad, '--current'), 'BAD_ARGUMENT', '--current', bad);
  assert.deepEqual(parseWindowText('2025-01-01..2025-07-01', '--reference'), { from: '2025-01-01', to: '2025-07-01' });
  assert.deepEqual(parseWindowText('..2025-07-01', '--reference'), { from: undefined, to: '2025-07-01' });
  refused(() => parseWindowText('2025-01-01', '--reference'), 'BAD_ARGUMENT', 'FROM..TO');
  refused(() => parseWindowText('..', '--reference'), 'BAD_ARGUMENT');
});

test('sides: reference data by default, the rest of the log after a reference window, refusals', () => {
  assert.deepEqual(resolveSides(undefined, undefined, span, 'x'), { reference: { kind: 'referenceData', from: null, to: null }, current: { kind: 'log', from: null, to: null } });
  assert.deepEqual(resolveSides({ to: '2025-07-01' }, undefined, span, 'x').current, { kind: 'log', from: '2025-07-01T00:00:00.000Z', to: null });
  // half-open windows that touch do not overlap
  resolveSides({ from: '2024-01-01', to: '2025-01-01' }, { from: '2025-01-01', to: '2026-01-01' }, span, 'x');
  refused(() => resolveSides({ from: '2024-01-01', to: '2025-02-01' }, { from: '2025-01-01' }, span, 'x'), 'BAD_ARGUMENT', 'overlap');
  refused(() => resolveSides(undefined, { from: '2025-07-01', to: '2025-01-01' }, span, 'x'), 'BAD_ARGUMENT', 'reversed', '--current');
  refused(() => resolveSides({ from: '2025-07-01', to: '2025-07-01' }, undefined, span, 'x'), 'BAD_ARGUMENT', 'reversed or empty');
  refused(() => resolveSides({ from: '2025-01-01' }, undefined, span, 'x'), 'BAD_ARGUMENT', 'nothing is left');
  refused(() => resolveSides(undefined, { from: '2025-01-01' }, noTime, 'x'), 'LOG_MISMATCH', 'no timestamp column', '--current');
  refused(() => resolveSides({ to: '2025-01-01' }, undefined, noTime, 'x'), 'LOG_MISMATCH', '--reference');
  // without windows a log with no timestamps is compared whole with the reference data
  assert.equal(resolveSides(undefined, undefined, noTime, 'x').current.kind, 'log');
});

test('rows: an empty window and a window with one row are refused with the log\'s span', () => {
  const side = { kind: 'log' as const, from: '2030-01-01T00:00:00.000Z', to: null };
  refused(() => requireRows(side, 'current', 0, span, 'clean'), 'BAD_ARGUMENT', 'holds no decisions', '2030-01-01', span.first!);
  refused(() => requireRows(side, 'current', 1, span, 'clean'), 'BAD_ARGUMENT', 'only 1 row', 'at least 2');
  requireRows(side, 'current', 2, span, 'clean');
});

test('granularity from the span, and calendar window ends', () => {
  assert.equal(chooseGranularity('2025-01-01T00:00:00Z', '2025-02-15T00:00:00Z').granularity, 'day');
  assert.equal(chooseGranularity('2025-01-01T00:00:00Z', '2025-04-03T00:00:00Z').granularity, 'day');
  assert.equal(chooseGranularity('2025-01-01T00:00:00Z', '2025-04-04T00:00:00Z').granularity, 'week');
  assert.equal(chooseGranularity('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z').granularity, 'week');
  assert.equal(chooseGranularity(span.first!, span.last!).granularity, 'month');
  assert.equal(windowEnd('2024-01-31T00:00:00.000Z', 'day'), '2024-02-01T00:00:00.000Z');
  assert.equal(windowEnd('2024-12-30T00:00:00.000Z', 'week'), '2025-01-06T00:00:00.000Z');
  assert.equal(windowEnd('2024-12-01T00:00:00.000Z', 'month'), '2025-01-01T00:00:00.000Z');
});
