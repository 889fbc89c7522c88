// Pause points for the kill -9 tests: with SEEDBAND_TEST_PAUSE_AT=<phase> set (tests only; never
// documented for users), the process says so on stderr when it reaches that phase and waits
// there forever, so a test can kill it at exactly that point and check what it leaves.

/** The phases a run can be paused at, in the order a seed meets them. */
export const PAUSE_PHASES = [
  "create",
  "migrate",
  "copy",
  "index",
  "fk",
  "analyze",
  "mark",
  "snapshot-save",
  "restore",
] as const;

export type PausePhase = (typeof PAUSE_PHASES)[number];

/** Waits forever when SEEDBAND_TEST_PAUSE_AT names `phase`; returns at once otherwise. */
export async function pauseAt(phase: PausePhase): Promise<void> {
  if (process.env.SEEDBAND_TEST_PAUSE_AT !== phase) return;
  process.stderr.write(`seedband-test: paused at ${phase}\n`);
  // A timer keeps the event loop (and so the process) alive until it is killed.
  await new Promise<never>(() => setInterval(() => {}, 60_000));
}
