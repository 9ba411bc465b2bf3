import { createHash } from 'node:crypto';
import {
  beginText, endText, fill, moveText, PDFArray, PDFHexString, PDFName, PDFNumber, PDFString, popGraphicsState, pushGraphicsState, rectangle,
  setFillingRgbColor, setFontAndSize, setLineWidth, setStrokingRgbColor, showText, stroke, type PDFOperator,
} from 'pdf-lib';
import { AssayError } from '../../api/errors.ts';
import type { RenderedPdf } from '../pdf/render-pdf.ts';
import { SIGNATURE_RECT } from '../pdf/render-pdf.ts';
import { encodable } from '../pdf/text.ts';
import { buildSignedData } from './cms.ts';
import type { SigningKey } from './pkcs12.ts';

/** Bytes reserved for the CMS in /Contents (hex-encoded in the file, so twice as many characters). */
export const CONTENTS_BYTES = 12_288;
const BYTE_RANGE_PLACEHOLDER = '/**********';
export const SUB_FILTER = 'ETSI.CAdES.detached';

export interface SignatureAppearance {
  signer: string;
  time: Date;
  lines: string[];
}

/**
 * Adds the signature field to the rendered document: a signature dictionary with a ByteRange placeholder and
 * zeroed /Contents, and a visible widget on the cover whose appearance shows signer, time and hashes.
 */
export function addSignatureField(pdf: RenderedPdf, appearance: SignatureAppearance): void {
  const { doc, fonts, cover } = pdf;
  const ctx = doc.context;
  const byteRange = PDFArray.withContext(ctx);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(BYTE_RANGE_PLACEHOLDER.slice(1)));
  const sig = ctx.obj({
    Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: SUB_FILTER,
    Name: PDFHexString.fromText(appearance.signer),
    Reason: PDFHexString.fromText('Assay compliance report: the report and its evidence bundle'),
    M: PDFString.fromDate(appearance.time),
  });
  sig.set(PDFName.of('ByteRange'), byteRange);
  sig.set(PDFName.of('Contents'), PDFHexString.of('0'.repeat(CONTENTS_BYTES * 2)));
  const sigRef = ctx.register(sig);

  const { width, height } = SIGNATURE_RECT;
  const text = (font: 'F1' | 'F2' | 'F3', size: number, x: number, y: number, s: string): PDFOperator[] => {
    const f = font === 'F1' ? fonts.regular : font === 'F2' ? fonts.bold : fonts.mono;
    return [beginText(), setFontAndSize(font, size), moveText(x, y), showText(f.encodeText(encodable(f, s))), endText()];
  };
  const ops: PDFOperator[] = [
    pushGraphicsState(),
    setFillingRgbColor(0.94, 0.97, 0.94), rectangle(0, 0, width, height), fill(),
    setStrokingRgbColor(0.13, 0.52, 0.27), setLineWidth(1.2), rectangle(0.6, 0.6, width - 1.2, height - 1.2), stroke(),
    setFillingRgbColor(0.13, 0.52, 0.27),
    ...text('F2', 10, 10, height - 17, 'Digitally signed (PAdES baseline B-B, ETSI.CAdES.detached)'),
    setFillingRgbColor(0.1, 0.1, 0.12),
    ...text('F2', 8.5, 10, height - 31, `Signer: ${appearance.signer}`),
    ...text('F1', 8, 10, height - 43, `Signing time (claimed): ${appearance.time.toISOString()}`),
    ...appearance.lines.flatMap((l, i) => text('F3', 6.6, 10, height - 55 - i * 9.5, l)),
    popGraphicsState(),
  ];
  const ap = ctx.formXObject(ops, {
    BBox: [0, 0, width, height],
    Resources: { Font: { F1: fonts.regular.ref, F2: fonts.bold.ref, F3: fonts.mono.ref } },
  });
  const apRef = ctx.register(ap);
  const widget = ctx.obj({
    Type: 'Annot', Subtype: 'Widget', FT: 'Sig', F: 132,
    Rect: [SIGNATURE_RECT.x, SIGNATURE_RECT.y, SIGNATURE_RECT.x + width, SIGNATURE_RECT.y + height],
    T: PDFString.of('Assay report signature'),
    V: sigRef, P: cover.ref, AP: { N: apRef },
  });
  const widgetRef = ctx.register(widget);
  cover.node.addAnnot(widgetRef);
  doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ SigFlags: 3, Fields: [widgetRef] }));
}

function indexOf(hay: Buffer, needle: string, from = 0): number {
  return hay.indexOf(Buffer.from(needle, 'latin1'), from);
}

/** Fills in the ByteRange, digests the covered bytes and writes the CMS into /Contents. */
export function signPlaceholder(pdf: Uint8Array, signer: SigningKey): Buffer {
  const buf = Buffer.from(pdf);
  const brStart = indexOf(buf, '/ByteRange');
  const phStart = indexOf(buf, BYTE_RANGE_PLACEHOLDER, brStart);
  const brEnd = indexOf(buf, ']', phStart);
  const zeros = `<${'0'.repeat(CONTENTS_BYTES * 2)}>`;
  const contentsStart = indexOf(buf, zeros);
  if (brStart < 0 || phStart < 0 || brEnd < 0 || contentsStart < 0) throw new AssayError('INTERNAL', 'The signature placeholder is missing from the rendered PDF.');
  const contentsEnd = contentsStart + zeros.length;
  const range = [0, contentsStart, contentsEnd, buf.length - contentsEnd];
  const arrayStart = buf.lastIndexOf('[', phStart);
  const slot = brEnd + 1 - arrayStart;
  const text = `[${range.join(' ')}]`;
  if (text.length > slot) throw new AssayError('INTERNAL', 'The ByteRange does not fit its placeholder.');
  buf.write(text.padEnd(slot, ' '), arrayStart, 'latin1');
  const digest = createHash('sha256').update(buf.subarray(0, contentsStart)).update(buf.subarray(contentsEnd)).digest();
  const cms = buildSignedData(digest, signer);
  if (cms.length > CONTENTS_BYTES) throw new AssayError('INTERNAL', `The signature (${cms.length} bytes) does not fit the ${CONTENTS_BYTES} bytes reserved; the certificate chain is too long.`);
  buf.write(cms.toString('hex').padEnd(CONTENTS_BYTES * 2, '0'), contentsStart + 1, 'latin1');
  return buf;
}
