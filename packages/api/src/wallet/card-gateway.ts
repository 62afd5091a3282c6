/**
 * Client of the city citizen-card (市民卡) centre's partner gateway: card validation, lost-card reports, the
 * platform's daily card transactions, and the centre's daily settlement file. The wire protocol and endpoints are
 * described at the top of tools/simulators/citizen-card.ts, the local simulator that stands in for the centre.
 *
 * Every request is signed with the partner key (HMAC-SHA256 over METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY) and every
 * response must carry the centre's signature (over TIMESTAMP\nNONCE\nBODY with the same key); a success that is
 * unsigned, wrongly signed or stale is refused. Card numbers never appear in an error: only the gateway's code does.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { errorCodeOf, parseReply, signedHttpClient } from '../platform/outbound';
import { isCalendarDate, luhnValid, yuanStringToFen } from '@cc/shared';

export { luhnValid };
import { AppError, badRequest } from '../platform/problem';

export type CardStatus = 'active' | 'frozen' | 'cancelled';
export type CardType = 'standard' | 'senior' | 'student';
export type CardTxnKind = 'payment' | 'refund' | 'topup';

/** One card transaction, as the platform reports it and as the settlement file lists it. */
export interface CardTxnRow {
  txn_id: string;
  card_last4: string;
  kind: CardTxnKind;
  /** Positive; `kind` says the direction. */
  amount_fen: number;
  /** ISO 8601 instant; the client returns it in UTC (`…Z`). */
  occurred_at: string;
}

export interface CardValidation {
  status: CardStatus;
  holder_name_matches: boolean;
  card_type: CardType;
}

export interface SettlementFile {
  rows: CardTxnRow[];
  /** Always true: a file whose trailer does not match its rows is refused with settlement_file_invalid. */
  checksum_ok: true;
}

/** The centre refuses a request whose timestamp is further off than this; the client holds responses to the same. */
export const CARD_GATEWAY_MAX_SKEW_S = 300;
/** The gateway takes at most 1000 rows per request; smaller batches keep each request well under its body limit. */
const REPORT_BATCH_SIZE = 500;
const SETTLEMENT_HEADER = 'txn_id,card_last4,kind,amount_yuan,occurred_at';

const TXN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LAST4 = /^\d{4}$/;
const TXN_KINDS: readonly CardTxnKind[] = ['payment', 'refund', 'topup'];
/** The largest single amount the centre settles (¥1,000,000); anything above is a bug, not a card payment. */
const MAX_AMOUNT_FEN = 100_000_000;
/** The gateway's time format: ISO 8601 with an explicit offset (it writes +08:00). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

/** A citizen-card number: 19 digits with a valid Luhn check digit (what the kiosk card reader types). */
export function isCardNumber(value: string): boolean {
  return /^\d{19}$/.test(value) && luhnValid(value);
}

/** "…0172": how a card may be mentioned in a message or log. */
export function maskCardNumber(card_number: string): string {
  return `…${card_number.slice(-4)}`;
}

// ---- errors --------------------------------------------------------------------------------------------------------

const unavailable = () => new AppError(503, 'card_gateway_unavailable', '市民卡中心暂时无法连接，请稍后再试');
const signatureInvalid = () => new AppError(502, 'card_gateway_signature_invalid', '市民卡中心的应答签名无效，已拒绝');
const responseInvalid = () => new AppError(502, 'card_gateway_response_invalid', '市民卡中心的应答格式有误');
const settlementInvalid = (detail: string) =>
  new AppError(502, 'settlement_file_invalid', '市民卡结算文件校验失败', { detail: `settlement file: ${detail}` });

