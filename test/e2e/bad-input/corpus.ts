// The bad-input corpus: what a case is, and what every case must show. A case writes the files it
// needs into a temporary project and gives the command line; the runner (../bad-input.test.ts)
// runs it as a user would and asserts, for every case: the exit code, no stack trace, a message
// that names the place (file, JSON path, line, flag) and a fix, none of the case's secrets or
// planted personal data in any output stream, and the server's databases of the corpus's band
// unchanged. Add cases to a file of this folder by area (schema, spec, config, generator output,
// flags, urls, metrics, snapshots, manifests, pii files) and list the file in AREAS.

export interface CorpusContext {
  /** The temporary project: package.json, prisma/, presets/chat.json with the corpus's band. */
  project: string;
  /** The server the tests use (SEEDBAND_TEST_PG_URL, else 127.0.0.1:5432). */
  server: string;
  /** The corpus's band: a name of this run only, so its databases are told from anyone else's. */
  band: string;
  /** A fresh copy of `seedband generate <band>` (text format): a folder to damage. */
  generated(): Promise<string>;
  /** A fresh snapshot folder (for --dir) holding the band's logical snapshot: `path` is the snapshot. */
  snapshot(): Promise<{ dir: string; path: string }>;
  /** A fresh empty folder inside the project. */
  scratch(): Promise<string>;
  /** The corpus's preset (the chat preset with the corpus's band), edited, written to a fresh file. */
  preset(edit?: (preset: PresetDocument) => void): Promise<string>;
  /**
   * A fresh project of its own (package.json, prisma/, presets/chat.json with the corpus's band)
   * holding `files` (name → text), for cases that need a seedband.config.ts: run it with `cwd`.
   */
  subProject(files: Record<string, string>): Promise<string>;
}

/** A preset document, loosely typed: cases damage it in any way. */
// biome-ignore lint/suspicious/noExplicitAny: a case may put anything anywhere in a preset.
export type PresetDocument = Record<string, any>;

export interface CaseRun {
  /** The command line, without --database-url (the runner adds the test server unless `server: false`). */
  args: string[];
  /** What stderr must contain: the file, JSON path, line or flag at fault. */
  where: Array<string | RegExp>;
  /** What no output stream may contain (secrets, planted personal data). */
  never?: string[];
  env?: Record<string, string | undefined>;
  /** Where to run (default: the project). */
  cwd?: string;
}

export interface BadInputCase {
  name: string;
  exit: 1 | 2 | 3;
  /** Give the command the test server with --database-url (default true). */
  server?: boolean;
  /** What the fix must look like (default: the word "Fix"). */
  fix?: RegExp;
  setup(ctx: CorpusContext): Promise<CaseRun>;
}
