// Pause points for the kill -9 tests: with SEEDBAND_TEST_PAUSE_AT=<phase> set (tests only; never
// documented for users), the process says so on stderr when it reaches that phase and waits
// there until it gets SIGUSR2, so a test can kill it at exactly that point and check what it
// leaves, or change the world under it and let it go on (a forced interleaving).

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

/** Waits (until SIGUSR2) when SEEDBAND_TEST_PAUSE_AT names `phase`; returns at once otherwise. */
export async function pauseAt(phase: PausePhase): Promise<void> {
  if (process.env.SEEDBAND_TEST_PAUSE_AT !== phase) return;
  process.stderr.write(`seedband-test: paused at ${phase}\n`);
  await new Promise<void>((resume) => {
    // The timer keeps the event loop (and so the process) alive while it waits.
    const alive = setInterval(() => {}, 60_000);
    process.once("SIGUSR2", () => {
      clearInterval(alive);
      resume();
    });
  });
}
