/** Photos on convenience calls: the sender's own uploads only, shown on the call to everyone who may see it. */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { ApiError, routes } from '@cc/shared';
import { startStack, type Stack } from '../support/stack';
import { TINY_JPEG } from '../support/images';

let stack: Stack;
let seed: Awaited<ReturnType<Stack['seed']>>;
test.before(async () => {
  stack = await startStack();
  seed = await stack.seed();
});
test.after.always(() => stack?.stop());

// A minimal JPEG (SOI, JFIF APP0, EOI): enough for the type check, which reads the first bytes.
const jpeg = TINY_JPEG;

async function resident() {
  const person = await stack.login(`photo-${randomUUID().slice(0, 12)}`);
  await person.client.call(routes.updateMe, { body: { community_id: seed.communities.wenxin, address: '益乐新村 9 幢 3 单元 101' } });
  return person;
}

test('a call carries the resident’s photos; the operator sees them and they load', async (t) => {
  const me = await resident();
  const photo = await me.client.call(routes.createUpload, { file: { bytes: jpeg, content_type: 'image/jpeg' } });
  const call = await me.client.call(routes.createCall, {
    body: { service_code: 'other', description: '楼道灯坏了', photo_ids: [photo.id] } as never,
    idempotencyKey: `k-${randomUUID()}`,
  });
  t.deepEqual(call.photos, [{ id: photo.id, url: photo.url }]);
  const operator = (await stack.login('demo-operator-1')).client;
  const seen = await operator.call(routes.getCall, { params: { call_id: call.id } });
  t.is(seen.photos[0]?.url, photo.url);
  const file = await fetch(`${stack.apiUrl}${photo.url}`);
  t.is(file.status, 200);
  t.is((await file.arrayBuffer()).byteLength, photo.size_bytes);
});

test('someone else’s photo is refused with the field named, and no call is written', async (t) => {
  const me = await resident();
  const stranger = await resident();
  const theirs = await stranger.client.call(routes.createUpload, { file: { bytes: jpeg, content_type: 'image/jpeg' } });
  const before = await stack.api.conn.collection('calls').countDocuments({ requester_id: me.user_id });
  const err = await me.client
    .call(routes.createCall, {
      body: { service_code: 'other', description: '借用别人的照片', photo_ids: [theirs.id] } as never,
      idempotencyKey: `k-${randomUUID()}`,
    })
    .catch((e: unknown) => e);
  t.true(err instanceof ApiError);
  t.like((err as ApiError).problem, { status: 400, code: 'upload_unknown' });
  t.deepEqual(
    (err as ApiError).problem.errors?.map((e) => e.path),
    ['body.photo_ids.0'],
  );
  t.is(await stack.api.conn.collection('calls').countDocuments({ requester_id: me.user_id }), before);
});
