/**
 * The layering of DESIGN.md §1 / docs/architecture.md as data: given an importing file and what it imports,
 * say whether the import is allowed. Paths are repository-relative with forward slashes.
 */
export interface ImportFact {
  from: string; // importing file, e.g. "src/logs/import-log.ts"
  specifier: string; // as written
  resolved: string | null; // repository-relative target for relative imports, else null
  typeOnly: boolean;
}

const DOMAINS_PURE = ['fairness', 'explain'];
const LIBRARY_HOME: Record<string, string> = {
  '@duckdb/node-api': 'src/case/',
  'onnxruntime-node': 'src/inference/',
  'onnxruntime-common': 'src/inference/',
  'pdf-lib': 'src/report/',
  'node-forge': 'src/report/',
};
const NEVER_IN_SRC = ['electron', 'react', 'react-dom'];
/** The contract layer: src/api/contract.ts, every src/api/contract-*.ts type file, and errors.ts. */
const isContract = (path: string): boolean => /^src\/api\/(contract(-[a-z0-9-]+)?|errors)\.ts$/.test(path);

function packageName(spec: string): string {
  if (spec.startsWith('@')) return spec.split('/').slice(0, 2).join('/');
  return spec.split('/')[0]!;
}

function domainOf(path: string): string | null {
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? m[1]! : null;
}

function isDomainIndex(path: string): boolean {
  return /^src\/[^/]+\/index\.ts$/.test(path);
}

function isShared(path: string): boolean {
  return isContract(path) || path.startsWith('src/util/');
}

/** Returns a sentence describing the violation, or null when the import is allowed. */
export function checkImport(f: ImportFact): string | null {
  const { from, specifier, resolved } = f;
  const external = resolved === null;
  const pkg = external ? packageName(specifier) : null;
  const isNode = external && (specifier.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'worker_threads'].includes(pkg!));

  if (from.startsWith('renderer/')) {
    if (isNode) return `renderer may not import Node built-ins (${specifier})`;
    if (pkg && ['electron', '@duckdb/node-api', 'onnxruntime-node'].includes(pkg)) return `renderer may not import ${pkg}`;
    if (resolved && !resolved.startsWith('renderer/')) {
      if (isContract(resolved) && f.typeOnly) return null;
      return `renderer may only "import type" from the contract, not ${resolved}`;
    }
    return null;
  }
  if (from.startsWith('electron/')) {
    if (resolved?.startsWith('renderer/')) return 'electron may not import the renderer';
    if (resolved && resolved.startsWith('src/') && resolved !== 'src/api/service.ts' && !isContract(resolved) && !resolved.startsWith('src/host/http/')) {
      return `electron may import the service and the contract only, not ${resolved}`;
    }
    return null;
  }
  if (!from.startsWith('src/')) return null;

  if (pkg && NEVER_IN_SRC.includes(pkg)) return `src may not import ${pkg}`;
  if (pkg && LIBRARY_HOME[pkg] && !from.startsWith(LIBRARY_HOME[pkg]!)) return `${pkg} may be imported only in ${LIBRARY_HOME[pkg]}`;
  if (resolved?.startsWith('renderer/') || resolved?.startsWith('electron/')) return `src may not import ${resolved}`;

  if (isContract(from)) {
    if (isNode) return `the contract may not import Node built-ins (${specifier})`;
    if (pkg && pkg !== 'zod') return `the contract may import types and constants only, not ${pkg}`;
    if (resolved && !isContract(resolved)) return `the contract may not import ${resolved}`;
    return null;
  }
  const domain = domainOf(from)!;
  if (domain === 'util') {
    if (resolved && !resolved.startsWith('src/util/')) return `src/util may not import ${resolved}`;
    return null;
  }
  if (DOMAINS_PURE.includes(domain)) {
    if (isNode) return `src/${domain} is pure: it may not import ${specifier}`;
    if (pkg) return `src/${domain} is pure: it may not import ${pkg}`;
    if (resolved && !resolved.startsWith(`src/${domain}/`) && !isShared(resolved)) return `src/${domain} may import only the contract, errors and util, not ${resolved}`;
    return null;
  }
  if (domain === 'host') {
    if (resolved && !resolved.startsWith('src/host/') && !resolved.startsWith('src/api/') && !resolved.startsWith('src/util/')) {
      return `src/host may import the service and util only, not ${resolved}`;
    }
    return null;
  }
  if (!resolved) return null;
  if (resolved.startsWith(`src/${domain}/`) || isShared(resolved)) return null;
  if (domain === 'api') {
    if (resolved.startsWith('src/api/')) return null;
    if (isDomainIndex(resolved) || resolved.startsWith('src/util/')) return null;
    return `src/api may import a domain's index.ts only, not ${resolved}`;
  }
  if (resolved.startsWith('src/api/')) return `src/${domain} may not import ${resolved} (only the contract and errors)`;
  if (isDomainIndex(resolved)) return null;
  return `src/${domain} may import another domain's index.ts only, not its internals (${resolved})`;
}
