/**
 * The citizen-card gateway client against the local gateway simulator, over real HTTP on loopback. A tiny fake
 * gateway in this file serves what the simulator never would: forged signatures, bad trailers, 5xx.
 */
import test from 'ava';
import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { shanghaiDate } from '@cc/shared';
import { DEMO_CARDS, luhnValid, startCitizenCardGateway, type CitizenCardGateway } from '@cc/tools/simulators/citizen-card';
import { AppError } from '../../packages/api/src/platform/problem';
import { createCardGatewayClient, type CardGatewayClient, type CardTxnRow } from '../../packages/api/src/wallet/card-gateway';

const PARTNER_ID = 'p_test_platform';
const PARTNER_KEY = 'card-gateway-test-key-not-real';

let gateway: CitizenCardGateway;
let client: CardGatewayClient;

test.before(async () => {
  gateway = await startCitizenCardGateway({ partnerId: PARTNER_ID, partnerKey: PARTNER_KEY });
  client = createCardGatewayClient({ baseUrl: gateway.url, partnerId: PARTNER_ID, partnerKey: PARTNER_KEY });
});
test.after.always(() => gateway?.close());

const card = (holder: string, n = 0) => DEMO_CARDS.filter((c) => c.holder_name === holder)[n] as (typeof DEMO_CARDS)[number];

/** A fresh valid card number, so a test that changes a card's state shares it with no other test. */
function newCardNumber(): string {
  const body = `886033010${String(randomBytes(4).readUInt32BE()).padStart(9, '0').slice(0, 9)}`;
  return [...'0123456789'].map((d) => body + d).find(luhnValid) as string;
}

/** A past Shanghai day no other test uses (nor the day after it), so settlement files do not mix. */
let dayCounter = 0;
function pastDay(): string {
  dayCounter += 1;
  return shanghaiDate(new Date(Date.UTC(2024, 0, 1) + 2 * dayCounter * 86_400_000));
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}
const codeOf = async (promise: Promise<unknown>) => {
  const err = await failure(promise);
  return { status: err.status, code: err.code };
};

