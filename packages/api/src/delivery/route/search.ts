import { bestInsertion, groupsOf, type Group } from './construct';
import {
  advance,
  copyState,
  departureSlack,
  evaluate,
  initialLoad,
  prefixes,
  startState,
  type MatrixProblem,
  type Route,
  type State,
} from './model';

/**
 * Variable neighbourhood descent over four neighbourhoods. Every candidate move is first priced in O(1) by its change
 * of travel time alone: the cost is travel plus penalties that are never negative, so a candidate whose travel already
 * reaches the best cost so far cannot win and is never simulated. On a route that is on time and in capacity (the
 * usual case) that leaves only the moves that shorten it; only those are simulated for windows and capacity.
 */
export interface Ctx {
  p: MatrixProblem;
  load0: number;
  groups: Group[];
  /** For each node, its NEAR nearest stops (both ways): the granular neighbourhoods try moves next to these only. */
  near: number[][];
  /** Scratch marks for de-duplicating candidate positions (one stamp per scan). */
  mark: number[];
  stamp: number;
  /** For each node, the other stop of its task (0: none, a drop whose parcel is already on board). */
  partner: number[];
  /** What every route pays before its first stop (overload of the parcels already on board). */
  base: number;
  /** The current route's states after each prefix: a candidate is simulated only from its first changed stop. */
  pre: State[];
  /** The current route's position of each node. */
  pos: number[];
  /**
   * How much later the current route may leave position m without any later stop starting late (waiting absorbs
   * delay); -Infinity when a later stop is already late. Lets a candidate stop simulating right after its changes.
   */
  slackDep: number[];
  /** The current route's cost, travel, and prefix sums of its edges forwards and backwards (for 2-opt in O(1)). */
  total: number;
  travel: number;
  fwd: number[];
  bwd: number[];
  /**
   * The stops whose neighbours in the route changed since the descent began (a kick, then each move). A descent after
   * a kick scans only moves of these stops: the rest of the route was a local optimum a moment ago, and re-proving it
   * on every kick was most of the search's time. (Also scanning the stops that have an active one among their nearest
   * found the same routes at 30 stops and 0.7 % shorter ones at 60, for twice the time at 30 and a third more at 60.)
   */
  active: Uint8Array;
}
type Found = { route: Route; cost: number } | null;
type Neighbourhood = (c: Ctx, route: Route, cost: number) => Found;

export function context(p: MatrixProblem): Ctx {
  const load0 = initialLoad(p);
  const groups = groupsOf(p);
  const partner = new Array<number>(p.nodes.length + 1).fill(0);
  for (const g of groups) if (g.pickup !== null) [partner[g.pickup], partner[g.drop]] = [g.drop, g.pickup];
  const c = { p, load0, groups, partner, base: startState(p, load0).cost, pre: [], pos: [], slackDep: [] };
  const mark = new Array<number>(p.nodes.length + 2).fill(0);
  return { ...c, near: nearest(p), mark, stamp: 0, total: 0, travel: 0, fwd: [], bwd: [], active: new Uint8Array(p.nodes.length + 1) };
}

/** Neighbours per stop: enough for the moves that matter (a stop goes next to one of its near stops), few enough to
 * make a scan O(n · NEAR) rather than O(n²) — the granular neighbourhoods of Toth and Vigo. */
const NEAR = 12;

function nearest(p: MatrixProblem): number[][] {
  const d = p.durations_ms;
  const all = p.nodes.map((_, k) => k + 1);
  return [
    [],
    ...all.map((x) =>
      all
        .filter((y) => y !== x)
        .sort((a, b) => d[x]![a]! + d[a]![x]! - d[x]![b]! - d[b]![x]!)
        .slice(0, NEAR),
    ),
  ];
}

/** Travel from node a to node b; b undefined = past the end of the open route, which costs nothing. */
const edge = (c: Ctx, a: number, b: number | undefined) => (b === undefined ? 0 : c.p.durations_ms[a]![b]!);

