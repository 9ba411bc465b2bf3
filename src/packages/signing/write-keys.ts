import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AssayError } from '../../api/errors.ts';
import { generateKey, type KeyAlgorithm } from './keys.ts';

export interface KeyFiles {
  keyId: string;
  algorithm: KeyAlgorithm;
  privateKeyFile: string;
  publicKeyFile: string;
}

/** Makes a key pair and writes `<id16>.key.pem` (encrypted, mode 0600) and `<id16>.pub.pem` into a folder. */
export async function createKeyFiles(outDir: string, algorithm: KeyAlgorithm, passphrase: string): Promise<KeyFiles> {
  const key = generateKey(algorithm, passphrase);
  const dir = resolve(outDir);
  const stem = key.keyId.slice(0, 16);
  const privateKeyFile = join(dir, `${stem}.key.pem`);
  const publicKeyFile = join(dir, `${stem}.pub.pem`);
  for (const f of [privateKeyFile, publicKeyFile]) {
    if (existsSync(f)) throw new AssayError('ALREADY_EXISTS', `The file ${f} exists already; Assay never overwrites a key. Choose another folder.`, { path: f });
  }
  await mkdir(dir, { recursive: true });
  await writeFile(privateKeyFile, key.privatePem, { mode: 0o600, flag: 'wx' });
  await writeFile(publicKeyFile, key.publicPem, { mode: 0o644, flag: 'wx' });
  return { keyId: key.keyId, algorithm, privateKeyFile, publicKeyFile };
}
