/**
 * The routing model (pure, no database): one vehicle leaves `start` at `start_ms` and visits every stop once, in an
 * open route (it need not come back). Node 0 of the duration matrix is the start; node i ≥ 1 is `nodes[i - 1]`.
 * Times are integer milliseconds, so costs compare exactly and the search is deterministic.
 */
export type StopKind = 'pickup' | 'drop';

export interface RouteNode {
  /** Index of the task (pair) this stop belongs to. */
  task: number;
  kind: StopKind;
  /** Units carried by the task: a pickup adds them, a drop removes them. */
  load: number;
  /** Time window: service may start no earlier than `earliest_ms` and should start no later than `latest_ms`. */
  earliest_ms: number;
  latest_ms: number;
  service_ms: number;
}

export interface MatrixProblem {
  /** durations_ms[a][b]: travel time from node a to node b (node 0 = start). */
  durations_ms: number[][];
  start_ms: number;
  capacity: number;
  nodes: RouteNode[];
}

/** A route: the order of node numbers (1-based, into the matrix). */
export type Route = number[];

/**
 * The cost minimised: total travel time (waiting is free, as in VROOM), plus LATE_PENALTY_PER_MS for every
 * millisecond a stop starts after its window closes and OVERLOAD_PENALTY_PER_UNIT for every unit carried above the
 * capacity after each stop. The penalties are so large that any feasible route costs less than any infeasible one
 * of the same instance (1 ms late outweighs ~17 minutes of driving), so the hard windows and capacity are honoured
 * whenever they can be; when they cannot, the least-late plan is still returned, marked infeasible.
 */
export const LATE_PENALTY_PER_MS = 1_000;
export const OVERLOAD_PENALTY_PER_UNIT = 1_000_000_000;

export interface Schedule {
  cost: number;
  travel_ms: number;
  late_ms: number;
  overload: number;
  /** The time the last stop is left (or start_ms for an empty route). */
  end_ms: number;
}

/** Load on board at the start: tasks whose drop is routed but whose pickup is not (already picked up). */
export function initialLoad(p: MatrixProblem): number {
  const picked = new Set(p.nodes.filter((n) => n.kind === 'pickup').map((n) => n.task));
  return p.nodes.filter((n) => n.kind === 'drop' && !picked.has(n.task)).reduce((s, n) => s + n.load, 0);
}

/** The state after some stops: clock, last node, load on board, cost so far (travel + penalties). */
export interface State {
  t: number;
  prev: number;
  load: number;
  cost: number;
}

export const startState = (p: MatrixProblem, load0: number): State => ({
  t: p.start_ms,
  prev: 0,
  load: load0,
  cost: OVERLOAD_PENALTY_PER_UNIT * Math.max(0, load0 - p.capacity),
});

/** The state after visiting node i next: arrive, wait for the window to open, count lateness, serve, load. */
export function extend(p: MatrixProblem, s: State, i: number): State {
  const next = { ...s };
  advance(p, next, i);
  return next;
}

/** `extend` in place: the search's inner loops price thousands of candidates and must not allocate for each stop. */
export function advance(p: MatrixProblem, s: State, i: number): void {
  const n = p.nodes[i - 1]!;
  const d = p.durations_ms[s.prev]![i]!;
  const begin = Math.max(s.t + d, n.earliest_ms);
  s.load += n.kind === 'pickup' ? n.load : -n.load;
  s.cost += d + LATE_PENALTY_PER_MS * Math.max(0, begin - n.latest_ms) + OVERLOAD_PENALTY_PER_UNIT * Math.max(0, s.load - p.capacity);
  s.t = begin + n.service_ms;
  s.prev = i;
}

/** Copies state `from` into `into` (scratch states reused by the search). */
export function copyState(into: State, from: State): State {
  into.t = from.t;
  into.prev = from.prev;
  into.load = from.load;
  into.cost = from.cost;
  return into;
}

/** States after each prefix of the route: prefixes[k] is the state after its first k stops. */
export function prefixes(p: MatrixProblem, route: Route, load0: number): State[] {
  const out = [startState(p, load0)];
  for (const i of route) out.push(extend(p, out[out.length - 1]!, i));
  return out;
}

/**
 * How much later the route may leave each position without any later stop starting late (waiting absorbs delay):
 * slack[m] for leaving the stop at position m; -Infinity when a later stop is late already. `pre`: its prefixes.
 */
