/**
 * Route planning benchmark (issue 13 §5; DESIGN §7: performance is measured by scripts that print figures, never by
 * timed tests): our one-courier solver (packages/api/src/delivery/route) against VROOM, the open-source routing engine,
 * as the yardstick.
 *
 *   pnpm bench:route [--sizes 6,8,10,20,40,80,160] [--instances N] [--seed 13] [--level 5] [--threads 1]
 *
 * For each size (stops per route) it makes seeded random instances (the same seed, the same instances): stops in a
 * ~5 km town around (30.28, 120.12), travel times haversine × ROAD_FACTOR at the e-bike's speed in whole seconds (VROOM
 * takes integer seconds, so ms ↔ s converts exactly), a mix of claimed tasks (pickup at a shop, then drop) and tasks
 * already on board (drop only), 2-hour delivery slots, the e-bike's capacity. Each instance is solved by our heuristic
 * (exactMaxStops 0: construction + local search, timed here around solveMatrix), by VROOM (pyvroom, one vehicle with a
 * start and no end, shipments and delivery jobs, the very same duration matrix; one Python process per size and timed
 * inside Python around solve(), so start-up is not counted) and, for sizes ≤ EXACT_MAX_STOPS, by our exact mode
 * (branch and bound: the proven optimum). Every route, VROOM's included, is costed by our `evaluate` on the same
 * matrix, so all are compared on the same cost. Prints a table; nothing is asserted on times. Exit 1 if VROOM's output
 * does not fit the instance (a stop missing twice, a drop before its pickup) or VROOM counts as feasible a route our
 * model finds late or overloaded: then the two models differ and the comparison would mean nothing.
 *
 * VROOM comes from PyPI (PYVROOM below) into a venv outside the repository, made on the first run:
 * $VROOM_VENV, else ~/.cache/cc-vroom-venv.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  EXACT_MAX_STOPS,
  ROAD_FACTOR,
  VEHICLES,
  evaluate,
  precedenceHolds,
  solveMatrix,
  travelMs,
  type MatrixProblem,
  type Route,
  type RouteNode,
  type Schedule,
} from '@cc/api/delivery/route/index';
import { seededRandom } from '@cc/shared/random';
import { fixed, percentile, table } from './harness';

const PYVROOM = 'pyvroom==1.15.2';
const SOLVER_PY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'vroom_solve.py');
const DEFAULT_INSTANCES: Record<number, number> = { 6: 30, 8: 30, 10: 30, 20: 30, 40: 20, 80: 20, 160: 10 };

// ---------- instances ----------

const CENTRE = { lat: 30.28, lng: 120.12 };
const TOWN_RADIUS_M = 2_500;
const M_PER_DEG_LAT = 111_320;
const MINUTE_MS = 60_000;
const SLOT_MS = 120 * MINUTE_MS;
const SLOT_STEP_MS = 30 * MINUTE_MS;
/** 09:00 in China: a whole second, like every time of an instance, so that it converts exactly to VROOM's seconds. */
const START_MS = Date.UTC(2026, 11, 5, 1, 0, 0);
/** Slots spread over about this much time per stop (a courier's stops are due over the hours the route takes). */
const HORIZON_PER_STOP_MS = 10 * MINUTE_MS;
/** At most this many units already on board at the start (the rest of the capacity is for pickups). */
const MAX_LOAD_ON_BOARD = 8;
const EBIKE = VEHICLES.ebike;

type Rand = () => number;
type LatLng = { lat: number; lng: number };
const between = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** A point uniformly in the town's disc. */
function pointIn(rand: Rand): LatLng {
  const r = TOWN_RADIUS_M * Math.sqrt(rand());
  const a = 2 * Math.PI * rand();
  const mPerDegLng = M_PER_DEG_LAT * Math.cos((CENTRE.lat * Math.PI) / 180);
  return { lat: CENTRE.lat + (r * Math.sin(a)) / M_PER_DEG_LAT, lng: CENTRE.lng + (r * Math.cos(a)) / mPerDegLng };
}

/** A 2-hour delivery slot starting on a half hour within the horizon (some opened already: clamped to the start). */
function slot(rand: Rand, horizon_ms: number): { earliest_ms: number; latest_ms: number } {
  const from = START_MS + between(rand, -2, Math.floor(horizon_ms / SLOT_STEP_MS)) * SLOT_STEP_MS;
  return { earliest_ms: Math.max(START_MS, from), latest_ms: from + SLOT_MS };
}

