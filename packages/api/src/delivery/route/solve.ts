import { z } from 'zod';
import { haversineM } from '../tasks/geo';
import { construct } from './construct';
import { exactSolve } from './exact';
import { evaluate, timesOf, type MatrixProblem, type Route, type RouteNode, type StopKind } from './model';
import { iteratedSearch, type SearchOptions } from './ils';
import { improve } from './search';

/** Routes of at most this many stops are solved exactly (branch and bound); longer ones by the heuristic alone. */
export const EXACT_MAX_STOPS = 8;

export interface SolveOptions {
  /** Override EXACT_MAX_STOPS (0: heuristic only — the benchmark and tests measure the heuristic itself). */
  exactMaxStops?: number;
  /** The iterated local search's iterations, wall-time guard and seed (ils.ts). */
  search?: SearchOptions;
}

const Ms = z.number().int().finite();
const MatrixProblemSchema = z.object({
  durations_ms: z.array(z.array(z.number().int().min(0).finite())),
  start_ms: Ms,
  capacity: z.number().int().min(0),
  nodes: z.array(
    z.object({
      task: z.number().int().min(0),
      kind: z.enum(['pickup', 'drop']),
      load: z.number().int().min(0),
      earliest_ms: Ms,
      latest_ms: Ms,
      service_ms: z.number().int().min(0),
    }),
  ),
});

