import { rgb } from 'pdf-lib';
import type { Block, Cell, Status, TableColumn } from '../model.ts';
import { drawBars, drawWaterfall } from './charts.ts';
import { COLORS, CONTENT_WIDTH, Layout, PAGE } from './layout.ts';
import { measure, wrap } from './text.ts';

const TABLE_SIZE = 7.2;
const TABLE_LH = 9.4;
const PAD = 3;

const cellText = (c: Cell): string => (c === null ? '—' : String(c));

/** Column widths: narrow columns keep their natural width, wide ones share what is left in proportion. */
function columnWidths(layout: Layout, columns: TableColumn[], rows: Cell[][]): number[] {
  const natural = columns.map((col, i) => {
    const font = col.mono ? layout.fonts.mono : layout.fonts.regular;
    const head = measure(layout.fonts.bold, col.title, TABLE_SIZE);
    const body = Math.max(0, ...rows.map((r) => measure(font, cellText(r[i] ?? null).slice(0, 400), TABLE_SIZE)));
    return Math.max(head, body) + 2 * PAD + 1;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= CONTENT_WIDTH) return natural.map((w) => w * Math.min(CONTENT_WIDTH / total, 1.35));
  const widths = natural.slice();
  const fixed = new Set<number>();
  for (;;) {
    const free = CONTENT_WIDTH - [...fixed].reduce((s, i) => s + widths[i]!, 0);
    const open = widths.map((_, i) => i).filter((i) => !fixed.has(i));
    const fair = free / open.length;
    const small = open.filter((i) => natural[i]! <= fair);
    if (small.length === 0) {
      const sum = open.reduce((s, i) => s + natural[i]!, 0);
      for (const i of open) widths[i] = (natural[i]! * free) / sum;
      return widths;
    }
    for (const i of small) fixed.add(i);
  }
}

function drawTable(layout: Layout, block: Extract<Block, { kind: 'table' }>): void {
  const { fonts } = layout;
  const limit = block.printLimit ?? Infinity;
  const rows = block.rows.slice(0, limit);
  const widths = columnWidths(layout, block.columns, rows);
  const tableWidth = widths.reduce((a, b) => a + b, 0);
  layout.ensure(40);
  layout.text(block.caption, { font: fonts.italic, size: 8, color: COLORS.muted });
  layout.gap(2);
  const lay = (cells: string[], bold: boolean) =>
    cells.map((c, i) => wrap(bold ? fonts.bold : block.columns[i]!.mono ? fonts.mono : fonts.regular, TABLE_SIZE, c, widths[i]! - 2 * PAD));
  const drawRow = (lines: string[][], kind: 'header' | 'stripe' | 'plain') => {
    const height = Math.max(...lines.map((l) => l.length)) * TABLE_LH + 3;
    const top = layout.y;
    if (kind !== 'plain') layout.page.drawRectangle({ x: PAGE.left, y: top - height, width: tableWidth, height, color: kind === 'header' ? COLORS.header : COLORS.stripe });
    let x = PAGE.left;
    lines.forEach((cellLines, i) => {
      const col = block.columns[i]!;
      const font = kind === 'header' ? fonts.bold : col.mono ? fonts.mono : fonts.regular;
      cellLines.forEach((line, k) => {
        const w = font.widthOfTextAtSize(line, TABLE_SIZE);
        const tx = col.align === 'right' && kind !== 'header' ? x + widths[i]! - PAD - w : x + PAD;
        layout.page.drawText(line, { x: tx, y: top - (k + 1) * TABLE_LH + 1.5, size: TABLE_SIZE, font, color: COLORS.text });
      });
      x += widths[i]!;
    });
    layout.y -= height;
  };
  const header = lay(block.columns.map((c) => c.title), true);
  const headerHeight = Math.max(...header.map((l) => l.length)) * TABLE_LH + 3;
  layout.ensure(headerHeight + TABLE_LH * 2);
  drawRow(header, 'header');
  rows.forEach((r, k) => {
    const lines = lay(r.map(cellText), false);
    const height = Math.max(...lines.map((l) => l.length)) * TABLE_LH + 3;
    if (layout.y - height < PAGE.bottom) {
      layout.newPage();
      drawRow(header, 'header');
    }
    drawRow(lines, k % 2 === 1 ? 'stripe' : 'plain');
  });
  layout.page.drawLine({ start: { x: PAGE.left, y: layout.y }, end: { x: PAGE.left + tableWidth, y: layout.y }, thickness: 0.5, color: COLORS.rule });
  if (block.rows.length > rows.length) {
    layout.text(`… and ${block.rows.length - rows.length} more rows: every row is in the evidence bundle, tables/${block.name}.csv.`, { font: fonts.italic, size: 7.5, color: COLORS.muted });
  }
  layout.gap(8);
}

function drawKeyValues(layout: Layout, block: Extract<Block, { kind: 'keyValues' }>): void {
  const keyWidth = 150;
  for (const row of block.rows) {
    const font = row.mono ? layout.fonts.mono : layout.fonts.regular;
    const size = row.mono ? 7.6 : 8.5;
    const lines = wrap(font, size, row.value, CONTENT_WIDTH - keyWidth);
    const keyLines = wrap(layout.fonts.bold, 8.5, row.key, keyWidth - 8);
    const n = Math.max(lines.length, keyLines.length);
    layout.ensure(n * 11.5);
    const top = layout.y;
    keyLines.forEach((l, i) => layout.page.drawText(l, { x: PAGE.left, y: top - (i + 1) * 11.5 + 2.5, size: 8.5, font: layout.fonts.bold, color: COLORS.muted }));
    lines.forEach((l, i) => layout.page.drawText(l, { x: PAGE.left + keyWidth, y: top - (i + 1) * 11.5 + 2.5, size, font, color: COLORS.text }));
    layout.y -= n * 11.5;
  }
  layout.gap(6);
}

const BADGE: Record<Status, string> = { pass: 'PASS', fail: 'FAIL', warn: 'CHECK', none: 'NO RUN' };

function drawChecks(layout: Layout, block: Extract<Block, { kind: 'checks' }>): void {
  const badgeWidth = 44;
  for (const row of block.rows) {
    const label = wrap(layout.fonts.bold, 8.5, row.label, CONTENT_WIDTH - badgeWidth - 8);
    const detail = wrap(layout.fonts.regular, 8, row.detail, CONTENT_WIDTH - badgeWidth - 8);
    const height = label.length * 11 + detail.length * 10 + 5;
    layout.ensure(height);
    const top = layout.y;
    const color = COLORS[row.status];
    layout.page.drawRectangle({ x: PAGE.left, y: top - 14, width: badgeWidth - 4, height: 12, color });
    const bw = layout.fonts.bold.widthOfTextAtSize(BADGE[row.status], 7);
    layout.page.drawText(BADGE[row.status], { x: PAGE.left + (badgeWidth - 4 - bw) / 2, y: top - 11, size: 7, font: layout.fonts.bold, color: rgb(1, 1, 1) });
    let y = top;
    for (const l of label) {
      y -= 11;
      layout.page.drawText(l, { x: PAGE.left + badgeWidth, y: y + 1.5, size: 8.5, font: layout.fonts.bold, color: COLORS.text });
    }
    for (const l of detail) {
      y -= 10;
      layout.page.drawText(l, { x: PAGE.left + badgeWidth, y: y + 1.5, size: 8, font: layout.fonts.regular, color: COLORS.muted });
    }
    layout.y = y - 5;
  }
  layout.gap(4);
}

export function drawBlock(layout: Layout, block: Block): void {
  const { fonts } = layout;
  switch (block.kind) {
    case 'heading':
      layout.ensure(60);
      layout.gap(6);
      layout.mark(block.text, 2);
      layout.text(block.text, { font: fonts.bold, size: 11, color: COLORS.accent });
      layout.gap(3);
      return;
    case 'paragraph': {
      if (block.tone === 'missing') {
        const lines = wrap(fonts.bold, 9, block.text, CONTENT_WIDTH - 16);
        const h = lines.length * 12.5 + 10;
        layout.ensure(h);
        layout.page.drawRectangle({ x: PAGE.left, y: layout.y - h, width: CONTENT_WIDTH, height: h, color: COLORS.missingBg, borderColor: COLORS.fail, borderWidth: 0.8 });
        layout.gap(5);
        layout.text(block.text, { font: fonts.bold, size: 9, color: COLORS.fail, x: PAGE.left + 8, width: CONTENT_WIDTH - 16, lineHeight: 12.5 });
        layout.gap(13);
        return;
      }
      const style = block.tone === 'note' ? { font: fonts.italic, color: COLORS.muted } : block.tone === 'mono' ? { font: fonts.mono, size: 7.6 } : {};
      layout.text(block.text, style);
      layout.gap(5);
      return;
    }
    case 'keyValues':
      drawKeyValues(layout, block);
      return;
    case 'table':
      drawTable(layout, block);
      return;
    case 'checks':
      drawChecks(layout, block);
      return;
    case 'bars':
      drawBars(layout, block);
      return;
    case 'waterfall':
      drawWaterfall(layout, block);
      return;
  }
}
