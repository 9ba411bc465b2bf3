import { createHash } from 'node:crypto';
import type { CaseDb } from '../case/index.ts';
import { AssayError } from '../api/errors.ts';
import { readCaseFacts } from './case-facts.ts';
import { composeReport } from './compose.ts';
import { buildEvidence, type EvidenceBundle } from './evidence.ts';
import { renderHtml } from './html/render-html.ts';
import type { Report, SectionId } from './model.ts';
import { renderPdf } from './pdf/render-pdf.ts';
import { addSignatureField, signPlaceholder } from './signing/pdf-signature.ts';
import { commonName, loadPkcs12, validityProblem } from './signing/pkcs12.ts';

export interface BuildOptions {
  sections?: readonly SectionId[];
  html?: boolean;
  /** PKCS#12 bytes and their password; no signature without. */
  sign?: { p12: Uint8Array; password: string; label: string };
  /** Refuse a section without its run, and an expired or not-yet-valid certificate. */
  strict?: boolean;
  /** The claimed signing time (the clock by default). */
  now?: Date;
}

export interface BuiltReport {
  report: Report;
  evidence: EvidenceBundle;
  pdf: Uint8Array;
  pages: number;
  html: string | null;
  signature: { signer: string; subject: string; certificateSha256: string; validFrom: string; validTo: string; selfSigned: boolean; signingTime: string } | null;
  warnings: string[];
}

/** Reads the case's runs, composes the report, bundles the evidence, renders PDF (and HTML) and signs the PDF. */
export async function buildReport(db: CaseDb, options: BuildOptions = {}): Promise<BuiltReport> {
  const warnings: string[] = [];
  const key = options.sign ? loadPkcs12(options.sign.p12, options.sign.password, options.sign.label) : null;
  const now = options.now ?? new Date();
  if (key) {
    const problem = validityProblem(key.certificate, now);
    if (problem && options.strict) throw new AssayError('CERTIFICATE_INVALID', `Refusing to sign with ${options.sign!.label}: ${problem} (--strict).`, { file: options.sign!.label });
    if (problem) warnings.push(`Signing with ${options.sign!.label} although ${problem}; a verifier will warn (and refuse with --strict).`);
  }
  const facts = await readCaseFacts(db);
  const draft = composeReport(facts, { sections: options.sections });
  const missing = draft.sections.filter((s) => !s.present);
  if (missing.length && options.strict && options.sections) {
    throw new AssayError('NOT_FOUND', `The section${missing.length > 1 ? 's' : ''} ${missing.map((s) => `"${s.id}"`).join(', ')} asked for ha${missing.length > 1 ? 've' : 's'} no run in this case (--strict); record the run first or leave the section out.`, { sections: missing.map((s) => s.id) });
  }
  const evidence = buildEvidence(draft, facts);
  const signer = key ? commonName(key.certificate) : null;
  const report = composeReport(facts, { sections: options.sections, evidenceSha256: evidence.manifestSha256, signer });
  warnings.push(...report.warnings);
  const rendered = await renderPdf(report, evidence, { signed: key !== null });
  let signature: BuiltReport['signature'] = null;
  if (key) {
    const certificateSha256 = createHash('sha256').update(key.certificateDer).digest('hex');
    const selfSigned = key.certificate.subject === key.certificate.issuer;
    addSignatureField(rendered, {
      signer: signer!, time: now,
      lines: [
        `Certificate SHA-256 ${certificateSha256}${selfSigned ? ' (self-signed)' : ''}`,
        `Evidence manifest SHA-256 ${evidence.manifestSha256}`,
        `Audit head ${facts.auditHead?.hash ?? '(empty trail)'}`,
        'The signature covers the whole file but itself; check it with pdfsig or "assay report verify".',
      ],
    });
    signature = {
      signer: signer!, subject: key.certificate.subject.replace(/\n/g, ', '), certificateSha256, validFrom: new Date(key.certificate.validFrom).toISOString(),
      validTo: new Date(key.certificate.validTo).toISOString(), selfSigned, signingTime: now.toISOString(),
    };
  }
  const unsigned = await rendered.doc.save({ useObjectStreams: false });
  const pdf = key ? signPlaceholder(unsigned, key) : unsigned;
  return { report, evidence, pdf, pages: rendered.pages, html: options.html ? renderHtml(report, evidence.manifestSha256) : null, signature, warnings };
}
