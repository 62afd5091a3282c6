/**
 * The courier's route solver (issue 13 §5), pure: pickup before drop, delivery windows, vehicle capacity, an open route
 * from where the courier is. Checked against an exhaustive search written here, independently of the solver, on
 * every route of up to 7 stops of seeded random instances; larger routes are checked for validity and determinism.
 */
import test from 'ava';
import { seededRandom } from '@cc/shared/random';
import {
  LATE_PENALTY_PER_MS,
  OVERLOAD_PENALTY_PER_UNIT,
  checkProblem,
  evaluate,
  planRoute,
  precedenceHolds,
  solveMatrix,
  type MatrixProblem,
  type Route,
  type RouteNode,
} from '../../packages/api/src/delivery/route/index';

const MINUTE_MS = 60_000;
const T0 = Date.UTC(2026, 11, 5, 9, 0);

/**
 * A random instance: `tasks` tasks, each claimed (pickup + drop) or already picked up (drop only), points in a 4 km
 * square, e-bike minutes between them, 2-hour slots starting within the next three hours (some tight on purpose).
 */
function instance(seed: number, tasks: number, capacity = 12): MatrixProblem {
  const rnd = seededRandom(seed);
  const points: [number, number][] = [[rnd() * 4000, rnd() * 4000]];
  const nodes: RouteNode[] = [];
  for (let task = 0; task < tasks; task++) {
    const claimed = rnd() < 0.6;
    const slot = T0 + Math.floor(rnd() * 6) * 30 * MINUTE_MS;
    const load = 1 + Math.floor(rnd() * 3);
    if (claimed) {
      points.push([rnd() * 4000, rnd() * 4000]);
      nodes.push({
        task,
        kind: 'pickup',
        load,
        earliest_ms: Number.MIN_SAFE_INTEGER,
        latest_ms: slot + 120 * MINUTE_MS,
        service_ms: 3 * MINUTE_MS,
      });
    }
    points.push([rnd() * 4000, rnd() * 4000]);
    nodes.push({ task, kind: 'drop', load, earliest_ms: slot, latest_ms: slot + 120 * MINUTE_MS, service_ms: 2 * MINUTE_MS });
  }
  // 4.5 m/s with a 1.3 road factor, whole milliseconds.
  const durations_ms = points.map(([ax, ay]) => points.map(([bx, by]) => Math.round((Math.hypot(ax - bx, ay - by) * 1.3 * 1000) / 4.5)));
  return { durations_ms, start_ms: T0, capacity, nodes };
}

/** The cost of a route computed here from the definition (travel + lateness + overload penalties), not by the solver. */
function costOf(p: MatrixProblem, route: Route): number {
  const picked = new Set(p.nodes.filter((n) => n.kind === 'pickup').map((n) => n.task));
  let load = p.nodes.filter((n) => n.kind === 'drop' && !picked.has(n.task)).reduce((s, n) => s + n.load, 0);
  let cost = OVERLOAD_PENALTY_PER_UNIT * Math.max(0, load - p.capacity);
  let [t, at] = [p.start_ms, 0];
  for (const i of route) {
    const n = p.nodes[i - 1]!;
    cost += p.durations_ms[at]![i]!;
    t = Math.max(t + p.durations_ms[at]![i]!, n.earliest_ms);
    cost += LATE_PENALTY_PER_MS * Math.max(0, t - n.latest_ms);
    t += n.service_ms;
    load += n.kind === 'pickup' ? n.load : -n.load;
    cost += OVERLOAD_PENALTY_PER_UNIT * Math.max(0, load - p.capacity);
    at = i;
  }
  return cost;
}

/** Every order of the stops that keeps each pickup before its drop, and the cheapest cost among them. */
function exhaustive(p: MatrixProblem): { optimum: number; orders: number } {
  const n = p.nodes.length;
  let best = Infinity;
  let orders = 0;
  const used = new Array<boolean>(n + 1).fill(false);
  const path: number[] = [];
  const go = () => {
    if (path.length === n) {
      orders++;
      best = Math.min(best, costOf(p, path));
      return;
    }
    for (let i = 1; i <= n; i++) {
      const node = p.nodes[i - 1]!;
      const pickup = p.nodes.findIndex((m) => m.task === node.task && m.kind === 'pickup') + 1;
      if (used[i] || (node.kind === 'drop' && pickup > 0 && !used[pickup])) continue;
      used[i] = true;
      path.push(i);
      go();
      path.pop();
      used[i] = false;
    }
  };
  go();
  return { optimum: best, orders };
}

