import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { encodable, wrap } from './text.ts';

export const PAGE = { width: 595.28, height: 841.89, left: 50, right: 50, top: 60, bottom: 56 };
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

export const COLORS = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.38, 0.4, 0.44),
  rule: rgb(0.8, 0.82, 0.85),
  stripe: rgb(0.955, 0.96, 0.97),
  header: rgb(0.88, 0.9, 0.93),
  accent: rgb(0.12, 0.32, 0.55),
  pass: rgb(0.13, 0.52, 0.27),
  fail: rgb(0.75, 0.15, 0.12),
  warn: rgb(0.8, 0.5, 0.05),
  none: rgb(0.5, 0.5, 0.5),
  bar: rgb(0.27, 0.47, 0.7),
  flagged: rgb(0.85, 0.45, 0.1),
  positive: rgb(0.84, 0.24, 0.3),
  negative: rgb(0.16, 0.45, 0.75),
  missingBg: rgb(0.99, 0.94, 0.92),
};

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
  mono: PDFFont;
}

export interface OutlineEntry {
  title: string;
  level: 1 | 2;
  page: PDFPage;
  y: number;
}

export interface TextStyle {
  font?: PDFFont;
  size?: number;
  color?: RGB;
  x?: number;
  width?: number;
  lineHeight?: number;
}

/** Pages and a cursor running down them: everything the block renderers draw goes through here. */
export class Layout {
  readonly pages: PDFPage[] = [];
  readonly outline: OutlineEntry[] = [];
  page!: PDFPage;
  y = 0;

  constructor(readonly doc: PDFDocument, readonly fonts: Fonts) {}

  newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.y = PAGE.height - PAGE.top;
  }

  /** Starts a new page unless `height` points fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < PAGE.bottom) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** Draws one line of text at the cursor's baseline without moving it. */
  draw(text: string, x: number, y: number, style: TextStyle = {}): void {
    const font = style.font ?? this.fonts.regular;
    this.page.drawText(encodable(font, text), { x, y, size: style.size ?? 9, font, color: style.color ?? COLORS.text });
  }

  /** Wrapped text from the cursor down; returns the lines drawn. */
  text(text: string, style: TextStyle = {}): number {
    const font = style.font ?? this.fonts.regular;
    const size = style.size ?? 9;
    const lh = style.lineHeight ?? size * 1.35;
    const lines = wrap(font, size, text, style.width ?? CONTENT_WIDTH);
    for (const line of lines) {
      this.ensure(lh);
      this.y -= lh;
      this.page.drawText(line, { x: style.x ?? PAGE.left, y: this.y + (lh - size) / 2 + 1, size, font, color: style.color ?? COLORS.text });
    }
    return lines.length;
  }

  mark(title: string, level: 1 | 2): void {
    this.outline.push({ title, level, page: this.page, y: Math.min(PAGE.height, this.y + 20) });
  }
}