function prepare(c: Ctx, route: Route): void {
  const n = route.length;
  c.pre = prefixes(c.p, route, c.load0);
  c.total = c.pre[n]!.cost;
  c.fwd = [0];
  c.bwd = [0];
  for (let m = 1; m < n; m++) {
    c.fwd.push(c.fwd[m - 1]! + edge(c, route[m - 1]!, route[m]));
    c.bwd.push(c.bwd[m - 1]! + edge(c, route[m]!, route[m - 1]));
  }
  c.travel = n === 0 ? 0 : edge(c, 0, route[0]) + c.fwd[n - 1]!;
  route.forEach((i, m) => (c.pos[i] = m));
  c.slackDep = departureSlack(c.p, route, c.pre);
}

/** Could a move that changes the travel by `delta` beat the best so far? (A lower bound on its cost.) */
const promising = (c: Ctx, delta: number, best: Found, cost: number) => c.base + c.travel + delta < (best ? best.cost : cost);

/**
 * The cost of a candidate given stop by stop (`at(m)`: the node at position m), equal to the current route before
 * `from` and after `until`: simulated from `from`; past `until`, as soon as it leaves a stop no later than the
 * current route's slack allows, the rest costs what it costs now (the same stops in the same order, the same load,
 * none late). Infinity once it reaches `bound`. No route is built for a candidate that does not win.
 */
function priced(c: Ctx, at: (m: number) => number, n: number, from: number, until: number, bound: number): number {
  const st = copyState(scratch, c.pre[from]!);
  for (let k = from; k < n; k++) {
    advance(c.p, st, at(k));
    if (st.cost >= bound) return Infinity;
    if (k > until && st.t - c.pre[k + 1]!.t <= c.slackDep[k]!) return st.cost + c.total - c.pre[k + 1]!.cost;
  }
  return st.cost;
}

const scratch: State = { t: 0, prev: 0, load: 0, cost: 0 };

/** Keeps the best strictly improving candidate (pickups before drops already checked by the caller). */
function better(c: Ctx, best: Found, cost: number, at: (m: number) => number, range: [number, number]): Found {
  const n = c.pre.length - 1;
  const v = priced(c, at, n, range[0], range[1], best ? best.cost : cost);
  return v < (best ? best.cost : cost) ? { route: Array.from({ length: n }, (_, m) => at(m)), cost: v } : best;
}

/** Positions 0…rest.length next to (just before or after) one of `x`'s nearest stops in `rest`, and position 0. */
function besideNear(c: Ctx, restPos: number[], x: number, size: number): boolean[] {
  const ok = new Array<boolean>(size + 1).fill(false);
  ok[0] = true;
  for (const v of c.near[x]!) {
    const k = restPos[v]!;
    if (k >= 0) ok[k] = ok[k + 1] = true;
  }
  return ok;
}

/** Relocate pair: take a task's pickup and drop out together and put them back next to their nearest stops. */
function relocatePair(c: Ctx, route: Route, cost: number): Found {
  let best: Found = null;
  const restPos = new Array<number>(route.length + 1).fill(-1);
  for (const g of c.groups) {
    if (c.active[g.drop] === 0 && (g.pickup === null || c.active[g.pickup] === 0)) continue;
    const rest = route.filter((i) => i !== g.pickup && i !== g.drop);
    restPos.fill(-1);
    rest.forEach((i, k) => (restPos[i] = k));
    const drop = besideNear(c, restPos, g.drop, rest.length);
    const only = { pickup: g.pickup === null ? drop : besideNear(c, restPos, g.pickup, rest.length), drop };
    const ins = bestInsertion(c.p, rest, g, c.load0, best ? best.cost : cost, only);
    if (ins.route.length > 0) best = ins;
  }
  return best;
}

/** Does moving the run [i, i + len) to position k of the rest keep each pickup before its drop? */
function runMayMove(c: Ctx, route: Route, i: number, len: number, k: number): boolean {
  // Moving later, it jumps over [i + len, k + len - 1]: no pickup of the run may have its drop there; moving earlier,
  // it jumps over [k, i - 1]: no drop of the run may have its pickup there.
  const [lo, hi] = k > i ? [i + len, k + len - 1] : [k, i - 1];
  for (let m = i; m < i + len; m++) {
    const node = route[m]!;
    const other = c.partner[node]!;
    if (other === 0 || (c.p.nodes[node - 1]!.kind === 'pickup') !== k > i) continue;
    if (c.pos[other]! >= lo && c.pos[other]! <= hi) return false;
  }
  return true;
}

