// npm start: builds the demo case and the UI, then opens the UI on it. The Electron shell arrives with the
// desktop-app issue and its binary cannot be downloaded on every machine; until it is there, this says so and
// serves the same UI to a browser through `assay serve` (127.0.0.1 only, with a per-launch token).
import { existsSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const node = process.execPath;
function run(args, what) {
  console.log(`== ${what}`);
  const r = spawnSync(args[0], args.slice(1), { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function electronBinary() {
  try {
    const electron = createRequire(import.meta.url)('electron');
    return typeof electron === 'string' && existsSync(electron) ? electron : null;
  } catch {
    return null;
  }
}

if (!existsSync('dist/renderer/index.html')) run(['npm', 'run', 'build:renderer', '--silent'], 'building the UI');
run([node, 'bin/assay.js', 'demo', '--out', 'assay-demo'], 'building the demo case (assay-demo/demo.assay)');

if (!electronBinary()) {
  console.log('\nThe Electron desktop shell is not installed here (its binary cannot be downloaded on this machine).');
  console.log('Opening the same UI in your browser instead: assay serve assay-demo/demo.assay');
  console.log('Open the address below; stop with Ctrl+C.\n');
}
const serve = spawn(node, ['bin/assay.js', 'serve', 'assay-demo/demo.assay', '--user', 'demo', '--role', 'owner'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
serve.on('exit', (code) => process.exit(code ?? 0));
