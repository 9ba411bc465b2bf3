import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { LogPageResult, LogPageSummary, MethodArgs } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { LogScreenLinks } from '../../app/log-screens.tsx';
import { href, navigate, type ColumnFilter } from '../../app/router.ts';
import { OKABE_ITO, Plot } from '../../components/Plot.tsx';
import { ErrorBox } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';

const PAGE = 100;
const ROW_HEIGHT = 32;
type Row = Record<string, unknown>;
type Op = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'contains';
const OPS: [Op, string][] = [['eq', '='], ['ne', '≠'], ['lt', '<'], ['le', '≤'], ['gt', '>'], ['ge', '≥'], ['contains', 'contains']];

interface Query {
  sort: { column: string; dir: 'asc' | 'desc' } | null;
  decision: '' | '0' | '1';
  scoreMin: string;
  scoreMax: string;
  from: string;
  to: string;
  filterColumn: string;
  filterOp: Op;
  filterValue: string;
}

const EMPTY: Query = { sort: null, decision: '', scoreMin: '', scoreMax: '', from: '', to: '', filterColumn: 'decision_id', filterOp: 'contains', filterValue: '' };

function toArgs(log: string, q: Query, fixed: ColumnFilter[] = []): MethodArgs<'log.page'> {
  const args: MethodArgs<'log.page'> = { log };
  if (q.sort) args.sort = q.sort;
  if (q.decision !== '') args.decision = q.decision === '1' ? 1 : 0;
  if (q.scoreMin.trim() !== '' && Number.isFinite(Number(q.scoreMin))) args.scoreMin = Number(q.scoreMin);
  if (q.scoreMax.trim() !== '' && Number.isFinite(Number(q.scoreMax))) args.scoreMax = Number(q.scoreMax);
  if (q.from) args.from = q.from;
  if (q.to) args.to = q.to;
  if (q.filterValue.trim() !== '') args.filters = [{ column: q.filterColumn, op: q.filterOp, value: q.filterValue.trim() }];
  if (fixed.length) args.filters = [...fixed.map((f) => ({ column: f.column, op: 'eq' as const, value: f.value })), ...(args.filters ?? [])];
  return args;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function columnWidth(name: string, type: string): number {
  if (name === 'decision_id') return 120;
  if (type.startsWith('TIMESTAMP')) return 190;
  if (/INT|DOUBLE|FLOAT|DECIMAL|REAL/.test(type)) return name.length > 12 ? 140 : 100;
  return 150;
}

function cellText(v: unknown, type: string): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return type === 'DOUBLE' && !Number.isInteger(v) ? v.toFixed(4) : String(v);
  if (type.startsWith('TIMESTAMP') && typeof v === 'string') return v.replace('T', ' ').replace(/\.000Z$/, 'Z');
  return String(v);
}

