/**
 * The API fuzzer (issue 11 "keep it true"), shared by test/api/fuzz.test.ts (short, in the test command) and
 * tools/fuzz.ts (`pnpm fuzz --long`): schemathesis (PyPI, in the ignored virtual environment tools/services.ts
 * installs) generates cases from /api/openapi.json and runs them against a stack of our own — its own database and
 * Redis key prefix, rate limits out of the way, the demo seed — once per role (resident, farmer, operator, admin) with
 * that person's session token. Checks: no 5xx, responses match their schema, every status and content type is
 * declared. The ndjson event report is read back into case counts by operation and outcome and a list of failures.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDemo } from '@cc/api';
import { fuzzerBin } from '@cc/tools/services';
import { startStack, type Stack } from './stack';

export const ROLES = { resident: 'demo-resident-1', farmer: 'demo-farmer-1', operator: 'demo-operator-1', admin: 'demo-admin-1' } as const;
export type Role = keyof typeof ROLES;

export const ALL_CHECKS = ['not_a_server_error', 'response_schema_conformance', 'status_code_conformance', 'content_type_conformance'];

/**
 * Operations the fuzzer must not call with the role's token: ending the session would turn the rest of the run into
 * 401s. (They are covered by test/api/identity.test.ts.)
 */
const EXCLUDED_PATHS = ['/api/v1/auth/logout', '/api/v1/auth/logout-all'];

export interface FuzzFigures {
  /** "METHOD /path" → outcome ("passed", "failed", "error", "skipped") → number of generated cases. */
  cases: Record<string, Record<string, number>>;
  total: number;
  /** One line per failing check, with the request that reproduces it. */
  failures: string[];
}

/** A stack for fuzzing: the demo seed and a session token for each role. */
export async function fuzzStack(): Promise<{ stack: Stack; tokens: Record<Role, string> }> {
  const stack = await startStack({ RATE_LIMIT_PER_MINUTE: '10000000', LOGIN_RATE_LIMIT_PER_MINUTE: '10000000' });
  const { api } = stack;
  await seedDemo({ identity: api.identity, wallet: api.wallet, catalog: api.catalog });
  const tokens = {} as Record<Role, string>;
  for (const [role, openid] of Object.entries(ROLES) as [Role, string][]) tokens[role] = (await stack.login(openid)).token;
  return { stack, tokens };
}

export interface FuzzOptions {
  /** Seconds of schemathesis per role. */
  maxSecondsPerRole: number;
  /** Cases per operation and phase (schemathesis --max-examples). */
  maxExamples: number;
  checks?: string[];
  seed?: number;
  /** Keeps the ndjson reports (one per role) in this directory instead of a temporary one. */
  reportDir?: string;
  /** Called with each role's figures as it finishes. */
  progress?: (role: Role, figures: FuzzFigures) => void;
}

/** Runs schemathesis once per role; the run as a whole is the sum. */
export async function fuzz(stack: Stack, tokens: Record<Role, string>, opts: FuzzOptions): Promise<FuzzFigures> {
  const all: FuzzFigures = { cases: {}, total: 0, failures: [] };
  const dir = opts.reportDir ?? (await mkdtemp(path.join(tmpdir(), 'cc-fuzz-')));
  if (opts.reportDir) await mkdir(dir, { recursive: true });
  try {
    for (const role of Object.keys(tokens) as Role[]) {
      const report = path.join(dir, `${role}.ndjson`);
      await runSchemathesis(stack.apiUrl, tokens[role], dir, report, opts);
      const figures = readReport(await readFile(report, 'utf8').catch(() => ''), role);
      opts.progress?.(role, figures);
      merge(all, figures);
    }
  } finally {
    if (!opts.reportDir) await rm(dir, { recursive: true, force: true });
  }
  return all;
}

