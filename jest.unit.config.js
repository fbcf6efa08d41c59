/**
 * `npm run test:unit`: the inner loop. Every test that starts no process, no redis-server and no
 * gateway: the end-to-end, federation, client and benchmark tests are left to `npm test`.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require("./jest.config.js"),
  // No test here starts the server as a process, so there is nothing to build.
  globalSetup: undefined,
  globalTeardown: undefined,
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/", "<rootDir>/test/federation/", "<rootDir>/test/client/", "<rootDir>/test/bench/"],
};
