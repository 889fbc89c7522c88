// A setup file the plugin adds to every test file: the plan matchers of the explain stage
// (`toUseIndex`, `toHaveNoSeqScan`, `toMatchPlanBaseline`, …) registered on Vitest's expect.
import { expect } from "vitest";
import { planMatchers } from "./plan-matchers.js";

expect.extend(planMatchers);
