// `seedband/jest`: seedBand() in Jest tests, and startSeedband()/stopSeedband() for a project's
// own globalSetup/globalTeardown. The ready-made ones are `seedband/jest/global-setup` and
// `seedband/jest/global-teardown`; all of it is the runner-neutral `seedband/runner`.
export {
  type BandDatabase,
  CONTEXT_ENV,
  type PrismaClientClass,
  type SeedBandOptions,
  type SeedbandContext,
  type SeedbandOptions,
  seedBand,
  startSeedband,
  stopSeedband,
} from "../runner/index.js";
