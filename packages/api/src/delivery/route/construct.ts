import { advance, copyState, costFrom, initialLoad, suffixOf, type MatrixProblem, type Route, type State } from './model';

/** One task's stops as node numbers: its pickup (absent when already on board) and its drop. */
export interface Group {
  task: number;
  pickup: number | null;
  drop: number;
}

export function groupsOf(p: MatrixProblem): Group[] {
  const byTask = new Map<number, Group>();
  p.nodes.forEach((n, k) => {
    const g = byTask.get(n.task) ?? { task: n.task, pickup: null, drop: 0 };
    if (n.kind === 'pickup') g.pickup = k + 1;
    else g.drop = k + 1;
    byTask.set(n.task, g);
  });
  return [...byTask.values()].sort((a, b) => a.task - b.task);
}

/** Positions (0…route length) allowed for a task's pickup and for its drop. */
export interface Positions {
  pickup: boolean[];
  drop: boolean[];
}

export interface Insertion {
  route: Route;
  cost: number;
}

/**
 * The cheapest way to put a task's stops into `route`: every position for the pickup and every later position for
 * the drop (or every position for a lone drop). A candidate is first priced by its travel alone (O(1): the cost is
 * travel plus penalties that are never negative, so one whose travel reaches the best cost cannot win); the others are
 * simulated from the route's state before the first changed position and dropped as soon as they cost as much as the
 * best so far; the first of equal costs wins. `only`, when given, limits the positions tried (a granular neighbourhood:
 * next to the stop's nearest stops); the drop right after the pickup is always tried.
 */
/** Scratch states of bestInsertion (it runs to completion before it is called again). */
const pick: State = { t: 0, prev: 0, load: 0, cost: 0 };
const drop: State = { t: 0, prev: 0, load: 0, cost: 0 };

export function bestInsertion(p: MatrixProblem, route: Route, g: Group, load0: number, bound = Infinity, only?: Positions): Insertion {
  let best: Insertion = { route: [], cost: bound };
  const same = suffixOf(p, route, load0);
  const pre = same.pre;
  const len = route.length;
  const d = p.durations_ms;
  const at = (k: number) => (k < 0 ? 0 : route[k]!);
  /** Travel added by putting node x between positions k - 1 and k. */
  const added = (k: number, x: number) => d[at(k - 1)]![x]! + (k < len ? d[x]![route[k]!]! - d[at(k - 1)]![route[k]!]! : 0);
  let travel = pre[0]!.cost;
  for (let k = 0; k < len; k++) travel += d[at(k - 1)]![route[k]!]!;
  const tail = (s: State, from: number, place: () => Route) => {
    const cost = costFrom(p, s, route, from, best.cost, same);
    if (cost < best.cost) best = { route: place(), cost };
  };
  for (let i = 0; i <= len; i++) {
    if (only && !(g.pickup === null ? only.drop[i] : only.pickup[i])) continue;
    if (g.pickup === null) {
      if (travel + added(i, g.drop) >= best.cost) continue;
      const s = copyState(drop, pre[i]!);
      advance(p, s, g.drop);
      if (s.cost < best.cost) tail(s, i, () => [...route.slice(0, i), g.drop, ...route.slice(i)]);
      continue;
    }
    const pu = g.pickup;
    const withPickup = travel + added(i, pu);
    if (withPickup >= best.cost) continue;
    const s = copyState(pick, pre[i]!);
    advance(p, s, pu);
    for (let j = i; j <= len && s.cost < best.cost; j++) {
      if (j > i) advance(p, s, route[j - 1]!);
      const lower =
        j === i
          ? travel + d[at(i - 1)]![pu]! + d[pu]![g.drop]! + (i < len ? d[g.drop]![route[i]!]! - d[at(i - 1)]![route[i]!]! : 0)
          : withPickup + added(j, g.drop);
      if (lower >= best.cost || (only && j > i && !only.drop[j])) continue;
      const dr = copyState(drop, s);
      advance(p, dr, g.drop);
      if (dr.cost < best.cost) tail(dr, j, () => [...route.slice(0, i), pu, ...route.slice(i, j), g.drop, ...route.slice(j)]);
    }
  }
  return best;
}

/**
 * Cheapest insertion: start empty and, while tasks remain, insert the task whose cheapest insertion costs least
 * (ties: the lower task index). Precedence holds by construction; windows and capacity steer through the cost.
 */
export function construct(p: MatrixProblem): Route {
  const load0 = initialLoad(p);
  let route: Route = [];
  const left = groupsOf(p);
  while (left.length > 0) {
    let pick = 0;
    let best = bestInsertion(p, route, left[0]!, load0);
    for (let k = 1; k < left.length; k++) {
      const ins = bestInsertion(p, route, left[k]!, load0);
      if (ins.cost < best.cost) {
        best = ins;
        pick = k;
      }
    }
    route = best.route;
    left.splice(pick, 1);
  }
  return route;
}
