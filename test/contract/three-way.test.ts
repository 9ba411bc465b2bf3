import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { MethodName } from '../../src/api/contract.ts';
import { tempDir } from '../helpers/temp.ts';
import { CALLERS, normalise, SCENARIOS, type Scenario } from './scenarios.ts';
import { TransportError, type Door, type OpenTransport } from './transport.ts';
import { httpDoor } from './transports/http-transport.ts';
import { ipcDoor } from './transports/ipc-shim.ts';
import { serviceDoor } from './transports/service-door.ts';

/**
 * One list of scenarios, three doors: the service itself, the HTTP host (fetch on an ephemeral port) and an IPC
 * shim (structured clone, Electron's error behaviour). Each door runs the scenarios on its own case; afterwards
 * every door must have produced what the service produced, result for result and refusal for refusal.
 */
const dir = tempDir('assay-contract-');
const DOORS: Door[] = [serviceDoor, httpDoor, ipcDoor];

type Outcome = { ok: unknown } | { error: { code: string; message: string | null } };
const outcomes = new Map<string, Outcome[]>();

async function runScenarios(door: Door, casePath: string): Promise<Outcome[]> {
  const out: Outcome[] = [];
  let who: Scenario['as'] | null = null;
  let transport: OpenTransport | null = null;
  try {
    for (const s of SCENARIOS) {
      const as = s.as ?? 'owner';
      if (who !== as) {
        // one case, one open connection: the door for another caller opens after the previous one closed
        await transport?.close();
        transport = null;
        transport = await door.open(casePath, CALLERS[as]);
        who = as;
      }
      let outcome: Outcome;
      try {
        const result: unknown = await transport!.call(s.method as MethodName, s.args as never);
        assert.equal(s.expect, undefined, `${door.name}: "${s.name}" should have failed with ${s.expect}`);
        s.check?.(result);
        // plain data: what HTTP carries as JSON is all there is (no undefined fields, NaN, bigint, Date, typed arrays)
        assert.deepEqual(JSON.parse(JSON.stringify(result)), result, `${door.name}: "${s.name}" returns plain JSON data`);
        outcome = { ok: normalise(result, casePath) };
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.ok(e instanceof TransportError, `${door.name}: "${s.name}" threw ${String(e)}, not a TransportError`);
        assert.equal(e.code, s.expect ?? 'ok', `${door.name}: "${s.name}" failed: ${e.code} ${e.message}`);
        assert.ok(e.message.length > 10, `${door.name}: "${s.name}" has a sentence for a person`);
        outcome = { error: { code: e.code, message: s.sameMessage === false ? null : e.message.split(casePath).join('<case>') } };
      }
      out.push(outcome);
    }
  } finally {
    await transport?.close();
  }
  return out;
}

for (const door of DOORS) {
  test(`the scenarios run over the ${door.name} door`, async () => {
    outcomes.set(door.name, await runScenarios(door, join(dir, `${door.name}.assay`)));
  });
}

test('every door gives the service\'s results and the service\'s refusals', () => {
  const reference = outcomes.get(serviceDoor.name);
  assert.ok(reference, 'the service door ran');
  for (const door of DOORS.slice(1)) {
    const other = outcomes.get(door.name);
    assert.ok(other, `the ${door.name} door ran`);
    SCENARIOS.forEach((s, i) => assert.deepEqual(other[i], reference[i], `${door.name} differs from the service on "${s.name}"`));
  }
});
