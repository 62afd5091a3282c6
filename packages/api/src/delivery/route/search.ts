import { bestInsertion, groupsOf, type Group } from './construct';
import { costFrom, evaluate, initialLoad, precedenceHolds, prefixes, type MatrixProblem, type Route, type State } from './model';

interface Ctx {
  p: MatrixProblem;
  load0: number;
  groups: Group[];
  /** States after each prefix of the current route: a candidate is simulated only from its first changed stop. */
  pre: State[];
}
type Found = { route: Route; cost: number } | null;
type Neighbourhood = (c: Ctx, route: Route, cost: number) => Found;

/** Keeps the best strictly improving candidate (same as the route before position `from`) with pickups before drops. */
function better(c: Ctx, best: Found, cost: number, r: Route, from: number): Found {
  const v = costFrom(c.p, c.pre[from]!, r, from, best ? best.cost : cost);
  return v < (best ? best.cost : cost) && precedenceHolds(c.p, r) ? { route: r, cost: v } : best;
}

/** Relocate pair: take a task's pickup and drop out together and put them back at their cheapest positions. */
const relocatePair: Neighbourhood = (c, route, cost) => {
  let best: Found = null;
  for (const g of c.groups) {
    const rest = route.filter((i) => i !== g.pickup && i !== g.drop);
    const ins = bestInsertion(c.p, rest, g, c.load0, best ? best.cost : cost);
    if (ins.route.length > 0) best = ins;
  }
  return best;
};

/** Or-opt: move a run of 1–3 consecutive stops elsewhere in the route. */
const orOpt: Neighbourhood = (c, route, cost) => {
  let best: Found = null;
  for (let len = 1; len <= 3; len++)
    for (let i = 0; i + len <= route.length; i++) {
      const seg = route.slice(i, i + len);
      const rest = [...route.slice(0, i), ...route.slice(i + len)];
      for (let k = 0; k <= rest.length; k++) {
        if (k === i) continue;
        best = better(c, best, cost, [...rest.slice(0, k), ...seg, ...rest.slice(k)], Math.min(i, k));
      }
    }
  return best;
};

/** Exchange: swap two stops. */
const exchange: Neighbourhood = (c, route, cost) => {
  let best: Found = null;
  for (let i = 0; i < route.length; i++)
    for (let j = i + 1; j < route.length; j++) {
      const r = [...route];
      [r[i], r[j]] = [r[j]!, r[i]!];
      best = better(c, best, cost, r, i);
    }
  return best;
};

/** 2-opt: reverse a stretch of the route (only where no drop then comes before its pickup). */
const twoOpt: Neighbourhood = (c, route, cost) => {
  let best: Found = null;
  for (let i = 0; i < route.length; i++)
    for (let j = i + 1; j < route.length; j++)
      best = better(c, best, cost, [...route.slice(0, i), ...route.slice(i, j + 1).reverse(), ...route.slice(j + 1)], i);
  return best;
};

const NEIGHBOURHOODS: Neighbourhood[] = [relocatePair, orOpt, exchange, twoOpt];
/** A safety bound on improving steps; every step lowers an integer cost, so the search ends well before it. */
const MAX_STEPS = 100_000;

/**
 * Variable neighbourhood descent: try the neighbourhoods in order, take the best improving move of the first that has
 * one and start over from the first; stop when none improves (a local optimum for all four). Deterministic.
 */
export function improve(p: MatrixProblem, start: Route): Route {
  const load0 = initialLoad(p);
  const c: Ctx = { p, load0, groups: groupsOf(p), pre: [] };
  let route = start;
  let cost = evaluate(p, route, load0).cost;
  for (let step = 0; step < MAX_STEPS; step++) {
    c.pre = prefixes(p, route, load0);
    let found: Found = null;
    for (const n of NEIGHBOURHOODS) {
      found = n(c, route, cost);
      if (found) break;
    }
    if (!found) break;
    route = found.route;
    cost = found.cost;
  }
  return route;
}
