/**
 * The static server of the start command (tools/serve-static.ts), issue 12 item 14: scripts and styles travel
 * gzip-compressed to a browser that accepts it, hashed bundles are cached for a year and index.html never, and the
 * router's real paths fall back to index.html.
 */
import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import test from 'ava';
import { serveStatic, type StaticServer } from '@cc/tools/serve-static';

let dir: string;
let web: StaticServer;
// A bundle the size and shape of real minified code: repetitive text, which gzip shrinks several times.
const bundle = Array.from({ length: 4000 }, (_, i) => `function f${i}(a){return a+${i}}`).join(';');

test.before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cc-static-'));
  await mkdir(path.join(dir, 'js'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="app"></div>');
  await writeFile(path.join(dir, 'js', 'app.3f9a1c.js'), bundle);
  web = await serveStatic({ root: dir, port: 0, runtimeConfig: { apiBaseUrl: 'http://api.test' } });
});
test.after.always(async () => {
  await web?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw GET (no automatic decompression), as a browser sends it. */
function fetchRaw(urlPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    get(`${web.url}${urlPath}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).once('error', reject);
  });
}

test('a bundle is sent gzip-compressed to a browser that accepts it, and cached for a year', async (t) => {
  const res = await fetchRaw('/js/app.3f9a1c.js', { 'accept-encoding': 'gzip, deflate, br' });
  t.is(res.status, 200);
  t.is(res.headers['content-encoding'], 'gzip');
  t.is(gunzipSync(res.body).toString('utf8'), bundle);
  t.true(res.body.length * 3 < Buffer.byteLength(bundle), `${res.body.length} bytes for ${Buffer.byteLength(bundle)}`);
  t.is(res.headers['cache-control'], 'public, max-age=31536000, immutable');
  t.regex(String(res.headers.vary), /accept-encoding/i);
});

test('a client that does not accept gzip gets the bundle as it is', async (t) => {
  const res = await fetchRaw('/js/app.3f9a1c.js', { 'accept-encoding': 'identity' });
  t.is(res.headers['content-encoding'], undefined);
  t.is(res.body.toString('utf8'), bundle);
});

test('index.html is never cached, and a page of the router falls back to it', async (t) => {
  const res = await fetchRaw('/pages/shop/index', { 'accept-encoding': 'gzip' });
  t.is(res.status, 200);
  t.is(res.headers['cache-control'], 'no-cache');
  t.regex(res.body.toString('utf8'), /id="app"/); // below the compression threshold: sent as it is
  t.is((await fetchRaw('/js/missing.js')).status, 404);
});
