// Bundles the Electron shell into dist/electron (what electron-builder.yml packages):
//   main.js          the main process (ESM; electron external)
//   preload.cjs      the sandboxed preload (CommonJS: a sandboxed preload cannot be an ES module)
//   service.js       the service process (utilityProcess): AssayService and every domain; DuckDB and ONNX Runtime
//                    stay external (native modules, unpacked from the asar)
//   scorer-worker.js the scoring threads' entry, next to service.js where src/inference/scoring-thread.ts looks for it
import { build } from 'esbuild';

// CommonJS packages inside an ES module bundle still call require() for Node built-ins
const requireShim = "import { createRequire as __assayCreateRequire } from 'node:module'; const require = __assayCreateRequire(import.meta.url);";
const NATIVE = ['@duckdb/node-api', '@duckdb/*', 'onnxruntime-node', 'onnxruntime-common'];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, legalComments: 'none', logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: { main: 'electron/main/index.ts' }, outdir: 'dist/electron', format: 'esm', external: ['electron'], banner: { js: requireShim } }),
  build({ ...common, entryPoints: { preload: 'electron/preload/index.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.cjs' }, format: 'cjs', external: ['electron'] }),
  build({
    ...common,
    entryPoints: { service: 'electron/service/service-entry.ts', 'scorer-worker': 'src/inference/scorer-worker.ts' },
    outdir: 'dist/electron', format: 'esm', external: NATIVE, banner: { js: requireShim },
  }),
]);
console.log('Bundled the Electron shell into dist/electron (main.js, preload.cjs, service.js, scorer-worker.js).');
