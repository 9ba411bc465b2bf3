import type { IncomingMessage, ServerResponse } from 'node:http';
import { isMethodName, METHOD_NAMES, type MethodName, type Role } from '../../api/contract.ts';
import { AssayError, toErrorData } from '../../api/errors.ts';
import type { AssayService } from '../../api/service.ts';
import type { CallQueue } from './call-queue.ts';
import { statusOf } from './error-status.ts';
import { openEventStream } from './event-stream.ts';
import { JOB_ID, type JobRegistry } from './job-registry.ts';
import { BodyTooLarge, mediaType, readJsonBody } from './read-json-body.ts';
import { sendError, sendJson } from './send.ts';
import type { Uploads } from './uploads.ts';

/** Everything the /api routes share: the one service, its queue, the jobs and open event streams. */
export interface ApiState {
  service: AssayService;
  user: string;
  role: Role;
  queue: CallQueue;
  jobs: JobRegistry;
  streams: Set<ServerResponse>;
  heartbeatMs: number;
  maxBodyBytes: number;
  log: (line: string) => void;
  /** Set when the host starts closing: a call that has not started by then does not start. */
  closing: boolean;
  uploads: Uploads;
}

/** The routes besides the contract's methods. No method name can collide: every method name holds a dot. */
export const EVENTS_ROUTE = 'events';
export const CANCEL_ROUTE = 'jobs/cancel';
/** A dropped file's bytes (POST, ?name=FILE); answers {path, name, bytes, sha256} for log.preview/log.import/package.import. */
export const UPLOAD_ROUTE = 'upload';

/** The path of a method's route, derived from the contract: POST /api/<method>. */
export const METHOD_ROUTES: readonly string[] = METHOD_NAMES.map((m) => `/api/${m}`);

function wrongVerb(res: ServerResponse, allowed: string, what: string): void {
  sendError(res, 405, { code: 'BAD_ARGUMENT', message: `${what} takes ${allowed} only.` }, { Allow: allowed });
}

/** Reads the body as the arguments object; answers 415/413/400 itself and returns null when it did. */
async function readArguments(req: IncomingMessage, res: ServerResponse, state: ApiState): Promise<Record<string, unknown> | null> {
  const type = mediaType(req);
  if (type !== null && type !== 'application/json') {
    req.resume();
    sendError(res, 415, { code: 'BAD_ARGUMENT', message: `Send the arguments as application/json, not ${type}.` });
    return null;
  }
  try {
    return await readJsonBody(req, state.maxBodyBytes);
  } catch (e) {
    if (e instanceof BodyTooLarge) {
      sendError(res, 413, { code: 'BAD_ARGUMENT', message: `The request body is larger than ${e.limit} bytes; large inputs travel as file paths.` }, { Connection: 'close' });
    } else {
      sendError(res, 400, toErrorData(e));
    }
    return null;
  }
}

async function callMethod(req: IncomingMessage, res: ServerResponse, state: ApiState, method: MethodName): Promise<void> {
  if (req.method !== 'POST') return wrongVerb(res, 'POST', `/api/${method}`);
  const header = req.headers['x-assay-job'];
  const jobId = typeof header === 'string' ? header : null;
  if (header !== undefined && (jobId === null || !JOB_ID.test(jobId))) {
    req.resume();
    sendError(res, 400, { code: 'BAD_ARGUMENT', message: 'X-Assay-Job takes one id of 1 to 100 letters, digits or ._:- characters.' });
    return;
  }
  const args = await readArguments(req, res, state);
  if (args === null) return;
  let job;
  try {
    job = state.jobs.start(jobId, method);
  } catch (e) {
    sendError(res, 409, toErrorData(e));
    return;
  }
  // a client that leaves before the answer cancels its call: nobody would read the result
  res.on('close', () => {
    if (!res.writableFinished) job.abort();
  });
  try {
    const result = await state.queue.run(async () => {
      if (job.signal.aborted || state.closing) throw new AssayError('CANCELLED', `The call of ${method} was cancelled before it started; nothing was done.`, { method });
      return state.service.call(method, args, { user: state.user, role: state.role, signal: job.signal, onProgress: job.progress });
    });
    job.succeed();
    if (!res.destroyed) sendJson(res, 200, result);
  } catch (e) {
    const data = toErrorData(e);
    job.fail(data);
    if (data.code === 'INTERNAL') state.log(`assay serve: internal error in ${method}: ${(e as Error)?.stack ?? String(e)}`);
    if (!res.destroyed) sendError(res, statusOf(data.code), data);
  }
}

async function cancelJob(req: IncomingMessage, res: ServerResponse, state: ApiState): Promise<void> {
  if (req.method !== 'POST') return wrongVerb(res, 'POST', '/api/jobs/cancel');
  const args = await readArguments(req, res, state);
  if (args === null) return;
  const job = args.job;
  if (typeof job !== 'string' || !JOB_ID.test(job) || Object.keys(args).length !== 1) {
    sendError(res, 400, { code: 'BAD_ARGUMENT', message: 'Cancel takes {"job": ID}, the id sent as X-Assay-Job with the call.' });
    return;
  }
  const outcome = state.jobs.cancel(job);
  if (outcome === 'unknown') sendError(res, 404, { code: 'NOT_FOUND', message: `There is no job "${job}"; it may have finished long ago or never started.`, details: { job } });
  else sendJson(res, 200, { job, cancelled: outcome === 'cancelled' });
}

function events(req: IncomingMessage, res: ServerResponse, state: ApiState, query: URLSearchParams): void {
  if (req.method !== 'GET') return wrongVerb(res, 'GET', '/api/events');
  const job = query.get('job');
  if (job !== null && !JOB_ID.test(job)) {
    sendError(res, 400, { code: 'BAD_ARGUMENT', message: 'events?job= takes one job id of 1 to 100 letters, digits or ._:- characters.' });
    return;
  }
  openEventStream(req, res, state.jobs, job, state.heartbeatMs, state.streams);
}

/** Routes an authenticated /api request. `route` is the path after "/api/". */
export async function routeApi(req: IncomingMessage, res: ServerResponse, state: ApiState, route: string, query: URLSearchParams): Promise<void> {
  if (route === EVENTS_ROUTE) return events(req, res, state, query);
  if (route === CANCEL_ROUTE) return cancelJob(req, res, state);
  if (route === UPLOAD_ROUTE) return state.uploads.receive(req, res, query);
  if (isMethodName(route)) return callMethod(req, res, state, route);
  req.resume();
  sendError(res, 404, { code: 'BAD_ARGUMENT', message: `There is no method "${route}". The methods are: ${METHOD_NAMES.join(', ')}.`, details: { method: route } });
}