/** A route visits every stop exactly once, each pickup before its drop. */
function valid(p: MatrixProblem, route: Route): boolean {
  const sorted = [...route].sort((a, b) => a - b);
  return sorted.length === p.nodes.length && sorted.every((v, k) => v === k + 1) && precedenceHolds(p, route);
}

test('every route of up to 7 stops is optimal: the solver matches an exhaustive search on 400 seeded instances', (t) => {
  let checked = 0;
  let heuristicOptimal = 0;
  let worstGap = 0;
  for (let seed = 1; checked < 400; seed++) {
    const p = instance(seed, 1 + (seed % 5), seed % 7 === 0 ? 2 : 12);
    if (p.nodes.length > 7) continue;
    const { optimum } = exhaustive(p);
    const route = solveMatrix(p);
    t.true(valid(p, route), `seed ${seed}: not a valid route`);
    t.is(costOf(p, route), optimum, `seed ${seed}: not optimal`);
    t.is(evaluate(p, route).cost, optimum, `seed ${seed}: the solver's own cost disagrees with the definition`);
    const heuristic = solveMatrix(p, { exactMaxStops: 0 });
    t.true(valid(p, heuristic));
    const cost = costOf(p, heuristic);
    t.true(cost >= optimum);
    if (cost === optimum) heuristicOptimal++;
    else worstGap = Math.max(worstGap, (cost - optimum) / optimum);
    checked++;
  }
  t.log(`heuristic alone optimal on ${heuristicOptimal}/${checked}; worst gap ${(worstGap * 100).toFixed(2)} %`);
  t.true(heuristicOptimal >= checked * 0.9, 'cheapest insertion + local search finds the optimum of nine small routes in ten');
});

test('a tight window is met even when the nearest-first order would miss it', (t) => {
  // From the start: A is 1 min away, B 20 min away and closes in 25 min; A then B would reach B late.
  const ms = (m: number) => m * MINUTE_MS;
  const p: MatrixProblem = {
    durations_ms: [
      [0, ms(1), ms(20)],
      [ms(1), 0, ms(20)],
      [ms(20), ms(20), 0],
    ],
    start_ms: T0,
    capacity: 12,
    nodes: [
      { task: 0, kind: 'drop', load: 1, earliest_ms: T0, latest_ms: T0 + ms(120), service_ms: ms(10) },
      { task: 1, kind: 'drop', load: 1, earliest_ms: T0, latest_ms: T0 + ms(25), service_ms: ms(2) },
    ],
  };
  t.deepEqual(solveMatrix(p), [2, 1]);
  t.is(evaluate(p, [2, 1]).late_ms, 0);
  t.true(evaluate(p, [1, 2]).late_ms > 0, 'the other order is late, so the test can fail');
});

test('capacity: a vehicle for one parcel delivers each before it picks up the next', (t) => {
  // Three sellers near the start, their buyers 3 km away: without the capacity, all pickups first would be cheapest.
  const xs = [0, 100, 3000, 120, 3020, 140, 3040];
  const durations_ms = xs.map((a) => xs.map((b) => Math.abs(a - b) * 300));
  const nodes: RouteNode[] = [0, 1, 2].flatMap((task) =>
    (['pickup', 'drop'] as const).map((kind) => ({ task, kind, load: 3, earliest_ms: T0, latest_ms: T0 + 1e9, service_ms: 0 })),
  );
  const roomy = solveMatrix({ durations_ms, start_ms: T0, capacity: 9, nodes });
  t.deepEqual(
    roomy.map((i) => nodes[i - 1]!.kind),
    ['pickup', 'pickup', 'pickup', 'drop', 'drop', 'drop'],
    'so the test can fail',
  );
  const p: MatrixProblem = { durations_ms, start_ms: T0, capacity: 3, nodes };
  const route = solveMatrix(p);
  t.is(evaluate(p, route).overload, 0);
  t.deepEqual(
    route.map((i) => nodes[i - 1]!.kind),
    ['pickup', 'drop', 'pickup', 'drop', 'pickup', 'drop'],
  );
  t.true(valid(p, route));
});

