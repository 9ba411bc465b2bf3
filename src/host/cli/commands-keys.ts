import type { KeysCreateResult, PackageSignResult } from '../../api/contract.ts';
import { AssayError } from '../../api/errors.ts';
import type { Command } from './command.ts';
import { lines, table } from './format.ts';
import { passphraseFrom } from './passphrase.ts';
import { createTestP12 } from './commands-report.ts';

function algorithm(v: unknown): 'ed25519' | 'p256' | undefined {
  if (v === undefined) return undefined;
  if (v === 'ed25519' || v === 'p256') return v;
  throw new AssayError('BAD_ARGUMENT', `--algorithm takes ed25519 or p256, not "${String(v)}".`);
}

export const keysCommands: Command[] = [
  {
    name: 'keys create',
    usage: 'assay keys create --out DIR [--algorithm ed25519|p256] --passphrase-env VAR | assay keys create --p12 --out DIR --password-env VAR [--cn NAME] [--days N]',
    summary: 'Make a signing key pair: DIR/<id>.key.pem (PKCS#8, encrypted with the passphrase) and DIR/<id>.pub.pem; prints the key id.',
    positionals: [],
    options: { out: { type: 'string' }, algorithm: { type: 'string' }, 'passphrase-env': { type: 'string' }, p12: { type: 'boolean' }, 'password-env': { type: 'string' }, cn: { type: 'string' }, days: { type: 'string' } },
    optionHelp: {
      out: 'folder to write the two key files into (made if missing; existing key files are never overwritten)',
      algorithm: 'ed25519 (default) or p256 (ECDSA on NIST P-256)',
      'passphrase-env': 'name of the environment variable holding the passphrase (at least 8 characters)',
      p12: 'instead: a self-signed TEST certificate and RSA key for report signing, as DIR/report-signing-test.p12',
      'password-env': 'with --p12: name of the environment variable holding the PKCS#12 password',
      cn: 'with --p12: a name put before "TEST — self-signed" in the certificate',
      days: 'with --p12: days the certificate is valid (default 365)',
    },
    async run(inv) {
      if (inv.values.p12 === true) return createTestP12(inv);
      if (typeof inv.values.out !== 'string') throw new AssayError('BAD_ARGUMENT', 'keys create needs --out DIR, the folder for the key files.');
      const passphrase = passphraseFrom(inv.values, true, 'to encrypt the new private key')!;
      const r = (await inv.service(null).call('keys.create', { out: inv.values.out, algorithm: algorithm(inv.values.algorithm), passphrase }, inv.context)) as KeysCreateResult;
      return {
        result: r,
        text: lines(
          `Key ${r.keyId} (${r.algorithm})`,
          `  private key: ${r.privateKeyFile} (encrypted; keep it and its passphrase to yourself)`,
          `  public key:  ${r.publicKeyFile} (give it to whoever verifies your packages)`,
        ),
      };
    },
  },
  {
    name: 'package sign',
    usage: 'assay package sign PATH --key KEY [--passphrase-env VAR]',
    summary: 'Sign every file of an assay package (folder or zip) with a private key; writes signature.json into the package.',
    positionals: ['PATH'],
    options: { key: { type: 'string' }, 'passphrase-env': { type: 'string' } },
    optionHelp: {
      key: 'the private key file (.key.pem from "assay keys create")',
      'passphrase-env': 'name of the environment variable holding the key\'s passphrase',
    },
    async run(inv) {
      if (typeof inv.values.key !== 'string') throw new AssayError('BAD_ARGUMENT', 'package sign needs --key KEY, the private key file.');
      const passphrase = passphraseFrom(inv.values, false, 'to open the private key');
      const r = (await inv.service(null).call('package.sign', { path: inv.positionals[0]!, key: inv.values.key, passphrase }, inv.context)) as PackageSignResult;
      return {
        result: r,
        text: lines(
          `Signed ${r.path} with key ${r.keyId} (${r.algorithm})${r.replaced ? ', replacing its earlier signature' : ''}.`,
          `  signature: ${r.signatureFile}`,
          table(['file', 'sha256'], r.files.map((f) => [f.path, f.sha256])),
        ),
      };
    },
  },
];
