import { rounded } from '../format.ts';
import type { Block, Report } from '../model.ts';
import { ticks } from '../pdf/charts.ts';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `body{font:14px/1.45 system-ui,Helvetica,Arial,sans-serif;color:#1a1a1f;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:2rem;margin:.2rem 0}h2{color:#1f5290;border-bottom:2px solid #1f5290;padding-bottom:.2rem;margin-top:2.5rem}h3{color:#1f5290;margin-top:1.6rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:12px}th{background:#e0e6ed;text-align:left}th,td{padding:2px 6px;vertical-align:top}
tr:nth-child(even) td{background:#f4f5f7}td.r{text-align:right}.mono{font-family:ui-monospace,Courier,monospace;font-size:11px;word-break:break-all}
.kv th{background:none;color:#61666f;width:13rem}.caption{font-style:italic;color:#61666f;font-size:12px}.note{font-style:italic;color:#61666f}
.missing{border:1px solid #bf261f;background:#fdf0eb;color:#bf261f;font-weight:bold;padding:.5rem}.badge{display:inline-block;width:4.2rem;text-align:center;color:#fff;font-size:11px;font-weight:bold;border-radius:2px}
.pass{background:#21853f}.fail{background:#bf261f}.warn{background:#cc800d}.none{background:#808080}.checks td{background:none!important}
svg text{font:11px Helvetica,Arial,sans-serif}`;

function bars(b: Extract<Block, { kind: 'bars' }>): string {
  const row = 20, label = 150, width = 640, plot = width - label - 90, height = b.bars.length * row + 40;
  const x = (v: number) => label + ((Math.min(b.max, Math.max(b.min, v)) - b.min) / (b.max - b.min || 1)) * plot;
  const parts = ticks(b.min, b.max).map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="0" y2="${b.bars.length * row}" stroke="#ccd"/><text x="${x(t)}" y="${b.bars.length * row + 14}" text-anchor="middle" fill="#666">${Number(t.toPrecision(6))}</text>`);
  b.bars.forEach((bar, i) => {
    const y = i * row;
    parts.push(`<text x="0" y="${y + 14}">${esc(bar.label)}</text>`);
    if (bar.value !== null) parts.push(`<rect x="${Math.min(x(0 < b.min ? b.min : 0), x(bar.value))}" y="${y + 4}" width="${Math.abs(x(bar.value) - x(0 < b.min ? b.min : 0))}" height="12" fill="${bar.flagged ? '#d9731a' : '#4578b3'}"/>`);
    if (bar.low != null && bar.high != null) parts.push(`<line x1="${x(bar.low)}" x2="${x(bar.high)}" y1="${y + 10}" y2="${y + 10}" stroke="#111"/><line x1="${x(bar.low)}" x2="${x(bar.low)}" y1="${y + 6}" y2="${y + 14}" stroke="#111"/><line x1="${x(bar.high)}" x2="${x(bar.high)}" y1="${y + 6}" y2="${y + 14}" stroke="#111"/>`);
    parts.push(`<text x="${label + plot + 6}" y="${y + 14}" fill="#666">${bar.value === null ? 'undefined' : rounded(bar.value)} ${esc(bar.note ?? '')}</text>`);
  });
  for (const l of b.lines ?? []) parts.push(`<line x1="${x(l.value)}" x2="${x(l.value)}" y1="0" y2="${b.bars.length * row}" stroke="#bf261f" stroke-dasharray="4 3"/>`);
  return `<figure><figcaption><b>${esc(b.title)}</b></figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(b.title)}">${parts.join('')}<text x="${label + plot / 2}" y="${height - 4}" text-anchor="middle" fill="#666" font-style="italic">${esc(b.valueLabel)}</text></svg></figure>`;
}

