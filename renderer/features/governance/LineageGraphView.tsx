import type { LineageGraph, LineageNode } from './lineage-graph.ts';

const W = 196;
const H = 86;
const GAP_X = 74;
const GAP_Y = 48;
const PAD = 12;

function pos(n: LineageNode): { x: number; y: number } {
  return { x: PAD + n.col * (W + GAP_X), y: PAD + n.row * (H + GAP_Y) };
}

function fit(s: string, max = 30): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function NodeBox({ n }: { n: LineageNode }) {
  const { x, y } = pos(n);
  const body = (
    <g className={`lg-node lg-${n.kind.replace(/\s+/g, '-')}`} transform={`translate(${x},${y})`}>
      <title>{n.full}</title>
      <rect width={W} height={H} rx={6} />
      <text x={10} y={17} className="lg-kind">
        {n.kind.toUpperCase()}
      </text>
      <text x={10} y={36} className="lg-title">
        {fit(n.title, 24)}
      </text>
      {n.lines.slice(0, 3).map((l, i) => (
        <text key={i} x={10} y={53 + i * 14} className="lg-line">
          {fit(l, 31)}
        </text>
      ))}
    </g>
  );
  return n.href ? (
    <a href={n.href} aria-label={`${n.kind} ${n.title}: ${n.full}`}>
      {body}
    </a>
  ) : (
    <g role="img" aria-label={`${n.kind} ${n.title}: ${n.full}`} tabIndex={0}>
      {body}
    </g>
  );
}

/** A node-link drawing in plain SVG: columns left to right, arrows from the source to what it leads to. */
export function LineageGraphView({ graph, label }: { graph: LineageGraph; label: string }) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const cols = Math.max(...graph.nodes.map((n) => n.col)) + 1;
  const rows = Math.max(...graph.nodes.map((n) => n.row)) + 1;
  const width = PAD * 2 + cols * W + (cols - 1) * GAP_X;
  const height = PAD * 2 + rows * H + (rows - 1) * GAP_Y;
  return (
    <figure className="lineage-graph" data-testid="lineage-graph">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="group" aria-label={label}>
        <defs>
          <marker id="lg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="lg-arrowhead" />
          </marker>
        </defs>
        {graph.edges.map((e) => {
          const a = byId.get(e.from);
          const b = byId.get(e.to);
          if (!a || !b) return null;
          const pa = pos(a);
          const pb = pos(b);
          const route = e.route ?? (a.col !== b.col ? 'h' : 'v');
          const [x1, y1, x2, y2] = route === 'h' ? [pa.x + W, pa.y + H / 2, pb.x, pb.y + H / 2] : [pa.x + W / 2, pa.y + H, pb.x + W / 2, pb.y];
          const d =
            route === 'h'
              ? `M ${x1} ${y1} C ${(x1 + x2) / 2} ${y1}, ${(x1 + x2) / 2} ${y2}, ${x2} ${y2}`
              : `M ${x1} ${y1} C ${x1} ${(y1 + y2) / 2}, ${x2} ${(y1 + y2) / 2}, ${x2} ${y2}`;
          const labelled = route === 'h' && a.row === b.row;
          return (
            <g key={`${e.from}->${e.to}`} className="lg-edge">
              <path d={d} markerEnd="url(#lg-arrow)" />
              {labelled && (
                <text x={(x1 + x2) / 2} y={y1 - 6} textAnchor="middle" className="lg-edge-label">
                  {e.label}
                </text>
              )}
            </g>
          );
        })}
        {graph.nodes.map((n) => (
          <NodeBox key={n.id} n={n} />
        ))}
      </svg>
      {graph.hiddenRuns > 0 && <figcaption className="muted">{graph.hiddenRuns} more runs are not drawn; the JSON below lists every run.</figcaption>}
    </figure>
  );
}
