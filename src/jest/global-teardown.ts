// Jest's globalTeardown module (`globalTeardown: "seedband/jest/global-teardown"`): drops the
// run's clones and stops a server the run started (same process as the global setup).
import { stopSeedband } from "../runner/index.js";

export default async function globalTeardown(): Promise<void> {
  await stopSeedband();
}
