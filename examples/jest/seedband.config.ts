// How many rows each band has, and a field or two shaped by hand; everything else is filled by
// type and name (the generic preset).
import { defineConfig } from "seedband";

export default defineConfig({
  models: {
    Author: { count: { ci: 40, dev: 2_000 } },
    Post: {
      count: { ci: 200, dev: 50_000 },
      fields: { published: { categorical: { true: 3, false: 1 } } },
    },
    Comment: { count: { ci: 600, dev: 200_000 } },
  },
});
