import type { Fault } from "./fault";

/** Per-route queues of scripted answers, one consumed per request on that route. */
export class FaultScript<Route extends string> {
  private readonly queues = new Map<Route, Fault[]>();

  append(route: Route, answers: readonly Fault[]): void {
    this.queues.set(route, [...(this.queues.get(route) ?? []), ...answers]);
  }

  /** The next scripted answer for this route, or undefined when the route should behave normally. */
  take(route: Route): Fault | undefined {
    return this.queues.get(route)?.shift();
  }

  clear(): void {
    this.queues.clear();
  }
}
