import { z } from 'zod';
import { UPLOAD_MAX_BYTES_DEFAULT } from '@cc/shared';

/** Loopback and simulator hosts that a production configuration must never point at. */
function isLocalUrl(raw: string): boolean {
  const host = new URL(raw).hostname;
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host.endsWith('.invalid') || host.includes('sim');
}

const csv = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const pem = z
  .string()
  .transform((s) => s.replace(/\\n/g, '\n'))
  .refine((s) => /^-----BEGIN [A-Z ]+-----\n[\s\S]+\n-----END [A-Z ]+-----\s*$/.test(s), { message: 'must be a PEM block' });

const ms = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * What a database-only operations command needs (`ledger:check`, `books:check`): the connection and its bounds.
 * The server's configuration includes all of it.
 */
const databaseFields = {
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, { message: 'must start with mongodb:// or mongodb+srv://' }),
  /** One database round trip (socketTimeoutMS): a stalled server fails the call instead of hanging the request. */
  DB_OPERATION_TIMEOUT_MS: ms(100, 3_600_000, 5000),
  /** Finding a usable server or a pooled connection (serverSelectionTimeoutMS, connectTimeoutMS, waitQueueTimeoutMS). */
  DB_SERVER_SELECTION_TIMEOUT_MS: ms(100, 120_000, 3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};
export const DatabaseConfigSchema = z.object(databaseFields);
export type DatabaseConfig = z.infer<typeof DatabaseConfigSchema>;

