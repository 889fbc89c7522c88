// verifyDatabase: everything seedband checks in a loaded database, recomputed from the database
// alone — rows per table against the plan, orphans per foreign key, checksums (against the
// seed's, when given), and with a spec the distributions. Problems become errors with a code;
// the caller decides what they mean (a seed is not marked complete; `verify` exits 1).
import type { Session } from "../db/index.js";
import type { TenantPromise, TimeOrderPromise } from "../generate/index.js";
import type { ModelGraph } from "../schema/index.js";
import type { Spec } from "../spec/index.js";
import { checkDistributions, type DistributionCheck } from "./distribution-check.js";
import { countOrphans, type ForeignKeyCheck, orphansAfterLoad } from "./orphans.js";
import { checkRealism, type RealismCheck } from "./realism.js";
import { type TableCheck, tableChecksum } from "./table-checksum.js";

export interface VerifyError {
  code: string;
  message: string;
}

export interface VerifyOptions {
  /** Rows the plan gives each table; only these tables are checked. */
  planned: Record<string, number>;
  /** Right after a load: checksums taken from the stream, and foreign keys the server validated. */
  streamed?: Map<string, TableCheck>;
  /** The checksums the seed recorded: a table whose checksum differs changed since. */
  seeded?: Record<string, { checksum: string }>;
  /** Measure the data against the spec the band was generated from (`verify --distributions`). */
  distributions?: { spec: Spec; band: string };
  /** Count the rows that break what the generated data promises (`verify --realism`): time order, tenants. */
  realism?: { timeOrder: TimeOrderPromise[]; tenants?: TenantPromise[] };
}

export interface Verification {
  tables: Record<string, TableCheck>;
  foreignKeys: ForeignKeyCheck[];
  orphans: number;
  distributions?: DistributionCheck[];
  realism?: RealismCheck;
  /** Every problem found, in the order checked: rows, orphans, distributions, realism, checksums. */
  errors: VerifyError[];
}

export async function verifyDatabase(
  session: Session,
  graph: ModelGraph,
  options: VerifyOptions,
): Promise<Verification> {
  const { planned, streamed } = options;
  const result: Verification = { tables: {}, foreignKeys: [], orphans: 0, errors: [] };
  for (const model of graph.models) {
    if (planned[model.tableName] === undefined) continue;
    const check = streamed?.get(model.tableName) ?? (await tableChecksum(session, model));
    result.tables[model.tableName] = check;
    if (check.rows !== planned[model.tableName]) {
      result.errors.push({
        code: "ROW_COUNT",
        message: `${model.tableName} has ${check.rows} rows; the plan says ${planned[model.tableName]}.`,
      });
    }
    result.foreignKeys.push(
      ...(await (streamed ? orphansAfterLoad(session, model, graph) : countOrphans(session, model, graph))),
    );
  }
  result.orphans = result.foreignKeys.reduce((s, f) => s + f.orphans, 0);
  for (const fk of result.foreignKeys.filter((f) => f.orphans > 0)) {
    result.errors.push({ code: "ORPHANS", message: `${fk.orphans} row(s) break foreign key ${fk.name}.` });
  }
  if (options.distributions) {
    const { spec, band } = options.distributions;
    result.distributions = await checkDistributions(session, graph, spec, spec.bands[band] ?? {});
    for (const c of result.distributions.filter((x) => !x.pass)) {
      result.errors.push({
        code: "DISTRIBUTION",
        message: `${c.check}: measured ${c.measured}, expected ${c.expected} ± ${c.tolerance}.`,
      });
    }
  }
  if (options.realism) {
    result.realism = await checkRealism(session, options.realism.timeOrder, options.realism.tenants);
    for (const c of result.realism.timeOrder.filter((x) => x.violations > 0)) {
      result.errors.push({
        code: "REALISM",
        message: `${c.check}: ${c.violations} of ${c.rows} row(s) break it (time runs backwards).`,
      });
    }
    for (const c of result.realism.tenants.filter((x) => x.violations > 0)) {
      result.errors.push({
        code: "REALISM",
        message: `${c.check}: ${c.violations} of ${c.rows} row(s) break it (the row it references belongs to another tenant).`,
      });
    }
  }
  for (const [table, check] of Object.entries(options.seeded ? result.tables : {})) {
    const seeded = options.seeded?.[table];
    if (seeded && seeded.checksum !== check.checksum) {
      result.errors.push({
        code: "CHECKSUM",
        message: `${table} changed since it was seeded (its checksum differs from the seed's).`,
      });
    }
  }
  return result;
}