/** The route with the run [i, i + len) moved to position k of the rest, stop by stop. */
function movedRun(route: Route, i: number, len: number, k: number): (m: number) => number {
  if (k < i) return (m) => route[m < k || m >= i + len ? m : m < k + len ? i + (m - k) : m - len]!;
  return (m) => route[m < i || m >= k + len ? m : m < k ? m + len : i + (m - k)]!;
}

/** Or-opt: move a run of 1–3 consecutive stops next to one of the nearest stops of its first or last stop. */
function orOpt(c: Ctx, route: Route, cost: number): Found {
  let best: Found = null;
  const n = route.length;
  for (let len = 1; len <= 3; len++)
    for (let i = 0; i + len <= n; i++) {
      const [s0, s1, before, after] = [route[i]!, route[i + len - 1]!, i === 0 ? 0 : route[i - 1]!, route[i + len]];
      if (c.active[s0] === 0 && c.active[s1] === 0 && c.active[before] === 0 && (after === undefined || c.active[after] === 0)) continue;
      const out = edge(c, before, after) - edge(c, before, s0) - edge(c, s1, after);
      // Position k of the route without the run is between rest[k - 1] and rest[k]; a stop at route position m is
      // rest[m] before the run and rest[m - len] after it.
      const restIndex = (v: number) => {
        const m = c.pos[v]!;
        return m < i ? m : m >= i + len ? m - len : -1;
      };
      const ks = [0, ...c.near[s0]!.map((v) => restIndex(v) + 1), ...c.near[s1]!.map(restIndex)];
      c.stamp++;
      for (const k of ks) {
        if (k < 0 || k === i || k > n - len || c.mark[k] === c.stamp) continue;
        c.mark[k] = c.stamp;
        const a = k === 0 ? 0 : k - 1 < i ? route[k - 1]! : route[k - 1 + len]!;
        const b = k < i ? route[k] : route[k + len];
        if (!promising(c, out + edge(c, a, s0) + edge(c, s1, b) - edge(c, a, b), best, cost)) continue;
        if (!runMayMove(c, route, i, len, k)) continue;
        best = better(c, best, cost, movedRun(route, i, len, k), [Math.min(i, k), Math.max(i, k) + len - 1]);
      }
    }
  return best;
}

/** May the stops at positions i < j swap? A pickup may not pass its drop, nor a drop its pickup. */
function maySwap(c: Ctx, route: Route, i: number, j: number): boolean {
  const [a, b] = [route[i]!, route[j]!];
  if (c.p.nodes[a - 1]!.kind === 'pickup' && c.pos[c.partner[a]!]! <= j) return false;
  return !(c.p.nodes[b - 1]!.kind === 'drop' && c.partner[b] !== 0 && c.pos[c.partner[b]!]! >= i);
}

/** Travel change of swapping the stops at positions i < j. */
function swapDelta(c: Ctx, route: Route, i: number, j: number): number {
  const [a, b, pi, nj] = [route[i]!, route[j]!, i === 0 ? 0 : route[i - 1]!, route[j + 1]];
  if (j === i + 1) return edge(c, pi, b) + edge(c, b, a) + edge(c, a, nj) - edge(c, pi, a) - edge(c, a, b) - edge(c, b, nj);
  const [ni, pj] = [route[i + 1], route[j - 1]!];
  return (
    edge(c, pi, b) + edge(c, b, ni) + edge(c, pj, a) + edge(c, a, nj) - (edge(c, pi, a) + edge(c, a, ni) + edge(c, pj, b) + edge(c, b, nj))
  );
}

