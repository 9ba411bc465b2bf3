import type { AssayErrorData } from '../../src/api/errors.ts';
import type { JobEvent } from '../../src/host/http/job-registry.ts';
import type { ServiceMessage, ServiceRequest } from '../shared/service-protocol.ts';
import type { UtilityProcessLike } from './electron-api.ts';
import type { ServiceBackend } from './ipc-handlers.ts';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: AssayErrorData): void;
}

/**
 * Main's side of the service process: requests go out with an id, replies come back with it, job events are passed
 * on. When the process exits, the calls in flight fail with INTERNAL and the next request starts a new process
 * (`spawn` is given the case that was open, so it comes back on the same case).
 */
export class ServiceClient implements ServiceBackend {
  private child: UtilityProcessLike | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private casePath: string | null;

  constructor(
    private readonly spawn: (casePath: string | null) => UtilityProcessLike,
    casePath: string | null,
    private readonly onEvent: (event: JobEvent) => void,
  ) {
    this.casePath = casePath;
  }

  get openCasePath(): string | null {
    return this.casePath;
  }

  call(method: string, args: unknown, job: string | null): Promise<unknown> {
    return this.request({ type: 'call', method, args, job });
  }

  cancel(job: string): Promise<unknown> {
    return this.request({ type: 'cancel', job });
  }

  /** Switches the service to another case; it checks the case opens before it lets the old one go. */
  async openCase(casePath: string): Promise<void> {
    await this.request({ type: 'open', casePath });
    this.casePath = casePath;
  }

  stop(): void {
    this.child?.kill();
    this.child = null;
  }

  private process(): UtilityProcessLike {
    if (this.child) return this.child;
    const child = this.spawn(this.casePath);
    child.on('message', (message) => this.receive(message as ServiceMessage));
    child.on('exit', (code) => {
      if (this.child === child) this.child = null;
      const error: AssayErrorData = { code: 'INTERNAL', message: `The Assay service process stopped (exit code ${code}); the call was not finished. Try again.` };
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
    this.child = child;
    return child;
  }

  private request(message: WithoutId<ServiceRequest>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.process().postMessage({ ...message, id });
    });
  }

  private receive(message: ServiceMessage): void {
    if (message?.type === 'event') {
      this.onEvent(message.event);
      return;
    }
    if (message?.type !== 'reply') return;
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    if (message.ok) p.resolve(message.result);
    else p.reject(message.error);
  }
}
