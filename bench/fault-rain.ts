import { blueshiftFaults, type BlueshiftSimulator } from "../src/simulators/blueshift/simulator";
import { usergridFaults, type UsergridSimulator } from "../src/simulators/usergrid/simulator";
import type { Fault } from "../src/simulators/kit/fault";

/**
 * The soak's fault mix: every 50 ms one upstream gets one scripted fault on its removal route,
 * so a steady fraction of calls meets a 429, a 5xx, a hang or an applied-then-reset.
 */
export function startFaultRain(blueshift: BlueshiftSimulator, usergrid: UsergridSimulator): { stop(): void } {
  const blueshiftMix: Fault[] = [
    blueshiftFaults.rateLimited("0"),
    blueshiftFaults.serverError(503),
    blueshiftFaults.serverError(502),
    blueshiftFaults.serverError(500),
    { hang: true },
    { apply: true, then: { reset: true } },
  ];
  const usergridMix: Fault[] = [
    usergridFaults.gatewayRateLimited("0"),
    usergridFaults.serverError(503),
    usergridFaults.serverError(500),
    { hang: true },
    { apply: true, then: { reset: true } },
  ];
  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    const pick = <T>(list: T[]): T => list[tick % list.length] as T;
    if (tick % 2 === 0) blueshift.script("removeUser", [pick(blueshiftMix)]);
    else usergrid.script("removeUser", [pick(usergridMix)]);
  }, 50);
  return { stop: () => clearInterval(timer) };
}
