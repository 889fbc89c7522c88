// Which server a test run uses: the plugin's provider option as an order of db/'s strategies.
// `auto` tries a URL (the option, then DATABASE_URL), Docker through Testcontainers, then the
// embedded server (stopped at the end when this run started it); a provider named alone is the
// only one tried. When none starts, one error says why each was skipped.
import { projectPaths } from "../config/index.js";
import {
  embeddedStrategy,
  type ProviderStrategy,
  type ProvisionResult,
  provision,
  testcontainersStrategy,
  urlStrategy,
} from "../db/index.js";
import type { SeedbandPluginOptions } from "./options.js";

export type ProvisionedServer = ProvisionResult;

const WHO = "seedband vitest plugin";

export async function provisionServer(
  options: SeedbandPluginOptions,
  root: string,
): Promise<ProvisionedServer> {
  const provider = options.provider ?? "auto";
  const url = options.databaseUrl ?? (process.env.DATABASE_URL || undefined);
  const strategies: Record<"url" | "testcontainers" | "embedded", ProviderStrategy> = {
    url: urlStrategy(url, {
      reason: "neither the databaseUrl option nor DATABASE_URL is set",
      refusal: `${WHO}: provider \`url\` needs a server. Fix: pass \`databaseUrl\` to seedband({...}) or set DATABASE_URL.`,
    }),
    testcontainers: testcontainersStrategy(options.image ? { image: options.image } : {}, WHO),
    embedded: embeddedStrategy(projectPaths(root).embeddedDir, { stopIfStarted: true }),
  };
  const order = provider === "auto" ? (["url", "testcontainers", "embedded"] as const) : [provider];
  return provision(order.map((name) => strategies[name]));
}
