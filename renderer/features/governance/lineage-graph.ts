import type { DecisionLineage, RunLineage, RunReference } from '../../../src/api/contract.ts';
import { href } from '../../app/router.ts';

export interface LineageNode {
  id: string;
  /** What the node is: the first line, in small capitals. */
  kind: string;
  title: string;
  /** Hashes and facts, one per line (hashes shortened; the full value is in `full`). */
  lines: string[];
  full: string;
  href: string | null;
  col: number;
  row: number;
}

export interface LineageEdge {
  from: string;
  to: string;
  label: string;
  /** Drawn side to side (h) or from the bottom of one to the top of the other (v); by default h between columns. */
  route?: 'h' | 'v';
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** Runs left out of the drawing (they are all in the JSON). */
  hiddenRuns: number;
}

/** At most this many runs are drawn. */
export const MAX_DRAWN_RUNS = 8;

function short(hash: string | null | undefined): string {
  return hash ? `${hash.slice(0, 16)}…` : '—';
}

function record(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function runNodes(runs: RunReference[], col: number): LineageNode[] {
  return runs.slice(0, MAX_DRAWN_RUNS).map((r, i) => ({
    id: `run:${r.runId}`, kind: 'run', title: r.method,
    lines: [r.runId.length > 26 ? `${r.runId.slice(0, 26)}…` : r.runId, `${r.createdAt.slice(0, 16).replace('T', ' ')} by ${r.createdBy}`, ...(r.marks.length ? [`marked: ${r.marks.join(', ')}`] : [])],
    full: `${r.method} ${r.runId} (${r.relation === 'named' ? 'names the decision' : 'ran over its log'})`,
    href: href.lineageRun(r.runId), col, row: i,
  }));
}

/** file hash → log row → package → model hash → training data, with the runs that used the decision. */
export function decisionGraph(l: DecisionLineage): LineageGraph {
  const training = record(l.trainingData);
  const trainingSha = training && typeof training.sha256 === 'string' ? training.sha256 : null;
  const trainingUri = training && typeof training.uri === 'string' ? training.uri : null;
  const nodes: LineageNode[] = [
    { id: 'file', kind: 'log file', title: l.log.name, lines: [`sha256 ${short(l.log.sourceSha256)}`, `${l.log.format}, ${l.log.sourceBytes.toLocaleString('en')} bytes`], full: `${l.log.sourcePath} sha256 ${l.log.sourceSha256}`, href: href.explorer(l.log.name), col: 0, row: 0 },
    { id: 'row', kind: 'decision', title: l.decisionId, lines: [`row ${l.row.row} of the log`], full: `${l.decisionId}, row ${l.row.row} of ${l.log.name}`, href: href.decision(l.log.name, l.decisionId), col: 1, row: 0 },
    { id: 'package', kind: 'package', title: l.package.ref, lines: [l.package.sourceKind, `${l.package.files.length} files`], full: l.package.ref, href: href.package(l.package.ref), col: 2, row: 0 },
    { id: 'model', kind: 'model', title: 'model.onnx', lines: [`sha256 ${short(l.package.modelSha256)}`], full: `model sha256 ${l.package.modelSha256}`, href: null, col: 3, row: 0 },
    {
      id: 'training', kind: 'training data', title: trainingUri ? trainingUri.split('/').pop()! : 'not stated',
      lines: trainingSha ? [`sha256 ${short(trainingSha)}`, ...(training && typeof training.rows === 'number' ? [`${training.rows.toLocaleString('en')} rows`] : [])] : ['the package names none'],
      full: trainingUri ? `${trainingUri}${trainingSha ? ` sha256 ${trainingSha}` : ''}` : 'The package does not name its training data.', href: null, col: 4, row: 0,
    },
  ];
  const edges: LineageEdge[] = [
    { from: 'file', to: 'row', label: 'holds' },
    { from: 'row', to: 'package', label: 'scored by' },
    { from: 'package', to: 'model', label: 'contains' },
    { from: 'model', to: 'training', label: 'trained on' },
  ];
  const runs = runNodes(l.runs, 2).map((n, i) => ({ ...n, col: i % 5, row: 1 + Math.floor(i / 5) }));
  nodes.push(...runs);
  runs.forEach((n, i) => edges.push({ from: l.runs[i]!.relation === 'named' ? 'row' : 'file', to: n.id, label: l.runs[i]!.relation === 'named' ? 'named in' : 'used by', route: 'v' }));
  return { nodes, edges, hiddenRuns: Math.max(0, l.runs.length - MAX_DRAWN_RUNS) };
}

/** inputs (log files, packages with their model hashes) → run → result hash. */
export function runGraph(l: RunLineage): LineageGraph {
  const nodes: LineageNode[] = [];
  const edges: LineageEdge[] = [];
  let row = 0;
  for (const log of l.logs) {
    nodes.push({ id: `log:${log.name}`, kind: 'log file', title: log.name, lines: [`sha256 ${short(log.sourceSha256)}`], full: `log ${log.name} sha256 ${log.sourceSha256}`, href: href.explorer(log.name), col: 0, row: row++ });
    edges.push({ from: `log:${log.name}`, to: 'run', label: 'input' });
  }
  for (const p of l.packages) {
    nodes.push({ id: `pkg:${p.ref}`, kind: 'package', title: p.ref, lines: [`model ${short(p.modelSha256)}`], full: `${p.ref} model sha256 ${p.modelSha256}`, href: href.package(p.ref), col: 0, row: row++ });
    edges.push({ from: `pkg:${p.ref}`, to: 'run', label: 'input' });
  }
  nodes.push({
    id: 'run', kind: 'run', title: l.method, lines: [l.runId.length > 26 ? `${l.runId.slice(0, 26)}…` : l.runId, `${l.createdAt.slice(0, 16).replace('T', ' ')} by ${l.createdBy}`, l.marks.length ? `marked: ${l.marks.join(', ')}` : `seed ${l.seed ?? '—'}`],
    full: `${l.method} ${l.runId}`, href: null, col: 1, row: 0,
  });
  nodes.push({ id: 'result', kind: 'result', title: 'stored result', lines: [`sha256 ${short(l.resultSha256)}`], full: `result sha256 ${l.resultSha256}`, href: null, col: 2, row: 0 });
  edges.push({ from: 'run', to: 'result', label: 'recorded' });
  return { nodes, edges, hiddenRuns: 0 };
}
