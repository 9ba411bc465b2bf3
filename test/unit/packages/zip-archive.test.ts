import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { loadPackage } from '../../../src/packages/index.ts';
import { readZip } from '../../../src/packages/source/zip-archive.ts';
import { assertFails } from './helpers/assert-error.ts';
import { packageContents, tempDir } from './helpers/package-dir.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Offset of the first central directory header. */
function centralOffset(zip: Uint8Array): number {
  return Buffer.from(zip).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
}

function contents(): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(packageContents()).map(([k, v]) => [k, typeof v === 'string' ? text(v) : v]));
}

describe('readZip', () => {
  it('reads entries into memory and leaves directories out', () => {
    const files = readZip(zipSync({ 'a.txt': text('A'), 'dir/': new Uint8Array(0), 'dir/b.txt': text('B') }), 'x.zip');
    assert.deepEqual([...files.keys()], ['a.txt', 'dir/b.txt']);
    assert.equal(new TextDecoder().decode(files.get('dir/b.txt')), 'B');
  });

  for (const name of ['../evil.txt', 'a/../../evil.txt', '/etc/passwd', 'C:/windows/evil.txt', 'dir\\evil.txt']) {
    it(`refuses the entry ${JSON.stringify(name)} with UNSAFE_PATH`, async () => {
      await assertFails(() => readZip(zipSync({ 'ok.txt': text('ok'), [name]: text('x') }), 'slip.zip'), 'UNSAFE_PATH', name, 'slip.zip');
    });
  }

  it('refuses a symbolic link entry', async () => {
    const zip = zipSync({ 'link': [text('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] });
    await assertFails(() => readZip(zip, 'links.zip'), 'UNSAFE_PATH', '"link"', 'symbolic link');
  });

  it('refuses a zip cut in half with ARCHIVE_CORRUPT', async () => {
    const zip = zipSync(contents());
    await assertFails(() => readZip(zip.subarray(0, zip.length >> 1), 'half.zip'), 'ARCHIVE_CORRUPT', 'half.zip', 'truncated');
  });

  it('refuses bytes that are no zip at all', async () => {
    await assertFails(() => readZip(text('hello'), 'hello.zip'), 'ARCHIVE_CORRUPT', 'hello.zip');
  });

  it('refuses an entry declaring a huge size before inflating it (zip bomb)', async () => {
    const zip = zipSync({ 'bomb.bin': new Uint8Array(1 << 20) }, { level: 9 });
    const patched = new Uint8Array(zip);
    new DataView(patched.buffer).setUint32(centralOffset(patched) + 24, 0xfffffff0, true);
    await assertFails(() => readZip(patched, 'bomb.zip'), 'ARCHIVE_CORRUPT', 'bomb.zip', 'bomb.bin', '2.0 GiB');
  });

  it('enforces the total size limit on real, highly compressible data', async () => {
    const zip = zipSync({ 'a.bin': new Uint8Array(600_000), 'b.bin': new Uint8Array(600_000) }, { level: 9 });
    assert.ok(zip.length < 10_000);
    await assertFails(() => readZip(zip, 'big.zip', { maxEntries: 10, maxTotalBytes: 1_000_000 }), 'ARCHIVE_CORRUPT', 'b.bin', '976.6 KiB');
    assert.equal(readZip(zip, 'big.zip', { maxEntries: 10, maxTotalBytes: 2_000_000 }).size, 2);
  });

  it('enforces the entry count limit', async () => {
    const zip = zipSync(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, text('x')])));
    await assertFails(() => readZip(zip, 'many.zip', { maxEntries: 10, maxTotalBytes: 1e9 }), 'ARCHIVE_CORRUPT', '12 entries', '10');
  });

  it('refuses an entry whose contents do not match its recorded size and checksum', async () => {
    const zip = new Uint8Array(zipSync({ 'a.bin': new Uint8Array(1000).fill(7) }));
    new DataView(zip.buffer).setUint32(centralOffset(zip) + 24, 10, true);
    await assertFails(() => readZip(zip, 'lying.zip'), 'ARCHIVE_CORRUPT', 'a.bin', 'checksum');
  });

  it('refuses a zip holding the same path twice', async () => {
    const zip = Buffer.from(zipSync({ 'a.txt': text('one'), 'b.txt': text('two') }));
    let at = zip.indexOf('b.txt');
    while (at >= 0) {
      zip.write('a.txt', at);
      at = zip.indexOf('b.txt');
    }
    await assertFails(() => readZip(new Uint8Array(zip), 'dup.zip'), 'UNSAFE_PATH', '"a.txt" twice');
  });
});

describe('loadPackage on a zip', () => {
  it('loads a package zipped at its root, without writing it to disk', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'pkg.zip');
      writeFileSync(path, zipSync(contents()));
      const pkg = await loadPackage(path);
      assert.equal(pkg.sourceKind, 'assay-package-zip');
      assert.equal(pkg.ref, 'credit-logreg@1.0.0');
      assert.equal(pkg.sourcePath, path);
    } finally {
      cleanup();
    }
  });

  it('accepts a zip whose single top-level folder holds assay-package.json', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const nested = Object.fromEntries(Object.entries(contents()).map(([k, v]) => [`credit-logreg/${k}`, v]));
      nested['__MACOSX/credit-logreg/._model.onnx'] = text('junk');
      const path = join(dir, 'pkg.zip');
      writeFileSync(path, zipSync(nested));
      const pkg = await loadPackage(path);
      assert.deepEqual(pkg.files.map((f) => f.path), ['MODEL_CARD.md', 'assay-package.json', 'model.onnx', 'reference.csv']);
      assert.deepEqual(pkg.warnings.filter((w) => w.includes('not listed')), []);
    } finally {
      cleanup();
    }
  });

  it('refuses a zip without a manifest, naming what it found', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'pkg.zip');
      writeFileSync(path, zipSync({ 'model.onnx': text('x'), 'notes.txt': text('y') }));
      await assertFails(() => loadPackage(path), 'PACKAGE_INVALID', 'assay-package.json', 'model.onnx', 'notes.txt');
    } finally {
      cleanup();
    }
  });

  it('refuses a truncated zip file with ARCHIVE_CORRUPT', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'pkg.zip');
      const zip = zipSync(contents());
      writeFileSync(path, zip.subarray(0, zip.length >> 1));
      await assertFails(() => loadPackage(path), 'ARCHIVE_CORRUPT', path);
    } finally {
      cleanup();
    }
  });
});
