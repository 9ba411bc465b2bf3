/**
 * DSSE's pre-authentication encoding (DSSE protocol v1.0.2, "Signature Definition"):
 * PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN = decimal byte length.
 */
export function pae(payloadType: string, body: Uint8Array): Uint8Array {
  const type = Buffer.from(payloadType, 'utf8');
  const head = Buffer.from(`DSSEv1 ${type.byteLength} `, 'utf8');
  const mid = Buffer.from(` ${body.byteLength} `, 'utf8');
  return Buffer.concat([head, type, mid, body]);
}
