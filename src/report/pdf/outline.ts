import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNull, PDFNumber, type PDFDocument, type PDFRef } from 'pdf-lib';
import type { OutlineEntry } from './layout.ts';

/** Writes the document outline (bookmarks): sections at level 1, their subsections at level 2. */
export function writeOutline(doc: PDFDocument, entries: OutlineEntry[]): void {
  if (entries.length === 0) return;
  const ctx = doc.context;
  const rootRef = ctx.nextRef();
  interface Node { entry: OutlineEntry; ref: PDFRef; children: Node[] }
  const top: Node[] = [];
  for (const entry of entries) {
    const node: Node = { entry, ref: ctx.nextRef(), children: [] };
    if (entry.level === 1 || top.length === 0) top.push(node);
    else top[top.length - 1]!.children.push(node);
  }
  const write = (nodes: Node[], parent: PDFRef) => {
    nodes.forEach((node, i) => {
      const dict = PDFDict.withContext(ctx);
      dict.set(PDFName.of('Title'), PDFHexString.fromText(node.entry.title));
      dict.set(PDFName.of('Parent'), parent);
      dict.set(PDFName.of('Dest'), PDFArray.withContext(ctx));
      const dest = dict.get(PDFName.of('Dest')) as PDFArray;
      dest.push(node.entry.page.ref);
      dest.push(PDFName.of('XYZ'));
      dest.push(PDFNull);
      dest.push(PDFNumber.of(Math.round(node.entry.y)));
      dest.push(PDFNull);
      if (i > 0) dict.set(PDFName.of('Prev'), nodes[i - 1]!.ref);
      if (i < nodes.length - 1) dict.set(PDFName.of('Next'), nodes[i + 1]!.ref);
      if (node.children.length) {
        dict.set(PDFName.of('First'), node.children[0]!.ref);
        dict.set(PDFName.of('Last'), node.children[node.children.length - 1]!.ref);
        dict.set(PDFName.of('Count'), PDFNumber.of(-node.children.length));
        write(node.children, node.ref);
      }
      ctx.assign(node.ref, dict);
    });
  };
  write(top, rootRef);
  const root = PDFDict.withContext(ctx);
  root.set(PDFName.of('Type'), PDFName.of('Outlines'));
  root.set(PDFName.of('First'), top[0]!.ref);
  root.set(PDFName.of('Last'), top[top.length - 1]!.ref);
  root.set(PDFName.of('Count'), PDFNumber.of(top.length));
  ctx.assign(rootRef, root);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
