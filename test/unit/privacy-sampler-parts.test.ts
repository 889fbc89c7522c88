// The sampler's pure parts: HMAC tokens, k-suppression and Laplace noise, bins; and the metrics
// profile's structural rules (tokens, raw identifiers, free text) on small documents.
import { describe, expect, it } from "vitest";
import { binEnd, binStart, Disclosure, hmacToken, scanJson, TOKEN_PATTERN } from "../../src/privacy/index.js";

describe("tokens", () => {
  it("are 16 lower-case hex characters, keyed by the salt and the model", () => {
    const t = hmacToken("a-salt-of-some-length", "Conversation", "42");
    expect(t).toMatch(TOKEN_PATTERN);
    expect(hmacToken("a-salt-of-some-length", "Conversation", "42")).toBe(t);
    expect(hmacToken("another-salt-value!!", "Conversation", "42")).not.toBe(t);
    expect(hmacToken("a-salt-of-some-length", "User", "42")).not.toBe(t);
    expect(hmacToken("a-salt-of-some-length", "Conversation", "43")).not.toBe(t);
  });
});

describe("disclosure", () => {
  it("suppresses buckets under k entities and counts them", () => {
    const d = new Disclosure(10, null);
    expect(d.count(9)).toBeNull();
    expect(d.count(10)).toBe(10);
    expect(d.count(0)).toBe(0);
    expect(d.suppressed).toBe(1);
    const bins = d.bins(
      new Map([
        [1, 500],
        [2, 3],
        [20, 6],
        [21, 6],
        [5000, 1],
      ]),
    );
    expect(bins).toEqual([
      [1, 1, 500],
      [2, 2, null],
      [17, 20, null],
      [21, 25, null],
      [4202, 5251, null],
    ]);
    // Two values in one bin add up before suppression: 6 + 6 in [17, 20] survives k = 10.
    expect(
      new Disclosure(10, null).bins(
        new Map([
          [18, 6],
          [20, 6],
        ]),
      ),
    ).toEqual([[17, 20, 12]]);
  });

  it("bins are contiguous, exact up to 16, then 1.25 times wider each", () => {
    let previousEnd = 16;
    for (let lo = 17; lo < 1_000_000; lo = binEnd(lo) + 1) {
      expect(lo).toBe(previousEnd + 1);
      expect(binStart(lo)).toBe(lo);
      expect(binStart(binEnd(lo))).toBe(lo);
      previousEnd = binEnd(lo);
    }
    for (let v = 0; v <= 16; v++) expect([binStart(v), binEnd(v)]).toEqual([v, v]);
  });

  it("adds Laplace noise with epsilon (never negative, centred on the truth)", () => {
    const d = new Disclosure(1, 0.5);
    const draws = Array.from({ length: 4000 }, () => d.noisy(1000));
    expect(draws.every((x) => x >= 0)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(10);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(Math.abs(mean - 1000)).toBeLessThan(0.3);
    // Laplace(1/ε) has mean absolute deviation 1/ε = 2.
    const mad = draws.reduce((s, x) => s + Math.abs(x - 1000), 0) / draws.length;
    expect(mad).toBeGreaterThan(1.5);
    expect(mad).toBeLessThan(2.5);
  });
});

describe("the metrics profile's structural rules", () => {
  const types = (doc: unknown) => scanJson(doc, "m.json", "metrics").map((f) => `${f.path} ${f.type}`);

  it("token keys hold tokens; id keys hold nothing but tokens", () => {
    expect(
      types({ parentToken: "3d51882bfeab28e4", ownerId: "cc953eeb0c472e7a", ids: ["d481352287388141"] }),
    ).toEqual([]);
    expect(types({ parentToken: "3d51882bfeab28e", a: { token: 42 } })).toEqual([
      "$.parentToken token",
      "$.a.token token",
    ]);
    expect(types({ userId: 17, parent_id: "x", conversationIds: ["3d51882bfeab28e4", 9] })).toEqual([
      "$.userId identifier",
      "$.parent_id identifier",
      "$.conversationIds[1] identifier",
    ]);
  });

  it("previews of short values reveal none of them", () => {
    const previews = scanJson({ userId: 17, parentToken: "42", ownerId: "abc" }, "m.json", "metrics").map(
      (f) => f.preview,
    );
    expect(previews).toEqual(["a number of 2 digits", "… (2 characters)", "a… (3 characters)"]);
  });

  it("free text and names are findings in metrics, not in data", () => {
    const doc = {
      note: "please call me back",
      who: "Maria Garcia",
      kind: "direct",
      uuid: "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f",
    };
    expect(types(doc)).toEqual(["$.note free-text", "$.who name"]);
    expect(scanJson(doc, "d.json", "data")).toEqual([]);
  });
});
