/** Photo uploads: the bytes come back unchanged from an unguessable URL; only real JPEG/PNG/WebP of the declared type are kept. */
import { deflateSync } from 'node:zlib';
import test from 'ava';
import { ApiError, routes } from '@cc/shared';
import { raw, startStack, type Stack } from '../support/stack';

let stack: Stack;
test.before(async () => {
  stack = await startStack({ UPLOAD_MAX_BYTES: '65536', UPLOADS_PER_USER_PER_HOUR: '30' });
});
test.after.always(() => stack?.stop());

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
/** A real 1×1 PNG in the given colour. */
function pngOf(rgb: [number, number, number]): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.from([0, ...rgb]))),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}
const jpegHeader = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);

async function problemOf(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err;
}

test('a PNG and a JPEG come back byte for byte from their URLs, with their type and a long cache', async (t) => {
  const me = await stack.login('upload-owner');
  for (const [bytes, content_type] of [
    [pngOf([11, 110, 79]), 'image/png'],
    [jpegHeader, 'image/jpeg'],
  ] as const) {
    const up = await me.client.call(routes.createUpload, { file: { bytes, content_type } });
    t.regex(up.id, /^upl_/);
    t.is(up.content_type, content_type);
    t.is(up.size_bytes, bytes.length);
    t.regex(up.url, /^\/files\/[0-9a-f]{32}$/);
    const res = await fetch(`${stack.apiUrl}${up.url}`);
    t.is(res.status, 200);
    t.is(res.headers.get('content-type'), content_type);
    t.regex(res.headers.get('cache-control') ?? '', /immutable/);
    t.deepEqual(new Uint8Array(await res.arrayBuffer()), bytes);
  }
});

test('the declared type must be what the bytes are; unknown file URLs are 404', async (t) => {
  const me = await stack.login('upload-liar');
  const err = await problemOf(me.client.call(routes.createUpload, { file: { bytes: pngOf([1, 2, 3]), content_type: 'image/jpeg' } }));
  t.is(err.status, 400);
  t.is(err.code, 'upload_type_mismatch');
  t.is((await raw(`${stack.apiUrl}/files/${'0'.repeat(32)}`)).status, 404);
  t.is((await raw(`${stack.apiUrl}/files/..%2F..%2Fetc%2Fpasswd`)).status, 404);
  t.is(await stack.api.conn.collection('uploads').countDocuments({ owner_id: (await stack.login('upload-liar')).user_id }), 0);
});

test('anonymous uploads are refused; too many from one person get 429 with Retry-After', async (t) => {
  const res = await raw(`${stack.apiUrl}/api/v1/uploads`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: 'x' });
  t.is(res.status, 401);
  const me = await stack.login('upload-spammer');
  const results = await Promise.all(
    Array.from({ length: 40 }, () =>
      me.client.call(routes.createUpload, { file: { bytes: pngOf([9, 9, 9]), content_type: 'image/png' } }).then(
        () => 'ok',
        (e: ApiError) => e.code,
      ),
    ),
  );
  t.is(results.filter((r) => r === 'ok').length, 30);
  t.is(results.filter((r) => r === 'too_many_uploads').length, 10);
  t.is(await stack.api.conn.collection('uploads').countDocuments({ owner_id: me.user_id }), 30);
});

test('requireOwned accepts only the caller’s own uploads and names the bad ones', async (t) => {
  const a = await stack.login('upload-a');
  const b = await stack.login('upload-b');
  const mine = await a.client.call(routes.createUpload, { file: { bytes: pngOf([0, 0, 0]), content_type: 'image/png' } });
  const theirs = await b.client.call(routes.createUpload, { file: { bytes: pngOf([255, 0, 0]), content_type: 'image/png' } });
  const ok = await stack.api.uploads.service.requireOwned([mine.id], a.user_id, 'body.photo_ids');
  t.is(ok[0]?.id, mine.id);
  const err = await stack.api.uploads.service.requireOwned([mine.id, theirs.id], a.user_id, 'body.photo_ids').catch((e: unknown) => e);
  t.like(err, { status: 400, code: 'upload_unknown' });
  t.deepEqual(
    (err as { extra: { errors: { path: string }[] } }).extra.errors.map((e) => e.path),
    ['body.photo_ids.1'],
  );
});
