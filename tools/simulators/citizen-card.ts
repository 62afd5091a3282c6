/**
 * Local citizen-card (市民卡) centre gateway simulator: a real HTTP server that behaves like the centre's partner
 * gateway, for development and tests. Production configuration must refuse its URL.
 *
 * Signing (both directions, hex HMAC-SHA256 with the partner key):
 *   request headers   X-Partner-Id, X-Timestamp (unix seconds), X-Nonce (8–64 of [A-Za-z0-9_-]),
 *                     X-Signature = HMAC(key, METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY)   PATH includes any query string
 *   response headers  X-Timestamp, X-Nonce, X-Signature = HMAC(key, TIMESTAMP\nNONCE\nBODY)
 *   401 SIGN_INVALID (missing or wrong signature, unknown partner: then the reply is unsigned, there is no key),
 *   401 TIMESTAMP_EXPIRED (more than 5 minutes off), 401 NONCE_REPLAYED (nonce seen in the last 10 minutes).
 *
 * Endpoints (JSON in, JSON out; errors are `{ code, message }` with the HTTP status shown):
 *   POST /v1/cards/validate      {card_number, holder_name} → {status, holder_name_matches, card_type}
 *   POST /v1/cards/report-lost   {card_number} → {status: 'frozen'}; an already frozen card stays frozen
 *   POST /v1/transactions        {rows: [{txn_id, card_last4, kind, amount_fen, occurred_at}]} → {accepted}
 *                                at most 1000 rows; each row goes into the file of its Asia/Shanghai day;
 *                                the same txn_id again is a no-op, with other content 409 TXN_CONFLICT (whole batch)
 *   GET  /v1/settlement-files/YYYY-MM-DD → text/csv, produced once the Shanghai day is over:
 *                                txn_id,card_last4,kind,amount_yuan,occurred_at     (header)
 *                                trf_01…,0172,payment,12.30,2025-03-01T10:30:00+08:00
 *                                TOTAL,<count>,<sum yuan>                            (trailer)
 *   400 INVALID_PARAM | CARD_NUMBER_INVALID, 404 CARD_NOT_FOUND | FILE_NOT_READY | NOT_FOUND,
 *   409 CARD_CANCELLED | TXN_CONFLICT, 413 BODY_TOO_LARGE.
 *
 * Test helpers on the returned handle change the centre's records directly: addCard, setStatus, and
 * injectSettlementRow / dropSettlementRow to make the centre's file disagree with what the platform reported.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { fenToYuanString, isCalendarDate, luhnValid, shanghaiDate } from '@cc/shared';

export { luhnValid };

export type SimCardStatus = 'active' | 'frozen' | 'cancelled';
export type SimCardType = 'standard' | 'senior' | 'student';
export interface SimCard {
  card_number: string;
  holder_name: string;
  status?: SimCardStatus;
  card_type?: SimCardType;
}
export interface SimSettlementRow {
  txn_id: string;
  card_last4: string;
  kind: 'payment' | 'refund' | 'topup';
  amount_fen: number;
  /** ISO 8601 instant. */
  occurred_at: string;
}

/**
 * The demo people's cards. Layout: 8860 (issuer) 3301 (Hangzhou) 01 standard / 02 senior, a 10-digit serial and a
 * Luhn check digit. 王秀英's second card is the one a reissue hands out (active, holding no balance yet).
 */
export const DEMO_CARDS = [
  { card_number: '8860330102047283159', holder_name: '王秀英', status: 'active', card_type: 'senior' },
  { card_number: '8860330102035691470', holder_name: '刘德明', status: 'active', card_type: 'senior' },
  { card_number: '8860330101118465026', holder_name: '陈建国', status: 'active', card_type: 'standard' },
  { card_number: '8860330101073926046', holder_name: '李明', status: 'active', card_type: 'standard' },
  { card_number: '8860330102051829376', holder_name: '张桂兰', status: 'frozen', card_type: 'senior' },
  { card_number: '8860330102047283563', holder_name: '王秀英', status: 'active', card_type: 'senior' },
] as const satisfies readonly SimCard[];