function waterfall(w: Extract<Block, { kind: 'waterfall' }>): string {
  const row = 18, label = 220, width = 680, plot = width - label - 80;
  const cum = [w.base];
  for (const s of w.steps) cum.push(cum[cum.length - 1]! + s.value);
  const lo = Math.min(...cum, w.final), hi = Math.max(...cum, w.final), pad = (hi - lo || 1) * 0.08;
  const x = (v: number) => label + ((v - lo + pad) / (hi - lo + 2 * pad)) * plot;
  const n = w.steps.length + 2, height = n * row + 30;
  const parts = [`<text x="0" y="13">base value E[f(x)]</text><line x1="${x(w.base)}" x2="${x(w.base)}" y1="2" y2="16" stroke="#111" stroke-width="2"/><text x="${label + plot + 6}" y="13">${rounded(w.base)}</text>`];
  w.steps.forEach((s, i) => {
    const y = (i + 1) * row;
    const a = x(cum[i]!), b = x(cum[i + 1]!);
    parts.push(`<text x="0" y="${y + 13}">${esc(s.label)}</text><rect x="${Math.min(a, b)}" y="${y + 3}" width="${Math.max(1, Math.abs(b - a))}" height="12" fill="${s.value >= 0 ? '#d63d4d' : '#2973bf'}"/><text x="${label + plot + 6}" y="${y + 13}" fill="${s.value >= 0 ? '#d63d4d' : '#2973bf'}">${s.value >= 0 ? '+' : ''}${rounded(s.value)}</text>`);
  });
  parts.push(`<text x="0" y="${(n - 1) * row + 13}">f(x)</text><line x1="${x(w.final)}" x2="${x(w.final)}" y1="${(n - 1) * row + 2}" y2="${(n - 1) * row + 16}" stroke="#111" stroke-width="2"/><text x="${label + plot + 6}" y="${(n - 1) * row + 13}">${rounded(w.final)}</text>`);
  return `<figure><figcaption><b>${esc(w.title)}</b></figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(w.title)}">${parts.join('')}</svg></figure>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h3>${esc(b.text)}</h3>`;
    case 'paragraph':
      return b.tone === 'missing' ? `<p class="missing">${esc(b.text)}</p>` : `<p class="${b.tone ?? ''}">${esc(b.text)}</p>`;
    case 'keyValues':
      return `<table class="kv">${b.rows.map((r) => `<tr><th>${esc(r.key)}</th><td class="${r.mono ? 'mono' : ''}">${esc(r.value)}</td></tr>`).join('')}</table>`;
    case 'checks':
      return `<table class="checks">${b.rows.map((r) => `<tr><td><span class="badge ${r.status}">${{ pass: 'PASS', fail: 'FAIL', warn: 'CHECK', none: 'NO RUN' }[r.status]}</span></td><td><b>${esc(r.label)}</b><br><span class="note">${esc(r.detail)}</span></td></tr>`).join('')}</table>`;
    case 'table': {
      const rows = b.rows.slice(0, b.printLimit ?? Infinity);
      const more = b.rows.length - rows.length;
      return `<div class="caption">${esc(b.caption)}</div><table><thead><tr>${b.columns.map((c) => `<th>${esc(c.title)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map((c, i) => `<td class="${[b.columns[i]?.align === 'right' ? 'r' : '', b.columns[i]?.mono ? 'mono' : ''].join(' ').trim()}">${esc(c === null ? '—' : String(c))}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>${more > 0 ? `<p class="note">… and ${more} more rows: every row is in the evidence bundle, tables/${esc(b.name)}.csv.</p>` : ''}`;
    }
    case 'bars':
      return bars(b);
    case 'waterfall':
      return waterfall(b);
  }
}

/** The same report as one self-contained HTML page (inline CSS and SVG charts, no script). */
export function renderHtml(report: Report, evidenceSha256: string): string {
  const c = report.cover;
  const cover = [
    `<p class="note">ASSAY</p><h1>${esc(c.title)}</h1><p>${esc(c.caseTitle)}</p>`,
    block({
      kind: 'keyValues',
      rows: [
        { key: 'Case', value: c.caseId, mono: true }, { key: 'As of (latest run)', value: c.asOf }, { key: 'Runs drawn on', value: String(c.runs) },
        ...c.models.map((m) => ({ key: `Model ${m.ref}`, value: m.sha256, mono: true })),
        ...c.data.map((d) => ({ key: `Data: log ${d.log} (${d.rows} rows)`, value: d.sha256, mono: true })),
        { key: 'Evidence manifest SHA-256', value: evidenceSha256, mono: true }, { key: 'Signer', value: c.signer ?? 'not signed (the signature lives in the PDF)' },
      ],
    }),
    `<nav><ul>${report.sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a>${s.present ? '' : ' <span class="note">(no run recorded)</span>'}</li>`).join('')}</ul></nav>`,
  ];
  const sections = report.sections.map((s) => `<section id="${s.id}"><h2>${esc(s.title)}</h2>${s.blocks.map(block).join('\n')}</section>`);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(c.title)}: ${esc(c.caseTitle || c.caseId)}</title><style>${STYLE}</style></head><body>${cover.join('\n')}\n${sections.join('\n')}</body></html>\n`;
}