/** Exchange: swap a stop with one of its nearest stops. */
function exchange(c: Ctx, route: Route, cost: number): Found {
  let best: Found = null;
  for (let x = 0; x < route.length; x++)
    for (const v of c.near[route[x]!]!) {
      if (c.active[route[x]!] === 0 && c.active[v] === 0) continue;
      const [i, j] = [Math.min(x, c.pos[v]!), Math.max(x, c.pos[v]!)];
      // Each pair once: from its first stop, or from the second when the first is not among its nearest.
      if (x === j && c.near[route[i]!]!.includes(route[j]!)) continue;
      if (!promising(c, swapDelta(c, route, i, j), best, cost) || !maySwap(c, route, i, j)) continue;
      best = better(c, best, cost, (m) => route[m === i ? j : m === j ? i : m]!, [i, j]);
    }
  return best;
}

/** 2-opt: reverse a stretch of the route (only stretches holding no task's pickup and drop both). */
function twoOpt(c: Ctx, route: Route, cost: number): Found {
  let best: Found = null;
  for (let i = 0; i < route.length; i++)
    for (let j = i + 1; j < route.length; j++) {
      const node = route[j]!;
      // A drop whose pickup is in the stretch: this stretch and every longer one would put the drop first.
      if (c.p.nodes[node - 1]!.kind === 'drop' && c.partner[node] !== 0 && c.pos[c.partner[node]!]! >= i) break;
      const [pi, nj] = [i === 0 ? 0 : route[i - 1]!, route[j + 1]];
      const inside = c.bwd[j]! - c.bwd[i]! - (c.fwd[j]! - c.fwd[i]!);
      const delta = edge(c, pi, route[j]) + edge(c, route[i]!, nj) - edge(c, pi, route[i]) - edge(c, route[j]!, nj) + inside;
      if (!promising(c, delta, best, cost)) continue;
      best = better(c, best, cost, (m) => route[m < i || m > j ? m : i + j - m]!, [i, j]);
    }
  return best;
}

const NEIGHBOURHOODS: Neighbourhood[] = [orOpt, exchange, twoOpt, relocatePair];
/** A safety bound on improving steps; every step lowers an integer cost, so the search ends well before it. */
const MAX_STEPS = 100_000;

/**
 * Variable neighbourhood descent: try the neighbourhoods in order (cheapest scans first), take the best improving move
 * of the first that has one and start over from the first; stop when none improves. With `from` (the local optimum a
 * kick started from), only moves near the stops the kick moved, and then near those each move moved, are tried; without
 * it, every move (a local optimum for all four). Deterministic. Returns the route and its cost.
 */
export function descend(c: Ctx, start: Route, from?: Route): { route: Route; cost: number } {
  let route = start;
  let cost = evaluate(c.p, route, c.load0).cost;
  if (from) {
    c.active.fill(0);
    markMoved(c, from, start);
  } else c.active.fill(1);
  for (let step = 0; step < MAX_STEPS; step++) {
    prepare(c, route);
    let found: Found = null;
    for (const n of NEIGHBOURHOODS) {
      found = n(c, route, cost);
      if (found) break;
    }
    if (!found) break;
    markMoved(c, route, found.route);
    route = found.route;
    cost = found.cost;
  }
  return { route, cost };
}

/** Marks active the stops (and the start, node 0) whose predecessor or successor differs between two routes. */
function markMoved(c: Ctx, before: Route, after: Route): void {
  const next = new Int32Array(c.p.nodes.length + 1).fill(-1);
  before.forEach((x, m) => (next[m === 0 ? 0 : before[m - 1]!] = x));
  after.forEach((x, m) => {
    const prev = m === 0 ? 0 : after[m - 1]!;
    if (next[prev] !== x) c.active[prev] = c.active[x] = 1;
  });
  // A stop that was last and is no more, or the other way round, changed its successor too.
  const lastOf = (r: Route) => (r.length === 0 ? 0 : r[r.length - 1]!);
  if (lastOf(before) !== lastOf(after)) c.active[lastOf(before)] = c.active[lastOf(after)] = 1;
}

/** Local search alone, to a local optimum of the four neighbourhoods. */
export function improve(p: MatrixProblem, start: Route): Route {
  return descend(context(p), start).route;
}
