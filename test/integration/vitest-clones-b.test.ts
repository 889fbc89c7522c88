// seedBand() isolation, file B of two (see clone-isolation.ts).
import { describe } from "vitest";
import { cloneIsolationSuite } from "./clone-isolation.js";

describe("seedBand clones, file B", () =>
  cloneIsolationSuite("marker-b@example.com", "marker-a@example.com"));
