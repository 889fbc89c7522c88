// The seedband command line: dispatch, help, and the one place that turns errors into messages
// and exit codes (0 ok, 1 a check failed, 2 bad input or a refusal, 3 a runtime failure).
import { SeedbandError } from "../errors.js";
import { DEFAULT_RUNS, DEFAULT_WARMUP } from "../explain/index.js";
import { type FlagSpec, parseArgs } from "./args.js";
import { BASELINE_FLAGS, baselineCommand } from "./baseline-commands.js";
import { dbCommand, type Io, seedCommand, teardownCommand, verifyCommand } from "./commands.js";
import { generateCommand, loadCommand } from "./file-commands.js";
import { initCommand } from "./init-command.js";
import { PLAN_FLAGS, PLAN_HELP, planCommand } from "./plan-commands.js";
import { calibrateCommand, piiCommand, sampleCommand } from "./privacy-commands.js";
import { processUrls, redactingIo } from "./redacting-io.js";
import { reportCommands } from "./report-commands.js";
import { snapshotCommand } from "./snapshot-commands.js";
import { STATS_FLAGS, statsCommand } from "./stats-commands.js";

interface Command {
  flags: FlagSpec;
  help: string;
  run: (args: ReturnType<typeof parseArgs>, io: Io) => Promise<number>;
}

const COMMON_HELP = `
Common flags:
  --database-url URL   the PostgreSQL server to use (else DATABASE_URL, else the embedded server
                       under .seedband/pg, started on demand). seedband creates its own databases
                       there and never writes to one it did not create.
  --json               print one JSON document on stdout; human output and progress stay on stderr
  --help               this text

Exit codes: 0 ok, 1 a check failed, 2 bad input or a refusal, 3 a runtime failure.`;

