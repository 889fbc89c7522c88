import { defineConfig } from "vitest/config";

// Two projects: `unit` is pure code (no database); `integration` runs against real PostgreSQL —
// the server on 127.0.0.1:5432 and the embedded one that vitest.setup.ts starts — and covers
// the CLI end to end (test/e2e).
export default defineConfig({
  test: {
    // The JSON report lets .ci/run print a one-line total; the default reporter stays for people.
    reporters: ["default", ["json", { outputFile: ".seedband/vitest-report.json" }]],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"],
          globalSetup: ["./vitest.setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