function runSchemathesis(apiUrl: string, token: string, dir: string, report: string, opts: FuzzOptions): Promise<void> {
  const args = [
    'run',
    `${apiUrl}/api/openapi.json`,
    '--checks',
    (opts.checks ?? ALL_CHECKS).join(','),
    '--header',
    `Authorization: Bearer ${token}`,
    '--max-time',
    String(opts.maxSecondsPerRole),
    '--max-examples',
    String(opts.maxExamples),
    '--workers',
    '2',
    '--continue-on-failure',
    '--no-shrink',
    '--suppress-health-check',
    'all',
    '--request-timeout',
    '20',
    '--report',
    'ndjson',
    '--report-ndjson-path',
    report,
    ...EXCLUDED_PATHS.flatMap((p) => ['--exclude-path', p]),
    ...(opts.seed === undefined ? [] : ['--seed', String(opts.seed)]),
  ];
  return new Promise((resolve, reject) => {
    // Its own console output is not needed (the report is read back); a hang is ended after twice its time budget.
    // Run in the report directory: schemathesis and hypothesis keep their caches (.hypothesis, .schemathesis) in the cwd.
    const child = spawn(fuzzerBin(), args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
    const deadline = setTimeout(() => child.kill('SIGKILL'), (opts.maxSecondsPerRole * 2 + 60) * 1000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(deadline);
      // Exit 1 means "failures found" (read from the report); anything else is the tool itself failing.
      if (signal || (code !== 0 && code !== 1)) reject(new Error(`schemathesis ended with ${signal ?? code}: ${stderr}`));
      else resolve();
    });
  });
}

function merge(into: FuzzFigures, from: FuzzFigures): void {
  for (const [op, outcomes] of Object.entries(from.cases)) {
    const row = (into.cases[op] ??= {});
    for (const [outcome, n] of Object.entries(outcomes)) row[outcome] = (row[outcome] ?? 0) + n;
  }
  into.total += from.total;
  into.failures.push(...from.failures);
}

/** Reads schemathesis' ndjson event stream: one line per event; the scenario events carry the cases and checks. */
export function readReport(ndjson: string, role: string): FuzzFigures {
  const figures: FuzzFigures = { cases: {}, total: 0, failures: [] };
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Record<string, unknown>;
    const finished = event.ScenarioFinished as ScenarioFinished | undefined;
    if (finished) countScenario(figures, finished, role);
  }
  return figures;
}

interface Check {
  name: string;
  status: string;
  failure_info?: { failure?: { title?: string; message?: string; operation?: string } } | null;
}
interface Interaction {
  request?: { method?: string; uri?: string; body?: { $base64?: string } | null };
  response?: { status_code?: number; content?: { $base64?: string } | null } | null;
}
interface ScenarioFinished {
  recorder?: {
    label?: string;
    cases?: Record<string, { value?: { method?: string; path?: string } }>;
    checks?: Record<string, Check[]>;
    interactions?: Record<string, Interaction>;
  };
}

const decoded = (b?: { $base64?: string } | null, max = 400): string =>
  b?.$base64 ? Buffer.from(b.$base64, 'base64').toString('utf8').slice(0, max) : '';

/** The request that reproduces a case and what the API answered, in a line or two. */
function describe(interaction: Interaction | undefined): string {
  if (!interaction?.request) return '(no request recorded)';
  const { method, uri, body } = interaction.request;
  const url = uri ? new URL(uri) : null;
  const sent = decoded(body);
  const res = interaction.response;
  return `${method} ${url ? url.pathname + url.search : '?'}${sent ? ` ${sent}` : ''}\n      → ${res?.status_code ?? 'no response'} ${decoded(res?.content, 300)}`;
}

function countScenario(figures: FuzzFigures, finished: ScenarioFinished, role: string): void {
  const recorder = finished.recorder;
  for (const [caseId, c] of Object.entries(recorder?.cases ?? {})) {
    const interaction = recorder?.interactions?.[caseId];
    // A stateful scenario's recorder is labelled as a whole; each case names its own operation.
    const op = c.value?.method && c.value.path ? `${c.value.method} ${c.value.path}` : (recorder?.label ?? '?');
    const checks = recorder?.checks?.[caseId] ?? [];
    const failed = checks.filter((k) => k.status.toLowerCase() === 'failure');
    const outcome = failed.length
      ? 'failed'
      : interaction?.response
        ? `${Math.floor((interaction.response.status_code ?? 0) / 100)}xx`
        : 'no response';
    const row = (figures.cases[op] ??= {});
    row[outcome] = (row[outcome] ?? 0) + 1;
    figures.total++;
    for (const k of failed) {
      const f = k.failure_info?.failure;
      figures.failures.push(
        `[${role}] ${f?.operation ?? op} ${k.name}: ${f?.title ?? ''} — ${(f?.message ?? '').replace(/\n/g, '; ')}\n      ${describe(interaction)}`,
      );
    }
  }
}

/** The failures, one example per operation, check and first message line (a long run repeats the same finding). */
export function distinctFailures(figures: FuzzFigures): string[] {
  const seen = new Map<string, string>();
  for (const f of figures.failures) {
    const key = f.split('\n')[0]!.replace(/^\[\w+\] /, '');
    if (!seen.has(key)) seen.set(key, f);
  }
  return [...seen.values()];
}
