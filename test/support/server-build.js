// @ts-check
const { execFileSync } = require("node:child_process");
const { rmSync } = require("node:fs");
const { join } = require("node:path");

/**
 * The server as `npm run build` makes it (without its type check: `npm test` runs the type check
 * first), built once for the whole run into `.process-test-build/`, beside dist/ and at its
 * depth, so a server started from it finds examples/ and node_modules/ as `npm start` does. Every
 * test file that starts `main.js` as a process reads this one build, rather than compiling the
 * server again for itself.
 */
const ROOT = join(__dirname, "..", "..");
const SERVER_BUILD = join(ROOT, ".process-test-build");

function buildServer() {
  rmSync(SERVER_BUILD, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--noCheck", "--outDir", SERVER_BUILD]);
}

function removeServerBuild() {
  rmSync(SERVER_BUILD, { recursive: true, force: true });
}

module.exports = { SERVER_BUILD, buildServer, removeServerBuild };
