import { BULK_DEFAULTS } from "../src/config/config";
import { BLUESHIFT_BULK_GROUP_ID, bulkCustomer } from "../src/simulators/blueshift/simulator";
import { USERGRID_BULK_GROUP, bulkUser } from "../src/simulators/usergrid/simulator";
import { cpuMs, startServer, startSimulators, stop } from "./processes";

const REFS = 1000;
const LATENCY_MS = 50;
const WARMUP_REFS = 16;

const MUTATION =
  "mutation RemoveMany($provider: Provider!, $groupId: ID!, $userRefs: [UserRef!]!) { removeUsersFromGroup(provider: $provider, groupId: $groupId, userRefs: $userRefs) { removed notMember failed unknown results { __typename } } }";

export interface BulkRow {
  name: string;
  refs: number;
  concurrency: number;
  upstreamLatencyMs: number;
  /** Upstream requests per removal: Usergrid reads the membership before its DELETE (docs/contract.md §2). */
  requestsPerRemoval: number;
  wallMs: number;
  /** What the concurrency allows at best: refs × requestsPerRemoval × latency ÷ concurrency. */
  floorMs: number;
  removed: number;
  notRemoved: number;
  /** Server CPU (utime + stime) for the measured call. */
  serverCpuMs: number;
}

interface Counts {
  removed: number;
  notMember: number;
  failed: number;
  unknown: number;
}

async function removeMany(serverUrl: string, provider: "BLUESHIFT" | "USERGRID", groupId: string, uuids: readonly string[]): Promise<Counts> {
  const response = await fetch(`${serverUrl}/`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: MUTATION, variables: { provider, groupId, userRefs: uuids.map((uuid) => ({ uuid })) } }),
  });
  const body = (await response.json()) as { data?: { removeUsersFromGroup: Counts }; errors?: unknown };
  if (!body.data) throw new Error(`bulk removal refused: ${JSON.stringify(body.errors)}`);
  return body.data.removeUsersFromGroup;
}

/**
 * One call removing 1,000 distinct users at the default BULK_CONCURRENCY, against simulators
 * answering after 50 ms (in bench mode, each membership is restored at once, so calls repeat).
 * A small call first warms up connections, the Usergrid token and the JIT.
 */
export async function bulk(): Promise<BulkRow[]> {
  const sims = await startSimulators(LATENCY_MS, false, REFS);
  const server = await startServer(sims.urls);
  const pid = server.process.pid as number;
  const cases = [
    { name: "bulk Blueshift", provider: "BLUESHIFT", groupId: BLUESHIFT_BULK_GROUP_ID, member: bulkCustomer, requestsPerRemoval: 1 },
    { name: "bulk Usergrid", provider: "USERGRID", groupId: USERGRID_BULK_GROUP.path, member: bulkUser, requestsPerRemoval: 2 },
  ] as const;
  try {
    const rows: BulkRow[] = [];
    for (const c of cases) {
      const uuids = Array.from({ length: REFS }, (_, i) => c.member(i).uuid);
      await removeMany(server.url, c.provider, c.groupId, uuids.slice(0, WARMUP_REFS));
      const cpuBefore = cpuMs(pid);
      const started = process.hrtime.bigint();
      const counts = await removeMany(server.url, c.provider, c.groupId, uuids);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const row: BulkRow = {
        name: `${c.name} ${REFS} refs c${BULK_DEFAULTS.concurrency} +${LATENCY_MS}ms`,
        refs: REFS,
        concurrency: BULK_DEFAULTS.concurrency,
        upstreamLatencyMs: LATENCY_MS,
        requestsPerRemoval: c.requestsPerRemoval,
        wallMs,
        floorMs: (REFS * c.requestsPerRemoval * LATENCY_MS) / BULK_DEFAULTS.concurrency,
        removed: counts.removed,
        notRemoved: counts.notMember + counts.failed + counts.unknown,
        serverCpuMs: cpuMs(pid) - cpuBefore,
      };
      process.stderr.write(`${row.name}: ${(wallMs / 1000).toFixed(2)} s (floor ${(row.floorMs / 1000).toFixed(2)} s), ${row.removed} removed\n`);
      rows.push(row);
    }
    return rows;
  } finally {
    await stop(server.process);
    await stop(sims.process);
  }
}

export function bulkTable(rows: readonly BulkRow[]): string {
  const header = "bulk case                                    wall s   floor s  removed  not removed  server cpu ms";
  const lines = rows.map((r) =>
    [
      r.name.padEnd(42),
      (r.wallMs / 1000).toFixed(2).padStart(8),
      (r.floorMs / 1000).toFixed(2).padStart(9),
      String(r.removed).padStart(8),
      String(r.notRemoved).padStart(12),
      r.serverCpuMs.toFixed(0).padStart(14),
    ].join(" "),
  );
  return [header, ...lines].join("\n");
}
