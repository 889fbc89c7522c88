// The layer rules of docs/architecture.md, checked on every `npm run lint` (dependency-cruiser).
// A wrong import fails the build instead of a review; test/unit/layer-rules.test.ts breaks each
// rule on purpose and sees it fail.
/** The pure core: values are functions of (schema, spec, band, seed), never of files or servers. */
const PURE_CORE = "^src/(random|spec|schema|factories|generate)/";
/** The faces: the command line and the test-runner faces (vitest, and runner/jest over it) sit on top; no stage imports them. */
const FACES = "^src/(cli|vitest|runner|jest)/";

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import circle, inside a folder or across folders.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "pure-core-no-io",
      comment:
        "The pure core imports no pg, no file system, no child processes (the clock and Math.random: lint/no-clock.grit).",
      severity: "error",
      from: { path: PURE_CORE },
      to: { path: ["^(node:)?(fs|fs/promises|child_process)$", "node_modules/(pg|pg-copy-streams)/"] },
    },
    {
      name: "pure-core-no-server-stages",
      comment: "The pure core imports no folder that talks to a server, reads the project or prints.",
      severity: "error",
      from: { path: PURE_CORE },
      to: {
        path: "^src/(db|migrate|load|verify|pipeline|snapshot|explain|privacy|calibrate|report|cli|vitest|runner|jest)/",
      },
    },
    {
      name: "report-reads-no-files",
      comment:
        "report/ draws the page from what the CLI and the pipeline read (files, and the band's database through db's face): it imports no file system or child process, so the same inputs give the same bytes (its clock: lint/no-clock.grit).",
      severity: "error",
      from: { path: "^src/report/" },
      to: { path: "^(node:)?(fs|fs/promises|child_process)$" },
    },
    {
      name: "no-stage-imports-a-face",
      comment:
        "Only the faces (cli/, vitest/, runner/, jest/) and the package face src/index.ts import a face.",
      severity: "error",
      from: { path: "^src/", pathNot: [FACES, "^src/index\\.ts$"] },
      to: { path: FACES },
    },
    {
      name: "faces-do-not-import-each-other",
      comment:
        "The command line and the test-runner faces share the pipeline below them, not each other (runner/ and jest/ stand on vitest/'s runner-neutral run and clones).",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: "^src/(vitest|runner|jest)/" },
    },
    {
      name: "only-db-imports-pg",
      comment:
        "Only src/db talks to PostgreSQL through `pg` (sessions with pinned settings, errors translated once).",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/db/" },
      to: { path: "node_modules/pg/" },
    },
    {
      name: "through-faces-only",
      comment:
        "A folder imports another folder only through its index.ts (the face), never the files behind it.",
      severity: "error",
      from: { path: "^src/([^/]+)/" },
      to: { path: "^src/[^/]+/.+", pathNot: ["^src/$1/", "^src/[^/]+/index\\.ts$"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
