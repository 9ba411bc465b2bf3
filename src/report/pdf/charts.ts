import { rgb } from 'pdf-lib';
import { rounded } from '../format.ts';
import type { Block } from '../model.ts';
import { COLORS, CONTENT_WIDTH, Layout, PAGE } from './layout.ts';
import { encodable } from './text.ts';

/** Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten. */
export function ticks(min: number, max: number, count = 5): number[] {
  const span = max - min || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

const tickLabel = (t: number): string => (Math.abs(t) < 1e-12 ? '0' : String(Number(t.toPrecision(6))));

function fit(layout: Layout, text: string, size: number, width: number): string {
  const font = layout.fonts.regular;
  let s = encodable(font, text);
  if (font.widthOfTextAtSize(s, size) <= width) return s;
  while (s.length > 1 && font.widthOfTextAtSize(`${s}…`, size) > width) s = s.slice(0, -1);
  return `${s}…`;
}

interface Frame {
  x0: number;
  width: number;
  min: number;
  max: number;
}

const px = (f: Frame, v: number): number => f.x0 + ((Math.min(f.max, Math.max(f.min, v)) - f.min) / (f.max - f.min || 1)) * f.width;

function axis(layout: Layout, f: Frame, top: number, bottom: number, label: string): void {
  const { page, fonts } = layout;
  for (const t of ticks(f.min, f.max)) {
    const x = px(f, t);
    page.drawLine({ start: { x, y: top }, end: { x, y: bottom }, thickness: 0.3, color: COLORS.rule });
    const s = tickLabel(t);
    page.drawText(s, { x: x - fonts.regular.widthOfTextAtSize(s, 6.5) / 2, y: bottom - 9, size: 6.5, font: fonts.regular, color: COLORS.muted });
  }
  page.drawLine({ start: { x: f.x0, y: bottom }, end: { x: f.x0 + f.width, y: bottom }, thickness: 0.6, color: COLORS.muted });
  const lw = fonts.italic.widthOfTextAtSize(encodable(fonts.italic, label), 7);
  page.drawText(encodable(fonts.italic, label), { x: f.x0 + (f.width - lw) / 2, y: bottom - 19, size: 7, font: fonts.italic, color: COLORS.muted });
}

/** Horizontal bars with interval whiskers, reference lines and flagged bars in another colour. */
export function drawBars(layout: Layout, block: Extract<Block, { kind: 'bars' }>): void {
  const row = 15;
  const labelWidth = 120;
  const valueWidth = 70;
  const height = 22 + block.bars.length * row + 26;
  layout.ensure(height);
  const { page, fonts } = layout;
  page.drawText(encodable(fonts.bold, block.title), { x: PAGE.left, y: layout.y - 10, size: 9, font: fonts.bold, color: COLORS.text });
  const top = layout.y - 18;
  const bottom = top - block.bars.length * row - 4;
  const f: Frame = { x0: PAGE.left + labelWidth, width: CONTENT_WIDTH - labelWidth - valueWidth, min: block.min, max: block.max };
  axis(layout, f, top, bottom, block.valueLabel);
  block.bars.forEach((b, i) => {
    const yMid = top - i * row - row / 2 - 2;
    page.drawText(fit(layout, b.label, 7.5, labelWidth - 6), { x: PAGE.left, y: yMid - 2.5, size: 7.5, font: fonts.regular, color: COLORS.text });
    if (b.value !== null) {
      const x0 = px(f, Math.max(f.min, Math.min(0, f.max)));
      const x1 = px(f, b.value);
      page.drawRectangle({ x: Math.min(x0, x1), y: yMid - 4.5, width: Math.max(0.5, Math.abs(x1 - x0)), height: 9, color: b.flagged ? COLORS.flagged : COLORS.bar });
    }
    if (b.low !== null && b.low !== undefined && b.high !== null && b.high !== undefined) {
      const l = px(f, b.low);
      const h = px(f, b.high);
      page.drawLine({ start: { x: l, y: yMid }, end: { x: h, y: yMid }, thickness: 0.9, color: COLORS.text });
      page.drawLine({ start: { x: l, y: yMid - 3 }, end: { x: l, y: yMid + 3 }, thickness: 0.9, color: COLORS.text });
      page.drawLine({ start: { x: h, y: yMid - 3 }, end: { x: h, y: yMid + 3 }, thickness: 0.9, color: COLORS.text });
    }
    const v = `${b.value === null ? 'undefined' : rounded(b.value)}${b.note ? ` ${b.note}` : ''}`;
    page.drawText(fit(layout, v, 7, valueWidth - 4), { x: f.x0 + f.width + 4, y: yMid - 2.5, size: 7, font: fonts.regular, color: b.flagged ? COLORS.flagged : COLORS.muted });
  });
  for (const line of block.lines ?? []) {
    if (line.value < f.min || line.value > f.max) continue;
    const x = px(f, line.value);
    page.drawLine({ start: { x, y: top + 2 }, end: { x, y: bottom }, thickness: 0.8, color: COLORS.fail, dashArray: [3, 2] });
  }
  layout.y = bottom - 26;
}

/** A SHAP waterfall: from the base value, one step per feature, to f(x); red pushes up, blue down. */
export function drawWaterfall(layout: Layout, block: Extract<Block, { kind: 'waterfall' }>): void {
  const row = 14;
  const labelWidth = 170;
  const valueWidth = 62;
  const n = block.steps.length + 2;
  layout.ensure(22 + n * row + 26);
  const { page, fonts } = layout;
  page.drawText(encodable(fonts.bold, block.title), { x: PAGE.left, y: layout.y - 10, size: 9, font: fonts.bold, color: COLORS.text });
  const top = layout.y - 18;
  const bottom = top - n * row - 4;
  const cum = [block.base];
  for (const s of block.steps) cum.push(cum[cum.length - 1]! + s.value);
  const lo = Math.min(...cum, block.final);
  const hi = Math.max(...cum, block.final);
  const pad = (hi - lo || 1) * 0.08;
  const f: Frame = { x0: PAGE.left + labelWidth, width: CONTENT_WIDTH - labelWidth - valueWidth, min: lo - pad, max: hi + pad };
  axis(layout, f, top, bottom, block.valueLabel);
  const label = (i: number, text: string, value: string, color = COLORS.text) => {
    const yMid = top - i * row - row / 2 - 2;
    page.drawText(fit(layout, text, 7.2, labelWidth - 6), { x: PAGE.left, y: yMid - 2.5, size: 7.2, font: fonts.regular, color: COLORS.text });
    page.drawText(fit(layout, value, 7, valueWidth - 4), { x: f.x0 + f.width + 4, y: yMid - 2.5, size: 7, font: fonts.regular, color });
    return yMid;
  };
  const marker = (y: number, v: number) => page.drawLine({ start: { x: px(f, v), y: y - 5 }, end: { x: px(f, v), y: y + 5 }, thickness: 1.6, color: COLORS.text });
  marker(label(0, 'base value E[f(x)]', rounded(block.base)), block.base);
  block.steps.forEach((s, i) => {
    const y = label(i + 1, s.label, `${s.value >= 0 ? '+' : ''}${rounded(s.value)}`, s.value >= 0 ? COLORS.positive : COLORS.negative);
    const a = px(f, cum[i]!);
    const b = px(f, cum[i + 1]!);
    page.drawRectangle({ x: Math.min(a, b), y: y - 4.5, width: Math.max(0.6, Math.abs(b - a)), height: 9, color: s.value >= 0 ? COLORS.positive : COLORS.negative });
    page.drawLine({ start: { x: b, y: y - 4.5 }, end: { x: b, y: y - row + 4.5 }, thickness: 0.4, color: rgb(0.6, 0.6, 0.6) });
  });
  marker(label(n - 1, 'f(x)', rounded(block.final)), block.final);
  layout.y = bottom - 26;
}
