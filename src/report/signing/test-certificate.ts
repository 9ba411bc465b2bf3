import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { bytes } from './der.ts';

export const TEST_LABEL = 'TEST — self-signed';

export interface TestCertificateOptions {
  /** Shown before the test label in the common name. */
  name?: string;
  password: string;
  days?: number;
  /** For tests of expired and not-yet-valid certificates. */
  notBefore?: Date;
  notAfter?: Date;
}

export interface TestCertificate {
  p12: Buffer;
  certificatePem: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the certificate's DER. */
  sha256: string;
}

/**
 * A self-signed RSA-2048 certificate for trying report signing, labelled as a test in its common name and
 * organisational unit, packed with its key in a PKCS#12 file (AES-256-CBC, PBKDF2; SHA-1 MAC as node-forge writes it).
 */
export function createTestCertificate(options: TestCertificateOptions): TestCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ format: 'pem', type: 'pkcs1' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ format: 'pem', type: 'spki' }).toString());
  // a positive serial: the top bit of the first byte cleared
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = new Date();
  cert.validity.notBefore = options.notBefore ?? new Date(now.getTime() - 60_000);
  cert.validity.notAfter = options.notAfter ?? new Date(now.getTime() + (options.days ?? 365) * 86_400_000);
  const cn = `${options.name ? `${options.name} ` : ''}${TEST_LABEL}`;
  const attrs = [
    { shortName: 'CN', value: cn, valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'O', value: 'Assay test certificate', valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'OU', value: 'Not for production: self-signed, trusted by nobody', valueTagClass: forge.asn1.Type.UTF8 },
  ];
  cert.setSubject(attrs as unknown as forge.pki.CertificateField[]);
  cert.setIssuer(attrs as unknown as forge.pki.CertificateField[]);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], options.password, { algorithm: 'aes256', friendlyName: cn, generateLocalKeyId: true });
  const certDer = bytes(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes());
  return {
    p12: bytes(forge.asn1.toDer(asn1).getBytes()),
    certificatePem: forge.pki.certificateToPem(cert),
    subject: cn,
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: cert.validity.notAfter.toISOString(),
    sha256: createHash('sha256').update(certDer).digest('hex'),
  };
}