test('when no order meets every window, the least-late plan is returned and marked not feasible', (t) => {
  const plan = planRoute({
    start: { location: { lat: 30.28, lng: 120.12 }, at_ms: T0 },
    vehicle: { speed_m_per_s: 4.5, capacity: 12 },
    tasks: [
      { id: 'a', pickup: null, drop: { location: { lat: 30.3, lng: 120.12 }, latest_ms: T0 + 5 * MINUTE_MS } },
      { id: 'b', pickup: null, drop: { location: { lat: 30.26, lng: 120.12 }, latest_ms: T0 + 5 * MINUTE_MS } },
    ],
  });
  t.false(plan.feasible);
  t.is(plan.stops.length, 2);
  t.true(plan.late_ms > 0);
  t.is(
    plan.late_ms,
    plan.stops.reduce((s, x) => s + x.late_ms, 0),
  );
});

test('larger routes (20 to 60 stops) are valid, deterministic and never worse than cheapest insertion alone', (t) => {
  for (const [seed, tasks] of [
    [101, 12],
    [202, 25],
    [303, 40],
  ] as const) {
    const p = instance(seed, tasks);
    const route = solveMatrix(p);
    t.true(valid(p, route), `seed ${seed}`);
    t.deepEqual(solveMatrix(p), route, 'the same input gives the same route');
    const byDistance = [...p.nodes.keys()].map((k) => k + 1).sort((a, b) => p.durations_ms[0]![a]! - p.durations_ms[0]![b]!);
    const naive = byDistance
      .filter((i) => p.nodes[i - 1]!.kind === 'pickup')
      .concat(byDistance.filter((i) => p.nodes[i - 1]!.kind === 'drop'));
    t.true(costOf(p, route) <= costOf(p, naive), `seed ${seed}: worse than all pickups then all drops by distance`);
  }
});

test('a malformed problem is refused with a RangeError naming the fault; the solver never guesses', (t) => {
  const good = instance(5, 2);
  const broken: [string, (p: MatrixProblem) => void, RegExp][] = [
    ['matrix size', (p) => p.durations_ms.pop(), /matrix must be/],
    ['negative travel', (p) => (p.durations_ms[0]![1] = -1), /durations_ms/],
    ['window reversed', (p) => (p.nodes[0]!.earliest_ms = p.nodes[0]!.latest_ms + 1), /window closes before it opens/],
    [
      'pickup without drop',
      (p) => (p.nodes.find((n) => n.kind === 'drop' && p.nodes.some((m) => m.task === n.task && m.kind === 'pickup'))!.task = 99),
      /has a pickup but no drop/,
    ],
    ['fractional time', (p) => (p.start_ms = 0.5), /start_ms/],
  ];
  for (const [what, spoil, message] of broken) {
    const p = structuredClone(good);
    spoil(p);
    t.throws(() => checkProblem(p), { instanceOf: RangeError, message }, what);
    t.throws(() => solveMatrix(p), { instanceOf: RangeError }, what);
  }
  t.throws(
    () => planRoute({ start: { location: { lat: 95, lng: 0 }, at_ms: T0 }, vehicle: { speed_m_per_s: 4.5, capacity: 1 }, tasks: [] }),
    {
      instanceOf: RangeError,
    },
  );
});

test('a slot far ahead counts as waiting, not travel: the totals keep them apart and the arrival stays the driving time', (t) => {
  const opens = T0 + 180 * MINUTE_MS;
  const plan = planRoute({
    start: { location: { lat: 30.28, lng: 120.12 }, at_ms: T0 },
    vehicle: { speed_m_per_s: 4.5, capacity: 12 },
    tasks: [{ id: 'a', pickup: null, drop: { location: { lat: 30.29, lng: 120.12 }, earliest_ms: opens, service_ms: 2 * MINUTE_MS } }],
  });
  const [stop] = plan.stops;
  t.true(plan.travel_ms > 0 && plan.travel_ms < 10 * MINUTE_MS);
  t.is(stop!.arrival_ms, T0 + plan.travel_ms, 'the courier arrives after driving, not when the slot opens');
  t.is(stop!.service_start_ms, opens);
  t.is(plan.waiting_ms, opens - stop!.arrival_ms);
  t.is(plan.service_ms, 2 * MINUTE_MS);
  t.is(plan.total_duration_ms, plan.travel_ms + plan.waiting_ms + plan.service_ms);
});