/** The gateway's `{ code, message }` errors → our stable codes. The gateway's message is not passed on. */
function gatewayError(code: string | undefined): AppError {
  switch (code) {
    case 'CARD_NOT_FOUND':
      return new AppError(404, 'card_unknown', '市民卡卡号不存在');
    case 'CARD_NUMBER_INVALID':
      return badRequest('card_number_invalid', '市民卡卡号格式有误');
    case 'CARD_CANCELLED':
      return new AppError(409, 'card_cancelled', '该市民卡已注销');
    case 'TXN_CONFLICT':
      return new AppError(409, 'card_txn_conflict', '同一笔交易已按不同内容上报过');
    case 'FILE_NOT_READY':
      return new AppError(404, 'settlement_file_not_ready', '该日的结算文件尚未生成');
    // Our credentials or clock are wrong: the person using the platform cannot fix that, so it is a gateway failure.
    case 'SIGN_INVALID':
    case 'PARTNER_UNKNOWN':
      return new AppError(502, 'card_gateway_auth_failed', '市民卡中心拒绝了平台的接入凭证');
    case 'TIMESTAMP_EXPIRED':
      return new AppError(502, 'card_gateway_clock_skew', '平台与市民卡中心的时钟相差过大');
    case 'NONCE_REPLAYED':
      return new AppError(502, 'card_gateway_nonce_replayed', '市民卡中心认为该请求是重放');
    default:
      return new AppError(502, 'card_gateway_error', '市民卡中心拒绝了请求', { detail: `gateway code: ${code ?? 'none'}` });
  }
}

function invalidField(path: string, message: string): AppError {
  return badRequest('validation_failed', '请求参数有误', [{ path, message, code: 'invalid' }]);
}

// ---- signatures ----------------------------------------------------------------------------------------------------

function hmacHex(key: string, prefix: string, body: Buffer): string {
  return createHmac('sha256', key).update(prefix).update(body).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

type GatewayReply = { status: number; headers: Record<string, unknown>; body: Buffer };

function headerOf(reply: GatewayReply, name: string): string | undefined {
  const v = reply.headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** True when the reply carries the centre's signature over its exact bytes, made within the allowed skew. */
function signedByGateway(reply: GatewayReply, partnerKey: string): boolean {
  const ts = headerOf(reply, 'x-timestamp');
  const nonce = headerOf(reply, 'x-nonce');
  const sig = headerOf(reply, 'x-signature');
  if (!ts || !nonce || !sig || !/^\d{1,12}$/.test(ts)) return false;
  // An old signed reply replayed by someone on the path is as bad as a forged one.
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(ts)) > CARD_GATEWAY_MAX_SKEW_S) return false;
  return sameHex(hmacHex(partnerKey, `${ts}\n${nonce}\n`, reply.body), sig.toLowerCase());
}

// ---- wire formats --------------------------------------------------------------------------------------------------

const ValidationReply = z.object({
  status: z.enum(['active', 'frozen', 'cancelled']),
  holder_name_matches: z.boolean(),
  card_type: z.enum(['standard', 'senior', 'student']),
});
const ReportLostReply = z.object({ status: z.literal('frozen') });
const ReportReply = z.object({ accepted: z.number().int().min(0) });

