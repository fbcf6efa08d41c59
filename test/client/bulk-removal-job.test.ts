import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { runExample, type ExampleIo } from "../../examples/client/bulk-removal-job";
import { ProgressBar } from "../../examples/client/progress-bar";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { callerToken, SECRET_AUTH } from "../support/caller-tokens";
import { startFacade, type Facade, type FacadeOptions } from "../support/facade";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The script as `npm run example:job -- …` runs it, in this process, its output captured. */
async function run(facade: Facade, argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: ExampleIo = {
    stdout: (text) => (stdout += text),
    stderr: { write: (text) => (stderr += text), interactive: false },
    env: { FACADE_URL: `${facade.url}/`, ...env },
    pollIntervalMs: 20,
  };
  const code = await runExample(argv, io);
  return { code, stdout, stderr };
}

/** The query and variables the script printed, sent as printed. */
async function pageAsPrinted(facade: Facade, stdout: string, token?: string): Promise<request.Response> {
  const query = /^query BulkRemovalResults[\s\S]*?^}$/m.exec(stdout)?.[0];
  const variables = /^variables: (.*)$/m.exec(stdout)?.[1];
  if (!query || !variables) throw new Error(`no results query in:\n${stdout}`);
  const post = request(facade.url).post("/").send({ query, variables: JSON.parse(variables) });
  return token ? post.set("authorization", `Bearer ${token}`) : post;
}

