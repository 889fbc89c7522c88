// Reading the query catalog folder: every `.sql` file parsed (query-catalog.ts), every `.ts`
// file of Prisma Client calls loaded (prisma-queries.ts, only when there is one), names unique.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { docRef, SeedbandError } from "../errors.js";
import { bad, type CatalogQuery, parseSqlQuery } from "./query-catalog.js";

export async function loadCatalog(dir: string, root: string): Promise<CatalogQuery[]> {
  if (!existsSync(dir)) {
    throw new SeedbandError(
      "BAD_INPUT",
      `No query catalog at ${dir}. Add SQL files (queries/<name>.sql, see ${docRef("plan-baselines.md")}) or pass --queries DIR.`,
    );
  }
  const files = readdirSync(dir).sort();
  const queries: CatalogQuery[] = [];
  for (const f of files.filter((x) => x.endsWith(".sql"))) {
    const rel = relative(root, join(dir, f));
    queries.push(parseSqlQuery(readFileSync(join(dir, f), "utf8"), rel));
  }
  const tsFiles = files.filter((x) => /\.m?ts$/.test(x) && !x.endsWith(".d.ts"));
  if (tsFiles.length > 0) {
    const { loadPrismaCatalog } = await import("./prisma-queries.js");
    for (const f of tsFiles)
      queries.push(...(await loadPrismaCatalog(join(dir, f), relative(root, join(dir, f)))));
  }
  const seen = new Map<string, string>();
  for (const q of queries) {
    const before = seen.get(q.name);
    if (before) bad(q.file, `names its query "${q.name}", as ${before} does: query names must be unique`);
    seen.set(q.name, q.file);
  }
  if (queries.length === 0) {
    throw new SeedbandError(
      "BAD_INPUT",
      `The query catalog ${dir} holds no .sql or .ts queries. See ${docRef("plan-baselines.md")}.`,
    );
  }
  return queries;
}

function relative(root: string, file: string): string {
  return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
}