export function departureSlack(p: MatrixProblem, route: Route, pre: State[]): number[] {
  const slack = new Array<number>(route.length).fill(Infinity);
  for (let m = route.length - 1; m >= 1; m--) {
    const node = p.nodes[route[m]! - 1]!;
    const begin = pre[m + 1]!.t - node.service_ms;
    const arrival = pre[m]!.t + p.durations_ms[route[m - 1]!]![route[m]!]!;
    const own = begin > node.latest_ms ? -Infinity : Math.min(node.latest_ms - begin, slack[m]!);
    slack[m - 1] = own + (begin - arrival);
  }
  return slack;
}

/** A route's prefixes, departure slack and cost: what a candidate that ends like it needs to stop simulating early. */
export interface Suffix {
  pre: State[];
  slack: number[];
  total: number;
}

export function suffixOf(p: MatrixProblem, route: Route, load0: number): Suffix {
  const pre = prefixes(p, route, load0);
  return { pre, slack: departureSlack(p, route, pre), total: pre[route.length]!.cost };
}

/**
 * The cost of `route[from…]` after state `s`, or Infinity as soon as it reaches `bound` (the cost only grows stop by
 * stop, so a candidate no better than the best so far is dropped early). With `same`, the prefixes and slack of a route
 * that ends with the same stops: once the candidate leaves a stop with the same load and no later than that route's
 * slack allows, the rest costs what it costs there (same stops, same load, none late), so the walk ends in O(1) most
 * of the time instead of running to the route's end.
 */
export function costFrom(p: MatrixProblem, s: State, route: Route, from: number, bound: number, same?: Suffix): number {
  const st = copyState(scratch, s);
  for (let k = from; k < route.length; k++) {
    advance(p, st, route[k]!);
    if (st.cost >= bound) return Infinity;
    const there = same?.pre[k + 1];
    if (there && st.load === there.load && st.t - there.t <= same!.slack[k]!) return st.cost + same!.total - there.cost;
  }
  return st.cost;
}

const scratch: State = { t: 0, prev: 0, load: 0, cost: 0 };

/** Simulates the route: arrival, waiting until the window opens, lateness, service; sums the cost. */
export function evaluate(p: MatrixProblem, route: Route, load0 = initialLoad(p)): Schedule {
  let t = p.start_ms;
  let prev = 0;
  let travel = 0;
  let late = 0;
  let load = load0;
  let overload = Math.max(0, load - p.capacity);
  for (const i of route) {
    const n = p.nodes[i - 1]!;
    const d = p.durations_ms[prev]![i]!;
    travel += d;
    t = Math.max(t + d, n.earliest_ms);
    late += Math.max(0, t - n.latest_ms);
    t += n.service_ms;
    load += n.kind === 'pickup' ? n.load : -n.load;
    overload += Math.max(0, load - p.capacity);
    prev = i;
  }
  const cost = travel + LATE_PENALTY_PER_MS * late + OVERLOAD_PENALTY_PER_UNIT * overload;
  return { cost, travel_ms: travel, late_ms: late, overload, end_ms: t };
}

/** The arrival and departure time of each stop of a route (arrival before any waiting). */
export function timesOf(p: MatrixProblem, route: Route): { arrival_ms: number; start_ms: number; departure_ms: number }[] {
  let t = p.start_ms;
  let prev = 0;
  return route.map((i) => {
    const n = p.nodes[i - 1]!;
    const arrival_ms = t + p.durations_ms[prev]![i]!;
    const start_ms = Math.max(arrival_ms, n.earliest_ms);
    t = start_ms + n.service_ms;
    prev = i;
    return { arrival_ms, start_ms, departure_ms: t };
  });
}

/** For each task, the node number of its pickup (0 when it has none: already on board). */
export function pickupNodeOf(p: MatrixProblem): Map<number, number> {
  const m = new Map<number, number>();
  p.nodes.forEach((n, k) => n.kind === 'pickup' && m.set(n.task, k + 1));
  return m;
}

/** Every pickup before the drop of its task (the route's precedence constraint). */
export function precedenceHolds(p: MatrixProblem, route: Route): boolean {
  const seen = new Set<number>();
  for (const i of route) {
    const n = p.nodes[i - 1]!;
    if (n.kind === 'pickup') seen.add(n.task);
    else if (hasPickup(p, n.task) && !seen.has(n.task)) return false;
  }
  return true;
}

const pickupCache = new WeakMap<MatrixProblem, Set<number>>();
function hasPickup(p: MatrixProblem, task: number): boolean {
  let s = pickupCache.get(p);
  if (!s) {
    s = new Set(p.nodes.filter((n) => n.kind === 'pickup').map((n) => n.task));
    pickupCache.set(p, s);
  }
  return s.has(task);
}
