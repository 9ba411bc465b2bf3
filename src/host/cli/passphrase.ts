import { AssayError } from '../../api/errors.ts';
import type { Values } from './command.ts';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A passphrase never comes from the command line (shell history, process lists): `--passphrase-env VAR` names the
 * environment variable that holds it. Returns undefined when the flag is absent and `required` is false.
 */
export function passphraseFrom(values: Values, required: boolean, purpose: string): string | undefined {
  const name = values['passphrase-env'];
  if (name === undefined) {
    if (!required) return undefined;
    throw new AssayError('BAD_ARGUMENT', `A passphrase is needed ${purpose}; put it in an environment variable and name that variable with --passphrase-env VAR (passphrases are never taken on the command line).`);
  }
  if (typeof name !== 'string' || !ENV_NAME.test(name)) {
    throw new AssayError('BAD_ARGUMENT', `--passphrase-env takes the name of an environment variable (letters, digits, _), not "${String(name)}"; the passphrase itself goes in that variable.`);
  }
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new AssayError('BAD_ARGUMENT', `The environment variable ${name} (named by --passphrase-env) is ${value === undefined ? 'not set' : 'empty'}; set it to the passphrase ${purpose}.`, { variable: name });
  }
  return value;
}
