// The run section: the seed's run record (kept in the band's database, so the same database gives
// the same page) as its stage timings and the rows it loaded per table. Its timestamps are the
// record's own; the page takes none from the clock. Pure.
import type { Chart, RunSection } from "./report-data.js";
import { tidyChart } from "./tidy-chart.js";

/**
 * What the section reads of a run record: the pipeline's RunRecord holds it all, but the report
 * stands below the pipeline (which gathers its inputs), so it declares only what it uses.
 */
export interface RunView {
  command: string;
  status: string;
  band: string;
  seed: number;
  durations: { generate: number; load: number; index: number; verify: number; total: number };
  tables: Record<string, { rows: number }>;
  startedAt: string;
  finishedAt?: string;
  seedbandVersion?: string;
  serverVersion?: number;
  provider?: string;
  threads?: number;
  reused?: boolean;
}

const STAGES = ["generate", "load", "index", "verify"] as const;

export function runSection(record: RunView): RunSection {
  const durations: Record<string, number> = { ...record.durations };
  const tables = Object.fromEntries(Object.entries(record.tables).map(([t, x]) => [t, x.rows]));
  const stages: Chart = {
    id: "run-stages",
    title: "Stage timings",
    subtitle: `seedband ${record.command} of band ${record.band} (seed ${record.seed}): seconds per stage, ${record.durations.total} s in all`,
    x: { label: "seconds", log: false },
    y: { label: "", categories: [...STAGES] },
    horizontal: true,
    series: [{ name: "seconds", style: "bars", tone: 0, data: STAGES.map((s) => [s, record.durations[s]]) }],
    checks: [],
  };
  const names = Object.keys(tables);
  const rows: Chart = {
    id: "run-rows",
    title: "Rows per table",
    subtitle: "Rows loaded and verified per table (log scale)",
    x: { label: "rows", log: true },
    y: { label: "", categories: names },
    horizontal: true,
    series: [
      {
        name: "rows",
        style: "bars",
        tone: 2,
        data: names.map((t) => [t, tables[t]! > 0 ? tables[t]! : null]),
      },
    ],
    checks: [],
  };
  return {
    command: record.command,
    status: record.status,
    band: record.band,
    seed: record.seed,
    startedAt: record.startedAt,
    ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
    ...(record.seedbandVersion ? { seedbandVersion: record.seedbandVersion } : {}),
    ...(record.serverVersion !== undefined ? { serverVersion: record.serverVersion } : {}),
    ...(record.provider ? { provider: record.provider } : {}),
    ...(record.threads !== undefined ? { threads: record.threads } : {}),
    ...(record.reused ? { reused: true } : {}),
    durations,
    tables,
    charts: [stages, rows].map(tidyChart),
  };
}
