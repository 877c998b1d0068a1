/** End-to-end tests in real Chromium: `npm run e2e` (builds the task pane first). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testMatch: ["**/*.e2e.ts"],
};
