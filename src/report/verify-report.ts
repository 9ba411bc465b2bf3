import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString, type PDFObject } from 'pdf-lib';
import type { ErrorCode } from '../api/errors.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import type { CaseFacts } from './case-facts.ts';
import { checkEvidence, EVIDENCE_FILE, type EvidenceCheck } from './evidence.ts';
import { EVIDENCE_KEY } from './pdf/render-pdf.ts';
import { OID } from './signing/der.ts';
import { parseSignedData } from './signing/cms.ts';
import { commonName, validityProblem } from './signing/pkcs12.ts';
import { SUB_FILTER } from './signing/pdf-signature.ts';

export interface VerifyCheck {
  check: string;
  ok: boolean;
  /** The error code naming the failure (DESIGN.md §3: verification codes exit 1). */
  code: ErrorCode | null;
  detail: string;
}

export interface ReportVerification {
  ok: boolean;
  checks: VerifyCheck[];
  signer: { subject: string; issuer: string; commonName: string; selfSigned: boolean; validFrom: string; validTo: string; sha256: string } | null;
  signingTime: string | null;
  evidence: { manifestSha256: string | null; files: number; runs: number; caseId: string | null } | null;
  warnings: string[];
}

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/** PDF date (D:YYYYMMDDHHmmSS+HH'mm') as ISO; null when it does not parse. */
function pdfDate(s: string | undefined): string | null {
  const m = s ? /D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s) : null;
  if (!m) return null;
  const tz = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${tz}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function text(o: PDFObject | undefined): string | null {
  return o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null;
}

/** The embedded evidence zip and the manifest hash the catalog records, from one revision of the PDF. */
async function readEvidence(pdf: Uint8Array): Promise<{ zip: Uint8Array | null; recorded: string | null; problem: string | null }> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, throwOnInvalidObject: false });
  } catch (e) {
    return { zip: null, recorded: null, problem: `the PDF cannot be parsed (${(e as Error).message})` };
  }
  const marker = doc.catalog.lookupMaybe(PDFName.of(EVIDENCE_KEY), PDFDict);
  const recorded = marker ? text(marker.get(PDFName.of('ManifestSHA256'))) : null;
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)?.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (!names) return { zip: null, recorded, problem: 'the PDF has no embedded files' };
  for (let i = 0; i + 1 < names.size(); i += 2) {
    if (text(names.lookup(i)) !== EVIDENCE_FILE) continue;
    const spec = names.lookup(i + 1, PDFDict);
    const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
    const stream = ef ? ef.context.lookup(ef.get(PDFName.of('F'))) : undefined;
    if (!(stream instanceof PDFRawStream)) return { zip: null, recorded, problem: `${EVIDENCE_FILE} has no file stream` };
    const filter = stream.dict.get(PDFName.of('Filter'));
    try {
      return { zip: filter === PDFName.of('FlateDecode') ? inflateSync(stream.contents) : stream.contents, recorded, problem: null };
    } catch (e) {
      return { zip: null, recorded, problem: `${EVIDENCE_FILE} cannot be decompressed (${(e as Error).message})` };
    }
  }
  return { zip: null, recorded, problem: `the PDF has no attachment named ${EVIDENCE_FILE}` };
}

/**
 * Verifies a signed report: the ByteRange covers the whole file but the signature, the digest and the signature
 * match, the signature is PAdES B-B (ETSI.CAdES.detached, signing-certificate-v2, no signing-time), the
 * certificate is valid, and the embedded evidence matches its manifest and the hash the signed PDF records.
 */