export const ConfigSchema = z
  .object({
    ...databaseFields,
    APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, { message: 'must start with redis:// or rediss://' }),
    /** Prefix of every Redis key and queue, so several deployments or test runs can share one Redis. */
    REDIS_KEY_PREFIX: z.string().max(40).default('cc:'),
    WECHAT_API_BASE_URL: z.url().default('https://api.weixin.qq.com'),
    WECHAT_APPID: z.string().min(1),
    WECHAT_SECRET: z.string().min(1),
    /** Subscribe-message template (订阅消息模板 id) of the emergency alert sent to family contacts. */
    WECHAT_TEMPLATE_EMERGENCY: z.string().min(1).default('emergency_alert'),
    /** Subscribe-message templates of inbox kinds, `kind=template_id,…`; a kind not listed uses `inbox_<kind>`. */
    WECHAT_TEMPLATES_INBOX: csv,
    /** Origins of the H5 mini-program and kiosk allowed by CORS. */
    CORS_ORIGINS: csv,
    SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(90 * 24 * 3600)
      .default(7 * 24 * 3600),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
    /**
     * WeChat Pay notifies per sending address per minute. They are authenticated by their signature and come from a
     * few WeChat addresses in a rush, so they are exempt from RATE_LIMIT_PER_MINUTE and get this generous limit.
     */
    WECHATPAY_NOTIFY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
    /** Every command on the API's Redis connections (ioredis commandTimeout); BullMQ's worker connections excepted. */
    REDIS_COMMAND_TIMEOUT_MS: ms(50, 60_000, 2000),
    /** /readyz answers within this, whatever the database and Redis do. */
    READYZ_TIMEOUT_MS: ms(50, 5000, 800),
    /** Retry-After of the 503 `dependency_unavailable` answered while the database or Redis is away. */
    DEPENDENCY_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(64 * 1024),
    /** Largest photo accepted by POST /api/v1/uploads. */
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(20 * 1024 * 1024)
      .default(UPLOAD_MAX_BYTES_DEFAULT),
    /** Where uploaded files are kept by the local-disk store (one API host, or a shared volume for several). */
    UPLOAD_DIR: z.string().min(1).default('.data/uploads'),
    /** Unpaid orders are cancelled (stock and delivery seats given back) after this long. */
    ORDER_PAY_WITHIN_SECONDS: z.coerce
      .number()
      .min(0.05)
      .max(24 * 3600)
      .default(15 * 60),
    /** A family member's order for an elder waits this long for the elder's approval (stock held), then is cancelled. */
    PROXY_ORDER_APPROVE_WITHIN_SECONDS: z.coerce
      .number()
      .min(0.05)
      .max(72 * 3600)
      .default(12 * 3600),
    /** Delivered orders are confirmed by the system after this long if the buyer does not. */
    ORDER_AUTO_CONFIRM_SECONDS: z.coerce
      .number()
      .min(0.05)
      .max(90 * 24 * 3600)
      .default(7 * 24 * 3600),
    /** Concurrent delivery tasks one courier may hold (claimed or picked up). */
    DELIVERY_MAX_TASKS_PER_COURIER: z.coerce.number().int().min(1).max(100).default(5),
    /** Tasks nobody claimed are dispatched to a courier this long before their slot starts (a year: at once). */
    DELIVERY_DISPATCH_LEAD_MINUTES: z.coerce
      .number()
      .min(0)
      .max(366 * 24 * 60)
      .default(60),
    /** Courier fee of a community without its own rule: base fee, and surcharge per started kilometre. */
    DELIVERY_BASE_FEE_FEN: z.coerce.number().int().min(0).max(100_00).default(500),
    DELIVERY_PER_KM_FEN: z.coerce.number().int().min(0).max(10_00).default(100),
    /** Tracking: a courier's positions accepted per minute, the fastest believable move, how long a position is kept. */
    DELIVERY_POSITIONS_PER_MINUTE: z.coerce.number().int().min(1).max(600).default(30),
    DELIVERY_MAX_SPEED_KMH: z.coerce.number().min(5).max(300).default(120),
    DELIVERY_POSITION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .max(24 * 3600)
      .default(900),
    /** Words masked in review texts: a comma-separated list; replaces the default list. */
    REVIEW_BLOCKED_WORDS: z
      .string()
      .default('傻逼,煞笔,操你,他妈的,去死,王八蛋,狗东西,滚蛋')
      .transform((s) =>
        s
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean),
      ),
    UPLOADS_PER_USER_PER_HOUR: z.coerce.number().int().min(1).default(120),
    /** Behind a load balancer: take the client address from X-Forwarded-For. */
    TRUST_PROXY: bool.default(false),
    /** This API's address as the outside world reaches it (WeChat Pay notifies come back here). */
    PUBLIC_BASE_URL: z.url().optional(),
    /** Key of the HMAC under which card numbers are stored; changing it orphans every bound card. */
    CARD_HASH_KEY: z.string().min(32, { message: 'must be at least 32 characters' }),
    CARD_GATEWAY_BASE_URL: z.url(),
    CARD_GATEWAY_PARTNER_ID: z.string().min(1),
    CARD_GATEWAY_PARTNER_KEY: z.string().min(16, { message: 'must be at least 16 characters' }),
    WECHATPAY_BASE_URL: z.url().default('https://api.mch.weixin.qq.com'),
    WECHATPAY_MCHID: z.string().min(1),
    WECHATPAY_MERCHANT_SERIAL_NO: z.string().min(1),
    /** PEM; `\n` escapes are accepted so it fits in one environment variable. */
    WECHATPAY_MERCHANT_PRIVATE_KEY: pem,
    WECHATPAY_API_V3_KEY: z.string().length(32, { message: 'must be exactly 32 characters' }),
    WECHATPAY_PLATFORM_SERIAL_NO: z.string().min(1),
    WECHATPAY_PLATFORM_PUBLIC_KEY: pem,
    WALLET_PIN_FREE_LIMIT_FEN: z.coerce.number().int().min(0).default(5000),
    WALLET_DAILY_CAP_FEN: z.coerce.number().int().min(1).default(50000),
    /** What a card may pay without its PIN in one Asia/Shanghai day; past it the PIN is asked (below the hard cap). */
    WALLET_PIN_FREE_DAILY_FEN: z.coerce.number().int().min(0).default(20000),
    /** A payment that takes a card's balance below this tells its holder (inbox wallet_low_balance); 0 turns it off. */
    WALLET_LOW_BALANCE_FEN: z.coerce.number().int().min(0).default(2000),
    KIOSK_SESSION_TTL_SECONDS: z.coerce.number().int().min(30).max(1800).default(180),
    LEDGER_LOCK_TTL_MS: z.coerce.number().int().min(100).default(15000),
    /** Transfers pending longer than this are finished or voided by the recovery job. */
    LEDGER_RECOVERY_AGE_MS: z.coerce.number().int().min(0).default(60000),
    LEDGER_RECOVERY_EVERY_MS: z.coerce.number().int().min(50).default(30000),
    /** A running command's lease: past it (its runner died), a retry or the recovery job takes the command over. */
    COMMAND_LEASE_MS: z.coerce.number().int().min(500).default(30000),
    /** Run the background jobs (recovery, reconciliation) in this process. */
    JOBS_ENABLED: bool.default(true),
  })
  .superRefine((c, ctx) => {
    if (c.APP_ENV !== 'production') return;
    if (isLocalUrl(c.WECHAT_API_BASE_URL) || !c.WECHAT_API_BASE_URL.startsWith('https://')) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECHAT_API_BASE_URL'],
        message: 'production must use the real WeChat API over https, not a simulator',
      });
    }
    for (const name of ['CARD_GATEWAY_BASE_URL', 'WECHATPAY_BASE_URL', 'PUBLIC_BASE_URL'] as const) {
      const url = c[name];
      if (!url || isLocalUrl(url) || !url.startsWith('https://')) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'production must use the real service over https, not a simulator' });
      }
    }
    if (c.CORS_ORIGINS.includes('*')) {
      ctx.addIssue({ code: 'custom', path: ['CORS_ORIGINS'], message: 'production must list its origins, not *' });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}

/** Reads the configuration from the environment; a wrong or missing value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnv(ConfigSchema, env);
}

/**
 * The configuration of a database-only command: MONGODB_URI (and the optional bounds, log level) and nothing else,
 * so an operations task runs with only what it uses. Same errors as loadConfig.
 */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return parseEnv(DatabaseConfigSchema, env);
}
