import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JobEvent, JobRegistry } from './job-registry.ts';

export const HEARTBEAT_MS = 15_000;

/**
 * GET /api/events[?job=ID]: a text/event-stream of the jobs' `progress`, `done` and `error` events. A comment
 * (`: connected`) is sent at once, so a client knows it is subscribed before it starts the call it wants to follow,
 * and a heartbeat comment every `heartbeatMs`. The stream stays open until the client leaves (an EventSource should
 * close itself on `done`/`error`) or the host closes; then the subscription is dropped.
 */
export function openEventStream(
  req: IncomingMessage, res: ServerResponse, jobs: JobRegistry, job: string | null, heartbeatMs: number, streams: Set<ServerResponse>,
): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  req.socket.setNoDelay(true);
  req.socket.setTimeout(0);
  let seq = 0;
  const send = (text: string) => {
    if (!res.writableEnded && !res.destroyed) res.write(text);
  };
  const write = (event: JobEvent) => send(`id: ${++seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
  res.write('retry: 3000\n: connected\n\n');
  const unsubscribe = jobs.subscribe(job, write);
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
  heartbeat.unref();
  streams.add(res);
  const cleanup = () => {
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(res);
  };
  res.on('close', cleanup);
  res.on('error', cleanup);
}
