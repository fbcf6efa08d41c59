import { createLogger } from "../../src/log/logger";
import { logCapture } from "../support/log-capture";

describe("the logger", () => {
  it("redacts the paths its caller names as well as its own, wherever they are logged", () => {
    const log = logCapture();
    const logger = createLogger("info", log.destination, { redact: ["password", "config.vault.password"] });
    logger.info({ password: "p-alone", config: { vault: { password: "p-config" } }, authorization: "Bearer t" }, "secrets");

    const [line] = log.lines();
    expect(line).toMatchObject({ password: "[redacted]", config: { vault: { password: "[redacted]" } }, authorization: "[redacted]" });
    expect(JSON.stringify(log.lines())).not.toMatch(/p-alone|p-config|Bearer t/);
  });

  it("puts on every line the fields its caller's mixin gives at the moment the line is written", () => {
    const log = logCapture();
    let requestId = "first";
    const logger = createLogger("info", log.destination, { mixin: () => ({ request_id: requestId }) });
    logger.info("one");
    requestId = "second";
    logger.info("two");

    expect(log.lines().map((line) => [line.msg, line.request_id])).toEqual([
      ["one", "first"],
      ["two", "second"],
    ]);
  });
});