export async function verifyReportPdf(pdf: Uint8Array, options: { strict?: boolean; now?: Date } = {}): Promise<{ result: ReportVerification; evidence: EvidenceCheck | null }> {
  const checks: VerifyCheck[] = [];
  const warnings: string[] = [];
  const add = (check: string, ok: boolean, code: ErrorCode, detail: string) => checks.push({ check, ok, code: ok ? null : code, detail });
  const result: ReportVerification = { ok: false, checks, signer: null, signingTime: null, evidence: null, warnings };
  const s = latin1(pdf);
  const ranges = [...s.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges[ranges.length - 1];
  let signedRevision = pdf;
  if (!last) {
    add('signature', false, 'SIGNATURE_INVALID', 'the PDF carries no signature (no ByteRange); sign it with "assay report CASE --out FILE.pdf --sign KEY.p12"');
  } else {
    const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
    const contents = s.slice(b, c);
    const wellFormed = a === 0 && b < c && c + d <= pdf.length && /^<[0-9a-fA-F]*>$/.test(contents);
    const whole = wellFormed && c + d === pdf.length;
    add('byte range', whole, 'VERIFICATION_FAILED', !wellFormed
      ? `the ByteRange [${a} ${b} ${c} ${d}] does not frame the signature contents`
      : whole
        ? `[0 ${b}] and [${c} ${c + d}] cover the whole file (${pdf.length} bytes) but the signature`
        : `the signature covers ${c + d} of ${pdf.length} bytes: ${pdf.length - c - d} bytes were appended after signing (an incremental update)`);
    if (wellFormed) {
      signedRevision = pdf.subarray(0, c + d);
      const dictStart = s.lastIndexOf('<<', last.index);
      const dictText = s.slice(Math.max(0, dictStart - 2000), c + 400);
      const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dictText)?.[1] ?? null;
      result.signingTime = pdfDate(/\/M\s*\((D:[^)]*)\)/.exec(dictText)?.[1]);
      const hex = contents.slice(1, -1).replace(/(00)+$/, '');
      const der = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
      const digest = createHash('sha256').update(pdf.subarray(0, b)).update(pdf.subarray(c, c + d)).digest();
      const cms = parseSignedData(der);
      const digestOk = cms.messageDigest !== null && cms.messageDigest.equals(digest);
      add('digest', digestOk, 'SIGNATURE_INVALID', digestOk
        ? `SHA-256 of the signed bytes ${digest.toString('hex')} matches the signed message-digest`
        : `the signed bytes hash to ${digest.toString('hex')}, the signature says ${cms.messageDigest?.toString('hex') ?? '(none)'}: the signed part of the file was changed`);
      add('signature', cms.signatureValid, 'SIGNATURE_INVALID', cms.signatureValid ? "the CMS signature verifies with the signer's certificate" : `the CMS signature does not verify${cms.problems.length ? `: ${cms.problems.join('; ')}` : ''}`);
      const profile: string[] = [];
      if (subFilter !== SUB_FILTER) profile.push(`SubFilter is ${subFilter ?? 'missing'}, not ${SUB_FILTER}`);
      if (cms.digestAlgorithm !== OID.sha256) profile.push('the digest algorithm is not SHA-256');
      if (cms.contentType !== OID.data) profile.push('the content-type attribute is not id-data');
      if (cms.hasSigningTime) profile.push('a signing-time attribute is among the signed attributes (PAdES B-B forbids it)');
      const certHash = cms.certificateDer ? createHash('sha256').update(cms.certificateDer).digest() : null;
      if (!cms.signingCertificateV2) profile.push('the ESS signing-certificate-v2 attribute is missing');
      else if (!certHash || !cms.signingCertificateV2.some((h) => h.equals(certHash))) profile.push("signing-certificate-v2 does not name the signer's certificate");
      add('PAdES baseline B-B', profile.length === 0, 'SIGNATURE_INVALID', profile.length ? profile.join('; ') : 'ETSI.CAdES.detached, SHA-256, signing-certificate-v2 present, no signing-time attribute');
      if (cms.certificate && certHash) {
        const cert = cms.certificate;
        result.signer = {
          subject: cert.subject.replace(/\n/g, ', '), issuer: cert.issuer.replace(/\n/g, ', '), commonName: commonName(cert), selfSigned: cert.subject === cert.issuer,
          validFrom: new Date(cert.validFrom).toISOString(), validTo: new Date(cert.validTo).toISOString(), sha256: certHash.toString('hex'),
        };
        const at = result.signingTime ? new Date(result.signingTime) : options.now ?? new Date();
        const problem = validityProblem(cert, at) ?? validityProblem(cert, options.now ?? new Date());
        if (problem) {
          if (options.strict) add('certificate', false, 'VERIFICATION_FAILED', `${problem} (refused with --strict)`);
          else {
            warnings.push(`${problem}.`);
            add('certificate', true, 'VERIFICATION_FAILED', `${problem} (a warning; --strict refuses it)`);
          }
        } else add('certificate', true, 'VERIFICATION_FAILED', `valid ${result.signer.validFrom} to ${result.signer.validTo}`);
        if (result.signer.selfSigned) warnings.push(`The signer's certificate is self-signed ("${result.signer.commonName}"): it proves the report is unchanged since signing, not who signed it.`);
      }
    }
  }
  const signed = await readEvidence(signedRevision);
  let evidence: EvidenceCheck | null = null;
  if (!signed.zip) add('evidence', false, 'HASH_MISMATCH', signed.problem ?? 'no evidence attachment');
  else {
    evidence = checkEvidence(signed.zip);
    const recordedOk = signed.recorded !== null && signed.recorded === evidence.manifestSha256;
    const problems = [...evidence.problems];
    if (!recordedOk) problems.push(`the manifest hashes to ${evidence.manifestSha256 ?? '(none)'}, the report records ${signed.recorded ?? '(nothing)'}`);
    add('evidence', problems.length === 0, 'HASH_MISMATCH', problems.length ? problems.join('; ') : `manifest.json SHA-256 ${evidence.manifestSha256}; ${evidence.manifest?.files.length ?? 0} files and ${evidence.runs.length} runs match their hashes`);
    result.evidence = { manifestSha256: evidence.manifestSha256, files: evidence.manifest?.files.length ?? 0, runs: evidence.runs.length, caseId: evidence.manifest?.caseId ?? null };
  }
  if (signedRevision.length !== pdf.length) {
    const current = await readEvidence(pdf);
    if (current.zip && signed.zip && !Buffer.from(current.zip).equals(Buffer.from(signed.zip))) {
      add('evidence after signing', false, 'HASH_MISMATCH', `the update appended after signing replaces ${EVIDENCE_FILE}: the attachment a reader sees is not the signed one`);
    }
  }
  result.ok = checks.every((c) => c.ok);
  return { result, evidence };
}