const COMMANDS: Record<string, Command> = {
  init: {
    flags: { schema: "string", force: "boolean" },
    run: initCommand,
    help: `Usage: seedband init [--schema PATH] [--force] [--json]

A project's first step. Finds the Prisma schema (prisma.config.ts's \`schema\`, else
prisma/schema.prisma, prisma/schema/, schema.prisma), then:
  - writes seedband.config.ts: typed (defineConfig), naming every model, overrides commented out
  - adds the Vitest plugin to vitest.config.* when the edit is unambiguous (one \`plugins: [\`, or
    one \`defineConfig({\`), else prints the two lines to add; writes vitest.config.ts when none
  - adds .seedband/ (the embedded server, run records, snapshots) to .gitignore
  - writes queries/example.sql (a plan baseline) when queries/ holds no query
and prints the next command. Running it again changes nothing: a file that exists is skipped
(said so), and seedband.config.ts and the example query are rewritten only with --force.

  --schema PATH   the Prisma schema file or folder, when seedband cannot find it
  --force         rewrite seedband.config.ts (and queries/example.sql when it is the only query)
${COMMON_HELP}`,
  },
  seed: {
    flags: {
      workers: "string",
      shard: "string",
      preset: "string",
      seed: "string",
      schema: "string",
      into: "string",
      fresh: "boolean",
      "to-migration": "string",
      "stats-as": "string",
    },
    run: seedCommand,
    help: `Usage: seedband seed <band> [--preset chat] [--seed N] [--schema PATH] [--into NAME] [--shard k/N]
                     [--to-migration NAME] [--fresh] [--stats-as BAND|FILE] [--json]

Generates the band's rows deterministically from the preset and loads them into a database of
its own (named from band, seed and fingerprint), then verifies rows, orphans and checksums and
writes a run record to .seedband/runs/. A complete database of the same band, seed and
fingerprint is reused unless --fresh.

  <band>               a band of the preset: ci (50k messages), dev (5M), staging (100M), perf (300M)
  --preset NAME|PATH   preset name (presets/<name>.json) or a spec file path; default: chat when
                       the schema has the chat models, else generic (any schema)
  --seed N             seed of every random stream (default 1)
  --schema PATH        Prisma schema file or folder (migrations beside it); default: prisma.config.ts's
                       schema and migrations.path, else prisma/schema.prisma and prisma/migrations
  --into NAME          load into this database: allowed only when it is empty or already seedband's
  --to-migration NAME  apply the migrations only up to NAME (inclusive)
  --workers N          generator threads (default 0: generate in the main thread). With N ≥ 1 the
                       main thread only streams into COPY; the bytes are the same for any N
  --shard k/N          load only shard k of N (the blocks ≡ k−1 mod N) into the band's database;
                       run every shard (any order, any machine, same server): the first prepares
                       the database, the last builds keys, verifies and marks it complete
  --fresh              rebuild even when a complete database exists
  --stats-as BAND|FILE after the load, inject the planner statistics of a bigger band (computed
                       from its plan and a generated sample, cached under .seedband/stats/) or of a
                       \`seedband stats --out\` file: plans at that band's scale on this band's rows.
                       Needs PostgreSQL 18+ (exit 2 before loading otherwise); auto-vacuum is turned
                       off on the tables so auto-analyze keeps them; a later seed without it
                       rebuilds that database rather than reuse it
                       (node_modules/seedband/docs/plan-baselines.md)

One run at a time builds a database: a second seed of the same band waits for the first (up to
SEEDBAND_LOCK_WAIT_SECONDS, default 300), then reuses its database, or exits 2 naming the run
(pid, host) that holds it.
${COMMON_HELP}`,
  },
  plan: {
    flags: PLAN_FLAGS,
    run: planCommand,
    help: `${PLAN_HELP}
${COMMON_HELP}`,
  },
  stats: {
    flags: STATS_FLAGS,
    run: statsCommand,
    help: `Usage: seedband stats <band> [--out FILE] [--seed N] [--preset P] [--schema PATH] [--json]

The planner statistics the band would have after ANALYZE, without loading it (no server): per
table reltuples (exact, from the plan) and relpages (from the sampled rows' widths); per column
null_frac, avg_width, n_distinct (exact for unique keys and the foreign key rows are generated
under, else ANALYZE's Haas-Stokes estimate), most-common values and frequencies, histogram bounds
and correlation, computed as ANALYZE does over a deterministic sample of 30,000 generated rows
per table (default_statistics_target 100). Every value is generated, none read from a database:
the file passes \`seedband pii check\`. Inject it with \`seed <band> --stats-as FILE\`.

  --out FILE        write the statistics there (default: stdout)
  --seed N          the band's seed (default 1)
  --preset, --schema  as for seed
${COMMON_HELP}`,
  },
  generate: {
    flags: {
      out: "string",
      shard: "string",
      format: "string",
      preset: "string",
      seed: "string",
      schema: "string",
    },
    run: generateCommand,
    help: `Usage: seedband generate <band> --out DIR [--shard k/N] [--format text|csv|binary] [--preset P] [--seed N]

Writes the band (or shard k of N: the blocks ≡ k−1 mod N) as COPY-ready files, one per table,
and manifest.json last (rows and SHA-256 per file). Needs no server. Load with \`seedband load DIR\`.

  --format F           text: COPY's text format (default, .copy files); csv (.csv); binary: COPY's
                       binary format (.bin: no parsing on the server; every column type but
                       @db.Inet/Xml/Bit/VarBit and money)
${COMMON_HELP}`,
  },
  load: {
    flags: {},
    run: loadCommand,
    help: `Usage: seedband load DIR [--json]

Loads a folder \`seedband generate\` wrote into the band's database on the server. Each folder is
one shard of the load: the first prepares the database, the last builds keys, verifies and marks
it complete. Before the server is touched, the manifest must be whole and of this project, and
every file it names inside the folder (no absolute path, .. or link leading out) and of its
SHA-256; else exit 2, nothing created.
${COMMON_HELP}`,
  },
  sample: {
    flags: {
      out: "string",
      "window-days": "string",
      k: "string",
      epsilon: "string",
      schema: "string",
      categories: "string",
      top: "string",
      "statement-timeout": "string",
    },
    run: sampleCommand,
    help: `Usage: seedband sample --database-url URL --out metrics.json [--window-days 30] [--k 10] [--epsilon E]
                       [--schema PATH] [--categories Model.field,...] [--top 20] [--statement-timeout MS]

Measures the shape of a production database (run it at the production boundary, against a read
replica): row counts, fan-out histograms per relation, text-length histograms, hour-of-day and
weekday histograms, inter-arrival, enum mixes and the heaviest parents. Aggregate SQL only, in a
read-only transaction with a statement timeout and a lock timeout: no row content reaches
seedband. The few identifiers it must mention (the heaviest parents) become HMAC-SHA256 tokens
keyed by ANONYMIZATION_SALT (required, at least 16 characters, never written). Buckets with
fewer than k entities are suppressed. Then gate the file: \`seedband pii check metrics.json\`.

  --database-url URL     required: the sampler never falls back to DATABASE_URL or embedded
  --out FILE             metrics.json to write (format: node_modules/seedband/docs/privacy-engineering.md)
  --window-days N        hours, weekdays and inter-arrival cover the last N days of data (default 30)
  --k N                  suppress buckets with fewer than N entities (default 10)
  --epsilon E            add Laplace noise (scale 1/E) to every count; stated in the output
  --schema PATH          the Prisma schema of the sampled database (default: prisma.config.ts's
                         schema, else prisma/schema.prisma)
  --categories M.f,...   string fields whose values may be reported as categories (opt-in;
                         enum and boolean fields always are)
  --top N                heaviest parents reported per relation, as tokens (default 20)
  --statement-timeout MS per query (default 120000)
${COMMON_HELP}`,
  },
  pii: {
    flags: { profile: "string", "rows-per-column": "string", "statement-timeout": "string" },
    run: piiCommand,
    help: `Usage: seedband pii check <file|dir>... [--database-url URL] [--profile metrics|data] [--json]

Scans files and every file of folders (recursively, any name: JSON, CSV, text; gzip decompressed;
a binary file is refused by name, exit 2) and, with --database-url, a sample of every text column
of a database, for personal data: emails, phone numbers, US SSNs, payment cards (Luhn), IBANs
(mod 97), IP addresses, personal names; in metrics files also free text, token keys that do not
hold tokens and raw identifiers. Findings give the file, the place (JSON path $.a.b[2].c, CSV row
and column, line, or table, column and row) and a masked preview, never the value: a JSON key or
a file name that holds one is written [<key 3: email>] / <entry 2: email>. Files are streamed
(bounded memory); at most 1000 findings are listed per file. Exit 1 on any finding, 0 when clean,
2 when an input cannot be read.

  --profile metrics|data  metrics (default for JSON): no free text, names or non-token ids;
                          data (default for CSV, text and databases): synthetic names allowed,
                          no contact, payment or identity data outside reserved ranges
  --database-url URL      also scan this database's text columns (read-only, sampled)
  --rows-per-column N     values read per column at most (default 10000)
${COMMON_HELP}`,
  },
  calibrate: {
    flags: { out: "string", preset: "string" },
    run: calibrateCommand,
    help: `Usage: seedband calibrate metrics.json --out spec.json [--preset chat] [--json]

Fits the template preset's distributions to the metrics by maximum likelihood (discrete
power-law alpha with x_min, log-normal mu/sigma, diurnal and weekday profiles, categorical
weights, rates) and writes a spec the generator accepts unchanged; prints the goodness of fit of
each (Kolmogorov-Smirnov distance, or L1). A measured model the template does not name (every
model, with --preset generic) gets a spec from the metrics alone: counts, the fan-out family
that fits best (by AIC), mixes, null rates, numbers, free-text lengths and time profiles; keys,
names and formats, tenants and time order stay the generator's. The spec keeps the template's
bands and adds a band "sampled" with the measured sizes. Refuses metrics that fail
\`seedband pii check\`, and, with requireApproval in seedband.config.ts, metrics without an
unexpired \`seedband approve\` of their bytes.

  --out FILE        the spec to write (e.g. presets/calibrated.json; use it with --preset)
  --preset NAME     the template: which family each distribution has (default: chat when the
                    metrics hold the chat models, else generic, for a schema of your own)
${COMMON_HELP}`,
  },
  verify: {
    flags: { distributions: "boolean", realism: "boolean" },
    run: verifyCommand,
    help: `Usage: seedband verify [<band>] [--distributions] [--realism] [--json]

Recomputes, from the database alone, the rows, orphans per foreign key and checksums of the
latest complete seedband database (of <band>, when given) and compares them with its seed run.
Exit 1 when anything differs.

  --distributions   also measure the data against its spec: power-law alpha of fan-outs (heavy
                    parents excluded, and their share checked), every other fan-out, length
                    and number distribution by its family's MLE, categorical shares (L1),
                    bernoulli shares and null rates, hour-of-day and weekday histograms of
                    profiled timestamps (L1); each check prints its tolerance
  --realism         also count the rows that break what the generated data promises about
                    time: a row created before a row it references (parent, other foreign
                    keys, self-relation parent), updatedAt before createdAt, a later moment
                    (dueDate, completedAt, endsAt, ...) before the moment it follows; and
                    about tenants: a relation kept in the tenant (an assignee among the
                    workspace's members, a subtask's parent in its project) whose row belongs
                    to another tenant; any such row fails the check
${COMMON_HELP}`,
  },
  baseline: {
    flags: BASELINE_FLAGS,
    run: baselineCommand,
    help: `Usage: seedband baseline capture|check [--band B] [--stability-runs K] [--stats-as BAND|FILE] [--dir DIR] [--json]
       seedband baseline compare <dirA> <dirB> [--band B] [--json]

EXPLAIN baselines of the query catalog (queries/*.sql and queries/*.ts Prisma calls; see
node_modules/seedband/docs/plan-baselines.md), kept as <dir>/<band>/<query>.json.

  capture   warm-up, then --runs executions of EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) per query
            case; writes the plan shape, shared buffers, median time and its noise, planner
            settings and the server's major version
  check     captures again and compares: exit 1 when a plan's shape changed (an indented tree
            diff, old vs new), shared buffers grew, the median time grew beyond its measured noise
            (confirmed by a second measurement), or a catalog assertion fails. Exit 2 when the
            baselines come from another PostgreSQL major version
  compare   two baseline folders side by side (e.g. before and after an index migration): median
            time, buffers, plan change and reduction per query

The database: a --database-url naming a database is used as it is; otherwise the band's database
as \`seedband seed <band> [--seed N] [--to-migration NAME]\` builds it for this project (it must
exist and be complete), on --database-url / DATABASE_URL / the embedded server.

  --band B              the band (default: check: the band of the baselines; capture: the latest
                        seeded database's band)
  --seed N              the seed of that database (default 1)
  --to-migration NAME   the database seeded with migrations up to NAME (a "before" capture)
  --dir DIR             the baselines folder (default baselines/ at the project root)
  --queries DIR         the query catalog (default queries/ at the project root)
  --runs N              measured executions per case (default ${DEFAULT_RUNS})
  --warmup N            executions before measuring (default ${DEFAULT_WARMUP})
  --stability-runs K    capture: ANALYZE and plan again K times; cases whose shape changes are
                        reported as unstable, with every shape seen recorded (seedband's
                        databases only: ANALYZE rewrites statistics)
  --stats-as BAND|FILE  inject a bigger band's planner statistics (as \`seed --stats-as\`) into the
                        band's database first, then plan without executing: baselines record plan
                        shapes and estimated rows and costs, labelled as estimates, in
                        <dir>/<band>-as-<BAND>/; check compares shapes and estimates (rows within
                        2×, cost +20%), never timings or buffers. PostgreSQL 18+
  --preset, --schema    as for seed, to find the band's database
${COMMON_HELP}`,
  },
  db: {
    flags: {},
    run: dbCommand,
    help: `Usage: seedband db up|down|status|url [--json]

  up       start the embedded PostgreSQL server (data under .seedband/pg; it keeps running)
  down     stop it (the data stays)
  status   the embedded server's state and seedband's databases on the server in use
  url      print the server URL (starts the embedded server when no URL is configured); a
           configured URL is printed with its user, password and secret parameters as ***
${COMMON_HELP}`,
  },
  snapshot: {
    flags: {
      dir: "string",
      seed: "string",
      preset: "string",
      schema: "string",
      physical: "boolean",
      fresh: "boolean",
      "all-projects": "boolean",
      "dry-run": "boolean",
    },
    run: snapshotCommand,
    help: `Usage: seedband snapshot save|restore|list|prune [<band>] [--seed N] [--dir DIR] [--physical] [--json]

  save <band>      seed the band (or reuse its complete database), publish it as a template
                   database on the server (what \`seedBand()\` clones), and write an on-disk
                   snapshot to DIR: per table a COPY file, manifest.json (rows, SHA-256),
                   schema.sql, snapshot.json. Restores into any server, another major included
  restore <band>   load the band's on-disk snapshot of the current fingerprint into the server
                   (a complete database of it is reused unless --fresh); every file is checked
                   against the manifest first: a damaged snapshot is exit 2, nothing dropped
  list [<band>]    on-disk snapshots in DIR and template databases on the server
  prune [<band>]   remove snapshots whose fingerprint is no longer current (schema, spec, config or
                   seedband changed), on disk and on the server, and databases of dead runs;
                   only this project's (other projects' are listed as left alone)
  (save, list and prune also remove the temporary folders of saves that were killed)

  --dir DIR        where on-disk snapshots live (default .seedband/snapshots, or
                   SEEDBAND_SNAPSHOT_DIR); cache this folder in CI
  --seed N         seed of the band (default 1)
  --physical       save: also copy the embedded server's whole data directory (the server is
                   stopped meanwhile); restore: put that copy back (same PostgreSQL major only)
  --fresh          restore even when a complete database of the band exists
  --all-projects   prune: also drop dead runs' clones and builds of every project on the server
  --dry-run        prune: list what would be removed; remove nothing
${COMMON_HELP}`,
  },
  ...reportCommands(COMMON_HELP),
  teardown: {
    flags: { "all-projects": "boolean", "dry-run": "boolean" },
    run: teardownCommand,
    help: `Usage: seedband teardown [<band>] [--all-projects] [--dry-run] [--json]

Drops every database seedband created on the server for this project (only those of <band>,
when given): band databases, templates and clones. Databases seedband did not create are never
touched. Another project's databases on the same server (its mark names another project), and
databases an older seedband marked without a project, are listed as "not yours, left alone".

  --all-projects   drop the seedband databases of every project on the server (a whole server
                   cleaned on purpose; other projects' runs in flight lose their databases)
  --dry-run        list what would be dropped and what is left alone; drop nothing

The project is a hash of the project root's real path and package.json name (SEEDBAND_PROJECT
replaces both: set the same value where CI jobs on several machines share databases).
${COMMON_HELP}`,
  },
};

