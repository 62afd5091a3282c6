/**
 * The start command (README): everything on embedded defaults. Starts the database, Redis and the WeChat simulator
 * unless MONGODB_URI / REDIS_URL / WECHAT_API_BASE_URL are given, builds the H5 apps when their sources changed,
 * seeds the demo community, serves the API, the H5 mini-program and the kiosk, and prints where to open them.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cliContext, createLogger, loadConfig, seedDemo, startApi } from '@cc/api';
import { pino } from 'pino';
import { serveStatic } from './serve-static';
import { startCitizenCardGateway } from './simulators/citizen-card';
import { startWechatSimulator } from './simulators/wechat';
import { startWechatPaySimulator } from './simulators/wechatpay';
import { dataRoot, ensureDebianPackages, freePort, repoRoot, startMongo, startRedis, stopOnExit, type Service } from './services';

const host = '127.0.0.1';
const stops: (() => Promise<void>)[] = [];
stopOnExit(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
});

/** A data directory no other running start command holds, so two runs at once never share database files. */
function claimDataDir(): string {
  if (process.env.DATA_DIR) return path.resolve(process.env.DATA_DIR);
  for (let n = 1; ; n++) {
    const dir = path.join(dataRoot, n === 1 ? 'dev' : `dev-${n}`);
    const lock = path.join(dir, 'owner.pid');
    const owner = existsSync(lock) ? Number(readFileSync(lock, 'utf8')) : 0;
    let alive = false;
    if (owner && owner !== process.pid) {
      try {
        process.kill(owner, 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    if (alive) continue;
    mkdirSync(dir, { recursive: true });
    writeFileSync(lock, String(process.pid));
    return dir;
  }
}

/** The preferred port when free, another free one otherwise. */
async function portOr(preferred: number): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const srv = net.createServer().once('error', () => resolve(false));
    srv.listen(preferred, host, () => srv.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    spawn(cmd, args, { cwd: repoRoot, stdio: 'inherit' }).once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${code})`)),
    );
  });
}

/** Rebuilds an H5 app when its sources (or the shared contract) are newer than its build. */
async function ensureBuilt(pkgDir: string, dist: string, filter: string, script: string): Promise<string> {
  const index = path.join(repoRoot, dist, 'index.html');
  const sources = Math.max(newestMtime(path.join(repoRoot, pkgDir)), newestMtime(path.join(repoRoot, 'packages/shared/src')));
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    console.log(`building ${filter} (H5)…`);
    await run('pnpm', ['--filter', filter, script]);
  }
  return path.join(repoRoot, dist);
}

const dataDir = claimDataDir();
console.log(`data: ${path.relative(repoRoot, dataDir)}`);
const services: Record<string, string> = {};

async function provision(name: string, given: string | undefined, start: () => Promise<Service>): Promise<string> {
  if (given) return given;
  const svc = await start();
  stops.push(svc.stop);
  services[name] = svc.url;
  return svc.url;
}

if (!process.env.REDIS_URL) ensureDebianPackages([{ bin: 'redis-server', pkg: 'redis-server' }]);
const mongoUrl = await provision('database (mongo-java-server, H2 file)', process.env.MONGODB_URI, () =>
  startMongo({ file: path.join(dataDir, 'mongo.mv') }),
);
const mongoUri = process.env.MONGODB_URI ?? `${mongoUrl}/community_commerce`;
const redisUrl = await provision('redis', process.env.REDIS_URL, () => startRedis({ dir: path.join(dataDir, 'redis') }));

const appid = process.env.WECHAT_APPID ?? 'wx_demo_appid';
const secret = process.env.WECHAT_SECRET ?? randomBytes(16).toString('hex');
let wechatUrl = process.env.WECHAT_API_BASE_URL;
if (!wechatUrl) {
  const sim = await startWechatSimulator({ appid, secret, port: await portOr(9920), host });
  stops.push(sim.close);
  wechatUrl = sim.url;
  services['WeChat simulator'] = sim.url;
}

// The citizen-card centre and WeChat Pay: local simulators unless real ones are configured.
const cardGatewayEnv: NodeJS.ProcessEnv = {};
if (!process.env.CARD_GATEWAY_BASE_URL) {
  const partnerKey = randomBytes(24).toString('hex');
  const gateway = await startCitizenCardGateway({ partnerId: 'cc-dev', partnerKey, port: await portOr(9930), host });
  stops.push(gateway.close);
  services['citizen-card gateway simulator'] = gateway.url;
  Object.assign(cardGatewayEnv, {
    CARD_GATEWAY_BASE_URL: gateway.url,
    CARD_GATEWAY_PARTNER_ID: 'cc-dev',
    CARD_GATEWAY_PARTNER_KEY: partnerKey,
  });
}
const wechatPayEnv: NodeJS.ProcessEnv = {};
let wechatPaySimUrl: string | undefined;
if (!process.env.WECHATPAY_BASE_URL) {
  const paySim = await startWechatPaySimulator({ appid, mchid: '1900000109', port: await portOr(9940), host });
  stops.push(paySim.close);
  services['WeChat Pay simulator'] = paySim.url;
  wechatPaySimUrl = paySim.url;
  Object.assign(wechatPayEnv, {
    WECHATPAY_BASE_URL: paySim.url,
    WECHATPAY_MCHID: '1900000109',
    WECHATPAY_MERCHANT_SERIAL_NO: paySim.merchant.serialNo,
    WECHATPAY_MERCHANT_PRIVATE_KEY: paySim.merchant.privateKeyPem,
    WECHATPAY_API_V3_KEY: paySim.apiV3Key,
    WECHATPAY_PLATFORM_SERIAL_NO: paySim.platform.serialNo,
    WECHATPAY_PLATFORM_PUBLIC_KEY: paySim.platform.publicKeyPem,
  });
}

/** A secret generated once per data directory and kept there, so bound cards still match after a restart. */
function localSecret(name: string): string {
  const file = path.join(dataDir, 'secrets.json');
  const secrets = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  secrets[name] ??= randomBytes(32).toString('hex');
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets[name] as string;
}

const miniappDist = await ensureBuilt('packages/miniapp', 'packages/miniapp/dist/h5', '@cc/miniapp', 'build:h5');
const kioskDist = await ensureBuilt('packages/kiosk', 'packages/kiosk/dist', '@cc/kiosk', 'build');

const apiPort = await portOr(Number(process.env.PORT ?? 8080));
const apiUrl = `http://${host}:${apiPort}`;
const miniappPort = await portOr(10086);
const kioskPort = await portOr(10087);
const origins = [
  `http://${host}:${miniappPort}`,
  `http://${host}:${kioskPort}`,
  `http://localhost:${miniappPort}`,
  `http://localhost:${kioskPort}`,
];
const runtimeConfig = {
  apiBaseUrl: apiUrl,
  ...(services['WeChat simulator'] ? { wechatSimUrl: wechatUrl } : {}),
  ...(wechatPaySimUrl ? { wechatPaySimUrl } : {}),
};

const apiEnv: NodeJS.ProcessEnv = {
  ...process.env,
  APP_ENV: process.env.APP_ENV ?? 'development',
  HOST: host,
  PORT: String(apiPort),
  MONGODB_URI: mongoUri,
  REDIS_URL: redisUrl,
  WECHAT_API_BASE_URL: wechatUrl,
  WECHAT_APPID: appid,
  WECHAT_SECRET: secret,
  CORS_ORIGINS: process.env.CORS_ORIGINS ?? origins.join(','),
  CARD_HASH_KEY: process.env.CARD_HASH_KEY ?? localSecret('CARD_HASH_KEY'),
  // Photos live beside the demo database, so they survive a restart with it.
  UPLOAD_DIR: process.env.UPLOAD_DIR ?? path.join(dataDir, 'uploads'),
  ...cardGatewayEnv,
  ...wechatPayEnv,
};

console.log('seeding the demo community…');
const ctx = await cliContext(loadConfig(apiEnv));
const seed = await seedDemo(ctx, (step) => console.log(`  ${step}`));
await ctx.close();

// The API runs in this process, so it can never outlive the command; its logs go to a file beside the data.
const apiLog = path.join(dataDir, 'api.log');
const apiConfig = loadConfig(apiEnv);
const api = await startApi(apiConfig, createLogger(apiConfig.LOG_LEVEL, pino.destination({ dest: apiLog, mkdir: true, sync: false })));
stops.push(api.close);

const miniapp = await serveStatic({ root: miniappDist, port: miniappPort, host, runtimeConfig });
stops.push(miniapp.close);
const kiosk = await serveStatic({ root: kioskDist, port: kioskPort, host, runtimeConfig });
stops.push(kiosk.close);

const kioskUrl = `${kiosk.url}/?terminal_id=${seed.kiosk.id}&terminal_secret=${seed.kiosk.secret}`;
console.log(`
社区与乡村电商服务平台 is running. Open:

  小程序 (H5)       ${miniapp.url}        演示登录: 王秀英(居民) 陈建国(农户) 周敏(运营) …
  社区终端 (长者)    ${kioskUrl}
                   刷卡: 王秀英 8860330102047283159 密码 135790 · 刘德明 8860330102035691470 密码 246813
  API              ${apiUrl}
  API 文档          ${apiUrl}/api/docs
  health           ${apiUrl}/readyz   metrics ${apiUrl}/metrics
  API logs         ${path.relative(repoRoot, apiLog)}
${Object.entries(services)
  .map(([name, url]) => `  ${name}: ${url}`)
  .join('\n')}

Press Ctrl+C to stop everything.`);
