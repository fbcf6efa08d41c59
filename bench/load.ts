import autocannon from "autocannon";
import * as hdr from "hdr-histogram-js";

export interface LoadTarget {
  url: string;
  method: "POST" | "DELETE";
  headers: Record<string, string>;
  body?: string;
  /** Exact body every response must have; anything else counts as an error. */
  expectBody?: string;
}

export interface LoadFigures {
  requests: number;
  requestsPerSecond: number;
  latencyUs: { p50: number; p99: number; p999: number; max: number };
  non2xx: number;
  errors: number;
  mismatches: number;
  durationS: number;
}

function run(target: LoadTarget, connections: number, durationS: number, ratePerSecond: number | undefined, record?: (us: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        body: target.body,
        connections,
        duration: durationS,
        ...(ratePerSecond === undefined ? {} : { overallRate: ratePerSecond }),
        ...(target.expectBody === undefined ? {} : { expectBody: target.expectBody }),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    // autocannon's own histogram keeps whole milliseconds; its response event carries the
    // hrtime-measured duration, recorded here in microseconds.
    if (record) instance.on("response", (_client, _status, _bytes, responseTimeMs: number) => record(Math.round(responseTimeMs * 1000)));
  });
}

/**
 * A warm-up (discarded), then the measured window; `measure` brackets only the measured window.
 * `ratePerSecond`: requests sent at that fixed rate (open loop) instead of as fast as the server
 * answers them (closed loop, the default).
 */
export async function load(
  target: LoadTarget,
  options: { connections: number; warmupS: number; durationS: number; ratePerSecond?: number },
  measure: { before(): void; after(): void },
): Promise<LoadFigures> {
  await run(target, options.connections, options.warmupS, options.ratePerSecond);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  measure.before();
  const started = process.hrtime.bigint();
  const result = await run(target, options.connections, options.durationS, options.ratePerSecond, (us) => histogram.recordValue(us));
  const durationS = Number(process.hrtime.bigint() - started) / 1e9;
  measure.after();
  const requests = result.requests.total;
  return {
    requests,
    requestsPerSecond: requests / durationS,
    latencyUs: {
      p50: histogram.getValueAtPercentile(50),
      p99: histogram.getValueAtPercentile(99),
      p999: histogram.getValueAtPercentile(99.9),
      max: histogram.maxValue,
    },
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    mismatches: result.mismatches ?? 0,
    durationS,
  };
}
