import type { Fault } from "./fault";
import type { IncomingRequest } from "./recorded-request";
import type { SimulatorAnswer } from "./simulator-answer";

/** What a fault can do to the exchange in progress. */
export interface Exchange {
  readonly request: IncomingRequest;
  send(answer: SimulatorAnswer): void;
  /** Closes the connection without answering. */
  destroy(): void;
  wait(ms: number): Promise<void>;
}

/**
 * Plays a scripted fault, or the real answer when there is none. `real` does the route's work,
 * so it is called only by the kinds that apply, and at most once.
 */
export async function playFault(fault: Fault | undefined, real: () => SimulatorAnswer, exchange: Exchange): Promise<void> {
  if (fault === undefined) return exchange.send(real());
  if ("status" in fault) return exchange.send(fault);
  if ("fromRequest" in fault) return exchange.send(fault.fromRequest(exchange.request));
  if ("hang" in fault) return;
  if ("reset" in fault) return exchange.destroy();
  if ("delayMs" in fault) {
    await exchange.wait(fault.delayMs);
    return exchange.send(real());
  }
  const applied = real();
  return playFault(fault.then, () => applied, exchange);
}