describe("the bulk-removal job example (examples/client/bulk-removal-job.ts)", () => {
  let facade: Facade;
  let dir: string;
  const start = async (options: FacadeOptions = {}) => {
    facade = await startFacade(options);
  };
  const refFile = (lines: readonly string[]) => {
    const file = join(dir, `refs-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bulk-job-example-"));
  });
  afterEach(async () => {
    await facade?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // A member twice (one DELETE, two answers), a member by email, a username Blueshift cannot
  // serve, a customer in no group; the blank line is skipped.
  const REFS = [blueshiftDemo.customerUuid, blueshiftDemo.secondMemberEmail, "username:orion", "", blueshiftDemo.groupLessCustomerUuid, blueshiftDemo.customerUuid];

  it("starts a job from a file of refs, shows its progress on stderr, then prints the counts and a results query that pages its answers", async () => {
    await start();
    const { code, stdout, stderr } = await run(facade, ["BLUESHIFT", blueshiftDemo.groupId, refFile(REFS)]);

    expect(code).toBe(0);
    const id = /^Job (\S+) COMPLETED: 5 of 5 refs answered in \d+\.\d s\.$/m.exec(stdout)?.[1];
    expect(id).toBeDefined();
    expect(stdout).toContain("  removed 3, not a member 1, failed 1, unknown 0\n");
    expect(stdout).toContain(`variables: {"id":"${id}","first":100}`);
    expect(stderr).toContain(`Job ${id}: 5 refs to BLUESHIFT group ${blueshiftDemo.groupId}\n`);
    expect(stderr).toMatch(/^\[#{30}\]  100%  5\/5  removed 3, not a member 1, failed 1, unknown 0  COMPLETED$/m);
    expect(facade.blueshift.requestsTo("removeUser").filter((r) => r.path.includes(blueshiftDemo.customerUuid))).toHaveLength(1);

    const page = await pageAsPrinted(facade, stdout);
    const edges = page.body.data.bulkRemoval.results.edges as { node: { index: number; result: { __typename: string } } }[];
    expect(edges.map(({ node }) => [node.index, node.result.__typename])).toEqual([
      [0, "MembershipRemoval"],
      [1, "MembershipRemoval"],
      [2, "UnsupportedUserRefError"],
      [3, "MembershipNotFoundError"],
      [4, "MembershipRemoval"],
    ]);
    expect(page.body.data.bulkRemoval.results.pageInfo.hasNextPage).toBe(false);
  });

  it("returns the same job when run again with the same --client-job-id, and sends no removal twice", async () => {
    await start();
    const file = refFile(REFS);
    const first = await run(facade, ["BLUESHIFT", blueshiftDemo.groupId, file, "--client-job-id", "cleanup-2025-01"]);
    const sent = facade.blueshift.requestsTo("removeUser").length;
    const again = await run(facade, ["BLUESHIFT", blueshiftDemo.groupId, file, "--client-job-id", "cleanup-2025-01"]);

    const idOf = (stdout: string) => /^Job (\S+) COMPLETED/m.exec(stdout)?.[1];
    expect(idOf(first.stdout)).toBeDefined();
    expect(idOf(again.stdout)).toBe(idOf(first.stdout));
    expect(again.stderr).toContain("(client job id cleanup-2025-01)");
    expect(again.stdout).toContain("  removed 3, not a member 1, failed 1, unknown 0\n");
    expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(sent);
  });

  it("acts as the caller FACADE_TOKEN names, whose job no other caller can page", async () => {
    await start({ auth: SECRET_AUTH });
    const alice = await callerToken({ sub: "ops-alice" });
    const { code, stdout } = await run(facade, ["BLUESHIFT", blueshiftDemo.groupId, refFile([blueshiftDemo.customerUuid])], { FACADE_TOKEN: alice });

    expect(code).toBe(0);
    expect((await pageAsPrinted(facade, stdout, alice)).body.data.bulkRemoval.results.edges).toHaveLength(1);
    expect((await pageAsPrinted(facade, stdout, await callerToken({ sub: "ops-bob" }))).body.data.bulkRemoval).toBeNull();
  });

  it("names the line of a ref that is not a UUID, an email or username:<name>, and starts nothing", async () => {
    await start();
    const { code, stdout, stderr } = await run(facade, ["BLUESHIFT", blueshiftDemo.groupId, refFile([blueshiftDemo.customerUuid, "", "57fbca61-not-a-uuid"])]);

    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/: line 3: "57fbca61-not-a-uuid" is not a UUID, an email or username:<name>\n$/);
    expect(facade.blueshift.requests).toHaveLength(0);
  });

  it("prints its usage for a missing file argument or an unknown option", async () => {
    await start();
    for (const argv of [["BLUESHIFT", blueshiftDemo.groupId], ["BLUESHIFT", blueshiftDemo.groupId, "refs.txt", "--client-job"]]) {
      const { code, stderr } = await run(facade, argv);
      expect(code).toBe(2);
      expect(stderr).toContain("usage: npm run example:job -- <BLUESHIFT|USERGRID> <groupId>");
    }
  });
});

describe("the example's progress bar", () => {
  const job = { id: "j", status: "RUNNING", total: 200, done: 50, removed: 48, notMember: 1, failed: 1, unknown: 0, createdAt: "2025-01-01T00:00:00.000Z", startedAt: "2025-01-01T00:00:00.000Z", finishedAt: null } as const;

  it("redraws one line in place on a terminal, with the rate and the time left", () => {
    let written = "";
    let now = 0;
    const bar = new ProgressBar({ write: (text) => (written += text), interactive: true }, () => now);
    bar.show(job);
    now = 1000;
    bar.show({ ...job, done: 100, removed: 98 });
    bar.end();
    expect(written.split("\r")).toEqual([
      "",
      `[########......................]   25%  50/200  removed 48, not a member 1, failed 1, unknown 0  RUNNING\x1b[K`,
      `[###############...............]   50%  100/200  removed 98, not a member 1, failed 1, unknown 0  RUNNING (50 refs/s, ~2 s left)\x1b[K\n`,
    ]);
  });

  it("writes a line to a log only when the count or the status changes", () => {
    const lines: string[] = [];
    const bar = new ProgressBar({ write: (text) => lines.push(text), interactive: false });
    bar.show(job);
    bar.show(job);
    bar.show({ ...job, status: "COMPLETED", done: 200, removed: 198, finishedAt: "2025-01-01T00:00:04.000Z" });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("[##############################]  100%  200/200  removed 198, not a member 1, failed 1, unknown 0  COMPLETED\n");
  });
});
