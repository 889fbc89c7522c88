// seedband's global setup builds the ci band once before the workers start (or reuses its
// template); every seedBand("ci") in a test clones it; the global teardown drops the clones.
// `globals.seedband` takes the Vitest plugin's options (band(s), seed, provider, databaseUrl, …).
// Tests are native ES modules (run with --experimental-vm-modules; no transform).
export default {
  testEnvironment: "node",
  transform: {},
  globalSetup: "seedband/jest/global-setup",
  globalTeardown: "seedband/jest/global-teardown",
  globals: { seedband: { band: "ci" } },
  testTimeout: 60_000,
};
