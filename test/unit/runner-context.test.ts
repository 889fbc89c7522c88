// seedband/runner's handover to test processes (Jest workers, `node --test` files): seedBand()
// reads the run's context from SEEDBAND_CONTEXT, and without a run it refuses before touching
// any server, saying which setup to add. (The whole path, setup to teardown, runs in
// test/e2e/new-user-project.test.ts and examples/jest.)
import { afterEach, describe, expect, it } from "vitest";
import { SeedbandError } from "../../src/errors.js";
import { CONTEXT_ENV, contextFromEnvironment, seedBand, stopSeedband } from "../../src/runner/index.js";

const saved = process.env[CONTEXT_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[CONTEXT_ENV];
  else process.env[CONTEXT_ENV] = saved;
});

async function refusal(work: () => Promise<unknown>): Promise<SeedbandError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(SeedbandError);
    return error as SeedbandError;
  }
  throw new Error("expected a refusal");
}

describe("seedband/runner's context", () => {
  it("reads back the context a setup published", () => {
    const context = {
      serverUrl: "postgresql://postgres@127.0.0.1:1/postgres",
      root: "/nowhere",
      owner: { runId: "abc", pid: 1, host: "h" },
      templates: {},
    };
    process.env[CONTEXT_ENV] = JSON.stringify(context);
    expect(contextFromEnvironment()).toEqual(context);
  });

  it("seedBand() without a run names the Jest setup and the node:test recipe, exit 2", async () => {
    delete process.env[CONTEXT_ENV];
    const error = await refusal(() => seedBand("ci"));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('globalSetup: "seedband/jest/global-setup"');
    expect(error.message).toContain('globalTeardown: "seedband/jest/global-teardown"');
    expect(error.message).toContain("startSeedband()");
  });

  it("a SEEDBAND_CONTEXT that is not JSON is refused, naming the variable", async () => {
    process.env[CONTEXT_ENV] = "{not json";
    const error = await refusal(() => seedBand("ci"));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("SEEDBAND_CONTEXT");
  });

  it("stopSeedband() without a run started here does nothing", async () => {
    process.env[CONTEXT_ENV] = "kept";
    await stopSeedband();
    expect(process.env[CONTEXT_ENV]).toBe("kept");
  });
});