/** Compares the runs in the evidence with the case's: each must be there with the same method, parameters, seed, inputs and result. */
export function compareWithCase(evidence: EvidenceCheck, facts: CaseFacts): VerifyCheck {
  const problems: string[] = [];
  if (evidence.manifest && evidence.manifest.caseId !== facts.caseId) problems.push(`the report is of case ${evidence.manifest.caseId}, this case is ${facts.caseId}`);
  const byId = new Map(facts.runs.map((r) => [r.runId, r]));
  for (const r of evidence.runs) {
    const c = byId.get(r.runId);
    if (!c) {
      problems.push(`run ${r.runId} (${r.method}) is not in the case`);
      continue;
    }
    const diffs = [
      c.method !== r.method && 'method',
      canonicalJson(c.parameters) !== canonicalJson(r.parameters) && 'parameters',
      c.seed !== r.seed && 'seed',
      canonicalJson(c.inputHashes) !== canonicalJson(r.inputHashes) && 'input hashes',
      c.resultSha256 !== r.resultSha256 && 'result',
    ].filter(Boolean);
    if (diffs.length) problems.push(`run ${r.runId} differs from the case's in its ${diffs.join(', ')}`);
  }
  const later = facts.runs.filter((r) => !evidence.runs.some((e) => e.runId === r.runId)).length;
  return {
    check: 'case', ok: problems.length === 0, code: problems.length ? 'VERIFICATION_FAILED' : null,
    detail: problems.length ? problems.join('; ') : `all ${evidence.runs.length} runs of the report are in the case unchanged${later ? ` (the case has ${later} runs recorded since)` : ''}`,
  };
}
