/**
 * Local provisioning (DESIGN §3): installs what is missing, starts the embedded database and Redis on free loopback
 * ports, waits until they answer, and stops them on exit. Nothing here is used when MONGODB_URI / REDIS_URL are set.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const dataRoot = path.join(repoRoot, '.data');

export interface Service {
  url: string;
  /** The server process itself (tests stall it with SIGSTOP/SIGCONT). */
  pid: number;
  stop(): Promise<void>;
}

function has(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Installs Debian packages whose binaries are missing (the scripts run as root on these machines). */
export function ensureDebianPackages(wanted: ({ bin: string; pkg: string } | { file: string; pkg: string })[]): void {
  const missing = wanted.filter((w) => ('bin' in w ? !has(w.bin) : !existsSync(w.file))).map((w) => w.pkg);
  if (missing.length === 0) return;
  console.log(`installing ${missing.join(', ')} (apt-get)…`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args: string[]) =>
    execFileSync(sudo[0] ?? args[0]!, sudo.length ? args : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

/** A port that was free a moment ago (for servers that cannot bind port 0 themselves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Ends a child started with a stdin pipe: closing stdin asks it to stop (see Launcher.java and startRedis); signals are the fallback. */
function endChild(child: ChildProcess & { stdin: NodeJS.WritableStream | null }): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const term = setTimeout(() => child.kill('SIGTERM'), 5000);
    const kill = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.once('exit', () => {
      clearTimeout(term);
      clearTimeout(kill);
      resolve();
    });
    child.stdin?.end();
  });
}

/** Resolves (and caches) the embedded server's Java classpath from Maven Central. */
export function mongoClasspath(): string {
  const dir = path.join(repoRoot, 'tools/mongo-server');
  const file = path.join(dir, 'classpath.txt');
  if (!existsSync(file) || statSync(file).mtimeMs < statSync(path.join(dir, 'pom.xml')).mtimeMs) {
    console.log('resolving mongo-java-server from Maven Central…');
    execFileSync('mvn', ['-q', '-B', '-f', path.join(dir, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${file}`], {
      stdio: 'inherit',
    });
  }
  return readFileSync(file, 'utf8').trim();
}

/** mongo-java-server 1.47: the memory backend (tests), or the H2 MVStore backend in `file` (the start command). */
export async function startMongo(opts: { file?: string } = {}): Promise<Service> {
  const classpath = mongoClasspath();
  // MONGO_JAVA_HEAP (e.g. 4g): the memory backend holds every document on the JVM heap; 1g ends near 100k posts.
  const args = [`-Xmx${process.env.MONGO_JAVA_HEAP ?? '1g'}`, '-cp', classpath, path.join(repoRoot, 'tools/mongo-server/Launcher.java')];
  if (opts.file) {
    mkdirSync(path.dirname(opts.file), { recursive: true });
    args.push(opts.file);
  }
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`embedded database exited (${code}):\n${stderr.slice(-2000)}`)));
  });
  return {
    url: `mongodb://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () => endChild(child),
  };
}

async function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => {
      sock.destroy();
      resolve(String(d).startsWith('+PONG'));
    });
    sock.once('error', () => resolve(false));
  });
}

/** Debian's redis-server on a free loopback port; `dir` keeps its data across restarts (the start command). */
export async function startRedis(opts: { dir?: string } = {}): Promise<Service> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning'];
    if (opts.dir) {
      mkdirSync(opts.dir, { recursive: true });
      args.push('--dir', opts.dir, '--save', '60 1', '--appendonly', 'no');
    } else {
      args.push('--save', '', '--appendonly', 'no');
    }
    // A small shell keeps redis-server tied to us: when our end of its stdin closes (we exited, even by SIGKILL),
    // it stops redis too, so no server outlives the script that started it.
    const watchdog = 'redis-server "$@" & pid=$!; echo "pid $pid" >&2; cat >/dev/null; kill $pid 2>/dev/null; wait $pid';
    const child = spawn('sh', ['-c', watchdog, 'redis-server', ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
    let exited = false;
    let stderr = '';
    child.once('exit', () => (exited = true));
    child.stderr.on('data', (d) => (stderr += String(d)));
    for (let i = 0; i < 100 && !exited; i++) {
      const pid = /pid (\d+)/.exec(stderr);
      if (pid && (await redisAnswers(port))) {
        return {
          url: `redis://127.0.0.1:${port}`,
          pid: Number(pid[1]),
          stop: () => endChild(child),
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await endChild(child);
    // Another process took the port between freePort() and the bind: try another.
  }
  throw new Error('redis-server did not start');
}

/** Stops every started service when the process is asked to end, then exits. */
export function stopOnExit(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // `on`, not `once`: Ctrl+C reaches us twice (directly and relayed by pnpm/tsx); a second signal must not kill us mid-stop.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('\nstopping…');
      stop().finally(() => process.exit(0));
    });
  }
}

/** schemathesis, the API fuzzer (issue 11), pinned; installed from PyPI into an ignored virtual environment. */
export const SCHEMATHESIS_VERSION = '4.32.5';
const fuzzVenv = path.join(dataRoot, 'venv-fuzz');

export function fuzzerBin(): string {
  return path.join(fuzzVenv, 'bin', 'schemathesis');
}

/** Creates the virtual environment and installs the pinned schemathesis unless that version is already there. */
export function ensureFuzzer(): void {
  const stamp = path.join(fuzzVenv, `installed-schemathesis-${SCHEMATHESIS_VERSION}`);
  if (existsSync(stamp) && existsSync(fuzzerBin())) return;
  console.log(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${path.relative(repoRoot, fuzzVenv)} (pip)…`);
  execFileSync('python3', ['-m', 'venv', fuzzVenv], { stdio: 'inherit' });
  execFileSync(
    path.join(fuzzVenv, 'bin', 'pip'),
    ['install', '-q', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
    {
      stdio: 'inherit',
    },
  );
  writeFileSync(stamp, '');
}
