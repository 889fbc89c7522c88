// The provider strategy list of src/db: tried in the order given, the first that can run wins;
// a provider named alone fails as itself; when none starts, one error lists each and why.
// The strategies here are stand-ins that never start a server (the real ones are exercised by
// the integration project and the e2e tests).
import { describe, expect, it } from "vitest";
import { type ProviderStrategy, provision, type StartedServer } from "../../src/db/index.js";
import { SeedbandError } from "../../src/errors.js";

function strategy(
  name: StartedServer["kind"],
  behaviour: { unavailable?: string; fails?: string },
  started: string[],
): ProviderStrategy {
  return {
    name,
    unavailable: async () => behaviour.unavailable,
    start: async () => {
      if (behaviour.fails) throw new Error(`${behaviour.fails}\nsecond line`);
      started.push(name);
      const server: StartedServer = {
        kind: name,
        url: `postgresql://${name}`,
        majorVersion: async () => 15,
        stop: async () => {},
      };
      return { server, release: async () => {} };
    },
    refusal: (reason) => new SeedbandError("BAD_INPUT", `${name} alone: ${reason}`),
  };
}

describe("provision", () => {
  it("starts the first strategy that can run and says why the earlier ones were skipped", async () => {
    const started: string[] = [];
    const result = await provision([
      strategy("url", { unavailable: "no URL" }, started),
      strategy("testcontainers", { fails: "image not found" }, started),
      strategy("embedded", {}, started),
    ]);
    expect(result.server.kind).toBe("embedded");
    expect(started).toEqual(["embedded"]);
    expect(result.skipped).toEqual(["url: no URL", "testcontainers: Docker answers, but image not found"]);
  });

  it("stops at the first that starts: later ones are not tried", async () => {
    const started: string[] = [];
    const result = await provision([strategy("url", {}, started), strategy("embedded", {}, started)]);
    expect(result.server.kind).toBe("url");
    expect(started).toEqual(["url"]);
    expect(result.skipped).toEqual([]);
  });

  it("a provider named alone fails as itself: its refusal, or its own start error", async () => {
    const refused = await provision([strategy("url", { unavailable: "no URL" }, [])]).catch(
      (e: unknown) => e,
    );
    expect((refused as SeedbandError).code).toBe("BAD_INPUT");
    expect((refused as Error).message).toBe("url alone: no URL");
    const failed = await provision([strategy("embedded", { fails: "no binaries" }, [])]).catch(
      (e: unknown) => e,
    );
    expect((failed as Error).message).toBe("no binaries\nsecond line");
  });

  it("when none starts, one error lists every provider and why it was skipped", async () => {
    const error = await provision([
      strategy("url", { unavailable: "no URL" }, []),
      strategy("testcontainers", { unavailable: "no Docker engine" }, []),
      strategy("embedded", { fails: "cannot initialise" }, []),
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedbandError);
    expect((error as SeedbandError).code).toBe("PROVISION_FAILED");
    const message = (error as Error).message;
    expect(message).toContain("url: no URL");
    expect(message).toContain("testcontainers: no Docker engine");
    expect(message).toContain("embedded: cannot initialise");
    expect(message).toContain("Fix:");
  });
});
