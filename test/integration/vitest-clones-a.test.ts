// seedBand() isolation, file A of two (see clone-isolation.ts).
import { describe } from "vitest";
import { cloneIsolationSuite } from "./clone-isolation.js";

describe("seedBand clones, file A", () =>
  cloneIsolationSuite("marker-a@example.com", "marker-b@example.com"));
