import { createHash, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { children, derSetOf, fromDer, integer, nul, octets, octetsOf, OID, oid, oidOf, seq, set, tagged, toDer, type Asn1 } from './der.ts';
import type { SigningKey } from './pkcs12.ts';

/** issuer Name and serialNumber of a certificate, as ASN.1 taken from its DER. */
function issuerAndSerial(certDer: Buffer): { issuer: Asn1; serial: Asn1 } {
  const tbs = children(children(fromDer(certDer))[0]!);
  const at = tbs[0]!.tagClass === 0x80 ? 1 : 0;
  return { serial: tbs[at]!, issuer: tbs[at + 2]! };
}

const attribute = (type: string, value: Asn1): Asn1 => seq([oid(type), set([value])]);

function signatureAlgorithm(key: KeyObject): Asn1 {
  return key.asymmetricKeyType === 'ec' ? seq([oid(OID.ecdsaWithSHA256)]) : seq([oid(OID.sha256WithRSA), nul()]);
}

/**
 * A detached CMS SignedData (RFC 5652) over a SHA-256 digest, as PAdES baseline B-B asks (ETSI EN 319 142-1):
 * signed attributes content-type, message-digest and ESS signing-certificate-v2 (RFC 5035) with the certificate's
 * SHA-256 and issuer/serial, and no signing-time attribute (the time goes in the signature dictionary's /M).
 */
export function buildSignedData(digest: Buffer, signer: SigningKey): Buffer {
  const { issuer, serial } = issuerAndSerial(signer.certificateDer);
  const certHash = createHash('sha256').update(signer.certificateDer).digest();
  const essCertIdV2 = seq([octets(certHash), seq([seq([tagged(4, [issuer])]), serial])]);
  const attrs = derSetOf([
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(digest)),
    attribute(OID.signingCertificateV2, seq([seq([essCertIdV2])])),
  ]);
  const signature = sign('sha256', toDer(attrs), signer.key);
  const signerInfo = seq([
    integer(1),
    seq([issuer, serial]),
    seq([oid(OID.sha256)]),
    tagged(0, children(attrs)),
    signatureAlgorithm(signer.key),
    octets(signature),
  ]);
  const signedData = seq([
    integer(1),
    set([seq([oid(OID.sha256)])]),
    seq([oid(OID.data)]),
    tagged(0, [signer.certificateDer, ...signer.chain].map((c) => fromDer(c))),
    set([signerInfo]),
  ]);
  return toDer(seq([oid(OID.signedData), tagged(0, [signedData])]));
}

export interface ParsedSignature {
  digestAlgorithm: string | null;
  attributes: { type: string; value: Asn1 }[];
  messageDigest: Buffer | null;
  contentType: string | null;
  /** SHA-256 certificate hashes listed in signing-certificate-v2; null without the attribute. */
  signingCertificateV2: Buffer[] | null;
  hasSigningTime: boolean;
  certificate: X509Certificate | null;
  certificateDer: Buffer | null;
  signatureValid: boolean;
  problems: string[];
}

/** Reads a detached CMS SignedData and checks its signer's signature over the signed attributes. */
export function parseSignedData(der: Buffer): ParsedSignature {
  const problems: string[] = [];
  const out: ParsedSignature = {
    digestAlgorithm: null, attributes: [], messageDigest: null, contentType: null, signingCertificateV2: null, hasSigningTime: false,
    certificate: null, certificateDer: null, signatureValid: false, problems,
  };
  let root: Asn1;
  try {
    root = fromDer(der);
  } catch (e) {
    problems.push(`the signature is not DER (${(e as Error).message})`);
    return out;
  }
  const [type, content] = children(root);
  if (oidOf(type) !== OID.signedData || !content) {
    problems.push('the signature is not a CMS SignedData');
    return out;
  }
  const sd = children(children(content)[0]!);
  const certsNode = sd.find((n) => n.tagClass === 0x80 && n.type === 0);
  const signerInfos = children(sd[sd.length - 1]!);
  if (signerInfos.length !== 1) problems.push(`the SignedData has ${signerInfos.length} signers, not one`);
  const si = children(signerInfos[0] ?? seq([]));
  const certs = certsNode ? children(certsNode).map((c) => toDer(c)) : [];
  const sid = si[1];
  const attrsNode = si.find((n) => n.tagClass === 0x80 && n.type === 0);
  out.digestAlgorithm = oidOf(children(si[2] ?? seq([]))[0]);
  const signature = octetsOf(si[si.length - 1]);
  if (!attrsNode) {
    problems.push('the signature has no signed attributes');
    return out;
  }
  for (const a of children(attrsNode)) {
    const [t, values] = children(a);
    const typeOid = oidOf(t) ?? '?';
    const value = children(values ?? seq([]))[0]!;
    out.attributes.push({ type: typeOid, value });
    if (typeOid === OID.messageDigest) out.messageDigest = octetsOf(value);
    if (typeOid === OID.contentType) out.contentType = oidOf(value);
    if (typeOid === OID.signingTime) out.hasSigningTime = true;
    if (typeOid === OID.signingCertificateV2) {
      out.signingCertificateV2 = children(children(value)[0] ?? seq([])).map((id) => {
        const parts = children(id);
        const hashAt = parts[0]?.type === 0x10 ? 1 : 0; // an explicit hashAlgorithm comes first
        return octetsOf(parts[hashAt]) ?? Buffer.alloc(0);
      });
    }
  }
  // the signer's certificate: the one whose issuer and serial the SignerInfo names
  const sidDer = sid ? toDer(sid) : Buffer.alloc(0);
  const certDer = certs.find((c) => {
    const { issuer, serial } = issuerAndSerial(c);
    return toDer(seq([issuer, serial])).equals(sidDer);
  });
  if (!certDer) {
    problems.push('the signature does not carry the certificate of its signer');
    return out;
  }
  out.certificateDer = certDer;
  out.certificate = new X509Certificate(certDer);
  if (!signature) problems.push('the signature value is missing');
  else {
    const signedBytes = toDer(set(children(attrsNode)));
    try {
      out.signatureValid = verify('sha256', signedBytes, out.certificate.publicKey, signature);
    } catch (e) {
      problems.push(`the signature cannot be checked: ${(e as Error).message}`);
    }
  }
  return out;
}