/** One instance of exactly `stops` stops. */
function makeInstance(stops: number, seed: number): MatrixProblem {
  // The same seed makes the same instances on every machine.
  const rand = seededRandom(seed);
  const shops = Array.from({ length: 3 + Math.ceil(stops / 20) }, () => pointIn(rand));
  const horizon_ms = stops * HORIZON_PER_STOP_MS;
  const places: LatLng[] = [pointIn(rand)];
  const nodes: RouteNode[] = [];
  let onBoard = 0;
  for (let task = 0; nodes.length < stops; task++) {
    const load = rand() < 0.7 ? 1 : between(rand, 2, 3);
    const left = stops - nodes.length;
    const dropOnly = left === 1 || (rand() < 0.3 && onBoard + load <= MAX_LOAD_ON_BOARD);
    const window = slot(rand, dropOnly ? horizon_ms / 2 : horizon_ms);
    if (dropOnly) onBoard += left === 1 ? 1 : load;
    else {
      // Ready at the shop up to 90 minutes before the slot opens; must be picked up before the slot closes.
      const ready_ms = Math.max(START_MS, window.earliest_ms - between(rand, 0, 90) * MINUTE_MS);
      places.push(shops[between(rand, 0, shops.length - 1)]!);
      nodes.push({
        task,
        kind: 'pickup',
        load,
        earliest_ms: ready_ms,
        latest_ms: window.latest_ms,
        service_ms: between(rand, 60, 180) * 1000,
      });
    }
    places.push(pointIn(rand));
    nodes.push({ task, kind: 'drop', load: left === 1 ? 1 : load, ...window, service_ms: between(rand, 60, 240) * 1000 });
  }
  const wholeSeconds = (a: LatLng, b: LatLng) => Math.round(travelMs(a, b, EBIKE.speed_m_per_s, ROAD_FACTOR) / 1000) * 1000;
  const durations_ms = places.map((a) => places.map((b) => wholeSeconds(a, b)));
  return { durations_ms, start_ms: START_MS, capacity: EBIKE.capacity, nodes };
}

// ---------- VROOM ----------