function Charts({ summary, labels }: { summary: LogPageSummary; labels: Map<string, string> }) {
  const name = (d: string) => `decision ${d}${labels.get(d) ? ` (${labels.get(d)})` : ''}`;
  const colour = (d: string) => (d === '1' ? OKABE_ITO.blue : d === '0' ? OKABE_ITO.vermillion : OKABE_ITO.grey);
  const hist = useMemo(() => {
    const w = 1 / summary.bins;
    return Object.entries(summary.scoreCounts).map(([d, counts]) => ({
      type: 'bar', name: name(d), x: counts.map((_, i) => (i + 0.5) * w), y: counts, width: w * 0.95, marker: { color: colour(d) },
      hovertemplate: 'score %{x:.3f}±' + (w / 2).toFixed(3) + ': %{y}<extra>%{fullData.name}</extra>',
    }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [summary, labels]);
  const monthly = useMemo(() => {
    const byDecision = new Map<string, { x: string[]; y: number[] }>();
    for (const m of summary.monthly) {
      const d = m.decision === null ? 'null' : String(m.decision);
      const s = byDecision.get(d) ?? { x: [], y: [] };
      s.x.push(m.month);
      s.y.push(m.count);
      byDecision.set(d, s);
    }
    return [...byDecision.entries()].map(([d, s]) => ({ type: 'bar', name: name(d), x: s.x, y: s.y, marker: { color: colour(d) } }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [summary, labels]);
  const legend = { orientation: 'h', x: 1, xanchor: 'right', y: 1.02, yanchor: 'bottom' };
  const histLayout = useMemo(() => ({ title: { text: 'Scores by decision', x: 0.02, xanchor: 'left' }, barmode: 'stack', showlegend: true, legend, xaxis: { title: { text: 'score' }, range: [0, 1] }, yaxis: { title: { text: 'decisions' } } }), []);
  const monthLayout = useMemo(() => ({ title: { text: 'Decisions per month', x: 0.02, xanchor: 'left' }, barmode: 'stack', showlegend: true, legend, xaxis: { title: { text: 'month (UTC)' }, type: 'category', tickangle: -60, automargin: true }, yaxis: { title: { text: 'decisions' } } }), []);
  return (
    <div className="charts">
      <Plot data={hist} layout={histLayout} label="Histogram of scores by decision, following the filter" testId="score-histogram" />
      <Plot data={monthly} layout={monthLayout} label="Decisions per month by decision, following the filter" testId="monthly-chart" />
    </div>
  );
}

function JumpDialog({ log, open, onClose }: { log: string; open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [id, setId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setError(null);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const wanted = id.trim();
    if (!wanted) return;
    setBusy(true);
    try {
      const r = await call('log.page', { log, limit: 1, filters: [{ column: 'decision_id', op: 'eq', value: wanted }] });
      if (r.total === 0) setError(`The log "${log}" has no decision "${wanted}"; check the id (ids are case-sensitive).`);
      else {
        onClose();
        navigate(href.decision(log, wanted));
      }
    } catch (x) {
      setError(messageOf(x));
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="jump" aria-labelledby="jump-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="jump-title">Jump to a decision</h2>
        <label>
          Decision id{' '}
          <input autoFocus name="decision-id" value={id} onChange={(e) => setId(e.target.value)} placeholder="D-000189" autoComplete="off" spellCheck={false} />
        </label>
        {error && <ErrorBox message={error} />}
        <div className="buttons">
          <button type="submit" disabled={busy}>
            Open
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

export function Explorer({ log, filters: fixed = [] }: { log: string; filters?: ColumnFilter[] }) {
  const logs = useCall('log.list', {}, 'logs');
  const entry = logs.status === 'done' ? logs.value.find((l) => l.name === log) : undefined;
  const [form, setForm] = useState<Query>(EMPTY);
  const query = useDebounced(form, 250);
  const argsKey = JSON.stringify(toArgs(log, query, fixed));
  const [head, setHead] = useState<LogPageResult | null>(null);
  const [summary, setSummary] = useState<LogPageSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jumpOpen, setJumpOpen] = useState(false);
  const pages = useRef(new Map<number, Row[] | 'loading'>());
  const generation = useRef(0);
  const [, setTick] = useState(0);
  const labels = useRef(new Map<string, string>());

  // the filtered total, columns and chart aggregates
  useEffect(() => {
    const gen = ++generation.current;
    pages.current = new Map();
    setError(null);
    // the rows and the total only: the chart aggregates (a pass over every matching row) come in their own call below
    call('log.page', { ...toArgs(log, query, fixed), limit: PAGE }).then(
      (r) => {
        if (gen !== generation.current) return;
        pages.current.set(0, r.rows);
        for (const row of r.rows) if (row.decision !== null && row.decision_label) labels.current.set(String(row.decision), String(row.decision_label));
        setHead(r);
      },
      (e: unknown) => gen === generation.current && setError(messageOf(e)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [log, argsKey]);

  // the chart aggregates do not depend on the sort: asked without it, and again only when the filter changes
  const { sort: _sort, ...unsorted } = toArgs(log, query, fixed);
  const summaryKey = JSON.stringify(unsorted);
  const summaryGen = useRef(0);
  useEffect(() => {
    const gen = ++summaryGen.current;
    call('log.page', { ...(JSON.parse(summaryKey) as MethodArgs<'log.page'>), limit: 1, summary: true }).then(
      (r) => gen === summaryGen.current && setSummary(r.summary),
      (e: unknown) => gen === summaryGen.current && setError(messageOf(e)),
    );
  }, [summaryKey]);

  const loadPage = useCallback(
    (page: number) => {
      if (pages.current.has(page)) return;
      pages.current.set(page, 'loading');
      const gen = generation.current;
      call('log.page', { ...toArgs(log, query, fixed), offset: page * PAGE, limit: PAGE }).then(
        (r) => {
          if (gen !== generation.current) return;
          pages.current.set(page, r.rows);
          setTick((t) => t + 1);
        },
        (e: unknown) => {
          if (gen !== generation.current) return;
          pages.current.delete(page);
          setError(messageOf(e));
        },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [log, argsKey],
  );

  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setJumpOpen(true);
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);

  const scroller = useRef<HTMLDivElement>(null);
  const total = head?.total ?? 0;
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    if (items.length === 0) return;
    const first = Math.floor(items[0]!.index / PAGE);
    const last = Math.floor(items[items.length - 1]!.index / PAGE);
    for (let p = first; p <= last; p++) loadPage(p);
  }, [items, loadPage]);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [argsKey]);

  const columns = (head?.columns ?? []).filter((c) => c.name !== '_row');
  const template = columns.map((c) => `${columnWidth(c.name, c.type)}px`).join(' ');
  const width = columns.reduce((s, c) => s + columnWidth(c.name, c.type), 0);
  const set = <K extends keyof Query>(k: K, v: Query[K]) => setForm((f) => ({ ...f, [k]: v }));
  const sortBy = (column: string) =>
    setForm((f) => ({ ...f, sort: f.sort?.column === column ? (f.sort.dir === 'asc' ? { column, dir: 'desc' } : null) : { column, dir: 'asc' } }));

  return (
    <section aria-labelledby="explorer-title" className="explorer">
      <p className="crumbs">
        <a href={href.home()}>Case</a> › Log
      </p>
      <h1 id="explorer-title">Decisions of {log}</h1>
      <p className="summary-line">
        <span data-testid="total">{head ? `${head.total.toLocaleString('en')} decisions match` : 'Counting…'}</span>
        {entry && (
          <>
            {' '}
            of {entry.rows.toLocaleString('en')} imported · <span data-testid="quarantined">{entry.quarantined.toLocaleString('en')} quarantined</span> · package{' '}
            <a href={href.package(entry.packageRef)}>{entry.packageRef}</a>
          </>
        )}{' '}
        · <kbd>Ctrl</kbd>+<kbd>K</kbd> jumps to a decision id.
      </p>
      <LogScreenLinks log={log} current="explorer" />
      {fixed.length > 0 && (
        <p className="notice" data-testid="fixed-filters">
          Only the decisions with {fixed.map((f) => `${f.column} = ${f.value}`).join(' and ')}. <a href={href.explorer(log)}>Show all decisions</a>
        </p>
      )}
      <form className="filters" aria-label="Filter decisions" onSubmit={(e) => e.preventDefault()}>
        <label>
          Decision{' '}
          <select name="decision" value={form.decision} onChange={(e) => set('decision', e.target.value as Query['decision'])}>
            <option value="">all</option>
            <option value="1">1{labels.current.get('1') ? ` (${labels.current.get('1')})` : ''}</option>
            <option value="0">0{labels.current.get('0') ? ` (${labels.current.get('0')})` : ''}</option>
          </select>
        </label>
        <label>
          Score ≥ <input name="scoreMin" type="number" step="0.01" min="0" max="1" value={form.scoreMin} onChange={(e) => set('scoreMin', e.target.value)} />
        </label>
        <label>
          Score ≤ <input name="scoreMax" type="number" step="0.01" min="0" max="1" value={form.scoreMax} onChange={(e) => set('scoreMax', e.target.value)} />
        </label>
        <label>
          From <input name="from" type="date" value={form.from} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          Before <input name="to" type="date" value={form.to} onChange={(e) => set('to', e.target.value)} />
        </label>
        <fieldset>
          <legend>Column filter</legend>
          <label>
            <span className="visually-hidden">Column</span>
            <select name="filterColumn" value={form.filterColumn} onChange={(e) => set('filterColumn', e.target.value)}>
              {(columns.length ? columns : [{ name: 'decision_id', type: 'VARCHAR' }]).map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="visually-hidden">Operator</span>
            <select name="filterOp" value={form.filterOp} onChange={(e) => set('filterOp', e.target.value as Op)}>
              {OPS.map(([v, t]) => (
                <option key={v} value={v}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="visually-hidden">Value</span>
            <input name="filterValue" value={form.filterValue} placeholder="value" onChange={(e) => set('filterValue', e.target.value)} />
          </label>
        </fieldset>
        <button type="button" onClick={() => setForm(EMPTY)}>
          Clear
        </button>
      </form>
      {error && <ErrorBox message={error} />}
      <div
        className="vtable"
        ref={scroller}
        role="table"
        aria-label={`Decisions of ${log}`}
        aria-rowcount={total + 1}
        tabIndex={0}
        data-testid="decision-table"
      >
        <div className="vrow vhead" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, width }}>
          {columns.map((c) => {
            const sorted = form.sort?.column === c.name ? form.sort.dir : null;
            return (
              <div key={c.name} role="columnheader" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                <button type="button" className="sort" onClick={() => sortBy(c.name)} title={`Sort by ${c.name}`} data-column={c.name}>
                  {c.name} <span aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
                </button>
              </div>
            );
          })}
        </div>
        <div className="vbody" style={{ height: virtualizer.getTotalSize(), width }}>
          {items.map((v) => {
            const page = pages.current.get(Math.floor(v.index / PAGE));
            const row = Array.isArray(page) ? page[v.index % PAGE] : undefined;
            const id = row ? String(row.decision_id ?? '') : '';
            return (
              <div
                key={v.key}
                className={`vrow${v.index % 2 ? ' odd' : ''}`}
                role="row"
                aria-rowindex={v.index + 2}
                data-index={v.index}
                style={{ gridTemplateColumns: template, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
                onDoubleClick={() => id && navigate(href.decision(log, id))}
              >
                {row
                  ? columns.map((c) => (
                      <div key={c.name} role="cell" className={/INT|DOUBLE|FLOAT|DECIMAL/.test(c.type) ? 'num' : undefined}>
                        {c.name === 'decision_id' ? <a href={href.decision(log, id)}>{id}</a> : cellText(row[c.name], c.type)}
                      </div>
                    ))
                  : <div role="cell" className="muted">Loading row {v.index + 1}…</div>}
              </div>
            );
          })}
        </div>
      </div>
      {summary && <Charts summary={summary} labels={labels.current} />}
      <JumpDialog log={log} open={jumpOpen} onClose={() => setJumpOpen(false)} />
      {head && head.total === 0 && <p className="muted">No decision matches these filters.</p>}
      <p className="visually-hidden" aria-live="polite">
        {head ? `${head.total} decisions match` : ''}
      </p>
    </section>
  );
}
