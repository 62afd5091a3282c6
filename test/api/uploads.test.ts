/**
 * Photo uploads: decoded and encoded anew (bounded size, no metadata), served from an unguessable URL; only images
 * that decode as the declared JPEG/PNG/WebP are kept.
 */
import test from 'ava';
import { ApiError, routes } from '@cc/shared';
import { jpegWithMetadata, pngOf, TINY_JPEG } from '../support/images';
import { raw, startStack, type Stack } from '../support/stack';

let stack: Stack;
test.before(async () => {
  stack = await startStack({ UPLOAD_MAX_BYTES: '65536', UPLOADS_PER_USER_PER_HOUR: '30' });
});
test.after.always(() => stack?.stop());

async function problemOf(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err;
}

test('a PNG and a JPEG are stored re-encoded and served as stored, with their type and a long cache', async (t) => {
  const me = await stack.login('upload-owner');
  for (const [bytes, content_type, magic] of [
    [pngOf([11, 110, 79]), 'image/png', [0x89, 0x50, 0x4e, 0x47]],
    [TINY_JPEG, 'image/jpeg', [0xff, 0xd8, 0xff]],
  ] as const) {
    const up = await me.client.call(routes.createUpload, { file: { bytes, content_type } });
    t.regex(up.id, /^upl_/);
    t.is(up.content_type, content_type);
    t.regex(up.url, /^\/files\/[0-9a-f]{32}$/);
    const res = await fetch(`${stack.apiUrl}${up.url}`);
    t.is(res.status, 200);
    t.is(res.headers.get('content-type'), content_type);
    t.regex(res.headers.get('cache-control') ?? '', /immutable/);
    const served = new Uint8Array(await res.arrayBuffer());
    t.is(served.length, up.size_bytes);
    t.deepEqual([...served.subarray(0, magic.length)], [...magic]);
  }
});

test('a JPEG header in front of something else is refused; nothing is stored', async (t) => {
  const me = await stack.login('upload-polyglot');
  const polyglot = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('<svg onload=alert(1)>')]);
  const err = await problemOf(me.client.call(routes.createUpload, { file: { bytes: polyglot, content_type: 'image/jpeg' } }));
  t.is(err.status, 400);
  t.is(err.code, 'upload_not_image');
  t.is(await stack.api.conn.collection('uploads').countDocuments({ owner_id: me.user_id }), 0);
});

test('metadata (EXIF GPS, comments) is stripped and big photos are bounded to 2048 px', async (t) => {
  const me = await stack.login('upload-farmer');
  const secret = 'GPS 30.2741N 120.1551E 径山村 陈建国家';
  const up = await me.client.call(routes.createUpload, { file: { bytes: jpegWithMetadata(secret), content_type: 'image/jpeg' } });
  const stored = Buffer.from(await (await fetch(`${stack.apiUrl}${up.url}`)).arrayBuffer());
  t.false(stored.includes(Buffer.from(secret, 'utf8')), 'the position is gone');
  t.false(stored.includes(Buffer.from('Exif\0\0', 'latin1')), 'no EXIF segment at all');
  const wide = await me.client.call(routes.createUpload, { file: { bytes: pngOf([200, 30, 30], 3000, 12), content_type: 'image/png' } });
  const png = Buffer.from(await (await fetch(`${stack.apiUrl}${wide.url}`)).arrayBuffer());
  t.is(png.readUInt32BE(16), 2048, 'width bounded');
  t.is(png.readUInt32BE(20), 8, 'aspect kept');
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
