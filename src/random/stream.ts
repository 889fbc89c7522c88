// Seeded random streams keyed by path. Each stream is independent and named by where its values
// live (seed, model, partition, field), so adding a field, a worker or a shard changes nothing
// else. seedrandom's `alea` is the source; nothing outside this file knows that.
import seedrandom from "seedrandom";

/** A source of uniform numbers in [0, 1). */
export interface Rng {
  next(): number;
}

export type PathPart = string | number;

/** The stream for (seed, ...path). Same arguments, same sequence, on every machine. */
export function streamFor(seed: number, ...path: PathPart[]): Rng {
  // NUL cannot occur in model or field names, so distinct paths never collide as strings.
  const prng = seedrandom.alea(`seedband\u0000${seed}\u0000${path.join("\u0000")}`);
  return { next: () => prng() };
}

/** An integer uniformly in [min, max] (both inclusive). */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}

/** A standard normal draw (Box–Muller, one value per two uniforms: simple and stateless). */
export function standardNormal(rng: Rng): number {
  const u = 1 - rng.next(); // (0, 1]: log(0) never happens
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
