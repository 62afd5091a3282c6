import { seededRandom } from '@cc/shared/random';
import { bestInsertion, type Group } from './construct';
import { evaluate, type MatrixProblem, type Route } from './model';
import { context, descend, type Ctx } from './search';

/**
 * Iterated local search (ruin and recreate + descent): from the local optimum of the descent, take a few tasks out
 * (a random one and the tasks nearest to it, or tasks at random), put them back one by one at their cheapest places,
 * descend again, and keep the result when it is no worse than the current route (so the search can walk across
 * plateaus); after a run without a new best, restart from the best. A descent alone stops at the first local optimum;
 * these kicks move it out to others, which is how VROOM and most production solvers close the last few percent.
 *
 * Deterministic for a given problem: a seeded generator and a fixed number of iterations. `budget_ms` bounds the
 * process's CPU time as a safety net only (a request must not hang on a huge instance); CPU rather than wall time, so
 * that a machine busy with other work does not cut the search short and change the route. The defaults end far below
 * it on the sizes a courier holds.
 */
export interface SearchOptions {
  /** Kicks after the first descent (default: ITERATIONS_PER_TASK per task, within MIN_/MAX_ITERATIONS). */
  iterations?: number;
  /** CPU-time guard in ms (default DEFAULT_BUDGET_MS); the best route so far is returned when it runs out. */
  budget_ms?: number;
  seed?: number;
}

const ITERATIONS_PER_TASK = 12;
const MIN_ITERATIONS = 60;
const MAX_ITERATIONS = 600;
export const DEFAULT_BUDGET_MS = 3_000;
/** Kicks without a new best before going back to the best route. */
const RESTART_AFTER = 40;
/** At most this many tasks, and this share of them, taken out per kick. */
const MAX_RUIN = 10;
const RUIN_SHARE = 0.25;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** How far apart two tasks are: between their drops, plus between their pickups when both have one. */
function apart(p: MatrixProblem, a: Group, b: Group): number {
  const d = p.durations_ms;
  return d[a.drop]![b.drop]! + (a.pickup !== null && b.pickup !== null ? d[a.pickup]![b.pickup]! : 0);
}

/** The tasks a kick takes out: a random task and its nearest neighbours (half the kicks), or tasks at random. */
function chooseRuined(c: Ctx, rand: () => number): Group[] {
  const gs = c.groups;
  const most = Math.max(1, Math.min(MAX_RUIN, Math.ceil(gs.length * RUIN_SHARE)));
  const q = 1 + Math.floor(rand() * most);
  if (rand() < 0.5) {
    const seed = gs[Math.floor(rand() * gs.length)]!;
    return [...gs].sort((a, b) => apart(c.p, seed, a) - apart(c.p, seed, b)).slice(0, q);
  }
  const pool = [...gs];
  for (let k = pool.length - 1; k > 0; k--) {
    const m = Math.floor(rand() * (k + 1));
    [pool[k], pool[m]] = [pool[m]!, pool[k]!];
  }
  return pool.slice(0, q);
}

/** Ruin and recreate: take the chosen tasks out, then insert them in random order, each at its cheapest place. */
function kick(c: Ctx, route: Route, rand: () => number): Route {
  const out = chooseRuined(c, rand);
  const gone = new Set(out.flatMap((g) => (g.pickup === null ? [g.drop] : [g.pickup, g.drop])));
  let r = route.filter((i) => !gone.has(i));
  for (let k = out.length - 1; k > 0; k--) {
    const m = Math.floor(rand() * (k + 1));
    [out[k], out[m]] = [out[m]!, out[k]!];
  }
  for (const g of out) r = bestInsertion(c.p, r, g, c.load0).route;
  return r;
}

export function iteratedSearch(p: MatrixProblem, start: Route, opts: SearchOptions = {}): Route {
  const c = context(p);
  const iterations = opts.iterations ?? Math.min(MAX_ITERATIONS, Math.max(MIN_ITERATIONS, ITERATIONS_PER_TASK * c.groups.length));
  const deadline_ms = cpuMs() + (opts.budget_ms ?? DEFAULT_BUDGET_MS);
  const rand = seededRandom(opts.seed ?? 13);
  const penalty = (r: Route) => {
    const s = evaluate(p, r, c.load0);
    return s.cost - s.travel_ms;
  };
  let best = descend(c, start);
  let cur = best;
  let sinceBest = 0;
  // With fewer than two tasks a kick can only put the one task back where the descent had it.
  if (c.groups.length < 2) return best.route;
  for (let it = 0; it < iterations && (it % 16 !== 0 || cpuMs() < deadline_ms); it++) {
    const kicked = kick(c, cur.route, rand);
    // A kick that makes an on-time route late is dropped: repairing lateness is what the descent is slowest at (no
    // move can be priced by its travel alone), and the on-time route stays to be kicked again.
    if (penalty(cur.route) === 0 && penalty(kicked) > 0) continue;
    const next = descend(c, kicked, cur.route);
    if (next.cost <= cur.cost) cur = next;
    if (next.cost < best.cost) [best, sinceBest] = [next, 0];
    else if (++sinceBest >= RESTART_AFTER) [cur, sinceBest] = [best, 0];
  }
  return best.route;
}
