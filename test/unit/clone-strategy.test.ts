// The clone strategy chosen by a template's size (measurements in docs/vitest.md).
import { describe, expect, it } from "vitest";
import { strategyForSize, WAL_LOG_MAX_BYTES } from "../../src/snapshot/clone-strategy.js";

describe("strategyForSize", () => {
  it.each([
    [23 * 2 ** 20, "WAL_LOG"], // the ci band
    [WAL_LOG_MAX_BYTES, "WAL_LOG"],
    [WAL_LOG_MAX_BYTES + 1, "FILE_COPY"],
    [1.4 * 2 ** 30, "FILE_COPY"], // the dev band
  ])("%d bytes → %s", (bytes, strategy) => {
    expect(strategyForSize(bytes)).toBe(strategy);
  });
});
