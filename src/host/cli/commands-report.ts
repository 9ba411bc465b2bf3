import type { ReportCreateResult, ReportVerifyResult, TestCertificateResult } from '../../api/contract-report.ts';
import { REPORT_SECTIONS } from '../../api/contract-report.ts';
import { AssayError } from '../../api/errors.ts';
import type { Command, CommandOutcome, Invocation, Values } from './command.ts';
import { lines, table } from './format.ts';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A password never comes from the command line: `--password-env VAR` names the environment variable holding it. */
function passwordFrom(values: Values, purpose: string, required: boolean): string | undefined {
  const name = values['password-env'];
  if (name === undefined) {
    if (!required) return undefined;
    throw new AssayError('BAD_ARGUMENT', `A password is needed ${purpose}; put it in an environment variable and name that variable with --password-env VAR (passwords are never taken on the command line).`);
  }
  if (typeof name !== 'string' || !ENV_NAME.test(name)) throw new AssayError('BAD_ARGUMENT', `--password-env takes the name of an environment variable, not "${String(name)}".`);
  const value = process.env[name];
  if (value === undefined) throw new AssayError('BAD_ARGUMENT', `The environment variable ${name} (named by --password-env) is not set; set it to the password ${purpose}.`, { variable: name });
  return value;
}