const MAIN_HELP = `seedband: realistic, PII-free, deterministic test data for Prisma + PostgreSQL

Usage: seedband <command> [options]

Commands:
  init               start here: seedband.config.ts, the Vitest plugin, .gitignore, a query example
  plan <band>        what the band will hold: rows, parents, fan-outs, each column's generator
                     and the rule that chose it (no server)
  seed <band>        generate and load a band (ci, dev, staging, perf), verified
  generate <band> --out DIR   write a band (or a shard) as COPY files with a manifest
  load DIR           load such a folder into the band's database (a shard of the load)
  verify [<band>]    recompute rows, orphans and checksums of a seeded database
  baseline capture|check|compare   EXPLAIN baselines of the query catalog and plan checks
  stats <band> [--out FILE]   the band's planner statistics as ANALYZE would compute them (no
                     server); inject with \`seed --stats-as\` / \`baseline … --stats-as\` (PostgreSQL 18)
  snapshot save|restore|list|prune [<band>]   template databases and on-disk snapshots
  db up|down|status|url   the embedded PostgreSQL server
  teardown [<band>]  drop this project's seedband databases
  sample --database-url URL --out metrics.json   measure a production database (aggregates only)
  pii check <file|dir>...   gate files or a database for personal data
  calibrate metrics.json --out spec.json   fit a spec to sampled metrics
  report [--band B] [--metrics F] [--baselines DIR]   the data's shape, fits, plans and privacy
                     as one offline HTML page
  approve metrics.json --by NAME   sign off a metrics file (calibrate can require it)

Run \`seedband <command> --help\` (or \`seedband help <command>\`) for a command's flags.
${COMMON_HELP}`;

