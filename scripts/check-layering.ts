import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { checkImport, type ImportFact } from './lib/layering-rules.ts';

const ROOT = process.cwd();
const LAYERS = ['src', 'renderer', 'electron'];

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

export function importsOf(file: string, text: string): ImportFact[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const facts: ImportFact[] = [];
  const rel = relative(ROOT, file).split('\\').join('/');
  const add = (specifier: string, typeOnly: boolean) => {
    const resolved = specifier.startsWith('.') ? normalize(join(dirname(rel), specifier)).split('\\').join('/') : null;
    facts.push({ from: rel, specifier, resolved, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, Boolean(node.importClause?.isTypeOnly));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return facts;
}

const violations: string[] = [];
let files = 0;
for (const layer of LAYERS) {
  for (const file of walk(join(ROOT, layer))) {
    files++;
    for (const fact of importsOf(file, readFileSync(file, 'utf8'))) {
      const problem = checkImport(fact);
      if (problem) violations.push(`${fact.from}: import "${fact.specifier}" — ${problem}`);
    }
  }
}
if (violations.length) {
  console.error(`Layering check failed (${violations.length} forbidden imports; see docs/architecture.md):`);
  for (const v of violations) console.error(`  ${v}`);
  process.exit(1);
}
console.log(`Layering check passed: ${files} files.`);
