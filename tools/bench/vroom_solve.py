"""Solves route problems with VROOM (pyvroom) for `pnpm bench:route` (tools/bench/route-vroom.ts).

Reads one JSON object on stdin:
  {"exploration_level": 5, "threads": 1, "instances": [{
     "durations_s": [[...]],   # square, whole seconds; node 0 = the vehicle's start, node i >= 1 = stop i
     "capacity": 12,
     "nodes": [{"task": 0, "kind": "pickup" | "drop", "load": 1, "earliest_s": 0, "latest_s": 7200, "service_s": 60}]
  }]}
Times are seconds from the route's start. A task with both a pickup and a drop node becomes a VROOM shipment; a drop
without a pickup (already on board) becomes a plain job with a delivery amount, which VROOM loads at the start.
The vehicle has a start and no end: an open route, as in our model.

Writes one JSON object on stdout: {"solutions": [{"route": [stop numbers in order], "unassigned": [stop numbers],
"duration_s": VROOM's travel time for its route, "solve_ms": float}]}. solve_ms is measured around solve() alone, so the interpreter's start-up and the building of
the input are not counted.
"""

import json
import sys
import time

import vroom


def build(inst):
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=inst["durations_s"])
    problem.add_vehicle(vroom.Vehicle(1, start=0, capacity=[inst["capacity"]]))
    pickups = {}
    for number, node in enumerate(inst["nodes"], start=1):
        if node["kind"] == "pickup":
            pickups[node["task"]] = number
    for number, node in enumerate(inst["nodes"], start=1):
        if node["kind"] != "drop":
            continue
        window = [vroom.TimeWindow(node["earliest_s"], node["latest_s"])]
        drop = dict(id=number, location=number, default_service=node["service_s"], time_windows=window)
        pickup_number = pickups.get(node["task"])
        if pickup_number is None:
            problem.add_job(vroom.Job(delivery=vroom.Amount([node["load"]]), **drop))
            continue
        p = inst["nodes"][pickup_number - 1]
        pickup = vroom.ShipmentStep(
            id=pickup_number,
            location=pickup_number,
            default_service=p["service_s"],
            time_windows=[vroom.TimeWindow(p["earliest_s"], p["latest_s"])],
        )
        problem.add_shipment(pickup, vroom.ShipmentStep(**drop), amount=vroom.Amount([node["load"]]))
    return problem


def solve(inst, exploration_level, threads):
    problem = build(inst)
    began = time.perf_counter()
    solution = problem.solve(exploration_level=exploration_level, nb_threads=threads)
    solve_ms = (time.perf_counter() - began) * 1000
    out = solution.to_dict()
    steps = [s for r in out.get("routes", []) for s in r["steps"]]
    route = [s["id"] for s in steps if s["type"] in ("job", "pickup", "delivery")]
    unassigned = [u["id"] for u in out.get("unassigned", [])]
    # VROOM's own total travel time for its route, for the caller to check that both read the same matrix.
    duration_s = out["summary"]["duration"]
    return {"route": route, "unassigned": unassigned, "duration_s": duration_s, "solve_ms": solve_ms}


def main():
    request = json.load(sys.stdin)
    level = int(request.get("exploration_level", 5))
    threads = int(request.get("threads", 1))
    solutions = [solve(inst, level, threads) for inst in request["instances"]]
    json.dump({"solutions": solutions}, sys.stdout)


if __name__ == "__main__":
    main()
