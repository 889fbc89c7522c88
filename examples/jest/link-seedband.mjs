// Inside seedband's repository the example uses the seedband next door: this links
// node_modules/seedband to the repository root (what `npm install` of "file:../.." does, without
// touching the registry). In your own project: `npm install -D seedband` instead.
import { lstatSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const link = join(here, "node_modules", "seedband");
mkdirSync(dirname(link), { recursive: true });
if (!lstatSync(link, { throwIfNoEntry: false })) symlinkSync("../../..", link, "dir");
