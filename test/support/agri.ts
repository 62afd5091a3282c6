/** People and post bodies of the agricultural supply and demand suites (issue 14), on the catalog suites' stack. */
import { randomInt, randomUUID } from 'node:crypto';
import { routes, shanghaiDate, type ApiClient } from '@cc/shared';
import { pngOf } from './images';
import { raw } from './stack';
import { admin, seed, seller, stack } from './catalog';

export const JINGSHAN = { lat: 30.3969, lng: 119.7814 };
export const BAISHA = { lat: 30.3589, lng: 119.5521 };
export const YILE = { lat: 30.2856, lng: 120.1217 };

export type Person = { client: ApiClient; user_id: string; token: string };

/** A day from today (Asia/Shanghai), YYYY-MM-DD. */
export const day = (offset: number) => shanghaiDate(new Date(Date.now() + offset * 86_400_000));

/** A farmer of 径山村 with the farmer role; real-name verified through a merchant record unless said otherwise. */
export async function farmer(
  opts: { verified?: boolean; community?: 'jingshan' | 'baisha'; kind?: 'farmer' | 'coop' } = {},
): Promise<Person> {
  const community_id = seed.communities[opts.community ?? 'jingshan'];
  const s = await seller({ verified: opts.verified ?? true, community_id, kind: opts.kind ?? 'farmer' });
  await admin.call(routes.grantRole, { params: { user_id: s.user_id }, body: { role: 'farmer', community_id } });
  return { client: s.client, user_id: s.user_id, token: s.token };
}

/** A buyer (canteen) of 益乐社区; verified through a merchant record of kind store unless said otherwise. */
export async function buyer(opts: { verified?: boolean; merchant?: boolean } = {}): Promise<Person> {
  const community_id = seed.communities.wenxin;
  if (opts.merchant === false) {
    const p = await stack.login(`buyer-${randomUUID().slice(0, 12)}`);
    await admin.call(routes.grantRole, { params: { user_id: p.user_id }, body: { role: 'buyer', community_id } });
    return { client: p.client, user_id: p.user_id, token: p.token };
  }
  const s = await seller({ verified: opts.verified ?? true, community_id, kind: 'store' });
  await admin.call(routes.grantRole, { params: { user_id: s.user_id }, body: { role: 'buyer', community_id } });
  return { client: s.client, user_id: s.user_id, token: s.token };
}

/** A photo of its own colour (a distinct sha256), uploaded by `client`. */
export async function photo(client: ApiClient, rgb?: [number, number, number]): Promise<string> {
  const colour = rgb ?? [randomInt(256), randomInt(256), randomInt(256)];
  return (await client.call(routes.createUpload, { file: { bytes: pngOf(colour, 2, 2), content_type: 'image/png' } })).id;
}

export function supplyBody(over: Record<string, unknown> = {}) {
  return {
    category: 'vegetable',
    variety: '青菜',
    quantity: 200,
    unit: '斤',
    unit_price_fen: 250,
    available_from: day(0),
    available_to: day(20),
    origin: { village: '径山村', township: '径山镇', community_id: seed.communities.jingshan, location: JINGSHAN },
    ...over,
  } as never;
}

export function purchaseBody(over: Record<string, unknown> = {}) {
  return {
    category: 'vegetable',
    variety: '青菜',
    quantity: 100,
    unit: '斤',
    unit_price_min_fen: 200,
    unit_price_max_fen: 300,
    delivery: { place: '益乐社区食堂', community_id: seed.communities.wenxin, location: YILE },
    needed_from: day(1),
    needed_to: day(30),
    frequency: 'weekly',
    notes: '每周一早上七点前送到食堂后门，要当天采摘的',
    ...over,
  } as never;
}

/** The stored posts of a person (what a refused request must not have written). */
export async function storedPosts(user_id: string) {
  return stack.api.conn.collection('agri_posts').find({ owner_user_id: user_id }).toArray();
}

/** A request as a client that skips the contract's own checks would send it (the typed client refuses bad bodies). */
export async function sent(who: Person, method: string, path: string, body: unknown) {
  const r = await raw(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: r.status,
    code: r.body?.code as string | undefined,
    errors: (r.body?.errors ?? []) as { path: string; message: string }[],
  };
}