function isInstant(value: string): boolean {
  return ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** The gateway writes times in Shanghai local time with the offset; we hand them on in UTC. */
function toShanghaiIso(instant: string): string {
  const shifted = new Date(Date.parse(instant) + 8 * 3600 * 1000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

function checkTxnRow(row: CardTxnRow, path: string): void {
  if (typeof row.txn_id !== 'string' || !TXN_ID.test(row.txn_id)) throw invalidField(`${path}.txn_id`, '1–64 letters, digits, _ or -');
  if (typeof row.card_last4 !== 'string' || !LAST4.test(row.card_last4)) throw invalidField(`${path}.card_last4`, 'four digits');
  if (!TXN_KINDS.includes(row.kind)) throw invalidField(`${path}.kind`, 'payment, refund or topup');
  if (!Number.isSafeInteger(row.amount_fen) || row.amount_fen <= 0 || row.amount_fen > MAX_AMOUNT_FEN) {
    throw invalidField(`${path}.amount_fen`, `an integer number of fen, 1–${MAX_AMOUNT_FEN}`);
  }
  if (typeof row.occurred_at !== 'string' || !isInstant(row.occurred_at)) throw invalidField(`${path}.occurred_at`, 'an ISO 8601 instant');
}

function parseSettlementRow(line: string, lineNo: number): CardTxnRow {
  const bad = (what: string) => settlementInvalid(`line ${lineNo}: ${what}`);
  const fields = line.split(',');
  if (fields.length !== 5) throw bad('expected 5 fields');
  const [txn_id, card_last4, kind, amount_yuan, occurred_at] = fields as [string, string, string, string, string];
  if (!TXN_ID.test(txn_id)) throw bad('bad txn_id');
  if (!LAST4.test(card_last4)) throw bad('bad card_last4');
  if (!(TXN_KINDS as readonly string[]).includes(kind)) throw bad('bad kind');
  // Exactly two decimals as the file format says; yuanStringToFen alone would also take "12.3".
  if (!/^\d{1,9}\.\d{2}$/.test(amount_yuan)) throw bad('bad amount');
  if (!isInstant(occurred_at)) throw bad('bad occurred_at');
  return {
    txn_id,
    card_last4,
    kind: kind as CardTxnKind,
    amount_fen: yuanStringToFen(amount_yuan),
    occurred_at: new Date(Date.parse(occurred_at)).toISOString(),
  };
}

/** Header, one line per transaction, trailer `TOTAL,<count>,<sum yuan>` that must match the rows exactly. */
export function parseSettlementCsv(text: string): SettlementFile {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  if (lines[0] !== SETTLEMENT_HEADER) throw settlementInvalid('unexpected header');
  const trailer = /^TOTAL,(\d{1,9}),(\d{1,12}\.\d{2})$/.exec(lines[lines.length - 1] ?? '');
  if (lines.length < 2 || !trailer) throw settlementInvalid('missing or malformed trailer');
  const rows = lines.slice(1, -1).map((line, i) => parseSettlementRow(line, i + 2));
  if (new Set(rows.map((r) => r.txn_id)).size !== rows.length) throw settlementInvalid('duplicate txn_id');
  const sum_fen = rows.reduce((sum, r) => sum + r.amount_fen, 0);
  if (Number(trailer[1]) !== rows.length) throw settlementInvalid(`trailer count ${trailer[1]}, file has ${rows.length} rows`);
  if (yuanStringToFen(trailer[2] as string) !== sum_fen) throw settlementInvalid('trailer sum does not match the rows');
  return { rows, checksum_ok: true };
}

// ---- the client ----------------------------------------------------------------------------------------------------

export function createCardGatewayClient(opts: { baseUrl: string; partnerId: string; partnerKey: string; timeout_ms?: number }) {
  const base = new URL(opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`);
  const http = signedHttpClient(opts.timeout_ms);

  /** One signed attempt. A fresh timestamp and nonce every time: the centre refuses a nonce it has seen. */
  async function attempt(method: 'GET' | 'POST', path: string, body: string): Promise<GatewayReply> {
    const url = new URL(path.replace(/^\//, ''), base);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signed = `${method}\n${url.pathname}${url.search}\n${timestamp}\n${nonce}\n`;
    const res = await http.request<Buffer>({
      method,
      url: url.toString(),
      data: method === 'POST' ? body : undefined,
      headers: {
        ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
        'X-Partner-Id': opts.partnerId,
        'X-Timestamp': timestamp,
        'X-Nonce': nonce,
        'X-Signature': hmacHex(opts.partnerKey, signed, Buffer.from(body, 'utf8')),
      },
    });
    return { status: res.status, headers: res.headers as Record<string, unknown>, body: Buffer.from(res.data ?? []) };
  }

  /**
   * Sends a request, retrying once on a network failure or a 5xx. Safe because every endpoint is idempotent:
   * validation reads, freezing a frozen card changes nothing, and transactions are keyed by txn_id.
   */
  async function send(method: 'GET' | 'POST', path: string, body = ''): Promise<Buffer> {
    let reply: GatewayReply | undefined;
    for (let tries = 0; tries < 2 && (!reply || reply.status >= 500); tries++) {
      try {
        reply = await attempt(method, path, body);
      } catch {
        // Network failure or timeout. The axios error holds the request body (a card number), so it is dropped.
        reply = undefined;
      }
    }
    if (!reply || reply.status >= 500) throw unavailable();
    const signed = signedByGateway(reply, opts.partnerKey);
    if (reply.status >= 200 && reply.status < 300) {
      if (!signed) throw signatureInvalid();
      return reply.body;
    }
    // A refusal we cannot verify is still a refusal, but its code is not trusted. Only an auth refusal is expected
    // to be unverifiable (our key is the wrong one, or the centre does not know our partner id).
    if (!signed) throw reply.status === 401 ? gatewayError('SIGN_INVALID') : signatureInvalid();
    throw gatewayError(errorCodeOf(reply.body));
  }

  function checkCardNumber(card_number: string): void {
    // Checked here so that a mistyped number never leaves the platform; the message does not repeat it.
    if (typeof card_number !== 'string' || !isCardNumber(card_number)) throw badRequest('card_number_invalid', '市民卡卡号格式有误');
  }

  return {
    /** Is this card known, in which state, of which type, and does the name match the holder on record? */
    async validateCard(input: { card_number: string; holder_name: string }): Promise<CardValidation> {
      checkCardNumber(input.card_number);
      const holder_name = typeof input.holder_name === 'string' ? input.holder_name.trim() : '';
      if (holder_name.length < 1 || holder_name.length > 50) throw invalidField('holder_name', '1–50 characters');
      const body = await send('POST', '/v1/cards/validate', JSON.stringify({ card_number: input.card_number, holder_name }));
      return parseReply(ValidationReply, body, responseInvalid);
    },

    /** Tells the centre the card is lost, so it is frozen everywhere it is accepted. Repeating it is harmless. */
    async reportLost(card_number: string): Promise<{ status: 'frozen' }> {
      checkCardNumber(card_number);
      const body = await send('POST', '/v1/cards/report-lost', JSON.stringify({ card_number }));
      return parseReply(ReportLostReply, body, responseInvalid);
    },

    /**
     * Reports the platform's card transactions so the centre can settle them; each lands in the settlement file
     * of its Asia/Shanghai business day. Re-reporting a row is a no-op; the same txn_id with other content is
     * card_txn_conflict. Sent in batches; a failure part-way leaves earlier batches reported, so retry it all.
     */
    async reportTransactions(rows: readonly CardTxnRow[]): Promise<{ accepted: number }> {
      rows.forEach((row, i) => checkTxnRow(row, `rows[${i}]`));
      let accepted = 0;
      for (let start = 0; start < rows.length; start += REPORT_BATCH_SIZE) {
        const batch = rows.slice(start, start + REPORT_BATCH_SIZE).map((r) => ({
          txn_id: r.txn_id,
          card_last4: r.card_last4,
          kind: r.kind,
          amount_fen: r.amount_fen,
          occurred_at: toShanghaiIso(r.occurred_at),
        }));
        const body = await send('POST', '/v1/transactions', JSON.stringify({ rows: batch }));
        accepted += parseReply(ReportReply, body, responseInvalid).accepted;
      }
      return { accepted };
    },

    /** The centre's settlement file of one Asia/Shanghai day, checked against its trailer, amounts in fen. */
    async settlementFile(date: string): Promise<SettlementFile> {
      if (typeof date !== 'string' || !isCalendarDate(date)) throw invalidField('date', 'a date YYYY-MM-DD');
      const body = await send('GET', `/v1/settlement-files/${date}`);
      return parseSettlementCsv(body.toString('utf8'));
    },
  };
}
export type CardGatewayClient = ReturnType<typeof createCardGatewayClient>;
