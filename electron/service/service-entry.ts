// The service process (Electron utilityProcess): the one AssayService, answering main over process.parentPort.
// DuckDB and ONNX Runtime load here, never in main. Started by main/service-spawn.ts; run with plain Node and a
// fork() channel instead, it answers over process.send (used by the bundle's smoke test).
import { existsSync } from 'node:fs';
import { ROLES, type Role } from '../../src/api/contract.ts';
import { AssayService } from '../../src/api/service.ts';
import { serveRequests, type MessagePortLike } from './service-host.ts';

function nodePort(): MessagePortLike | null {
  if (typeof process.send !== 'function') return null;
  return {
    on: (_event, listener) => process.on('message', (data) => listener({ data })),
    postMessage: (message) => process.send!(message),
  };
}

const port = (process as { parentPort?: MessagePortLike }).parentPort ?? nodePort();
if (!port) {
  console.error('The Assay service process is started by the desktop app; it has no channel to answer on.');
  process.exit(2);
}
const role = (ROLES as readonly string[]).includes(process.env.ASSAY_ROLE ?? '') ? (process.env.ASSAY_ROLE as Role) : 'owner';
const user = process.env.ASSAY_USER || 'desktop';
serveRequests(port, (path) => new AssayService(path), process.env.ASSAY_CASE || null, { user, role }, existsSync);
