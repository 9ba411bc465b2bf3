import forge from 'node-forge';

/** Small DER building and reading helpers over node-forge's ASN.1 codec (which works on binary strings). */
export type Asn1 = forge.asn1.Asn1;
const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

export const bin = (b: Uint8Array): string => Buffer.from(b).toString('binary');
export const bytes = (s: string): Buffer => Buffer.from(s, 'binary');

export const seq = (items: Asn1[]): Asn1 => asn1.create(U, T.SEQUENCE, true, items);
export const set = (items: Asn1[]): Asn1 => asn1.create(U, T.SET, true, items);
export const oid = (o: string): Asn1 => asn1.create(U, T.OID, false, asn1.oidToDer(o).getBytes());
export const octets = (b: Uint8Array): Asn1 => asn1.create(U, T.OCTETSTRING, false, bin(b));
export const integer = (n: number): Asn1 => asn1.create(U, T.INTEGER, false, asn1.integerToDer(n).getBytes());
export const nul = (): Asn1 => asn1.create(U, T.NULL, false, '');
/** [n] EXPLICIT (constructed context tag around the items) or IMPLICIT over a constructed type's items. */
export const tagged = (n: number, items: Asn1[]): Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, true, items);

export const fromDer = (b: Uint8Array): Asn1 => asn1.fromDer(bin(b), true);

/** The length of the DER element at the start of `b` (header and content), or null when it is not one. */
export function tlvLength(b: Uint8Array): number | null {
  if (b.length < 2) return null;
  const first = b[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || b.length < 2 + n) return null;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return 2 + n + len;
}
export const toDer = (a: Asn1): Buffer => bytes(asn1.toDer(a).getBytes());

/** SET OF in DER: the elements sorted by their encodings (X.690 11.6). */
export function derSetOf(items: Asn1[]): Asn1 {
  const encoded = items.map((i) => ({ i, d: toDer(i) }));
  encoded.sort((a, b) => Buffer.compare(a.d, b.d));
  return set(encoded.map((e) => e.i));
}

export function children(a: Asn1): Asn1[] {
  return Array.isArray(a.value) ? (a.value as Asn1[]) : [];
}

export function oidOf(a: Asn1 | undefined): string | null {
  return a && a.type === T.OID && typeof a.value === 'string' ? asn1.derToOid(a.value) : null;
}

export function octetsOf(a: Asn1 | undefined): Buffer | null {
  if (!a || a.type !== T.OCTETSTRING) return null;
  if (typeof a.value === 'string') return bytes(a.value);
  return Buffer.concat(children(a).map((c) => octetsOf(c) ?? Buffer.alloc(0)));
}

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
} as const;
