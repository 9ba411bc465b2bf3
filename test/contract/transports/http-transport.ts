import type { MethodArgs, MethodName, MethodResult } from '../../../src/api/contract.ts';
import { startHost } from '../../../src/host/http/index.ts';
import { errorFromWire, type CallOptions, type Door, type Transport } from '../transport.ts';

/**
 * The HTTP client of the contract, written against fetch only (no Node API), so that renderer/api can take it as it
 * is: POST /api/<method> with the arguments as a JSON object; 200 carries the result, any other status
 * `{ error: { code, message, details? } }`. In the browser the token travels in the host's cookie and `token` is
 * left out; here it goes as a bearer token.
 */
export class HttpTransport implements Transport {
  constructor(private readonly origin: string, private readonly token?: string) {}

  async call<M extends MethodName>(method: M, args: MethodArgs<M>, options: CallOptions = {}): Promise<MethodResult<M>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (options.job) headers['X-Assay-Job'] = options.job;
    const res = await fetch(`${this.origin}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(args ?? {}) });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw errorFromWire(null, `The host (HTTP ${res.status})`);
    }
    if (res.status === 200) return body as MethodResult<M>;
    throw errorFromWire((body as { error?: unknown } | null)?.error, `The host (HTTP ${res.status})`);
  }
}

/** (b) The HTTP host on an ephemeral port, called with fetch. */
export const httpDoor: Door = {
  name: 'http',
  async open(casePath, caller) {
    const host = await startHost({ casePath, port: 0, user: caller.user, role: caller.role });
    const transport = new HttpTransport(host.origin, host.token);
    return { call: (method, args, options) => transport.call(method, args, options), close: () => host.close() };
  },
};
