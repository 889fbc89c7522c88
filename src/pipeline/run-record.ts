// The run record (DESIGN.md, CLI contract): what a seed or verify did, written for every run as
// `.seedband/runs/run_<timestamp>.json` and printed by `--json`. Never carries a password.
import type { NondeterministicTable } from "../generate/index.js";
import type { DistributionCheck, ForeignKeyCheck, RealismCheck, TableCheck } from "../verify/index.js";

export interface RunRecord {
  status: "ok" | "failed";
  command: "seed" | "verify";
  band: string;
  seed: number;
  fingerprint: string;
  database: { name: string; url: string };
  tables: Record<string, TableCheck & { planned?: number }>;
  foreignKeys: ForeignKeyCheck[];
  orphans: number;
  durations: { generate: number; load: number; index: number; verify: number; total: number };
  /** `verify --distributions`: each measured statistic against the spec, with its tolerance. */
  distributions?: DistributionCheck[];
  /** `verify --realism`: rows that break what the generated data promises (time order, tenants), per promise. */
  realism?: RealismCheck;
  /** A sharded load: this shard, and whether it finished the database (the last one does). */
  shard?: { k: number; n: number; finished: boolean };
  /** Generator threads that produced the rows (0: the main thread). */
  threads?: number;
  /** True when a complete database of the same band, seed and fingerprint was reused. */
  reused?: boolean;
  preset?: string;
  schemaFingerprint?: string;
  specFingerprint?: string;
  seedbandVersion?: string;
  serverVersion?: number;
  provider?: string;
  startedAt: string;
  finishedAt?: string;
  /** What seedband changed about the load and the user should know (e.g. triggers disabled). */
  notes?: string[];
  /** What the user should know about the data: tables with 0 rows, and why. */
  warnings?: string[];
  /**
   * Tables whose checksum could differ between two builds of the same band and seed: columns
   * left to a database default that is random or the clock (seedband fills every column it can).
   */
  nondeterministic?: NondeterministicTable[];
  /**
   * `seed --stats-as`: the planner statistics are not this band's own but another band's, injected
   * (pg_restore_*_stats) after the load; plans show that band's estimates.
   */
  statistics?: InjectedStatistics;
  /** Problems found (verify) or the error that ended the run: code and message. */
  errors: Array<{ code: string; message: string }>;
}

/** Planner statistics injected from another band (`--stats-as`, the plugin's `statsAs`). */
export interface InjectedStatistics {
  injected: true;
  /** The band whose statistics these are, its fingerprint, and the file they came from. */
  band: string;
  bandFingerprint: string;
  source: string;
  tables: number;
  columns: number;
  indexes: number;
}

export function emptyRecord(command: RunRecord["command"], band: string, seed: number): RunRecord {
  return {
    status: "failed",
    command,
    band,
    seed,
    fingerprint: "",
    database: { name: "", url: "" },
    tables: {},
    foreignKeys: [],
    orphans: 0,
    durations: { generate: 0, load: 0, index: 0, verify: 0, total: 0 },
    startedAt: new Date().toISOString(),
    errors: [],
  };
}
