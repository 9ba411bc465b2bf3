import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityFrom } from '../../../electron/main/launch-options.ts';

test('the desktop user is ASSAY_USER or the login name, the role ASSAY_ROLE or owner; an unknown role is refused', () => {
  assert.deepEqual(identityFrom({}, 'ana'), { user: 'ana', role: 'owner' });
  assert.deepEqual(identityFrom({ ASSAY_USER: 'demo', ASSAY_ROLE: 'regulator' }, 'ana'), { user: 'demo', role: 'regulator' });
  assert.throws(() => identityFrom({ ASSAY_ROLE: 'root' }, 'ana'), /ASSAY_ROLE must be one of/);
});
