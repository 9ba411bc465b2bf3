import ort from 'onnxruntime-node';
import { AssayError } from '../api/errors.ts';
import { encodeBatch } from './encode.ts';
import type { FeatureBatch, ModelSpec } from './model-spec.ts';

function translateCreateError(e: unknown): AssayError {
  const message = (e as Error).message ?? String(e);
  const unsupported = /No Op registered|opset|not implemented|Could not find an implementation|is not a registered function|Unsupported|ONNX Runtime only \*guarantees\*/i.test(message);
  return new AssayError(
    unsupported ? 'MODEL_UNSUPPORTED' : 'MODEL_INVALID',
    `ONNX Runtime cannot load the model: ${message.trim()}`,
    { runtime: message },
  );
}

/** One ONNX Runtime session for a package's model; scores batches of raw feature values as P(positive class). */
export class ModelSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly spec: ModelSpec,
  ) {}

  static async create(modelBytes: Uint8Array, spec: ModelSpec): Promise<ModelSession> {
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(modelBytes, {
        graphOptimizationLevel: 'all',
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        logSeverityLevel: 3,
      });
    } catch (e) {
      throw translateCreateError(e);
    }
    if (!session.outputNames.includes(spec.output.name)) {
      await session.release();
      throw new AssayError('PACKAGE_MISMATCH', `The model has no output named "${spec.output.name}" (it has ${session.outputNames.join(', ')}). Correct output.name in the manifest.`, { output: spec.output.name });
    }
    return new ModelSession(session, spec);
  }

  /** Scores one batch; returns P(positive) per row as doubles (the model's float32 widened). */
  async score(batch: FeatureBatch): Promise<Float64Array> {
    const n = batch.length;
    if (n === 0) return new Float64Array(0);
    const feeds = encodeBatch(this.spec, batch);
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = await this.session.run(feeds, [this.spec.output.name]);
    } catch (e) {
      throw new AssayError('MODEL_RUNTIME', `The model failed while scoring a batch of ${n} rows: ${(e as Error).message.trim()}`, { rows: n });
    }
    const tensor = out[this.spec.output.name] as ort.Tensor;
    const dims = tensor.dims;
    const width = dims.length >= 2 ? Number(dims[dims.length - 1]) : 1;
    const { index } = this.spec.output;
    if (index >= width) {
      throw new AssayError('PACKAGE_MISMATCH', `The output "${this.spec.output.name}" has ${width} column(s), so output.index ${index} does not exist. Correct the manifest.`, { width, index });
    }
    const data = tensor.data as ArrayLike<number | bigint>;
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) scores[i] = Number(data[i * width + index]);
    return scores;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