function sections(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  const list = String(v).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = list.filter((s) => !(REPORT_SECTIONS as readonly string[]).includes(s));
  if (bad.length || list.length === 0) {
    throw new AssayError('BAD_ARGUMENT', `--sections takes a comma-separated list of ${REPORT_SECTIONS.join(', ')}${bad.length ? `, not "${bad.join('", "')}"` : ''}.`, { sections: String(v) });
  }
  return list;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `assay keys create --p12`: the self-signed test certificate for report signing (wired into the keys command). */
export async function createTestP12(inv: Invocation): Promise<CommandOutcome> {
  const out = text(inv.values.out);
  if (!out) throw new AssayError('BAD_ARGUMENT', 'keys create --p12 needs --out DIR, the folder for the PKCS#12 file.');
  const password = passwordFrom(inv.values, 'to protect the new PKCS#12 file', true)!;
  if (password.length < 8) throw new AssayError('BAD_ARGUMENT', 'The PKCS#12 password must have at least 8 characters.');
  const days = inv.values.days === undefined ? undefined : Number(inv.values.days);
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new AssayError('BAD_ARGUMENT', `--days takes a whole number of days of at least 1, not "${String(inv.values.days)}".`);
  const r = (await inv.service(null).call('report.testCertificate', { out, password, cn: text(inv.values.cn), days }, inv.context)) as TestCertificateResult;
  return {
    result: r,
    text: lines(
      `Self-signed TEST certificate "${r.subject}", valid ${r.notBefore} to ${r.notAfter}`,
      `  PKCS#12 (key and certificate): ${r.p12}`,
      `  certificate: ${r.certificate} (SHA-256 ${r.sha256})`,
      'It is trusted by nobody: use it to try report signing, never for a report anyone must rely on.',
    ),
  };
}

function verifyText(v: ReportVerifyResult): string {
  return lines(
    v.ok ? `Report verified: ${v.path}` : `Report verification FAILED: ${v.path}`,
    table(['', 'check', 'code', 'detail'], v.checks.map((c) => [c.ok ? 'ok' : 'FAIL', c.check, c.code ?? '', c.detail])),
    v.signer && `Signer: ${v.signer.commonName} (certificate SHA-256 ${v.signer.sha256}), signing time ${v.signingTime ?? 'not stated'}`,
    v.evidence && `Evidence: manifest SHA-256 ${v.evidence.manifestSha256}, ${v.evidence.files} files, ${v.evidence.runs} runs, case ${v.evidence.caseId}`,
    !v.comparedWithCase && 'Not compared with a case (add --case CASE to check the runs against it).',
    ...v.warnings.map((w) => `warning: ${w}`),
  );
}

export const reportCommands: Command[] = [
  {
    name: 'report',
    usage: 'assay report CASE --out FILE.pdf [--sections a,b] [--html FILE] [--evidence FILE.zip] [--sign KEY.p12 --password-env VAR] [--strict]',
    summary: 'Write the compliance report of a case from its recorded runs: PDF (bookmarks, vector charts, evidence attached), optionally HTML, signed PAdES B-B with a PKCS#12 key.',
    positionals: ['CASE'],
    options: {
      out: { type: 'string' }, sections: { type: 'string' }, html: { type: 'string' }, evidence: { type: 'string' },
      sign: { type: 'string' }, 'password-env': { type: 'string' }, strict: { type: 'boolean' },
    },
    optionHelp: {
      out: 'the PDF to write',
      sections: `comma-separated, from ${REPORT_SECTIONS.join(', ')} (default all; the cover is always there)`,
      html: 'also write the report as one HTML file',
      evidence: 'also write the evidence bundle (the zip attached to the PDF)',
      sign: 'PKCS#12 file (.p12/.pfx) with the signing key and its certificate',
      'password-env': 'name of the environment variable holding the PKCS#12 password',
      strict: 'refuse an expired or not-yet-valid certificate, and a chosen section without its run',
    },
    async run(inv) {
      const out = text(inv.values.out);
      if (!out) throw new AssayError('BAD_ARGUMENT', 'assay report needs --out FILE.pdf, the PDF to write.');
      const sign = text(inv.values.sign);
      const password = sign ? passwordFrom(inv.values, `to open ${sign}`, true) : undefined;
      const r = (await inv.service(inv.positionals[0]!).call('report.create', {
        out, sections: sections(inv.values.sections), html: text(inv.values.html), evidence: text(inv.values.evidence), sign, password, strict: inv.values.strict === true ? true : undefined,
      }, inv.context)) as ReportCreateResult;
      return {
        result: r,
        text: lines(
          `Report: ${r.out} (${r.pages} pages, ${r.bytes} bytes, SHA-256 ${r.pdfSha256})`,
          `From ${r.runs} runs as of ${r.asOf}; evidence manifest SHA-256 ${r.evidenceManifestSha256}`,
          table(['section', 'runs'], r.sections.map((s) => [s.title, s.present ? 'present' : 'MISSING (the report says so)'])),
          r.signature ? `Signed by ${r.signature.signer} at ${r.signature.signingTime} (PAdES B-B, ${r.signature.subFilter}; certificate SHA-256 ${r.signature.certificateSha256}${r.signature.selfSigned ? ', self-signed' : ''})` : 'Not signed (add --sign KEY.p12 --password-env VAR).',
          r.html && `HTML: ${r.html}`,
          r.evidence && `Evidence bundle: ${r.evidence}`,
          ...r.warnings.map((w) => `warning: ${w}`),
        ),
      };
    },
  },
  {
    name: 'report verify',
    usage: 'assay report verify FILE.pdf [--case CASE] [--strict]',
    summary: 'Verify a report PDF: byte range, digest, signature, PAdES profile, certificate, embedded evidence and (with --case) its runs; exit 1 naming any failure.',
    positionals: ['FILE'],
    options: { case: { type: 'string' }, strict: { type: 'boolean' } },
    optionHelp: {
      case: 'also check that the evidence matches the runs recorded in this case',
      strict: 'an expired or not-yet-valid certificate fails instead of warning',
    },
    async run(inv) {
      const v = (await inv.service(text(inv.values.case) ?? null).call('report.verify', { path: inv.positionals[0]!, strict: inv.values.strict === true ? true : undefined }, inv.context)) as ReportVerifyResult;
      return { result: v, text: verifyText(v), exitCode: v.ok ? 0 : 1 };
    },
  },
];
