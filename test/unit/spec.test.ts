import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/config/load-preset.js";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { SeedbandError } from "../../src/errors.js";
import { fingerprint, parseSpec } from "../../src/spec/index.js";

const presets = [join(PACKAGE_ROOT, "presets")];

function specError(text: string): SeedbandError {
  try {
    parseSpec(text, "presets/broken.json");
  } catch (error) {
    expect(error).toBeInstanceOf(SeedbandError);
    return error as SeedbandError;
  }
  throw new Error("expected a SPEC_INVALID error");
}

const chatText = () => JSON.stringify(loadSpec("chat", presets).spec);

describe("spec", () => {
  it("the chat preset validates and carries the calibrated defaults and the four bands", () => {
    const { spec } = loadSpec("chat", presets);
    expect(Object.keys(spec.bands)).toEqual(["ci", "dev", "staging", "perf"]);
    expect(spec.bands.ci).toMatchObject({ messages: 50_000, users: 500, conversations: 800 });
    expect(spec.bands.dev).toMatchObject({ messages: 5_000_000, users: 5_000, conversations: 8_000 });
    expect(spec.models.Message?.fanOut).toMatchObject({ powerLaw: { alpha: 1.8 } });
    expect(spec.models.Message?.fields?.content).toEqual({
      text: { length: { logNormal: { mu: 4.5, sigma: 1.2, min: 1, max: 4000 } } },
    });
  });

  it("reports malformed JSON with the file and line", () => {
    const error = specError('{\n  "version": 1,\n  "window": ,\n}');
    expect(error.code).toBe("SPEC_INVALID");
    expect(error.message).toContain("presets/broken.json");
    expect(error.message).toMatch(/line 3/);
  });

  it("names the JSON path of a wrong field and the fix", () => {
    const spec = JSON.parse(chatText());
    spec.models.Message.fanOut.powerLaw.alpha = 0.5;
    const error = specError(JSON.stringify(spec));
    expect(error.message).toContain("$.models.Message.fanOut.powerLaw.alpha");
    expect(error.message).toContain("node_modules/seedband/docs/spec.md");
  });

  it("names unknown keys", () => {
    const spec = JSON.parse(chatText());
    spec.models.User.fields.phone = { phone: {}, nulRate: 0.4 };
    const error = specError(JSON.stringify(spec));
    expect(error.message).toContain("$.models.User.fields.phone");
    expect(error.message).toContain('"nulRate"');
  });

  it("names a generator key no form accepts as unknown, with the forms it could be", () => {
    const spec = JSON.parse(chatText());
    spec.models.Message.fields.device = { categorcal: { web: 1 } };
    const error = specError(JSON.stringify(spec));
    expect(error.message).toContain('$.models.Message.fields.device: unknown generator "categorcal"');
    expect(error.message).toMatch(/use one of categorical, /);
    // Not the deepest branch's complaint about a key the user never wrote.
    expect(error.message).not.toContain("fields.device.format");
  });

  it("rejects a version it does not know", () => {
    const spec = JSON.parse(chatText());
    spec.version = 2;
    expect(specError(JSON.stringify(spec)).message).toContain("$.version");
  });

  it("loads a preset by path and refuses an unknown name with the fix", () => {
    const dir = mkdtempSync(join(tmpdir(), "sb-spec-"));
    try {
      writeFileSync(join(dir, "mine.json"), chatText());
      expect(loadSpec(join(dir, "mine.json"), presets).spec.version).toBe(1);
      expect(() => loadSpec("nope", presets)).toThrow(/No preset named "nope"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("fingerprint", () => {
  it("ignores key order and formatting but not values", () => {
    expect(fingerprint({ a: 1, b: { c: [1, 2] } })).toBe(fingerprint({ b: { c: [1, 2] }, a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint({ a: [1, 2] })).not.toBe(fingerprint({ a: [2, 1] }));
    expect(fingerprint(loadSpec("chat", presets).spec)).toMatch(/^[0-9a-f]{64}$/);
  });
});
