import { parentPort } from 'node:worker_threads';
import { toErrorData } from '../api/errors.ts';
import { scoreBisecting } from './bisect-failures.ts';
import { ModelSession } from './model-session.ts';
import { unpackBatch } from './packed-batch.ts';
import { WORKER_READY, type ScoringReply, type ScoringRequest } from './scoring-protocol.ts';

/** Entry point of the scoring worker thread: holds ONNX Runtime sessions and scores batches sent to it. */
const port = parentPort!;
const sessions = new Map<number, ModelSession>();
let nextSession = 1;

async function handle(request: ScoringRequest): Promise<{ value: unknown; transfer: ArrayBuffer[] }> {
  switch (request.op) {
    case 'open': {
      const session = nextSession++;
      sessions.set(session, await ModelSession.create(request.model, request.spec));
      return { value: session, transfer: [] };
    }
    case 'score': {
      const model = sessions.get(request.session);
      if (!model) throw new Error(`no scoring session ${request.session}`);
      const scored = await scoreBisecting(request.batch, (part) => model.score(unpackBatch(model.spec, part)), request.maxFailures);
      return { value: scored, transfer: [scored.scores.buffer as ArrayBuffer] };
    }
    case 'close': {
      const model = sessions.get(request.session);
      sessions.delete(request.session);
      await model?.close();
      return { value: null, transfer: [] };
    }
  }
}

port.on('message', (request: ScoringRequest) => {
  handle(request).then(
    ({ value, transfer }) => port.postMessage({ id: request.id, ok: true, value } satisfies ScoringReply, transfer),
    (e: unknown) => port.postMessage({ id: request.id, ok: false, error: toErrorData(e) } satisfies ScoringReply),
  );
});
port.postMessage(WORKER_READY);