/** Refuses a malformed problem with a RangeError naming the first fault (the solver never guesses). */
export function checkProblem(p: MatrixProblem): void {
  const parsed = MatrixProblemSchema.safeParse(p);
  if (!parsed.success) throw new RangeError(`route problem: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  const size = p.nodes.length + 1;
  if (p.durations_ms.length !== size || p.durations_ms.some((row) => row.length !== size))
    throw new RangeError(`route problem: the duration matrix must be ${size}×${size}`);
  const seen = new Set<string>();
  for (const n of p.nodes) {
    if (n.earliest_ms > n.latest_ms) throw new RangeError(`route problem: task ${n.task} ${n.kind} window closes before it opens`);
    const k = `${n.task}/${n.kind}`;
    if (seen.has(k)) throw new RangeError(`route problem: task ${n.task} has two ${n.kind} stops`);
    seen.add(k);
  }
  for (const n of p.nodes)
    if (n.kind === 'pickup' && !seen.has(`${n.task}/drop`)) throw new RangeError(`route problem: task ${n.task} has a pickup but no drop`);
}

/** Cheapest insertion, then iterated local search (ils.ts); small routes: descent, then proven optimal by branch and bound. */
export function solveMatrix(p: MatrixProblem, opts: SolveOptions = {}): Route {
  checkProblem(p);
  // Branch and bound proves the optimum of a small route anyway: the descent's local optimum is a good enough bound.
  if (p.nodes.length <= (opts.exactMaxStops ?? EXACT_MAX_STOPS)) return exactSolve(p, improve(p, construct(p)));
  return iteratedSearch(p, construct(p), opts.search);
}

// ---------- from coordinates ----------

const LatLngIn = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
const StopIn = z.object({
  location: LatLngIn,
  /** Window bounds (epoch ms); absent = open on that side. */
  earliest_ms: Ms.optional(),
  latest_ms: Ms.optional(),
  service_ms: z.number().int().min(0).max(86_400_000).default(0),
});
export const PlanInput = z.object({
  start: z.object({ location: LatLngIn, at_ms: Ms }),
  vehicle: z.object({ speed_m_per_s: z.number().positive().max(100), capacity: z.number().int().min(1) }),
  /** Roads are longer than the great circle: travel distance = haversine × road_factor. */
  road_factor: z.number().min(1).max(5).default(1.3),
  tasks: z
    .array(z.object({ id: z.string().min(1), load: z.number().int().min(1).default(1), pickup: StopIn.nullable(), drop: StopIn }))
    .max(200)
    .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, { message: 'task ids must be unique' }),
});
export type PlanInput = z.input<typeof PlanInput>;

export interface PlannedStop {
  task_id: string;
  kind: StopKind;
  location: { lat: number; lng: number };
  earliest_ms: number | null;
  latest_ms: number | null;
  arrival_ms: number;
  /** When service starts: the arrival, or the window's opening if the courier is early and waits. */
  service_start_ms: number;
  departure_ms: number;
  late_ms: number;
}

export interface Plan {
  stops: PlannedStop[];
  travel_ms: number;
  /** Waiting at stops reached before their window opens (a slot far in the future is mostly this, not driving). */
  waiting_ms: number;
  service_ms: number;
  /** From the start to leaving the last stop: travel + waiting + service. */
  total_duration_ms: number;
  late_ms: number;
  overload: number;
  /** Every window met and the capacity never exceeded. */
  feasible: boolean;
  cost: number;
}

/** Travel time in whole ms between two points: haversine × road factor ÷ speed. */
export const travelMs = (a: { lat: number; lng: number }, b: { lat: number; lng: number }, speed_m_per_s: number, road_factor: number) =>
  Math.round(((haversineM(a, b) * road_factor) / speed_m_per_s) * 1000);

/** Plans one courier's stops from coordinates (RangeError on malformed input). Pure and deterministic. */
export function planRoute(input: PlanInput, opts: SolveOptions = {}): Plan {
  const parsed = PlanInput.safeParse(input);
  if (!parsed.success) throw new RangeError(`route input: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  const inp = parsed.data;
  const places: { location: { lat: number; lng: number } }[] = [inp.start];
  const nodes: RouteNode[] = [];
  const open = (v: number | undefined, none: number) => v ?? none;
  inp.tasks.forEach((t, task) => {
    const add = (kind: StopKind, s: z.infer<typeof StopIn>) => {
      places.push(s);
      const earliest_ms = open(s.earliest_ms, Number.MIN_SAFE_INTEGER);
      nodes.push({
        task,
        kind,
        load: t.load,
        earliest_ms,
        latest_ms: open(s.latest_ms, Number.MAX_SAFE_INTEGER),
        service_ms: s.service_ms,
      });
    };
    if (t.pickup) add('pickup', t.pickup);
    add('drop', t.drop);
  });
  const durations_ms = places.map((a) => places.map((b) => travelMs(a.location, b.location, inp.vehicle.speed_m_per_s, inp.road_factor)));
  const p: MatrixProblem = { durations_ms, start_ms: inp.start.at_ms, capacity: inp.vehicle.capacity, nodes };
  const route = solveMatrix(p, opts);
  return present(p, route, (i) => ({ id: inp.tasks[p.nodes[i - 1]!.task]!.id, location: places[i]!.location }));
}

function present(p: MatrixProblem, route: Route, at: (i: number) => { id: string; location: { lat: number; lng: number } }): Plan {
  const s = evaluate(p, route);
  const times = timesOf(p, route);
  const bound = (v: number) => (Math.abs(v) === Number.MAX_SAFE_INTEGER ? null : v);
  const stops = route.map((i, k) => {
    const n = p.nodes[i - 1]!;
    const tm = times[k]!;
    const { id, location } = at(i);
    return {
      task_id: id,
      kind: n.kind,
      location,
      earliest_ms: bound(n.earliest_ms),
      latest_ms: bound(n.latest_ms),
      arrival_ms: tm.arrival_ms,
      service_start_ms: tm.start_ms,
      departure_ms: tm.departure_ms,
      late_ms: Math.max(0, tm.start_ms - n.latest_ms),
    };
  });
  const waiting_ms = stops.reduce((sum, x) => sum + x.service_start_ms - x.arrival_ms, 0);
  const service_ms = stops.reduce((sum, x) => sum + x.departure_ms - x.service_start_ms, 0);
  const base = {
    travel_ms: s.travel_ms,
    waiting_ms,
    service_ms,
    total_duration_ms: s.end_ms - p.start_ms,
    late_ms: s.late_ms,
    overload: s.overload,
  };
  return { stops, ...base, feasible: s.late_ms === 0 && s.overload === 0, cost: s.cost };
}
