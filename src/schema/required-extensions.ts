// The PostgreSQL extensions a Prisma schema needs, read from the schema alone: the datasource's
// `extensions = [...]`, native types that live in an extension (`@db.Citext`), `Unsupported(…)`
// types of well-known extensions (vector, PostGIS, ltree, hstore, cube) and `dbgenerated`
// functions of contrib modules (uuid-ossp, pgcrypto). Each comes with why, naming the user's file
// or field. Pure: whether a server has them is asked elsewhere, before anything is created.
import type { ModelGraph } from "./model-graph.js";
import { arrayItems, scanConfigBlocks } from "./schema-config-blocks.js";
import type { SchemaFile } from "./schema-file.js";
import { stringLiteral } from "./schema-text.js";

export interface RequiredExtension {
  /** The extension's SQL name (`CREATE EXTENSION "<name>"`). */
  name: string;
  /** What in the schema needs it. */
  why: string;
}

/** Unsupported("…") type names (lower-cased, arguments dropped) and the extension that defines them. */
const TYPE_EXTENSIONS: Record<string, string> = {
  vector: "vector",
  halfvec: "vector",
  sparsevec: "vector",
  geometry: "postgis",
  geography: "postgis",
  ltree: "ltree",
  lquery: "ltree",
  ltxtquery: "ltree",
  hstore: "hstore",
  cube: "cube",
  citext: "citext",
};

/** dbgenerated functions of contrib modules (gen_random_uuid is built in since PostgreSQL 13). */
const FUNCTION_EXTENSIONS: Array<[RegExp, string]> = [
  [/\buuid_generate_v[1-5]\w*\s*\(/i, "uuid-ossp"],
  [/\b(gen_random_bytes|gen_salt|crypt|hmac|digest|pgp_sym_encrypt)\s*\(/i, "pgcrypto"],
];

export function requiredExtensions(files: ReadonlyArray<SchemaFile>, graph: ModelGraph): RequiredExtension[] {
  const found = new Map<string, string>();
  const add = (name: string, why: string) => {
    if (!found.has(name)) found.set(name, why);
  };
  const texts = new Map(files.map(([file, text]) => [file, text]));
  for (const block of scanConfigBlocks(files)) {
    if (block.keyword !== "datasource") continue;
    const property = block.properties.find((p) => p.name === "extensions");
    if (!property) continue;
    for (const item of arrayItems(texts.get(block.file) ?? "", property)) {
      const name = /^([A-Za-z_][\w]*)/.exec(item.text)?.[1];
      if (!name) continue;
      // `uuid_ossp(map: "uuid-ossp")`: the SQL name is the map.
      const mapped = /\bmap\s*:\s*("(?:[^"\\]|\\.)*")/.exec(item.text)?.[1];
      add(stringLiteral(mapped) ?? name, `${block.file}: the datasource's extensions = [...] lists ${name}`);
    }
  }
  for (const model of graph.models) {
    for (const column of model.columns) {
      const where = `${model.modelName}.${column.fieldName}`;
      if (column.nativeType?.name === "Citext") add("citext", `${where} is @db.Citext`);
      if (column.type === "Unsupported") {
        const sqlType = column.nativeType?.args[0] ?? "";
        const base = /^\s*([A-Za-z_][\w]*)/.exec(sqlType)?.[1]?.toLowerCase() ?? "";
        const extension = TYPE_EXTENSIONS[base];
        if (extension) add(extension, `${where} is Unsupported("${sqlType}")`);
      }
      if (column.default?.kind === "dbgenerated" && column.default.sql) {
        for (const [pattern, extension] of FUNCTION_EXTENSIONS) {
          if (pattern.test(column.default.sql))
            add(extension, `${where} defaults to dbgenerated("${column.default.sql}")`);
        }
      }
    }
  }
  return [...found].map(([name, why]) => ({ name, why }));
}
