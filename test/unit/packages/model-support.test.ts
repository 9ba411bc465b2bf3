import { describe, it } from 'node:test';
import { checkModelSupport } from '../../../src/packages/onnx/model-support.ts';
import type { ModelProto } from '../../../src/packages/onnx/onnx-types.ts';
import { assertFails } from './helpers/assert-error.ts';
import { creditModel } from './helpers/onnx-models.ts';

const withOpsets = (opsets: { domain: string; version: number }[]): ModelProto => creditModel({ opsets });

describe('checkModelSupport', () => {
  it('accepts the supported range', () => {
    checkModelSupport(withOpsets([{ domain: '', version: 7 }, { domain: 'ai.onnx.ml', version: 5 }, { domain: 'com.microsoft', version: 1 }]), 'm.onnx');
    checkModelSupport(withOpsets([{ domain: 'ai.onnx', version: 23 }]), 'm.onnx');
  });

  const refusals: [string, { domain: string; version: number }, string[]][] = [
    ['ai.onnx below 7', { domain: '', version: 6 }, ['ai.onnx opset 6', '7 to 23']],
    ['ai.onnx above 23', { domain: '', version: 24 }, ['ai.onnx opset 24', '7 to 23']],
    ['ai.onnx.ml above 5', { domain: 'ai.onnx.ml', version: 6 }, ['ai.onnx.ml opset 6', '1 to 5']],
    ['an unknown domain', { domain: 'com.example', version: 1 }, ['"com.example"', 'version 1']],
  ];
  for (const [what, opset, mentions] of refusals) {
    it(`refuses ${what}`, async () => {
      await assertFails(() => checkModelSupport(withOpsets([{ domain: '', version: 13 }, opset]), 'm.onnx'), 'MODEL_UNSUPPORTED', 'm.onnx', ...mentions);
    });
  }

  it('accepts a domain defined by a model-local function', () => {
    const model = withOpsets([{ domain: '', version: 13 }, { domain: 'pkg.custom', version: 1 }]);
    model.functions = [{ name: 'f', domain: 'pkg.custom' }];
    checkModelSupport(model, 'm.onnx');
  });

  it('refuses IR version 12 and a model without IR version or opsets', async () => {
    await assertFails(() => checkModelSupport(creditModel({ irVersion: 12 }), 'm.onnx'), 'MODEL_UNSUPPORTED', 'IR version 12', 'up to 11');
    const noIr = creditModel();
    delete noIr.irVersion;
    await assertFails(() => checkModelSupport(noIr, 'm.onnx'), 'MODEL_INVALID', 'm.onnx', 'IR version');
    await assertFails(() => checkModelSupport(withOpsets([]), 'm.onnx'), 'MODEL_INVALID', 'm.onnx', 'operator set');
  });

  it('finds external data in node attributes and subgraphs too', async () => {
    const model = creditModel();
    const external = { name: 'w', dataType: 1, dims: [1], externalData: [{ key: 'location', value: '/abs/w.bin' }] };
    model.graph!.node!.push({ opType: 'If', input: ['c'], output: ['o'], attribute: [{ name: 'then_branch', type: 5, g: { node: [{ opType: 'Constant', output: ['k'], attribute: [{ name: 'value', type: 4, t: external }] }] } }] });
    await assertFails(() => checkModelSupport(model, 'sub/m.onnx'), 'UNSAFE_PATH', '"w"', '"/abs/w.bin"', 'absolute');
  });

  it('names a Windows path as unsafe', async () => {
    const model = creditModel();
    model.graph!.initializer![0] = { ...model.graph!.initializer![0], dataLocation: 1, externalData: [{ key: 'location', value: 'C:\\w.bin' }] };
    await assertFails(() => checkModelSupport(model, 'm.onnx'), 'UNSAFE_PATH', 'C:\\w.bin');
  });
});
