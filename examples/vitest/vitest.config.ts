import { seedband } from "seedband/vitest";
import { defineConfig } from "vitest/config";

// The ci band is built once before the tests (or reused from its template); every seedBand()
// call in a test takes a ready clone of it from the run's pool.
export default defineConfig({
  plugins: [seedband({ band: "ci" })],
  test: { testTimeout: 60_000, hookTimeout: 120_000 },
});
