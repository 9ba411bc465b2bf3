import type { CaseExportResult, CaseImportBundleResult } from '../../api/contract.ts';
import { AssayError } from '../../api/errors.ts';
import type { Command } from './command.ts';
import { fmt, lines } from './format.ts';
import { passphraseFrom } from './passphrase.ts';

function outOption(v: unknown, command: string, what: string): string {
  if (typeof v !== 'string') throw new AssayError('BAD_ARGUMENT', `${command} needs --out FILE, ${what}.`);
  return v;
}

export const bundleCommands: Command[] = [
  {
    name: 'case export',
    usage: 'assay case export CASE --out FILE --passphrase-env VAR',
    summary: 'Export the whole case encrypted with a passphrase (scrypt + AES-256-GCM in authenticated 64 KiB chunks).',
    positionals: ['CASE'],
    options: { out: { type: 'string' }, 'passphrase-env': { type: 'string' } },
    optionHelp: {
      out: 'the bundle file to write (must not exist)',
      'passphrase-env': 'name of the environment variable holding the passphrase (at least 8 characters)',
    },
    async run(inv) {
      const out = outOption(inv.values.out, 'case export', 'the bundle file to write');
      const passphrase = passphraseFrom(inv.values, true, 'to encrypt the bundle')!;
      if ([...passphrase].length < 8) throw new AssayError('BAD_ARGUMENT', 'The passphrase for the bundle is too short; use at least 8 characters.');
      const r = (await inv.service(inv.positionals[0]!).call('case.export', { out, passphrase }, inv.context)) as CaseExportResult;
      return {
        result: r,
        text: lines(
          `Exported ${fmt(r.caseBytes)} bytes of case into ${r.path} (${fmt(r.bytes)} bytes, ${r.chunks} chunks, bundle version ${r.bundleVersion}).`,
          `  case sha256:   ${r.caseSha256}`,
          `  bundle sha256: ${r.sha256}`,
          `  scrypt N=2^${r.scrypt.log2N}, r=${r.scrypt.r}, p=${r.scrypt.p}; AES-256-GCM`,
        ),
      };
    },
  },
  {
    name: 'case import-bundle',
    usage: 'assay case import-bundle FILE --out CASE --passphrase-env VAR',
    summary: 'Decrypt a case bundle into a new case file; a wrong passphrase or any changed byte is refused and nothing is written.',
    positionals: ['FILE'],
    options: { out: { type: 'string' }, 'passphrase-env': { type: 'string' } },
    optionHelp: {
      out: 'the case file to create (must not exist)',
      'passphrase-env': 'name of the environment variable holding the passphrase',
    },
    async run(inv) {
      const out = outOption(inv.values.out, 'case import-bundle', 'the case file to create');
      const passphrase = passphraseFrom(inv.values, true, 'to decrypt the bundle')!;
      const r = (await inv.service(null).call('case.importBundle', { path: inv.positionals[0]!, out, passphrase }, inv.context)) as CaseImportBundleResult;
      return {
        result: r,
        text: lines(
          `Imported case ${r.out} (id ${r.caseId}, schema ${r.schemaVersion}) from ${r.path}; every chunk authenticated.`,
          `  case sha256: ${r.caseSha256} (${fmt(r.caseBytes)} bytes)`,
        ),
      };
    },
  },
];
