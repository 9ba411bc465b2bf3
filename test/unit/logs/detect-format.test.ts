import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssayError } from '../../../src/api/errors.ts';
import { detectFormat } from '../../../src/logs/index.ts';

const text = (s: string) => new TextEncoder().encode(s);

function refusedWith(path: string, head: Uint8Array, mentions: string[]): void {
  assert.throws(() => detectFormat(path, head), (e: unknown) => {
    assert.ok(e instanceof AssayError);
    assert.equal(e.code, 'LOG_INVALID');
    for (const m of mentions) assert.ok(e.message.includes(m), `"${e.message}" should name ${m}`);
    return true;
  });
}

test('the extension decides between the text formats', () => {
  for (const ext of ['csv', 'tsv', 'txt', 'CSV']) assert.equal(detectFormat(`/x/log.${ext}`, text('a,b\n1,2\n')), 'csv');
  for (const ext of ['json', 'ndjson', 'jsonl']) assert.equal(detectFormat(`/x/log.${ext}`, text('{"a":1}\n')), 'ndjson');
});

test('Parquet is recognised by its magic whatever the name', () => {
  const parquet = new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 1, 2, 0xff]);
  assert.equal(detectFormat('/x/log.parquet', parquet), 'parquet');
  assert.equal(detectFormat('/x/log.csv', parquet), 'parquet');
  assert.equal(detectFormat('/x/log', parquet), 'parquet');
});

test('without a known extension the content decides: an object per line is NDJSON, other text is CSV', () => {
  assert.equal(detectFormat('/x/export', text('\uFEFF  {"decision_id":"a"}\n')), 'ndjson');
  assert.equal(detectFormat('/x/export.log', text('decision_id,score\n')), 'csv');
});

test('an empty file, binary data and a .parquet without the magic are refused naming the file', () => {
  refusedWith('/x/empty.csv', new Uint8Array(0), ['empty.csv', 'empty']);
  refusedWith('/x/blob.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x1a]), ['blob.csv', 'binary']);
  refusedWith('/x/latin.csv', new Uint8Array([0x61, 0xe9, 0xff, 0xfe, 0x62]), ['latin.csv']);
  refusedWith('/x/fake.parquet', text('a,b\n'), ['fake.parquet', 'PAR1']);
});

test('a multi-byte character cut at the end of the sampled head is still text', () => {
  const bytes = text('id,name\n1,Zoë');
  assert.equal(detectFormat('/x/a.csv', bytes.subarray(0, bytes.length - 1)), 'csv');
});
