/**
 * The API as a separate process for the crash loop (packages/api/src/server.ts, as in production): started on a fixed
 * port (WeChat Pay notifies are sent back to it), killed with SIGKILL, started again on the same database and Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { repoRoot } from '@cc/tools/services';

export interface ChaosApi {
  url: string;
  /** Starts the process and waits until /healthz answers; returns how long that took. */
  start(): Promise<number>;
  /** SIGKILL, and waits for the process to be gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), for the end of a run. */
  stop(): Promise<void>;
  /** The last lines the process wrote (for a failure message). */
  tail(): string;
}

const STARTUP_DEADLINE_MS = 60_000;

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

export function chaosApi(env: Record<string, string>): ChaosApi {
  const url = `http://127.0.0.1:${env.PORT}`;
  let child: ChildProcess | null = null;
  let output = '';
  const keep = (d: Buffer) => (output = (output + String(d)).slice(-8000));

  async function exited(c: ChildProcess): Promise<void> {
    if (c.exitCode === null && c.signalCode === null) await once(c, 'exit');
  }

  return {
    url,
    async start() {
      const began = Date.now();
      const c = spawn(process.execPath, ['--import', 'tsx', 'packages/api/src/server.ts'], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      c.stdout?.on('data', keep);
      c.stderr?.on('data', keep);
      child = c;
      while (!(await healthy(url))) {
        if (c.exitCode !== null) throw new Error(`the API exited with ${c.exitCode} while starting:\n${output}`);
        if (Date.now() - began > STARTUP_DEADLINE_MS) throw new Error(`the API did not become healthy in time:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return Date.now() - began;
    },
    async kill() {
      if (!child) return;
      const c = child;
      child = null;
      c.kill('SIGKILL');
      await exited(c);
    },
    async stop() {
      if (!child) return;
      const c = child;
      child = null;
      c.kill('SIGTERM');
      const forced = setTimeout(() => c.kill('SIGKILL'), 15_000);
      await exited(c);
      clearTimeout(forced);
    },
    tail: () => output,
  };
}

/** Is the API answering at all (for clients waiting out a restart)? */
export const apiUp = healthy;
