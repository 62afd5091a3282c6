/**
 * The test command (README): lint, typecheck, build the H5 apps, provision the database and Redis unless
 * MONGODB_URI / REDIS_URL are given, run every ava suite, and end with one line "N passed, N failed".
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianPackages, ensureFuzzer, repoRoot, startMongo, startRedis, type Service } from './services';

type Step = { name: string; ok: boolean; seconds: number };
const steps: Step[] = [];

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; onLine?: (line: string) => void } = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      if (!opts.onLine) return;
      buf += String(d);
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      lines.forEach(opts.onLine);
    });
    child.once('exit', (code) => {
      if (buf && opts.onLine) opts.onLine(buf);
      resolve(code ?? 1);
    });
  });
}

async function step(name: string, cmd: string, args: string[]): Promise<boolean> {
  console.log(`\n== ${name}`);
  const started = Date.now();
  const ok = (await run(cmd, args)) === 0;
  steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 100) / 10 });
  return ok;
}

function hasScript(pkgDir: string, script: string): boolean {
  const file = path.join(repoRoot, pkgDir, 'package.json');
  return existsSync(file) && Boolean((JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> }).scripts?.[script]);
}

const services: Service[] = [];
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  ensureDebianPackages([
    { bin: 'redis-server', pkg: 'redis-server' },
    { bin: 'chromium', pkg: 'chromium' },
    // Without a CJK font the browser screenshots show boxes instead of Chinese.
    { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', pkg: 'fonts-noto-cjk' },
  ]);
  // test/api/fuzz.test.ts runs schemathesis from its virtual environment.
  ensureFuzzer();

  // SKIP_CHECKS=1 is for re-running a few test files while working (CI never sets it).
  if (process.env.SKIP_CHECKS !== '1') {
    await step('lint (eslint)', 'pnpm', ['exec', 'eslint', '.']);
    await step('format (prettier --check)', 'pnpm', ['exec', 'prettier', '--check', '.']);
    await step('typecheck', 'pnpm', ['-r', 'typecheck']);
  }
  // The browser suites drive the H5 builds; the weapp build checks WeChat's 2 MB main-package limit.
  if (process.env.SKIP_BUILD !== '1') {
    if (hasScript('packages/miniapp', 'build:h5')) await step('build mini-program (H5)', 'pnpm', ['--filter', '@cc/miniapp', 'build:h5']);
    if (hasScript('packages/miniapp', 'build:weapp'))
      await step('build mini-program (weapp) and check package sizes', 'pnpm', ['--filter', '@cc/miniapp', 'build:weapp']);
    if (hasScript('packages/kiosk', 'build')) await step('build kiosk (H5)', 'pnpm', ['--filter', '@cc/kiosk', 'build']);
  }

  const env: NodeJS.ProcessEnv = {};
  if (!process.env.MONGODB_URI) {
    const mongo = await startMongo();
    services.push(mongo);
    env.MONGODB_URI = mongo.url;
  }
  if (!process.env.REDIS_URL) {
    const redis = await startRedis();
    services.push(redis);
    env.REDIS_URL = redis.url;
  }
  console.log(`\n== tests (database ${env.MONGODB_URI ?? 'from MONGODB_URI'}, redis ${env.REDIS_URL ?? 'from REDIS_URL'})`);
  const started = Date.now();
  const files = process.argv.slice(2);
  const code = await run('pnpm', ['exec', 'ava', '--tap', ...files], {
    env,
    onLine: (line) => {
      if (/^ok \d+/.test(line)) {
        if (/# (SKIP|TODO)/i.test(line)) skipped++;
        else passed++;
      } else if (/^not ok \d+/.test(line)) {
        if (/# TODO/i.test(line)) skipped++;
        else failed++;
      }
    },
  });
  // ava exits non-zero on an uncaught exception or timeout in a file even when no TAP line says "not ok".
  if (code !== 0 && failed === 0) failed++;
  steps.push({ name: 'tests', ok: code === 0, seconds: Math.round((Date.now() - started) / 100) / 10 });
} finally {
  for (const s of services.reverse()) await s.stop();
}

console.log('\n== summary');
for (const s of steps) console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds}s)`);
const failedSteps = steps.filter((s) => !s.ok && s.name !== 'tests').length;
console.log(`${passed} passed, ${failed + failedSteps} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed + failedSteps > 0 ? 1 : 0);
