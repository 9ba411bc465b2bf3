import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AssayError } from '../../api/errors.ts';
import { bin, toDer } from './der.ts';

export interface SigningKey {
  key: KeyObject;
  certificate: X509Certificate;
  /** The certificate exactly as the file holds it (DER). */
  certificateDer: Buffer;
  /** Other certificates in the file (the chain), DER. */
  chain: Buffer[];
}

/**
 * Opens a PKCS#12 file (as OpenSSL 3 writes it by default: AES-256-CBC, PBKDF2, SHA-256 MAC; older 3DES/RC2 files
 * too). node-forge decrypts and checks the MAC; the key and certificates are then handed to Node's crypto as DER.
 * forge would re-encode what it parses (and cannot parse EC keys at all), so while it reads the file its key and
 * certificate decoders are made to fail: the bags then keep the original ASN.1, which round-trips to the same DER.
 */
export function loadPkcs12(file: Uint8Array, password: string, label: string): SigningKey {
  const pki = forge.pki as unknown as Record<string, unknown>;
  const saved = { cert: pki.certificateFromAsn1, key: pki.privateKeyFromAsn1 };
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const der = forge.asn1.fromDer(bin(file), false);
    pki.certificateFromAsn1 = () => { throw new Error('raw'); };
    pki.privateKeyFromAsn1 = () => { throw new Error('raw'); };
    p12 = forge.pkcs12.pkcs12FromAsn1(der, false, password);
  } catch (e) {
    const message = (e as Error).message;
    if (/MAC could not be verified|wrong password|Invalid password/i.test(message)) {
      throw new AssayError('PASSPHRASE_WRONG', `The password does not open the PKCS#12 file ${label}; check the variable named by --password-env.`, { file: label });
    }
    throw new AssayError('BAD_ARGUMENT', `${label} is not a PKCS#12 (.p12/.pfx) file Assay can read: ${message}.`, { file: label });
  } finally {
    pki.certificateFromAsn1 = saved.cert;
    pki.privateKeyFromAsn1 = saved.key;
  }
  const bags = p12.safeContents.flatMap((s) => s.safeBags);
  const keyBag = bags.find((b) => b.type === forge.pki.oids.pkcs8ShroudedKeyBag || b.type === forge.pki.oids.keyBag);
  if (!keyBag?.asn1) throw new AssayError('CERTIFICATE_INVALID', `The PKCS#12 file ${label} holds no private key.`, { file: label });
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: toDer(keyBag.asn1), format: 'der', type: 'pkcs8' });
  } catch (e) {
    throw new AssayError('CERTIFICATE_INVALID', `The private key in ${label} cannot be used: ${(e as Error).message}.`, { file: label });
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw new AssayError('CERTIFICATE_INVALID', `The key in ${label} is ${key.asymmetricKeyType}; PDF signatures need an RSA or EC (ECDSA) key.`, { file: label });
  }
  const certs = bags.filter((b) => b.type === forge.pki.oids.certBag && b.asn1).map((b) => toDer(b.asn1));
  if (certs.length === 0) {
    throw new AssayError('CERTIFICATE_INVALID', `The PKCS#12 file ${label} holds a key but no certificate; a PDF signature needs the signer's certificate (export it with the key, e.g. openssl pkcs12 -export -inkey KEY -in CERT).`, { file: label });
  }
  const publicDer = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const own = certs.find((c) => new X509Certificate(c).publicKey.export({ format: 'der', type: 'spki' }).equals(publicDer));
  if (!own) throw new AssayError('CERTIFICATE_INVALID', `No certificate in ${label} belongs to its private key.`, { file: label });
  return { key, certificate: new X509Certificate(own), certificateDer: own, chain: certs.filter((c) => c !== own) };
}

/** The certificate's validity at a time: a sentence when it is expired or not yet valid, else null. */
export function validityProblem(cert: X509Certificate, at: Date): string | null {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (at < from) return `the certificate is not valid before ${from.toISOString()}`;
  if (at > to) return `the certificate expired on ${to.toISOString()}`;
  return null;
}

/** The subject's common name, else the whole subject. */
export function commonName(cert: X509Certificate): string {
  const cn = cert.subject.split('\n').find((l) => l.startsWith('CN='));
  return cn ? cn.slice(3) : cert.subject.replace(/\n/g, ', ');
}
