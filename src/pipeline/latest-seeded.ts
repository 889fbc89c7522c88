// The complete band database seeded last on a server (of a band, and of a seed, when given): the
// database `seedband verify` and `seedband report` read when the user names none.
import { listOwnedDatabases, redactUrl } from "../db/index.js";
import { SeedbandError } from "../errors.js";

export interface SeededDatabase {
  name: string;
  band: string | undefined;
}

/** By `seededAt`, else `completedAt`; a NOT_FOUND error that says how to seed one when none matches. */
export async function latestSeeded(
  serverUrl: string,
  filter: { band?: string | undefined; seed?: number | undefined } = {},
): Promise<SeededDatabase> {
  const { band, seed } = filter;
  const owned = (await listOwnedDatabases(serverUrl)).filter(
    (d) =>
      d.mark.status === "complete" &&
      d.mark.kind === undefined &&
      (band === undefined || d.mark.band === band) &&
      (seed === undefined || d.mark.seed === seed),
  );
  const target = owned
    .sort((a, b) =>
      (a.mark.seededAt ?? a.mark.completedAt ?? "").localeCompare(
        b.mark.seededAt ?? b.mark.completedAt ?? "",
      ),
    )
    .at(-1);
  if (!target) {
    const withSeed = seed !== undefined ? ` with seed ${seed}` : "";
    throw new SeedbandError(
      "NOT_FOUND",
      `No complete seedband database${band ? ` of band "${band}"` : ""}${withSeed} on ${redactUrl(serverUrl)}. Seed one first: \`seedband seed ${band ?? "ci"}${seed !== undefined ? ` --seed ${seed}` : ""}\`.`,
    );
  }
  return { name: target.name, band: target.mark.band };
}
