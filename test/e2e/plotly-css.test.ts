import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { test } from 'node:test';

/**
 * renderer/plotly.css must hold exactly the CSS rules the installed Plotly would inject as an inline <style> (which
 * the host's CSP refuses). ASSAY_WRITE_PLOTLY_CSS=1 rewrites the file from the installed bundle.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const CSS = resolve(ROOT, 'renderer', 'plotly.css');

export function plotlyCss(): string {
  const require = createRequire(import.meta.url);
  const bundle = readFileSync(require.resolve('plotly.js-dist-min'), 'utf8');
  const version = (JSON.parse(readFileSync(require.resolve('plotly.js-dist-min/package.json'), 'utf8')) as { version: string }).version;
  const start = bundle.indexOf('{"X,X div"');
  assert.ok(start > 0, "Plotly's CSS rules were not found in its bundle; look for addStyleRule in plotly.min.js");
  let depth = 0;
  let end = start;
  for (; end < bundle.length; end++) {
    if (bundle[end] === '{') depth++;
    else if (bundle[end] === '}' && --depth === 0) break;
  }
  // an object literal of string constants in the installed dependency's own code; evaluated here, in the test only
  const rules = new Function(`return ${bundle.slice(start, end + 1)}`)() as Record<string, string>;
  let out = `/* Plotly ${version}'s own CSS rules, taken from its bundle (the rules it would otherwise inject as an inline <style>,
   which the host's CSP, style-src 'self', refuses). index.html holds the marker <meta id="plotly.js-style-global"
   class="no-inline-styles"> that tells Plotly not to inject them. Regenerate after a Plotly upgrade (ASSAY_WRITE_PLOTLY_CSS=1 npm run test:e2e; test/e2e/plotly-css.test.ts checks it). */\n`;
  for (const [k, v] of Object.entries(rules)) {
    out += `${k.replace(/^,/, ' ,').replace(/X/g, '.js-plotly-plot .plotly').replace(/Y/g, '.plotly-notifier')} {${v}}\n`;
  }
  return out;
}

test("renderer/plotly.css holds the installed Plotly's CSS rules", () => {
  const expected = plotlyCss();
  if (process.env.ASSAY_WRITE_PLOTLY_CSS === '1') writeFileSync(CSS, expected);
  assert.equal(readFileSync(CSS, 'utf8'), expected, 'renderer/plotly.css is stale: run ASSAY_WRITE_PLOTLY_CSS=1 npm run test:e2e');
});

test('index.html tells Plotly not to inject its CSS', () => {
  const html = readFileSync(resolve(ROOT, 'renderer', 'index.html'), 'utf8');
  assert.match(html, /<meta id="plotly\.js-style-global" class="no-inline-styles"/);
  assert.match(readFileSync(resolve(ROOT, 'renderer', 'styles.css'), 'utf8'), /@import '\.\/plotly\.css';/);
  // every other <style> the bundle would inject when no element of its id exists (MapLibre's CSS) has its marker
  const require = createRequire(import.meta.url);
  const bundle = readFileSync(require.resolve('plotly.js-dist-min'), 'utf8');
  const ids = [...bundle.matchAll(/getElementById\("([0-9a-f]{64})"\)\)\{var \w+=document\.createElement\("style"\)/g)].map((m) => m[1]!);
  assert.ok(ids.length >= 1, 'the MapLibre style injection was not found in the Plotly bundle; check for other createElement("style")');
  for (const id of ids) assert.ok(html.includes(`<meta id="${id}"`), `index.html lacks the marker <meta id="${id}">`);
});