/** The venv with pyvroom, made on the first run; returns its python. */
function vroomPython(): string {
  const venv = process.env.VROOM_VENV ?? path.join(os.homedir(), '.cache', 'cc-vroom-venv');
  const python = path.join(venv, 'bin', 'python');
  const installed = () => {
    const r = spawnSync(python, ['-c', 'import importlib.metadata as m, vroom; print(m.version("pyvroom"))'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  if (installed() === PYVROOM.split('==')[1]) return python;
  console.log(`installing ${PYVROOM} into ${venv} (first run)…`);
  if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', PYVROOM], { stdio: 'inherit' });
  if (!installed()) throw new Error(`${PYVROOM} does not import from ${venv}`);
  return python;
}

/** ms → s, refusing anything but whole seconds (VROOM's unit), so both solvers see exactly the same numbers. */
function seconds(ms: number): number {
  if (ms % 1000 !== 0) throw new Error(`${ms} ms is not a whole second: VROOM would see another instance`);
  return ms / 1000;
}

function toVroom(p: MatrixProblem) {
  return {
    durations_s: p.durations_ms.map((row) => row.map(seconds)),
    capacity: p.capacity,
    nodes: p.nodes.map((n) => ({
      task: n.task,
      kind: n.kind,
      load: n.load,
      earliest_s: seconds(n.earliest_ms - p.start_ms),
      latest_s: seconds(n.latest_ms - p.start_ms),
      service_s: seconds(n.service_ms),
    })),
  };
}

interface VroomSolution {
  route: Route;
  unassigned: number[];
  duration_s: number;
  solve_ms: number;
}

/** All instances of one size in one Python process (its start-up and import stay out of the timings). */
function solveWithVroom(python: string, ps: MatrixProblem[], level: number, threads: number): VroomSolution[] {
  const input = JSON.stringify({ exploration_level: level, threads, instances: ps.map(toVroom) });
  const r = spawnSync(python, [SOLVER_PY], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`vroom_solve.py exited ${r.status}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { solutions: VroomSolution[] }).solutions;
}

/** VROOM's route must visit each stop once (with the unassigned ones: all) and keep pickups before drops. */
function checkVroomRoute(p: MatrixProblem, s: VroomSolution, name: string): void {
  const all = [...s.route, ...s.unassigned].sort((a, b) => a - b);
  if (all.length !== p.nodes.length || all.some((v, k) => v !== k + 1)) throw new Error(`${name}: VROOM's stops do not match the instance`);
  if (s.unassigned.length === 0 && !precedenceHolds(p, s.route)) throw new Error(`${name}: VROOM drops before picking up`);
}

// ---------- measuring ----------

interface Outcome {
  name: string;
  ours: Schedule;
  ours_ms: number;
  /** Null when VROOM left stops unassigned (it keeps windows and capacity hard, so it drops what it cannot fit). */
  vroom: Schedule | null;
  vroom_ms: number;
  exact: { schedule: Schedule; ms: number } | null;
}

const feasible = (s: Schedule | null) => s !== null && s.late_ms === 0 && s.overload === 0;

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

function runSize(python: string, size: number, count: number, opts: Options): Outcome[] {
  const seeds = Array.from({ length: count }, (_, k) => opts.seed * 1_000_003 + size * 1_000 + k);
  const ps = seeds.map((seed) => makeInstance(size, seed));
  const vroom = solveWithVroom(python, ps, opts.level, opts.threads);
  return ps.map((p, k) => {
    const name = `size ${size} seed ${seeds[k]}`;
    const ours = timed(() => solveMatrix(p, { exactMaxStops: 0 }));
    const v = vroom[k]!;
    checkVroomRoute(p, v, name);
    const vs = v.unassigned.length === 0 ? evaluate(p, v.route) : null;
    if (vs && !feasible(vs)) throw new Error(`${name}: VROOM's route is late or overloaded in our model (${JSON.stringify(vs)})`);
    if (vs && vs.travel_ms !== v.duration_s * 1000) throw new Error(`${name}: VROOM's travel ${v.duration_s} s, ours ${vs.travel_ms} ms`);
    const exact = size <= EXACT_MAX_STOPS ? timed(() => solveMatrix(p)) : null;
    return {
      name,
      ours: evaluate(p, ours.value),
      ours_ms: ours.ms,
      vroom: vs,
      vroom_ms: v.solve_ms,
      exact: exact && { schedule: evaluate(p, exact.value), ms: exact.ms },
    };
  });
}

// ---------- report ----------

const p50p99 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return [fixed(percentile(s, 50), 2), fixed(percentile(s, 99), 2)];
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const EQUAL = 1e-9;

/** Ratios a/b of travel time over the instances where both routes are feasible: mean, worst, and a-better/equal/worse. */
function ratios(pairs: [Schedule | null, Schedule | null][]): string[] {
  const rs = pairs.filter(([a, b]) => feasible(a) && feasible(b)).map(([a, b]) => a!.travel_ms / b!.travel_ms);
  if (rs.length === 0) return ['—', '—', '—'];
  const [lt, eq] = [rs.filter((r) => r < 1 - EQUAL).length, rs.filter((r) => Math.abs(r - 1) <= EQUAL).length];
  return [fixed(mean(rs), 4), fixed(Math.max(...rs), 4), `${lt}/${eq}/${rs.length - lt - eq}`];
}

/** Mean travel in s of each side over the instances where both routes are feasible (the ratios' instances). */
function meanTravels(pairs: [Schedule | null, Schedule | null][]): string[] {
  const both = pairs.filter(([a, b]) => feasible(a) && feasible(b));
  if (both.length === 0) return ['—', '—'];
  return [0, 1].map((side) => fixed(mean(both.map((pair) => pair[side]!.travel_ms / 1000)), 0));
}

function mainRow(size: number, outs: Outcome[]): string[] {
  return [
    String(size),
    String(outs.length),
    ...p50p99(outs.map((o) => o.ours_ms)),
    ...p50p99(outs.map((o) => o.vroom_ms)),
    ...meanTravels(outs.map((o) => [o.ours, o.vroom])),
    ...ratios(outs.map((o) => [o.ours, o.vroom])),
    String(outs.filter((o) => feasible(o.ours)).length),
    String(outs.filter((o) => feasible(o.vroom)).length),
    `${outs.filter((o) => o.vroom === null).length} (${outs.filter((o) => o.vroom === null && feasible(o.ours)).length})`,
    String(vroomBetter(outs).length),
  ];
}

/** Instances where VROOM's route costs more than 1% less than ours (same matrix, same `evaluate`). */
const vroomBetter = (outs: Outcome[]) => outs.filter((o) => o.vroom !== null && o.vroom.cost * 1.01 < o.ours.cost);

function exactRow(size: number, outs: Outcome[]): string[] {
  const opt = outs.map((o) => o.exact!.schedule);
  const isOpt = (s: Schedule | null, k: number) => s !== null && s.cost === opt[k]!.cost;
  return [
    String(size),
    String(outs.length),
    ...p50p99(outs.map((o) => o.exact!.ms)),
    String(opt.filter((s) => feasible(s)).length),
    `${outs.filter((o, k) => isOpt(o.ours, k)).length}/${outs.length}`,
    ...ratios(outs.map((o, k) => [o.ours, opt[k]!])).slice(0, 2),
    `${outs.filter((o, k) => isOpt(o.vroom, k)).length}/${outs.length}`,
    ...ratios(outs.map((o, k) => [o.vroom, opt[k]!])).slice(0, 2),
  ];
}

function report(results: Map<number, Outcome[]>, opts: Options, vroomVersion: string): void {
  const main = [...results].map(([size, outs]) => mainRow(size, outs));
  const header = [
    'stops',
    'inst',
    'ours p50 ms',
    'p99',
    'vroom p50 ms',
    'p99',
    'travel s ours',
    'vroom',
    'travel ours/vroom mean',
    'worst',
    '</=/>',
  ];
  console.log(table([...header, 'feasible ours', 'vroom', 'vroom unassigned (ours feasible)', 'vroom >1% better'], main));
  const small = [...results].filter(([size]) => size <= EXACT_MAX_STOPS);
  if (small.length > 0) {
    const h = ['stops', 'inst', 'exact p50 ms', 'p99', 'opt feasible', 'ours = opt', 'ours/opt mean', 'worst', 'vroom = opt'];
    console.log(
      `\nproven optimum (our exact mode, branch and bound):\n${table(
        [...h, 'vroom/opt mean', 'worst'],
        small.map(([s, o]) => exactRow(s, o)),
      )}`,
    );
  }
  const better = [...results.values()].flatMap(vroomBetter);
  console.log(`\ninstances where VROOM is better by more than 1% (travel in s): ${better.length || 'none'}`);
  for (const o of better) {
    // A late route of ours may be shorter than VROOM's on time: then lateness, not length, is what it loses by.
    const by = feasible(o.ours)
      ? `ours +${fixed((100 * o.ours.travel_ms) / o.vroom!.travel_ms - 100, 2)}%`
      : `ours late ${o.ours.late_ms / 1000}`;
    console.log(`  ${o.name}: ours ${o.ours.travel_ms / 1000}, VROOM ${o.vroom!.travel_ms / 1000} (${by})`);
  }
  console.log(`\n${footer(opts, vroomVersion).join('\n')}`);
}

function footer(opts: Options, vroomVersion: string): string[] {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => fixed(l, 2));
  return [
    `VROOM ${vroomVersion} (exploration level ${opts.level}, ${opts.threads} thread(s)); our solver single-threaded, heuristic only`,
    `(exactMaxStops 0; solveMatrix itself proves the optimum up to ${EXACT_MAX_STOPS} stops); seed ${opts.seed}.`,
    'Ratios over the instances both solved feasibly; </=/> counts ours shorter/equal/longer.',
    `machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), node ${process.version}, load average ${load.join(' ')}`,
  ];
}

// ---------- main ----------

interface Options {
  sizes: number[];
  instances: number | null;
  seed: number;
  level: number;
  threads: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    // pnpm may pass a literal `--` before the script's own arguments.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      sizes: { type: 'string', default: '6,8,10,20,40,80,160' },
      instances: { type: 'string' },
      seed: { type: 'string', default: '13' },
      level: { type: 'string', default: '5' },
      threads: { type: 'string', default: '1' },
    },
  });
  const int = (name: string, value: string, min: number, max: number): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  return {
    // 200 tasks is planRoute's bound; a route has at most two stops per task.
    sizes: values.sizes.split(',').map((s) => int('sizes', s.trim(), 1, 400)),
    instances: values.instances === undefined ? null : int('instances', values.instances, 1, 10_000),
    seed: int('seed', values.seed, 0, 1_000_000),
    level: int('level', values.level, 1, 5),
    threads: int('threads', values.threads, 1, 64),
  };
}

/** The first solves run while V8 still compiles the solver: untimed, on instances of a seed no size uses. */
function warmUp(): void {
  for (let k = 0; k < 5; k++) {
    solveMatrix(makeInstance(20, k), { exactMaxStops: 0 });
    solveMatrix(makeInstance(6, k));
  }
}

function main(): void {
  const opts = readOptions();
  warmUp();
  const python = vroomPython();
  const vroomVersion = execFileSync(python, ['-c', 'import importlib.metadata as m; print(m.version("pyvroom"))'], {
    encoding: 'utf8',
  }).trim();
  const results = new Map<number, Outcome[]>();
  for (const size of opts.sizes) {
    const count = opts.instances ?? DEFAULT_INSTANCES[size] ?? 10;
    const t0 = Date.now();
    results.set(size, runSize(python, size, count, opts));
    console.log(`${size} stops: ${count} instances in ${fixed((Date.now() - t0) / 1000, 1)} s`);
  }
  console.log('');
  report(results, opts, vroomVersion);
}

main();
