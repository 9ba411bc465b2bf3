import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client.ts';

/** The part of Plotly this app uses; the bundle is loaded on first use (it is large). */
interface PlotlyApi {
  react(el: HTMLElement, data: object[], layout: object, config: object): Promise<unknown>;
  purge(el: HTMLElement): void;
  Plots: { resize(el: HTMLElement): void };
}

let plotly: Promise<PlotlyApi> | null = null;
function loadPlotly(): Promise<PlotlyApi> {
  plotly ??= import('plotly.js-dist-min').then((m) => ((m as { default?: unknown }).default ?? m) as PlotlyApi);
  return plotly;
}

/** Colours of the current theme, read from the CSS custom properties. */
export function themeColours(): { text: string; grid: string; paper: string } {
  const s = getComputedStyle(document.documentElement);
  return {
    text: s.getPropertyValue('--fg').trim() || '#111',
    grid: s.getPropertyValue('--grid').trim() || '#ddd',
    paper: s.getPropertyValue('--panel').trim() || '#fff',
  };
}

/** Okabe–Ito, safe for the common colour-vision deficiencies. */
export const OKABE_ITO = {
  orange: '#E69F00', skyBlue: '#56B4E9', green: '#009E73', yellow: '#F0E442', blue: '#0072B2', vermillion: '#D55E00', purple: '#CC79A7', grey: '#999999',
};

/** A clicked data point, as Plotly reports it. */
export interface PlotPoint {
  x: unknown;
  y: unknown;
  curveNumber: number;
  pointIndex: number;
}

export function Plot({
  data, layout, label, height = 320, testId, onPointClick,
}: { data: object[]; layout: object; label: string; height?: number; testId?: string; onPointClick?: (p: PlotPoint) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onPointClick);
  clickRef.current = onPointClick;
  const [error, setError] = useState<string | null>(null);
  const [theme, setTheme] = useState(0);

  useEffect(() => {
    // redraw when the theme changes (toggle or system)
    const obs = new MutationObserver(() => setTheme((t) => t + 1));
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const on = () => setTheme((t) => t + 1);
    mq.addEventListener('change', on);
    return () => {
      obs.disconnect();
      mq.removeEventListener('change', on);
    };
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let live = true;
    const c = themeColours();
    const full = {
      height,
      margin: { l: 60, r: 20, t: 40, b: 50 },
      paper_bgcolor: c.paper,
      plot_bgcolor: c.paper,
      font: { color: c.text, family: 'system-ui, sans-serif', size: 12 },
      ...layout,
    } as Record<string, unknown>;
    for (const axis of ['xaxis', 'yaxis']) {
      full[axis] = { gridcolor: c.grid, zerolinecolor: c.grid, ...(full[axis] as object | undefined) };
    }
    loadPlotly()
      .then((P) => (live ? P.react(el, data, full, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['sendDataToCloud', 'lasso2d', 'select2d'] }) : null))
      .then(() => {
        if (!live) return;
        setError(null);
        const events = el as HTMLElement & { on?: (name: string, f: (e: { points?: PlotPoint[] }) => void) => void; removeAllListeners?: (name: string) => void };
        events.removeAllListeners?.('plotly_click');
        events.on?.('plotly_click', (e) => {
          const p = e.points?.[0];
          if (p && clickRef.current) clickRef.current({ x: p.x, y: p.y, curveNumber: p.curveNumber, pointIndex: p.pointIndex });
        });
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [data, layout, height, theme]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el && plotly) void plotly.then((P) => P.purge(el));
    };
  }, []);

  return (
    <figure className="plot" aria-label={label} data-testid={testId}>
      <div ref={ref} role="img" aria-label={label} />
      {error && <p className="error">The chart could not be drawn: {error}</p>}
    </figure>
  );
}
