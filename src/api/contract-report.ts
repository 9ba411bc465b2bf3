import { z } from 'zod';

/**
 * Signed compliance reports in the contract: building a report (PDF, HTML, evidence bundle, PAdES signature),
 * verifying one, and making a self-signed test certificate. Passwords travel only as arguments named `password`,
 * which the audit trail redacts.
 */

const filePath = z.string().min(1).max(4096);
const password = z.string().max(1024);

export const REPORT_SECTIONS = ['summary', 'package', 'data', 'replay', 'fairness', 'explanations', 'drift', 'findings', 'audit', 'appendix'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const reportCreateArgs = z.object({
  out: filePath,
  /** The sections, in the report's fixed order; all of them by default. The cover is always there. */
  sections: z.array(z.enum(REPORT_SECTIONS)).min(1).max(REPORT_SECTIONS.length).optional(),
  html: filePath.optional(),
  /** Also write the evidence bundle (the zip attached to the PDF) here. */
  evidence: filePath.optional(),
  /** A PKCS#12 file with the signer's key and certificate. */
  sign: filePath.optional(),
  password: password.optional(),
  /** Refuse an expired or not-yet-valid certificate, and a chosen section without its run. */
  strict: z.boolean().optional(),
}).strict();

export const reportVerifyArgs = z.object({
  path: filePath,
  /** An expired or not-yet-valid certificate fails verification instead of warning. */
  strict: z.boolean().optional(),
}).strict();

export const testCertificateArgs = z.object({
  /** A folder: report-signing-test.p12 and report-signing-test.crt.pem are written into it. */
  out: filePath,
  password: z.string().min(1).max(1024),
  cn: z.string().min(1).max(120).regex(/^[^\u0000-\u001f]+$/, 'must not hold control characters').optional(),
  days: z.number().int().min(1).max(3650).optional(),
}).strict();

export interface ReportSectionInfo {
  id: string;
  title: string;
  present: boolean;
}

export interface ReportCreateResult {
  out: string;
  pdfSha256: string;
  bytes: number;
  pages: number;
  html: string | null;
  evidence: string | null;
  evidenceManifestSha256: string;
  sections: ReportSectionInfo[];
  runs: number;
  asOf: string;
  signature: {
    signer: string;
    subject: string;
    certificateSha256: string;
    validFrom: string;
    validTo: string;
    selfSigned: boolean;
    signingTime: string;
    subFilter: 'ETSI.CAdES.detached';
  } | null;
  warnings: string[];
}

export interface ReportVerifyCheck {
  check: string;
  ok: boolean;
  code: string | null;
  detail: string;
}

export interface ReportVerifyResult {
  path: string;
  ok: boolean;
  checks: ReportVerifyCheck[];
  signer: { subject: string; issuer: string; commonName: string; selfSigned: boolean; validFrom: string; validTo: string; sha256: string } | null;
  signingTime: string | null;
  evidence: { manifestSha256: string | null; files: number; runs: number; caseId: string | null } | null;
  /** Whether the evidence was compared with a case's runs (--case). */
  comparedWithCase: boolean;
  warnings: string[];
}

export interface TestCertificateResult {
  p12: string;
  certificate: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  selfSigned: true;
}

export type ReportCreateArgs = z.output<typeof reportCreateArgs>;
export type ReportVerifyArgs = z.output<typeof reportVerifyArgs>;
export type TestCertificateArgs = z.output<typeof testCertificateArgs>;
