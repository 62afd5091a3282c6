import { evaluate, extend, initialLoad, pickupNodeOf, startState, type MatrixProblem, type Route, type State } from './model';

/**
 * Branch and bound over every order that keeps each pickup before its drop, pruning a partial route as soon as its
 * cost (which only grows as stops are added: travel, lateness and overload are never negative) reaches the best
 * complete one. Exact; used for small routes only (`EXACT_MAX_STOPS`), seeded with the heuristic's route as the bound.
 */
export function exactSolve(p: MatrixProblem, seed: Route): Route {
  const n = p.nodes.length;
  const pickupOf = pickupNodeOf(p);
  let best = { route: seed, cost: evaluate(p, seed).cost };
  const visited = new Array<boolean>(n + 1).fill(false);
  const path: number[] = [];
  const go = (s: State) => {
    if (s.cost >= best.cost) return;
    if (path.length === n) {
      best = { route: [...path], cost: s.cost };
      return;
    }
    for (let i = 1; i <= n; i++) {
      if (visited[i]) continue;
      const node = p.nodes[i - 1]!;
      const pu = node.kind === 'drop' ? (pickupOf.get(node.task) ?? 0) : 0;
      if (pu !== 0 && !visited[pu]) continue;
      visited[i] = true;
      path.push(i);
      go(extend(p, s, i));
      path.pop();
      visited[i] = false;
    }
  };
  go(startState(p, initialLoad(p)));
  return best.route;
}
