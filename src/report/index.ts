export { buildReport, type BuildOptions, type BuiltReport } from './build-report.ts';
export { readCaseFacts, type CaseFacts } from './case-facts.ts';
export { checkEvidence, EVIDENCE_FILE, type EvidenceCheck, type EvidenceManifest } from './evidence.ts';
export { SECTION_IDS, type Report, type SectionId } from './model.ts';
export { createTestCertificate, TEST_LABEL, type TestCertificate } from './signing/test-certificate.ts';
export { compareWithCase, verifyReportPdf, type ReportVerification, type VerifyCheck } from './verify-report.ts';
