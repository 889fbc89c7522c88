#!/usr/bin/env node
// The seedband command. The TypeScript sources are compiled to dist/ by the install step
// (`npm ci` runs `prepare`); this file only hands over to the compiled CLI.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    "seedband: the compiled CLI is missing (dist/cli/main.js). Run `npm ci` (or `npm run build`) in the seedband package first.\n",
  );
  process.exit(3);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
