// npm start: builds the demo case and the UI, then opens the UI on it — in the Electron desktop shell where an
// Electron binary is there (node_modules/electron/dist, or `electron` on PATH), else, saying so plainly, in the
// browser through `assay serve` (127.0.0.1 only, with a per-launch token). Electron's binary is downloaded by its
// npm postinstall, which machines without network cannot run.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { spawnSync, spawn } from 'node:child_process';

const node = process.execPath;
const DEMO_CASE = 'assay-demo/demo.assay';
function run(args, what) {
  console.log(`== ${what}`);
  const r = spawnSync(args[0], args.slice(1), { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The Electron executable: the npm package's downloaded binary (its path.txt names it), else one on PATH. */
function electronBinary() {
  try {
    const dist = join('node_modules', 'electron', 'dist');
    const exe = join(dist, readFileSync(join('node_modules', 'electron', 'path.txt'), 'utf8').trim());
    if (existsSync(exe)) return exe;
  } catch {
    // no package, or its binary was never downloaded
  }
  const names = process.platform === 'win32' ? ['electron.cmd', 'electron.exe'] : ['electron'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

if (!existsSync('dist/renderer/index.html')) run(['npm', 'run', 'build:renderer', '--silent'], 'building the UI');
run([node, 'bin/assay.js', 'demo', '--out', 'assay-demo'], `building the demo case (${DEMO_CASE})`);

const electron = electronBinary();
let child;
if (electron) {
  run([node, 'scripts/build-electron.mjs'], 'bundling the desktop shell (dist/electron)');
  console.log(`== starting Assay (${electron}) on ${DEMO_CASE}`);
  child = spawn(electron, ['dist/electron/main.js', DEMO_CASE], { stdio: 'inherit', env: { ...process.env, ASSAY_USER: 'demo', ASSAY_ROLE: 'owner' } });
} else {
  console.log('\nThe Electron desktop shell cannot start here: there is no Electron binary (node_modules/electron/dist, or');
  console.log('`electron` on PATH) — its download needs network access this machine does not have.');
  console.log(`Opening the same UI in your browser instead: assay serve ${DEMO_CASE}`);
  console.log('Open the address below; stop with Ctrl+C.\n');
  child = spawn(node, ['bin/assay.js', 'serve', DEMO_CASE, '--user', 'demo', '--role', 'owner'], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
