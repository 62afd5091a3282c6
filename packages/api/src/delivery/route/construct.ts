import { costFrom, extend, initialLoad, prefixes, type MatrixProblem, type Route, type State } from './model';

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

export interface Insertion {
  route: Route;
  cost: number;
}

/**
 * The cheapest way to put a task's stops into `route`: every position for the pickup and every later position for
 * the drop (or every position for a lone drop). Each candidate starts from the route's state before the first changed
 * position and is dropped as soon as it costs as much as the best so far; the first of equal costs wins.
 */
export function bestInsertion(p: MatrixProblem, route: Route, g: Group, load0: number, bound = Infinity): Insertion {
  let best: Insertion = { route: [], cost: bound };
  const pre = prefixes(p, route, load0);
  const len = route.length;
  const tail = (s: State, from: number, place: () => Route) => {
    const cost = costFrom(p, s, route, from, best.cost);
    if (cost < best.cost) best = { route: place(), cost };
  };
  for (let i = 0; i <= len; i++) {
    if (g.pickup === null) {
      const s = extend(p, pre[i]!, g.drop);
      if (s.cost < best.cost) tail(s, i, () => [...route.slice(0, i), g.drop, ...route.slice(i)]);
      continue;
    }
    const pu = g.pickup;
    let s = extend(p, pre[i]!, pu);
    for (let j = i; j <= len && s.cost < best.cost; j++) {
      if (j > i) s = extend(p, s, route[j - 1]!);
      const d = extend(p, s, g.drop);
      if (d.cost < best.cost) tail(d, j, () => [...route.slice(0, i), pu, ...route.slice(i, j), g.drop, ...route.slice(j)]);
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
