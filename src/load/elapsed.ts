// Durations as the run record gives them: seconds, to the millisecond.

export function elapsedSeconds(since: number): number {
  return roundSeconds((performance.now() - since) / 1000);
}

export function roundSeconds(x: number): number {
  return Math.round(x * 1000) / 1000;
}
