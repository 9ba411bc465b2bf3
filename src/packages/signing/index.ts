export { checkSignature } from './check-signature.ts';
export { signPackage, type SignResult } from './sign-package.ts';
export { createKeyFiles, type KeyFiles } from './write-keys.ts';
export { readTrustedKeys, type TrustedKey } from './trusted-keys.ts';
export { KEY_ALGORITHMS, type KeyAlgorithm, keyIdOf } from './keys.ts';
export { pae } from './pae.ts';
export { PAYLOAD_TYPE, PREDICATE_TYPE, STATEMENT_TYPE } from './statement.ts';
