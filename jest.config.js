/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  setupFiles: ["reflect-metadata"],
  testTimeout: 20000,
  transform: {
    "^.+\\.tsx?$": "ts-jest",
    // jose ships only ES modules; Node loads them with require() (20.19+), jest's module system does not.
    "^.+/node_modules/jose/.+\\.js$": ["ts-jest", { isolatedModules: true, tsconfig: { allowJs: true, module: "commonjs", target: "ES2022" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
};
