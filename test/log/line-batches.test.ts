import { once } from "node:events";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { LineBatches } from "../../src/log/logger";

describe("log line batches", () => {
  const file = () => join(mkdtempSync(join(tmpdir(), "line-batches-")), "log");
  /** A file sink once its file is open: on a busy machine the open can outlast any wait the test makes. */
  const sink = async (path: string) => {
    const destination = pino.destination({ dest: path, sync: false, minLength: 1, mkdir: true });
    await once(destination, "ready");
    return destination;
  };
  const flushed = (batches: LineBatches) => new Promise<void>((resolve) => batches.flush(() => resolve()));

  it("writes nothing until a batch has gathered, then the whole batch in order", async () => {
    const path = file();
    const batches = new LineBatches(await sink(path), 30);
    batches.write("one line\n");
    batches.write("two line\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readFileSync(path, "utf8")).toBe("");
    batches.write("three, and over the batch\n");
    await flushed(batches);
    expect(readFileSync(path, "utf8")).toBe("one line\ntwo line\nthree, and over the batch\n");
  });

  it("writes a partial batch on flush, before calling back", async () => {
    const path = file();
    const batches = new LineBatches(await sink(path), 16_000);
    const logger = pino({}, batches);
    logger.info("stopped");
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ msg: "stopped" });
  });
});