/** A signed raw request, built here independently of the client, so the simulator's checks are tested on their own. */
function signedHeaders(method: string, path: string, body: string, over: { key?: string; timestamp?: number; nonce?: string } = {}) {
  const timestamp = String(over.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = over.nonce ?? randomBytes(12).toString('hex');
  const signature = createHmac('sha256', over.key ?? PARTNER_KEY)
    .update(`${method}\n${path}\n${timestamp}\n${nonce}\n${body}`)
    .digest('hex');
  return {
    'Content-Type': 'application/json',
    'X-Partner-Id': PARTNER_ID,
    'X-Timestamp': timestamp,
    'X-Nonce': nonce,
    'X-Signature': signature,
  };
}

function responseSignatureOk(res: Response, body: string): boolean {
  const ts = res.headers.get('x-timestamp');
  const nonce = res.headers.get('x-nonce');
  const expected = createHmac('sha256', PARTNER_KEY).update(`${ts}\n${nonce}\n${body}`).digest('hex');
  return ts !== null && nonce !== null && res.headers.get('x-signature') === expected;
}

/** A stand-in gateway whose every answer the test decides; signs with `key` unless told otherwise. */
async function fakeGateway(answer: (n: number) => { status: number; body: string; sign?: 'ok' | 'forged' | 'none'; key?: string }) {
  const nonces: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      nonces.push(String(req.headers['x-nonce']));
      const a = answer(nonces.length);
      const ts = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(8).toString('hex');
      const mac = createHmac('sha256', a.key ?? PARTNER_KEY)
        .update(`${ts}\n${nonce}\n${a.body}`)
        .digest('hex');
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (a.sign !== 'none')
        Object.assign(headers, {
          'X-Timestamp': ts,
          'X-Nonce': nonce,
          'X-Signature': a.sign === 'forged' ? mac.replace(/^./, (c) => (c === '0' ? '1' : '0')) : mac,
        });
      res.writeHead(a.status, headers).end(a.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    client: createCardGatewayClient({ baseUrl: url, partnerId: PARTNER_ID, partnerKey: PARTNER_KEY }),
    /** The X-Nonce of every request received so far. */
    nonces: () => [...nonces],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const validReply = JSON.stringify({ status: 'active', holder_name_matches: true, card_type: 'senior' });

// ---- demo cards ----------------------------------------------------------------------------------------------------

test('the demo cards are 19 digits with a valid Luhn check digit, one each plus a spare for 王秀英', (t) => {
  for (const c of DEMO_CARDS) {
    t.regex(c.card_number, /^\d{19}$/);
    t.true(luhnValid(c.card_number), c.holder_name);
  }
  t.false(luhnValid('8860330102047283158'));
  t.is(new Set(DEMO_CARDS.map((c) => c.card_number)).size, DEMO_CARDS.length);
  t.deepEqual(
    DEMO_CARDS.map((c) => `${c.holder_name}:${c.card_type}:${c.status}`),
    [
      '王秀英:senior:active',
      '刘德明:senior:active',
      '陈建国:standard:active',
      '李明:standard:active',
      '张桂兰:senior:frozen',
      '王秀英:senior:active',
    ],
  );
});

// ---- validateCard --------------------------------------------------------------------------------------------------

test('a valid card with its holder: active, name matches, card type', async (t) => {
  t.deepEqual(await client.validateCard({ card_number: card('王秀英').card_number, holder_name: '王秀英' }), {
    status: 'active',
    holder_name_matches: true,
    card_type: 'senior',
  });
  t.deepEqual(await client.validateCard({ card_number: card('陈建国').card_number, holder_name: ' 陈建国 ' }), {
    status: 'active',
    holder_name_matches: true,
    card_type: 'standard',
  });
  // The reissue card is a separate, active card of the same person.
  t.is((await client.validateCard({ card_number: card('王秀英', 1).card_number, holder_name: '王秀英' })).status, 'active');
});

test('a wrong holder name is reported as not matching, not as an error', async (t) => {
  const res = await client.validateCard({ card_number: card('刘德明').card_number, holder_name: '刘德民' });
  t.false(res.holder_name_matches);
  t.is(res.status, 'active');
});

test('a frozen card is reported frozen', async (t) => {
  const res = await client.validateCard({ card_number: card('张桂兰').card_number, holder_name: '张桂兰' });
  t.deepEqual(res, { status: 'frozen', holder_name_matches: true, card_type: 'senior' });
});

test('an unknown card is card_unknown, and no error text carries the card number', async (t) => {
  const unknown = newCardNumber();
  const err = await failure(client.validateCard({ card_number: unknown, holder_name: '王秀英' }));
  t.is(err.status, 404);
  t.is(err.code, 'card_unknown');
  t.false(JSON.stringify({ m: err.message, t: err.title, e: err.extra }).includes(unknown.slice(0, 8)));
});

test('a mistyped card number (Luhn) or a missing name is refused before anything is sent', async (t) => {
  const good = card('李明').card_number;
  const typo = `${good.slice(0, 18)}${(Number(good[18]) + 1) % 10}`;
  t.deepEqual(await codeOf(client.validateCard({ card_number: typo, holder_name: '李明' })), { status: 400, code: 'card_number_invalid' });
  t.deepEqual(await codeOf(client.validateCard({ card_number: good, holder_name: '  ' })), { status: 400, code: 'validation_failed' });
});

// ---- signatures ----------------------------------------------------------------------------------------------------

test('a client with the wrong key is refused by the gateway: card_gateway_auth_failed', async (t) => {
  const wrong = createCardGatewayClient({ baseUrl: gateway.url, partnerId: PARTNER_ID, partnerKey: 'not-the-key' });
  t.deepEqual(await codeOf(wrong.validateCard({ card_number: card('李明').card_number, holder_name: '李明' })), {
    status: 502,
    code: 'card_gateway_auth_failed',
  });
  const stranger = createCardGatewayClient({ baseUrl: gateway.url, partnerId: 'p_unknown', partnerKey: PARTNER_KEY });
  t.deepEqual(await codeOf(stranger.settlementFile(pastDay())), { status: 502, code: 'card_gateway_auth_failed' });
});

test('the gateway refuses a replayed nonce, a stale timestamp and a missing or wrong signature', async (t) => {
  const path = '/v1/cards/validate';
  const body = JSON.stringify({ card_number: card('李明').card_number, holder_name: '李明' });
  const post = (headers: Record<string, string>) => fetch(`${gateway.url}${path}`, { method: 'POST', headers, body });
  const codeIn = async (res: Response) => ((await res.json()) as { code: string }).code;

  const headers = signedHeaders('POST', path, body);
  const first = await post(headers);
  const firstBody = await first.text();
  t.is(first.status, 200);
  t.true(responseSignatureOk(first, firstBody));

  const replay = await post(headers);
  const replayBody = await replay.text();
  t.is(replay.status, 401);
  t.is((JSON.parse(replayBody) as { code: string }).code, 'NONCE_REPLAYED');
  t.true(responseSignatureOk(replay, replayBody), 'errors are signed too');

  const stale = await post(signedHeaders('POST', path, body, { timestamp: Math.floor(Date.now() / 1000) - 301 }));
  t.is(stale.status, 401);
  t.is(await codeIn(stale), 'TIMESTAMP_EXPIRED');

  const wrongKey = await post(signedHeaders('POST', path, body, { key: 'not-the-key' }));
  t.is(wrongKey.status, 401);
  t.is(await codeIn(wrongKey), 'SIGN_INVALID');

  const { 'X-Signature': _dropped, ...unsigned } = signedHeaders('POST', path, body);
  const missing = await post(unsigned);
  t.is(missing.status, 401);
  t.is(await codeIn(missing), 'SIGN_INVALID');

  // The signature covers the body: the same headers over another body fail.
  const tampered = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: signedHeaders('POST', path, body),
    body: body.replace('李明', '王秀英'),
  });
  t.is(await codeIn(tampered), 'SIGN_INVALID');
});

test('the client refuses a success whose signature is forged, missing or made with another key', async (t) => {
  for (const variant of [{ sign: 'forged' as const }, { sign: 'none' as const }, { key: 'someone-else' }]) {
    const fake = await fakeGateway(() => ({ status: 200, body: validReply, ...variant }));
    try {
      t.deepEqual(await codeOf(fake.client.validateCard({ card_number: card('王秀英').card_number, holder_name: '王秀英' })), {
        status: 502,
        code: 'card_gateway_signature_invalid',
      });
    } finally {
      await fake.close();
    }
  }
});

test('an unsigned refusal other than an auth failure is not trusted for its code', async (t) => {
  const fake = await fakeGateway(() => ({ status: 404, body: JSON.stringify({ code: 'CARD_NOT_FOUND', message: 'x' }), sign: 'none' }));
  try {
    t.deepEqual(await codeOf(fake.client.validateCard({ card_number: card('王秀英').card_number, holder_name: '王秀英' })), {
      status: 502,
      code: 'card_gateway_signature_invalid',
    });
  } finally {
    await fake.close();
  }
});

// ---- report lost ---------------------------------------------------------------------------------------------------

test('reporting a card lost freezes it; again is harmless; a cancelled card cannot be reported', async (t) => {
  const card_number = newCardNumber();
  gateway.addCard({ card_number, holder_name: '王秀英', card_type: 'senior' });
  t.is((await client.validateCard({ card_number, holder_name: '王秀英' })).status, 'active');
  t.deepEqual(await client.reportLost(card_number), { status: 'frozen' });
  t.is((await client.validateCard({ card_number, holder_name: '王秀英' })).status, 'frozen');
  t.deepEqual(await client.reportLost(card_number), { status: 'frozen' });

  gateway.setStatus(card_number, 'cancelled');
  t.deepEqual(await codeOf(client.reportLost(card_number)), { status: 409, code: 'card_cancelled' });
  t.deepEqual(await codeOf(client.reportLost(newCardNumber())), { status: 404, code: 'card_unknown' });
});

// ---- settlement ----------------------------------------------------------------------------------------------------

const row = (over: Partial<CardTxnRow> & { txn_id: string }): CardTxnRow => ({
  card_last4: '3159',
  kind: 'payment',
  amount_fen: 100,
  occurred_at: new Date(Date.UTC(2024, 0, 1)).toISOString(),
  ...over,
});
/** An instant at Shanghai wall-clock time hh:mm on that day. */
const at = (day: string, hhmm: string) => new Date(Date.parse(`${day}T${hhmm}:00+08:00`)).toISOString();
const txnId = (label: string) => `trf_${label}_${randomBytes(4).toString('hex')}`;

test('settlement round trip: reported rows come back in that day’s file with exact fen (0.10 + 0.20 = 30 fen)', async (t) => {
  const day = pastDay();
  const rows = [
    row({ txn_id: txnId('a'), amount_fen: 10, occurred_at: at(day, '09:15') }),
    row({ txn_id: txnId('b'), amount_fen: 20, kind: 'refund', card_last4: '1470', occurred_at: at(day, '10:30') }),
    row({ txn_id: txnId('c'), amount_fen: 23_456_789, kind: 'topup', occurred_at: at(day, '23:59') }),
  ];
  t.deepEqual(await client.reportTransactions(rows), { accepted: 3 });
  const file = await client.settlementFile(day);
  t.true(file.checksum_ok);
  t.deepEqual(file.rows, rows);
  t.is(file.rows[0]!.amount_fen + file.rows[1]!.amount_fen, 30);
  t.is(
    file.rows.reduce((s, r) => s + r.amount_fen, 0),
    10 + 20 + 23_456_789,
  );
});

test('the day of a transaction is its Asia/Shanghai date, not its UTC date', async (t) => {
  const day = pastDay();
  const next = shanghaiDate(new Date(Date.parse(`${day}T12:00:00+08:00`) + 86_400_000));
  // 00:30 in Shanghai is 16:30 UTC of the day before.
  const late = row({ txn_id: txnId('midnight'), amount_fen: 555, occurred_at: at(next, '00:30') });
  await client.reportTransactions([late]);
  t.false((await client.settlementFile(day)).rows.some((r) => r.txn_id === late.txn_id));
  t.deepEqual((await client.settlementFile(next)).rows, [late]);
});

test('re-reporting is a no-op; the same txn_id with another amount is card_txn_conflict and keeps nothing', async (t) => {
  const day = pastDay();
  const first = row({ txn_id: txnId('dup'), amount_fen: 1230, occurred_at: at(day, '08:00') });
  await client.reportTransactions([first]);
  t.deepEqual(await client.reportTransactions([first]), { accepted: 1 });
  const other = row({ txn_id: txnId('new'), amount_fen: 99, occurred_at: at(day, '08:05') });
  t.deepEqual(await codeOf(client.reportTransactions([other, { ...first, amount_fen: 1231 }])), { status: 409, code: 'card_txn_conflict' });
  t.deepEqual((await client.settlementFile(day)).rows, [first]);
});

test('bad rows are refused by the client with the field named, nothing sent', async (t) => {
  const day = pastDay();
  const err = await failure(
    client.reportTransactions([
      row({ txn_id: txnId('ok'), occurred_at: at(day, '09:00') }),
      row({ txn_id: txnId('float'), amount_fen: 12.3, occurred_at: at(day, '09:01') }),
    ]),
  );
  t.is(err.code, 'validation_failed');
  t.is(err.extra.errors?.[0]?.path, 'rows[1].amount_fen');
  t.deepEqual(await codeOf(client.reportTransactions([row({ txn_id: 'has,comma' })])), { status: 400, code: 'validation_failed' });
  t.deepEqual((await client.settlementFile(day)).rows, []);
});

test('an injected or dropped row makes the centre’s file differ from the report, with a consistent trailer', async (t) => {
  const day = pastDay();
  const kept = row({ txn_id: txnId('kept'), amount_fen: 1000, occurred_at: at(day, '11:00') });
  const lost = row({ txn_id: txnId('lost'), amount_fen: 250, occurred_at: at(day, '12:00') });
  await client.reportTransactions([kept, lost]);
  const extra = row({ txn_id: txnId('extra'), amount_fen: 77, kind: 'topup', occurred_at: at(day, '13:00') });
  gateway.injectSettlementRow(day, extra);
  gateway.dropSettlementRow(day, lost.txn_id);
  // A retried report does not bring a dropped row back.
  await client.reportTransactions([kept, lost]);
  const file = await client.settlementFile(day);
  t.deepEqual(file.rows, [kept, extra]);
  t.true(file.checksum_ok);
});

test('a day with no transactions has an empty file; today’s file is not ready; a bad date is refused', async (t) => {
  t.deepEqual(await client.settlementFile(pastDay()), { rows: [], checksum_ok: true });
  t.deepEqual(await codeOf(client.settlementFile(shanghaiDate(new Date()))), { status: 404, code: 'settlement_file_not_ready' });
  t.deepEqual(await codeOf(client.settlementFile('2025-02-30')), { status: 400, code: 'validation_failed' });
});

const HEADER = 'txn_id,card_last4,kind,amount_yuan,occurred_at';
const LINES = ['trf_1,3159,payment,0.10,2025-03-01T09:00:00+08:00', 'trf_2,1470,payment,0.20,2025-03-01T10:00:00+08:00'];

test('a signed settlement file parses to exact fen when its trailer matches', async (t) => {
  const fake = await fakeGateway(() => ({ status: 200, body: [HEADER, ...LINES, 'TOTAL,2,0.30', ''].join('\n') }));
  try {
    const file = await fake.client.settlementFile('2025-03-01');
    t.deepEqual(
      file.rows.map((r) => [r.amount_fen, r.occurred_at]),
      [
        [10, '2025-03-01T01:00:00.000Z'],
        [20, '2025-03-01T02:00:00.000Z'],
      ],
    );
  } finally {
    await fake.close();
  }
});

for (const [name, csv] of [
  ['a trailer sum off by one fen', [HEADER, ...LINES, 'TOTAL,2,0.31']],
  ['a trailer count that does not match', [HEADER, ...LINES, 'TOTAL,3,0.30']],
  ['no trailer', [HEADER, ...LINES]],
  ['an amount without two decimals', [HEADER, LINES[0], 'trf_2,1470,payment,0.2,2025-03-01T10:00:00+08:00', 'TOTAL,2,0.30']],
  ['a duplicated transaction', [HEADER, LINES[0], LINES[0], 'TOTAL,2,0.20']],
] as const) {
  test(`a settlement file with ${name} is settlement_file_invalid`, async (t) => {
    const fake = await fakeGateway(() => ({ status: 200, body: csv.join('\n') }));
    try {
      t.deepEqual(await codeOf(fake.client.settlementFile('2025-03-01')), { status: 502, code: 'settlement_file_invalid' });
    } finally {
      await fake.close();
    }
  });
}

// ---- availability --------------------------------------------------------------------------------------------------

test('a gateway that is down is card_gateway_unavailable', async (t) => {
  const gone = await startCitizenCardGateway({ partnerId: PARTNER_ID, partnerKey: PARTNER_KEY });
  await gone.close();
  const down = createCardGatewayClient({ baseUrl: gone.url, partnerId: PARTNER_ID, partnerKey: PARTNER_KEY });
  t.deepEqual(await codeOf(down.validateCard({ card_number: card('李明').card_number, holder_name: '李明' })), {
    status: 503,
    code: 'card_gateway_unavailable',
  });
});

test('one 5xx is retried with a new nonce; two are card_gateway_unavailable', async (t) => {
  const flaky = await fakeGateway((n) => (n === 1 ? { status: 502, body: '{"code":"SYSTEM_ERROR"}' } : { status: 200, body: validReply }));
  const broken = await fakeGateway(() => ({ status: 500, body: '{"code":"SYSTEM_ERROR"}' }));
  try {
    const input = { card_number: card('王秀英').card_number, holder_name: '王秀英' };
    t.is((await flaky.client.validateCard(input)).status, 'active');
    const [first, second] = flaky.nonces();
    t.truthy(first);
    t.not(first, second, 'the gateway may have kept the first nonce, so the retry needs a new one');
    t.deepEqual(await codeOf(broken.client.validateCard(input)), { status: 503, code: 'card_gateway_unavailable' });
    t.is(broken.nonces().length, 2, 'retried exactly once');
  } finally {
    await flaky.close();
    await broken.close();
  }
});
