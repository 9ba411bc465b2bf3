import type { PDFFont } from 'pdf-lib';

/** Characters the report uses that the standard fonts' WinAnsi encoding lacks, spelled out. */
const SPELLED: Record<string, string> = {
  'φ': 'phi', 'Φ': 'Phi', '≥': '>=', '≤': '<=', '→': '->', '←': '<-', '−': '-', 'Δ': 'Delta', '≈': '~', '∈': 'in', '√': 'sqrt', 'α': 'alpha', '∞': 'inf', '≠': '!=', 'ŷ': 'y^',
};

const supported = new WeakMap<PDFFont, Set<number>>();

/** The text with every character the font cannot encode spelled out or replaced by "?". */
export function encodable(font: PDFFont, text: string): string {
  let set = supported.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    supported.set(font, set);
  }
  let out = '';
  for (const ch of text.replace(/[\t\r\n]+/g, ' ')) {
    const cp = ch.codePointAt(0)!;
    if (set.has(cp)) out += ch;
    else out += SPELLED[ch] ?? '?';
  }
  return out;
}

/** Splits text into lines no wider than `width`; breaks at spaces, and inside a word only when the word alone is too wide. */
export function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const clean = encodable(font, text);
  const words = clean.split(' ');
  const lines: string[] = [];
  let line = '';
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  for (let word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    while (!fits(word) && word.length > 1) {
      let cut = word.length - 1;
      while (cut > 1 && !fits(word.slice(0, cut))) cut--;
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    line = word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** Width of the text as it will be drawn (after spelling out what the font cannot encode). */
export function measure(font: PDFFont, text: string, size: number): number {
  return font.widthOfTextAtSize(encodable(font, text), size);
}
