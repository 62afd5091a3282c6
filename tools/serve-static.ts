/**
 * Serves a built H5 app (mini-program H5 or kiosk) the way a web server in front of it would:
 * static files, an index.html fallback for the router's real paths, and /runtime-config.js
 * generated from `runtimeConfig`, so one build runs against any API address (no ports baked in). Text assets are
 * gzip-compressed; hashed bundles are cached for a year, index.html never (docs/deployment.md has the nginx version).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Koa from 'koa';
import compress from 'koa-compress';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(opts: {
  root: string;
  port: number;
  host?: string;
  runtimeConfig: Record<string, string>;
}): Promise<StaticServer> {
  const root = path.resolve(opts.root);
  const host = opts.host ?? '127.0.0.1';
  const indexFile = path.join(root, 'index.html');
  await stat(indexFile); // fail early on a missing build
  // JSON is valid JS; `<` is escaped so no value can close a surrounding script tag.
  const runtimeJs = `window.__CC_CONFIG__ = ${JSON.stringify(opts.runtimeConfig).replace(/</g, '\\u003c')};\n`;

  async function fileAt(urlPath: string): Promise<string | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
    if (full !== root && !full.startsWith(root + path.sep)) return null; // outside the build
    try {
      const s = await stat(full);
      return s.isFile() ? full : null;
    } catch {
      return null;
    }
  }

  const app = new Koa();
  // Scripts and styles travel gzip-compressed (849 KB of JS is ≈ 245 KB); brotli's per-request cost is not worth it
  // here, and images are compressed already (koa-compress skips types that are not compressible).
  app.use(compress({ threshold: 1024, br: false }));
  app.use(async (ctx) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.status = 405;
      ctx.set('Allow', 'GET, HEAD');
      return;
    }
    if (ctx.path === '/runtime-config.js') {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = runtimeJs;
      return;
    }
    let file = await fileAt(ctx.path);
    if (!file) {
      // Asset-looking paths (with an extension) are real 404s; everything else is a page of the SPA.
      if (path.posix.extname(ctx.path)) {
        ctx.status = 404;
        return;
      }
      file = indexFile;
    }
    const ext = path.extname(file).toLowerCase();
    ctx.type = MIME[ext] ?? 'application/octet-stream';
    // index.html names the hashed bundles, so it must never be cached; the bundles may be.
    ctx.set('Cache-Control', ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
    ctx.length = (await stat(file)).size;
    if (ctx.method === 'HEAD') ctx.status = 200;
    else ctx.body = createReadStream(file);
  });

  const server = app.listen(opts.port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
