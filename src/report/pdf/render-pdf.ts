import { AFRelationship, PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts, type PDFPage } from 'pdf-lib';
import type { EvidenceBundle } from '../evidence.ts';
import { EVIDENCE_FILE } from '../evidence.ts';
import type { Report } from '../model.ts';
import { drawBlock } from './blocks.ts';
import { COLORS, CONTENT_WIDTH, Layout, PAGE, type Fonts } from './layout.ts';
import { writeOutline } from './outline.ts';
import { encodable } from './text.ts';

/** Where the visible signature goes: the bottom of the cover page. */
export const SIGNATURE_RECT = { x: PAGE.left, y: PAGE.bottom, width: CONTENT_WIDTH, height: 92 };

export interface RenderedPdf {
  doc: PDFDocument;
  fonts: Fonts;
  cover: PDFPage;
  pages: number;
}

/** The catalog entry naming the evidence attachment and its manifest's SHA-256 (covered by the signature). */
export const EVIDENCE_KEY = 'AssayEvidence';

function drawCover(layout: Layout, report: Report, evidence: EvidenceBundle, signed: boolean): { contentsTop: number } {
  const { fonts } = layout;
  const c = report.cover;
  layout.newPage();
  layout.page.drawRectangle({ x: 0, y: PAGE.height - 8, width: PAGE.width, height: 8, color: COLORS.accent });
  layout.draw('ASSAY', PAGE.left, PAGE.height - 48, { font: fonts.bold, size: 9, color: COLORS.accent });
  layout.y = PAGE.height - 60;
  layout.text(c.title, { font: fonts.bold, size: 24, lineHeight: 30 });
  if (c.caseTitle) layout.text(c.caseTitle, { size: 14, color: COLORS.muted, lineHeight: 20 });
  layout.gap(12);
  drawBlock(layout, {
    kind: 'keyValues',
    rows: [
      { key: 'Case', value: c.caseId, mono: true },
      { key: 'As of (latest run)', value: c.asOf },
      { key: 'Runs drawn on', value: String(c.runs) },
      ...c.models.flatMap((m) => [{ key: `Model ${m.ref}`, value: m.sha256, mono: true }]),
      ...c.data.map((d) => ({ key: `Data: log ${d.log} (${d.rows} rows)`, value: d.sha256, mono: true })),
      { key: 'Evidence manifest SHA-256', value: evidence.manifestSha256, mono: true },
      { key: 'Signer', value: c.signer ?? 'not signed' },
    ],
  });
  layout.gap(6);
  layout.text('Contents', { font: fonts.bold, size: 11, color: COLORS.accent });
  const contentsTop = layout.y;
  const box = SIGNATURE_RECT;
  if (!signed) {
    layout.page.drawRectangle({ x: box.x, y: box.y, width: box.width, height: box.height, borderColor: COLORS.rule, borderWidth: 0.8 });
    layout.draw('Not signed', box.x + 10, box.y + box.height - 18, { font: fonts.bold, size: 10, color: COLORS.muted });
    layout.draw('This report carries no digital signature; sign it with "assay report CASE --out FILE.pdf --sign KEY.p12".', box.x + 10, box.y + box.height - 32, { size: 8, color: COLORS.muted });
    layout.draw(`Evidence manifest SHA-256 ${evidence.manifestSha256}`, box.x + 10, box.y + box.height - 46, { font: fonts.mono, size: 7, color: COLORS.muted });
  }
  return { contentsTop };
}

function drawContents(layout: Layout, report: Report, top: number, pageOf: Map<string, number>): void {
  const { fonts, pages } = layout;
  const cover = pages[0]!;
  let y = top;
  for (const s of report.sections) {
    y -= 13;
    const page = String(pageOf.get(s.id) ?? '');
    cover.drawText(encodable(fonts.regular, s.title), { x: PAGE.left, y, size: 9, font: fonts.regular, color: COLORS.text });
    if (!s.present) cover.drawText('(no run recorded)', { x: PAGE.left + 190, y, size: 8, font: fonts.italic, color: COLORS.fail });
    const w = fonts.regular.widthOfTextAtSize(page, 9);
    cover.drawText(page, { x: PAGE.left + 330 - w, y, size: 9, font: fonts.regular, color: COLORS.text });
  }
}

function drawFooters(layout: Layout, report: Report, evidence: EvidenceBundle): void {
  const { fonts, pages } = layout;
  pages.forEach((page, i) => {
    const left = encodable(fonts.regular, `Assay report · case ${report.cover.caseId} · as of ${report.cover.asOf} · evidence ${evidence.manifestSha256.slice(0, 16)}`);
    page.drawText(left, { x: PAGE.left, y: 30, size: 6.8, font: fonts.regular, color: COLORS.muted });
    const right = `page ${i + 1} of ${pages.length}`;
    page.drawText(right, { x: PAGE.width - PAGE.right - fonts.regular.widthOfTextAtSize(right, 6.8), y: 30, size: 6.8, font: fonts.regular, color: COLORS.muted });
    page.drawLine({ start: { x: PAGE.left, y: 40 }, end: { x: PAGE.width - PAGE.right, y: 40 }, thickness: 0.4, color: COLORS.rule });
  });
}

/**
 * Lays the report out as PDF pages: cover, one section after another, footers, bookmarks, and the evidence bundle
 * as an attached file. Dates come from the report (the latest run), so the same report gives the same bytes.
 */
export async function renderPdf(report: Report, evidence: EvidenceBundle, options: { signed: boolean }): Promise<RenderedPdf> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const date = new Date(report.cover.asOf || '2000-01-01T00:00:00Z');
  doc.setTitle(`${report.cover.title}: ${report.cover.caseTitle || report.cover.caseId}`);
  doc.setSubject(`Evidence manifest SHA-256 ${evidence.manifestSha256}`);
  doc.setCreator('Assay');
  doc.setProducer('Assay (pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    italic: await doc.embedFont(StandardFonts.HelveticaOblique),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
  const layout = new Layout(doc, fonts);
  const { contentsTop } = drawCover(layout, report, evidence, options.signed);
  layout.outline.push({ title: 'Cover', level: 1, page: layout.page, y: PAGE.height });
  const pageOf = new Map<string, number>();
  for (const s of report.sections) {
    layout.newPage();
    pageOf.set(s.id, layout.pages.length);
    layout.mark(s.title, 1);
    layout.text(s.title, { font: fonts.bold, size: 16, color: COLORS.accent, lineHeight: 22 });
    layout.page.drawLine({ start: { x: PAGE.left, y: layout.y - 3 }, end: { x: PAGE.left + CONTENT_WIDTH, y: layout.y - 3 }, thickness: 1, color: COLORS.accent });
    layout.gap(12);
    for (const b of s.blocks) drawBlock(layout, b);
  }
  drawContents(layout, report, contentsTop, pageOf);
  drawFooters(layout, report, evidence);
  writeOutline(doc, layout.outline);
  await doc.attach(evidence.zip, EVIDENCE_FILE, {
    mimeType: 'application/zip',
    description: `Assay evidence bundle; manifest.json SHA-256 ${evidence.manifestSha256}`,
    creationDate: date, modificationDate: date, afRelationship: AFRelationship.Data,
  });
  const marker = doc.context.obj({ File: PDFString.of(EVIDENCE_FILE), ManifestSHA256: PDFString.of(evidence.manifestSha256), Format: PDFHexString.fromText('assay-evidence/1') });
  doc.catalog.set(PDFName.of(EVIDENCE_KEY), marker);
  return { doc, fonts, cover: layout.pages[0]!, pages: layout.pages.length };
}
