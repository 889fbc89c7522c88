// The PostgreSQL extensions a Prisma schema needs, read from the schema alone: the datasource's
// `extensions = [...]`, native types that live in an extension (`@db.Citext`), `Unsupported(…)`
// types of well-known extensions (vector, PostGIS, ltree, hstore, cube) and `dbgenerated`
// functions of contrib modules (uuid-ossp, pgcrypto) and operator classes of an index's
// `ops: raw("…")` (pg_trgm's gin_trgm_ops, …). Each comes with why, naming the user's file or field. Pure: whether a server has them is asked elsewhere, before anything is created.
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

/** Operator classes an index can name with `ops: raw("…")`, and the extension that defines them. */
const OPERATOR_CLASS_EXTENSIONS: Array<[RegExp, string]> = [
  [/^(gin|gist)_trgm_ops$/, "pg_trgm"],
  [/^(halfvec|sparsevec|vector)_\w+_ops$|^bit_(hamming|jaccard)_ops$/, "vector"],
  [/^gist_ltree_ops$|^gist__ltree_ops$/, "ltree"],
  [/^(gin|gist)_hstore_ops$/, "hstore"],
  [/^gist_cube_ops$/, "cube"],
  [/^(gist|brin|spgist)_geometry_ops\w*$|^gist_geography_ops$/, "postgis"],
];

/** `ops: raw("name")` in the schema's text (index fields), with the line it is on. */
function rawOperatorClasses(files: ReadonlyArray<SchemaFile>): Array<{ name: string; at: string }> {
  const out: Array<{ name: string; at: string }> = [];
  for (const [file, text] of files) {
    const pattern = /\bops\s*:\s*raw\s*\(\s*"([^"\\]*)"\s*\)/g;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const line = text.slice(0, m.index).split("\n").length;
      out.push({ name: m[1]!.trim().toLowerCase(), at: `${file}:${line}` });
    }
  }
  return out;
}

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
  for (const { name, at } of rawOperatorClasses(files)) {
    const extension = OPERATOR_CLASS_EXTENSIONS.find(([pattern]) => pattern.test(name))?.[1];
    if (extension) add(extension, `${at}: an index uses the operator class ${name}`);
  }
  return [...found].map(([name, why]) => ({ name, why }));
}
