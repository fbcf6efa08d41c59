/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  setupFiles: ["reflect-metadata"],
  // One build of the server for the whole run, read by every test that starts it as a process.
  globalSetup: "<rootDir>/test/support/global-setup.js",
  globalTeardown: "<rootDir>/test/support/global-teardown.js",
  testTimeout: 20000,
  // Jest's default is one worker per core but one; most of the suite waits on servers, simulators
  // and redis-server rather than computing, so two workers on a 2-core machine finish in about two
  // thirds of the time (and every test file starts its servers on ports of its own).
  maxWorkers: Math.max(2, require("node:os").availableParallelism() - 1),
  transform: {
    // Each file is transpiled on its own (isolatedModules), without a type check per test file:
    // `npm test` type-checks the whole tree once first (npm run typecheck), which is what the
    // per-file check did, at a fraction of the cost. Decorator metadata is still emitted, and every
    // type-graphql field names its type explicitly, so nothing depends on cross-file type info.
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: { ...require("./tsconfig.json").compilerOptions, isolatedModules: true } }],
    // jose ships only ES modules; Node loads them with require() (20.19+), jest's module system does not.
    "^.+/node_modules/jose/.+\\.js$": ["ts-jest", { isolatedModules: true, tsconfig: { allowJs: true, module: "commonjs", target: "ES2022" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
};
