import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildReport, compareWithCase, createTestCertificate, readCaseFacts, verifyReportPdf } from '../../report/index.ts';
import { sha256Hex } from '../../util/hash.ts';
import { canonicalJson } from '../../util/canonical-json.ts';
import { personalPlan, scrub } from '../../governance/index.ts';
import { MASKED, ROLE_SEES_PERSONAL_DATA } from '../contract.ts';
import type { CaseDb } from '../../case/index.ts';
import type { ReportCreateArgs, ReportCreateResult, ReportVerifyArgs, ReportVerifyResult, TestCertificateArgs, TestCertificateResult } from '../contract-report.ts';
import { AssayError } from '../errors.ts';
import type { HandlerContext } from '../handler-context.ts';

function readInput(path: string, what: string): Buffer {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new AssayError('NOT_FOUND', `The ${what} ${path} does not exist.`, { path });
  return readFileSync(abs);
}

function writeOutput(path: string, data: Uint8Array | string): string {
  const abs = resolve(path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, data);
  return abs;
}

/**
 * A report leaves the service as a file the service cannot mask. For a role that does not see personal data, the
 * facts the report is built from are scrubbed as every other output is; when that changes anything, the report would
 * carry a personal value and the role is refused.
 */
async function refuseIfPersonal(db: CaseDb, role: HandlerContext['role']): Promise<void> {
  if (ROLE_SEES_PERSONAL_DATA[role]) return;
  const plan = await personalPlan(db);
  if (!plan.any) return;
  const facts = await readCaseFacts(db);
  const json = canonicalJson(facts);
  if (canonicalJson(scrub(JSON.parse(json), { keys: plan.keys, columns: plan.columns, decisionIds: plan.decisionIds }, MASKED)) !== json) {
    throw new AssayError('PERMISSION_DENIED', `The report of this case would show values of columns marked personal (${[...plan.columns].join(', ')}), which the role ${role} may not see; ask an owner or auditor to create it.`, { role });
  }
}

/** `report.create`: the report of the case's recorded runs as PDF (signed when a key is given), HTML and evidence. */
export async function createReport(ctx: HandlerContext, args: ReportCreateArgs): Promise<ReportCreateResult> {
  if (!/\.pdf$/i.test(args.out)) throw new AssayError('BAD_ARGUMENT', `--out names the PDF to write and must end in .pdf, not "${args.out}".`, { out: args.out });
  if (args.sign && args.password === undefined) {
    throw new AssayError('BAD_ARGUMENT', `Signing with ${args.sign} needs the PKCS#12 password: name the environment variable that holds it with --password-env VAR.`, { sign: args.sign });
  }
  const p12 = args.sign ? readInput(args.sign, 'PKCS#12 file') : null;
  if (p12 && args.sign) ctx.inputHashes[`key:${args.sign}`] = sha256Hex(p12);
  const db = await ctx.openCase();
  await refuseIfPersonal(db, ctx.role);
  const built = await buildReport(db, {
    sections: args.sections, html: args.html !== undefined, strict: args.strict,
    sign: p12 ? { p12, password: args.password ?? '', label: args.sign! } : undefined,
  });
  const out = writeOutput(args.out, built.pdf);
  const html = args.html ? writeOutput(args.html, built.html ?? '') : null;
  const evidence = args.evidence ? writeOutput(args.evidence, built.evidence.zip) : null;
  return {
    out, pdfSha256: sha256Hex(built.pdf), bytes: built.pdf.length, pages: built.pages, html, evidence,
    evidenceManifestSha256: built.evidence.manifestSha256,
    sections: built.report.sections.map((s) => ({ id: s.id, title: s.title, present: s.present })),
    runs: built.report.runIds.length, asOf: built.report.cover.asOf,
    signature: built.signature ? { ...built.signature, subFilter: 'ETSI.CAdES.detached' } : null,
    warnings: built.warnings,
  };
}

/** `report.verify`: signature, byte range, certificate and evidence of a report; with a case, its runs too. */
export async function verifyReport(ctx: HandlerContext, args: ReportVerifyArgs): Promise<ReportVerifyResult> {
  const bytes = readInput(args.path, 'report');
  const { result, evidence } = await verifyReportPdf(bytes, { strict: args.strict });
  let comparedWithCase = false;
  if (ctx.casePath) {
    const facts = await readCaseFacts(await ctx.openCase());
    comparedWithCase = true;
    result.checks.push(evidence ? compareWithCase(evidence, facts) : { check: 'case', ok: false, code: 'VERIFICATION_FAILED', detail: 'there is no readable evidence to compare with the case' });
    result.ok = result.checks.every((c) => c.ok);
  }
  return { path: resolve(args.path), ...result, comparedWithCase };
}

/** `report.testCertificate`: a self-signed certificate for trying report signing, labelled as a test. */
export async function createReportTestCertificate(_ctx: HandlerContext, args: TestCertificateArgs): Promise<TestCertificateResult> {
  const dir = resolve(args.out);
  const p12Path = join(dir, 'report-signing-test.p12');
  const certPath = join(dir, 'report-signing-test.crt.pem');
  if (existsSync(p12Path)) throw new AssayError('ALREADY_EXISTS', `${p12Path} exists already; choose another --out folder or remove it.`, { path: p12Path });
  const t = createTestCertificate({ name: args.cn, password: args.password, days: args.days });
  writeOutput(p12Path, t.p12);
  writeOutput(certPath, t.certificatePem);
  return { p12: p12Path, certificate: certPath, subject: t.subject, notBefore: t.notBefore, notAfter: t.notAfter, sha256: t.sha256, selfSigned: true };
}
