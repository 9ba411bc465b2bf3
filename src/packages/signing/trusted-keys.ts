import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AssayError } from '../../api/errors.ts';
import { keyIdOf, loadPublicKey } from './keys.ts';

export interface TrustedKey {
  keyId: string;
  file: string;
}

/** Every public key (`*.pem` holding a PUBLIC KEY block) in a folder; private-key files there are skipped. */
export async function readTrustedKeys(dir: string): Promise<TrustedKey[]> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    names = (await readdir(dir)).sort();
  } catch {
    throw new AssayError('NOT_FOUND', `There is no folder of trusted keys at ${dir}. Give a folder holding the signers' .pub.pem files.`, { path: dir });
  }
  const keys: TrustedKey[] = [];
  for (const name of names.filter((n) => n.toLowerCase().endsWith('.pem'))) {
    const file = join(dir, name);
    const text = await readFile(file, 'utf8');
    if (!text.includes('-----BEGIN PUBLIC KEY-----')) continue;
    keys.push({ keyId: keyIdOf(loadPublicKey(text, `The trusted key ${file}`)), file });
  }
  if (keys.length === 0) {
    throw new AssayError('NOT_FOUND', `The folder ${dir} holds no public key (.pem with a "BEGIN PUBLIC KEY" block). Copy the signers' .pub.pem files into it.`, { path: dir });
  }
  return keys;
}
