/**
 * Route planning for one courier (issue 13 §5): pure functions, no database. model.ts (the model and its cost),
 * construct.ts (cheapest insertion), search.ts (local search), exact.ts (branch and bound for small routes),
 * solve.ts (validation, the solver, planning from coordinates), vehicles.ts (vehicle profiles).
 */
export { evaluate, initialLoad, precedenceHolds, timesOf, LATE_PENALTY_PER_MS, OVERLOAD_PENALTY_PER_UNIT } from './model';
export type { MatrixProblem, Route, RouteNode, Schedule, StopKind } from './model';
export { EXACT_MAX_STOPS, PlanInput, checkProblem, planRoute, solveMatrix, travelMs } from './solve';
export type { Plan, PlannedStop, SolveOptions } from './solve';
export { VEHICLES, ROAD_FACTOR } from './vehicles';