export async function run(argv: string[], plainIo: Io = defaultIo()): Promise<number> {
  const io = redactingIo(plainIo, processUrls(argv));
  const [name, ...rest] = argv;
  // Help asked for is the command's output: stdout, exit 0. No command at all is a usage error.
  if (!name) {
    io.stderr(`${MAIN_HELP}\n`);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    const topicCommand = topic === undefined ? undefined : COMMANDS[topic];
    if (topic !== undefined && !topicCommand) {
      io.stderr(
        `seedband: no command "${topic}". Commands: ${Object.keys(COMMANDS).join(", ")}. See \`seedband --help\`.\n`,
      );
      return 2;
    }
    io.stdout(`${topicCommand ? topicCommand.help : MAIN_HELP}\n`);
    return 0;
  }
  if (name === "--version") {
    const { seedbandVersion } = await import("../config/index.js");
    io.stdout(`${seedbandVersion()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(
      `seedband: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(", ")}. See \`seedband --help\`.\n`,
    );
    return 2;
  }
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    io.stderr("\nseedband: interrupted; stopping (press Ctrl-C again to quit at once)…\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    const args = parseArgs(rest, command.flags, name);
    if (args.flags.help) {
      io.stdout(`${command.help}\n`);
      return 0;
    }
    return await command.run(args, { ...io, signal: controller.signal });
  } catch (error) {
    return report(error, io);
  } finally {
    process.off("SIGINT", onSigint);
  }
}

function report(error: unknown, io: Io): number {
  if (error instanceof SeedbandError) {
    io.stderr(`seedband: ${error.message}\n`);
    if (process.env.SEEDBAND_DEBUG) io.stderr(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(
    `seedband: unexpected failure: ${message}\nThis is a bug or an environment problem; run again with SEEDBAND_DEBUG=1 for details and report it.\n`,
  );
  if (process.env.SEEDBAND_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
  return 3;
}

function defaultIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