const MAX_SKEW_S = 300;
/** Nonces are remembered for twice the skew window: a request older than that is refused by its timestamp anyway. */
const NONCE_MEMORY_MS = 2 * MAX_SKEW_S * 1000;
const BODY_LIMIT_BYTES = 1024 * 1024;
const MAX_ROWS_PER_REPORT = 1000;
const MAX_AMOUNT_FEN = 100_000_000;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

const isCardNumber = (v: unknown): v is string => typeof v === 'string' && /^\d{19}$/.test(v) && luhnValid(v);
/** Names as a clerk would compare them: same characters, ignoring width variants and stray spaces. */
const normaliseName = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');

/** The centre writes local Shanghai time with its offset. */
function shanghaiIso(ms: number): string {
  return `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** A row as the centre stores it, or the reason it is refused. */
function toRow(value: unknown): SimSettlementRow | string {
  if (typeof value !== 'object' || value === null) return 'row must be an object';
  const r = value as Record<string, unknown>;
  if (typeof r.txn_id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(r.txn_id)) return 'bad txn_id';
  if (typeof r.card_last4 !== 'string' || !/^\d{4}$/.test(r.card_last4)) return 'bad card_last4';
  if (r.kind !== 'payment' && r.kind !== 'refund' && r.kind !== 'topup') return 'bad kind';
  if (!Number.isSafeInteger(r.amount_fen) || (r.amount_fen as number) <= 0 || (r.amount_fen as number) > MAX_AMOUNT_FEN) {
    return 'bad amount_fen';
  }
  const ms = typeof r.occurred_at === 'string' ? Date.parse(r.occurred_at) : NaN;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(String(r.occurred_at)) || Number.isNaN(ms)) return 'bad occurred_at';
  return { txn_id: r.txn_id, card_last4: r.card_last4, kind: r.kind, amount_fen: r.amount_fen as number, occurred_at: shanghaiIso(ms) };
}

const sameRow = (a: SimSettlementRow, b: SimSettlementRow) =>
  a.card_last4 === b.card_last4 &&
  a.kind === b.kind &&
  a.amount_fen === b.amount_fen &&
  Date.parse(a.occurred_at) === Date.parse(b.occurred_at);

function settlementCsv(rows: SimSettlementRow[]): string {
  const sorted = [...rows].sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at) || a.txn_id.localeCompare(b.txn_id));
  const lines = sorted.map((r) => [r.txn_id, r.card_last4, r.kind, fenToYuanString(r.amount_fen), r.occurred_at].join(','));
  const sum_fen = rows.reduce((sum, r) => sum + r.amount_fen, 0);
  return ['txn_id,card_last4,kind,amount_yuan,occurred_at', ...lines, `TOTAL,${rows.length},${fenToYuanString(sum_fen)}`, ''].join('\n');
}

class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
type GatewayOptions = {
  partnerId: string;
  partnerKey: string;
  port?: number;
  host?: string;
  /** The centre's cards; DEMO_CARDS when not given. */
  cards?: readonly SimCard[];
};

/** What the centre holds. */
interface Centre {
  opts: GatewayOptions;
  cards: Map<string, Required<Omit<SimCard, 'card_number'>>>;
  /** What the platform reported, by txn_id: decides between a harmless repeat and a conflict. */
  reported: Map<string, SimSettlementRow>;
  /** What the centre will settle, by Shanghai day then txn_id; test helpers can make it differ from `reported`. */
  files: Map<string, Map<string, SimSettlementRow>>;
  /** nonce → when it may be forgotten; insertion order is time order, so expired ones are at the front. */
  nonces: Map<string, number>;
}

function addCard(c: Centre, card: SimCard): void {
  if (!isCardNumber(card.card_number)) throw new Error('simulator: a card number is 19 digits with a Luhn check digit');
  c.cards.set(card.card_number, {
    holder_name: card.holder_name,
    status: card.status ?? 'active',
    card_type: card.card_type ?? 'standard',
  });
}

function fileOf(c: Centre, date: string): Map<string, SimSettlementRow> {
  let file = c.files.get(date);
  if (!file) c.files.set(date, (file = new Map()));
  return file;
}

function sign(c: Centre, prefix: string, body: Buffer): string {
  return createHmac('sha256', c.opts.partnerKey).update(prefix).update(body).digest('hex');
}

function rememberNonce(c: Centre, nonce: string): boolean {
  const now = Date.now();
  for (const [n, forgetAt] of c.nonces) {
    if (forgetAt > now) break;
    c.nonces.delete(n);
  }
  if (c.nonces.has(nonce)) return false;
  c.nonces.set(nonce, now + NONCE_MEMORY_MS);
  return true;
}

/** Checks the request's signature, then its timestamp, then its nonce, as the centre does. */
function authenticate(c: Centre, ctx: Koa.Context, body: Buffer): void {
  const ts = ctx.get('x-timestamp');
  const nonce = ctx.get('x-nonce');
  const sig = ctx.get('x-signature').toLowerCase();
  if (ctx.get('x-partner-id') !== c.opts.partnerId) throw new GatewayError(401, 'SIGN_INVALID', 'unknown partner');
  if (!/^\d{1,12}$/.test(ts) || !/^[A-Za-z0-9_-]{8,64}$/.test(nonce) || !/^[0-9a-f]{64}$/.test(sig)) {
    throw new GatewayError(401, 'SIGN_INVALID', 'missing or malformed signature headers');
  }
  const expected = sign(c, `${ctx.method}\n${ctx.url}\n${ts}\n${nonce}\n`, body);
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(sig))) throw new GatewayError(401, 'SIGN_INVALID', 'signature mismatch');
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(ts)) > MAX_SKEW_S) {
    throw new GatewayError(401, 'TIMESTAMP_EXPIRED', 'timestamp out of range');
  }
  if (!rememberNonce(c, `${c.opts.partnerId}:${nonce}`)) throw new GatewayError(401, 'NONCE_REPLAYED', 'nonce already used');
}

async function readBody(ctx: Koa.Context): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES) throw new GatewayError(413, 'BODY_TOO_LARGE', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function jsonOf(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through to the refusal below
  }
  throw new GatewayError(400, 'INVALID_PARAM', 'body must be a JSON object');
}

function cardOf(c: Centre, card_number: unknown) {
  if (!isCardNumber(card_number)) throw new GatewayError(400, 'CARD_NUMBER_INVALID', 'card number malformed');
  const card = c.cards.get(card_number);
  if (!card) throw new GatewayError(404, 'CARD_NOT_FOUND', 'card not found');
  return card;
}

function validate(c: Centre, req: Record<string, unknown>) {
  const card = cardOf(c, req.card_number);
  if (typeof req.holder_name !== 'string' || req.holder_name.trim() === '')
    throw new GatewayError(400, 'INVALID_PARAM', 'holder_name required');
  return {
    status: card.status,
    holder_name_matches: normaliseName(req.holder_name) === normaliseName(card.holder_name),
    card_type: card.card_type,
  };
}

function reportLost(c: Centre, req: Record<string, unknown>) {
  const card = cardOf(c, req.card_number);
  if (card.status === 'cancelled') throw new GatewayError(409, 'CARD_CANCELLED', 'card cancelled');
  card.status = 'frozen';
  return { status: 'frozen' as const };
}

/** All rows are checked before any is kept, so a refused batch leaves nothing behind. */
function reportTransactions(c: Centre, req: Record<string, unknown>) {
  if (!Array.isArray(req.rows) || req.rows.length > MAX_ROWS_PER_REPORT) {
    throw new GatewayError(400, 'INVALID_PARAM', `rows must be an array of at most ${MAX_ROWS_PER_REPORT}`);
  }
  const rows = req.rows.map((value: unknown, i) => {
    const row = toRow(value);
    if (typeof row === 'string') throw new GatewayError(400, 'INVALID_PARAM', `rows[${i}]: ${row}`);
    const known = c.reported.get(row.txn_id);
    if (known && !sameRow(known, row)) throw new GatewayError(409, 'TXN_CONFLICT', `rows[${i}]: txn_id reported with other content`);
    return row;
  });
  for (const row of rows) {
    // A known txn_id is not put back: a row a test dropped from the file stays dropped when the platform retries.
    if (c.reported.has(row.txn_id)) continue;
    c.reported.set(row.txn_id, row);
    fileOf(c, shanghaiDate(new Date(row.occurred_at))).set(row.txn_id, row);
  }
  return { accepted: rows.length };
}

function settlementFile(c: Centre, date: string): string {
  if (!isCalendarDate(date)) throw new GatewayError(400, 'INVALID_PARAM', 'date must be YYYY-MM-DD');
  // The centre closes a business day at Shanghai midnight and only then produces its file.
  if (date >= shanghaiDate(new Date())) throw new GatewayError(404, 'FILE_NOT_READY', 'settlement file not produced yet');
  return settlementCsv([...(c.files.get(date)?.values() ?? [])]);
}

async function route(c: Centre, ctx: Koa.Context, body: Buffer): Promise<{ json: unknown } | { csv: string }> {
  const fileDate = /^\/v1\/settlement-files\/([^/]+)$/.exec(ctx.path)?.[1];
  if (ctx.method === 'GET' && fileDate) return { csv: settlementFile(c, fileDate) };
  if (ctx.method !== 'POST') throw new GatewayError(404, 'NOT_FOUND', 'no such endpoint');
  switch (ctx.path) {
    case '/v1/cards/validate':
      return { json: validate(c, jsonOf(body)) };
    case '/v1/cards/report-lost':
      return { json: reportLost(c, jsonOf(body)) };
    case '/v1/transactions':
      return { json: reportTransactions(c, jsonOf(body)) };
    default:
      throw new GatewayError(404, 'NOT_FOUND', 'no such endpoint');
  }
}

/** Every reply to a known partner is signed, errors included; an unknown partner gets an unsigned refusal. */
function reply(c: Centre, ctx: Koa.Context, status: number, payload: { json: unknown } | { csv: string }, signed: boolean): void {
  const isCsv = 'csv' in payload;
  const body = Buffer.from(isCsv ? payload.csv : JSON.stringify(payload.json), 'utf8');
  ctx.status = status;
  ctx.type = isCsv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
  if (signed) {
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    ctx.set({ 'X-Timestamp': ts, 'X-Nonce': nonce, 'X-Signature': sign(c, `${ts}\n${nonce}\n`, body) });
  }
  ctx.body = body;
}

export async function startCitizenCardGateway(opts: GatewayOptions) {
  const c: Centre = { opts, cards: new Map(), reported: new Map(), files: new Map(), nonces: new Map() };
  (opts.cards ?? DEMO_CARDS).forEach((card) => addCard(c, card));

  const app = new Koa();
  app.use(async (ctx) => {
    const knownPartner = ctx.get('x-partner-id') === opts.partnerId;
    try {
      const body = await readBody(ctx);
      authenticate(c, ctx, body);
      reply(c, ctx, 200, await route(c, ctx, body), true);
    } catch (err) {
      if (!(err instanceof GatewayError)) {
        reply(c, ctx, 500, { json: { code: 'SYSTEM_ERROR', message: 'internal error' } }, knownPartner);
        return;
      }
      reply(c, ctx, err.status, { json: { code: err.code, message: err.message } }, knownPartner);
    }
  });

  const server = app.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    addCard: (card: SimCard) => addCard(c, card),
    setStatus(card_number: string, status: SimCardStatus): void {
      const card = c.cards.get(card_number);
      if (!card) throw new Error('simulator: no such card');
      card.status = status;
    },
    /** Puts a row in the centre's file of that Shanghai day (replacing one with the same txn_id): a row the platform never reported, or a different amount. */
    injectSettlementRow(date: string, row: SimSettlementRow): void {
      const stored = toRow(row);
      if (!isCalendarDate(date) || typeof stored === 'string') throw new Error(`simulator: bad settlement row or date (${String(stored)})`);
      fileOf(c, date).set(stored.txn_id, stored);
    },
    /** Removes a row from the centre's file of that day, as if the centre never recorded it. */
    dropSettlementRow(date: string, txn_id: string): void {
      c.files.get(date)?.delete(txn_id);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
export type CitizenCardGateway = Awaited<ReturnType<typeof startCitizenCardGateway>>;
