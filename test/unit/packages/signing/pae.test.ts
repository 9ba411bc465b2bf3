import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pae } from '../../../../src/packages/signing/pae.ts';

test('PAE matches the test vector of the DSSE protocol (v1.0.2, "Test Vectors")', () => {
  const got = Buffer.from(pae('http://example.com/HelloWorld', Buffer.from('hello world'))).toString('latin1');
  assert.equal(got, 'DSSEv1 29 http://example.com/HelloWorld 11 hello world');
});

test('PAE counts bytes, not characters', () => {
  // "é" is two bytes in UTF-8, "€" three
  const got = Buffer.from(pae('t/é', Buffer.from('€', 'utf8')));
  assert.deepEqual(got, Buffer.concat([Buffer.from('DSSEv1 4 t/'), Buffer.from('é'), Buffer.from(' 3 '), Buffer.from('€')]));
});
