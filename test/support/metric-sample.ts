/**
 * The sum of a metric's samples whose labels include `labels`, from the Prometheus text format;
 * 0 when there are none. With no labels, every series of the metric is summed.
 */
export function sample(metrics: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let total = 0;
  for (const line of metrics.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((label) => line.includes(label))) total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}

/** The server's metrics, as Prometheus scrapes them: `metricsUrl` is /metrics on METRICS_PORT (Facade.metricsUrl). */
export async function scrape(metricsUrl: string): Promise<string> {
  const response = await fetch(metricsUrl);
  if (response.status !== 200) throw new Error(`${metricsUrl} answered ${response.status}`);
  return response.text();
}
