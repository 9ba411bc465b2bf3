import type { MethodName, Role } from '../../src/api/contract.ts';
import { AssayError, toErrorData } from '../../src/api/errors.ts';
import type { CallContext } from '../../src/api/service.ts';
import { CallQueue } from '../../src/host/http/call-queue.ts';
import { JobRegistry } from '../../src/host/http/job-registry.ts';
import type { ServiceMessage, ServiceRequest } from '../shared/service-protocol.ts';

/** The service as the host uses it (AssayService; a fake in tests). */
export interface ServiceLike {
  call(method: MethodName, args: unknown, ctx: CallContext): Promise<unknown>;
  close(): Promise<void>;
}

export interface MessagePortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface Caller {
  user: string;
  role: Role;
}

/**
 * The service process: one AssayService on the open case, its calls run one at a time (like the HTTP host), jobs
 * with progress events and cancellation (the HTTP host's JobRegistry), and `open` to switch the case — the new case
 * must answer case.info before the old one is closed.
 */
export function serveRequests(port: MessagePortLike, makeService: (casePath: string | null) => ServiceLike, casePath: string | null, caller: Caller, exists: (path: string) => boolean): void {
  let service = makeService(casePath);
  const queue = new CallQueue();
  const jobs = new JobRegistry();
  const send = (message: ServiceMessage) => port.postMessage(message);
  jobs.subscribe(null, (event) => send({ type: 'event', event }));

  async function call(method: string, args: unknown, jobId: string | null): Promise<unknown> {
    const job = jobs.start(jobId, method);
    try {
      const result = await queue.run(() => {
        if (job.signal.aborted) throw new AssayError('CANCELLED', `The call of ${method} was cancelled before it started; nothing was done.`, { method });
        return service.call(method as MethodName, args, { ...caller, signal: job.signal, onProgress: job.progress });
      });
      job.succeed();
      return result;
    } catch (e) {
      job.fail(toErrorData(e));
      throw e;
    }
  }

  async function open(path: string): Promise<{ casePath: string }> {
    if (!exists(path)) throw new AssayError('NOT_FOUND', `There is no case file at ${path}; choose an existing .assay file.`, { path });
    return queue.run(async () => {
      const next = makeService(path);
      try {
        await next.call('case.info', {}, caller);
      } catch (e) {
        await next.close();
        throw e;
      }
      const previous = service;
      service = next;
      await previous.close();
      return { casePath: path };
    });
  }

  async function handle(request: ServiceRequest): Promise<unknown> {
    switch (request.type) {
      case 'call':
        return call(request.method, request.args, request.job);
      case 'cancel':
        return { job: request.job, cancelled: jobs.cancel(request.job) === 'cancelled' };
      case 'open':
        return open(request.casePath);
      default:
        throw new AssayError('BAD_ARGUMENT', 'The service process received a message it does not know.');
    }
  }

  port.on('message', ({ data }) => {
    const request = data as ServiceRequest;
    if (typeof request?.id !== 'number') return;
    handle(request).then(
      (result) => send({ type: 'reply', id: request.id, ok: true, result }),
      (e: unknown) => send({ type: 'reply', id: request.id, ok: false, error: toErrorData(e) }),
    );
  });
}
