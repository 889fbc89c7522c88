// Which moment of a row's life a DateTime column holds, read from its name and attributes: the
// row's creation, its last update, a later moment that has happened (`completedAt`, `deletedAt`,
// `lastSeenAt`) or is scheduled (`dueDate`, `expiresAt`), or one end of a span (`startsAt` /
// `endsAt`). Pure. The table of names is docs/schemas.md's; cross-row rules (a row created after
// the rows it references) find a model's creation time here too.
import type { Column, Model } from "../schema/index.js";
import { nameWords } from "./name-words.js";

export type ScheduledMoment = "due" | "expiry" | "start" | "end" | "reminder";

export type TimeRole =
  | { kind: "creation" }
  | { kind: "updated"; after?: string }
  /** Has happened (or not yet: then NULL): drawn from the profile between `after` and the window's end. */
  | { kind: "past"; after?: string; word: string; nullRate: number }
  /** Set for a time after `after`, possibly past the window's end (a due date in the future). */
  | { kind: "scheduled"; after?: string; moment: ScheduledMoment; nullRate: number }
  | { kind: "other" };

/** Words that end a time column's name without saying which moment it is. */
const TIME_SUFFIXES = new Set(["at", "on", "date", "time", "timestamp", "datetime", "ts", "utc"]);

const CREATION = new Set(["created", "creation", "create", "inserted", "added"]);
/** Creation times when the model has no `createdAt`-like field and no `@default(now())`. */
const CREATION_FALLBACK = new Set([
  "registered",
  "joined",
  "signed",
  "occurred",
  "recorded",
  "logged",
  "timestamp",
]);
const UPDATED = new Set(["updated", "modified", "changed", "update"]);

/**
 * Past events and the share of rows that have not had them (NULL, when the column is optional):
 * soft deletes and bans are rare, completions common, deliveries nearly certain.
 */
const PAST_EVENTS: Record<string, number> = {
  deleted: 0.95,
  archived: 0.9,
  cancelled: 0.9,
  canceled: 0.9,
  revoked: 0.95,
  banned: 0.97,
  suspended: 0.95,
  blocked: 0.95,
  locked: 0.95,
  removed: 0.95,
  disabled: 0.9,
  rejected: 0.9,
  refunded: 0.95,
  failed: 0.9,
  expired: 0.8,
  edited: 0.8,
  completed: 0.6,
  done: 0.6,
  finished: 0.6,
  resolved: 0.6,
  closed: 0.6,
  merged: 0.6,
  read: 0.5,
  seen: 0.4,
  published: 0.3,
  approved: 0.4,
  accepted: 0.4,
  confirmed: 0.3,
  verified: 0.3,
  activated: 0.2,
  paid: 0.3,
  shipped: 0.4,
  delivered: 0.2,
  sent: 0.1,
  processed: 0.2,
  started: 0.3,
  joined: 0.1,
};

/** Scheduled moments by word, with the share of NULLs. */
const SCHEDULED: Record<string, { moment: ScheduledMoment; nullRate: number }> = {
  due: { moment: "due", nullRate: 0.4 },
  deadline: { moment: "due", nullRate: 0.4 },
  expires: { moment: "expiry", nullRate: 0.3 },
  expire: { moment: "expiry", nullRate: 0.3 },
  expiry: { moment: "expiry", nullRate: 0.3 },
  expiration: { moment: "expiry", nullRate: 0.3 },
  until: { moment: "expiry", nullRate: 0.3 },
  starts: { moment: "start", nullRate: 0.2 },
  start: { moment: "start", nullRate: 0.2 },
  begins: { moment: "start", nullRate: 0.2 },
  begin: { moment: "start", nullRate: 0.2 },
  from: { moment: "start", nullRate: 0.2 },
  scheduled: { moment: "start", nullRate: 0.2 },
  ends: { moment: "end", nullRate: 0.2 },
  end: { moment: "end", nullRate: 0.2 },
  remind: { moment: "reminder", nullRate: 0.5 },
  reminder: { moment: "reminder", nullRate: 0.5 },
  renews: { moment: "reminder", nullRate: 0.5 },
  next: { moment: "reminder", nullRate: 0.5 },
};

/** Span ends and starts pair up by the rest of their name: `startsAt`/`endsAt`, `trialStart`/`trialEnd`. */
const SPAN_START = new Set(["start", "starts", "begins", "begin", "started", "from"]);
const SPAN_END = new Set(["end", "ends", "ended", "until", "to", "finished"]);

/** A DateTime column's name without its time suffix: `lastSeenAt` → last, seen. */
function core(column: Column): string[] {
  const words = nameWords(column.fieldName);
  while (words.length > 1 && TIME_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words;
}

function isTime(column: Column): boolean {
  return column.type === "DateTime" && !column.isList;
}

function isUpdated(column: Column): boolean {
  const words = core(column);
  return column.isUpdatedAt || words.some((w) => UPDATED.has(w)) || words.join("") === "lastmodified";
}

/**
 * The field holding a row's creation time: a `createdAt`-like name, else the `@default(now())`
 * column that is not an update time, else `registeredAt`, `joinedAt`, `timestamp`, ….
 */
export function creationTimeField(model: Model): string | undefined {
  const times = model.columns.filter(isTime);
  const byName = times.find((c) => core(c).some((w) => CREATION.has(w)) && !isUpdated(c));
  if (byName) return byName.fieldName;
  const now = times.find((c) => c.default?.kind === "now" && !isUpdated(c));
  if (now) return now.fieldName;
  return times.find((c) => core(c).some((w) => CREATION_FALLBACK.has(w)))?.fieldName;
}

/** The span start a span end pairs with (`startsAt` for `endsAt`), if the model has one. */
export function spanStartOf(model: Model, column: Column): string | undefined {
  const words = core(column);
  const at = words.findIndex((w) => SPAN_END.has(w));
  if (at < 0) return undefined;
  const key = (ws: string[], i: number) => [...ws.slice(0, i), "*", ...ws.slice(i + 1)].join(" ");
  const wanted = key(words, at);
  return model.columns.find((c) => {
    if (c === column || !isTime(c)) return false;
    const other = core(c);
    const i = other.findIndex((w) => SPAN_START.has(w));
    return i >= 0 && key(other, i) === wanted;
  })?.fieldName;
}

/** True when some span end of the model pairs with this column (a start is then never NULL by inference). */
export function isSpanStart(model: Model, column: Column): boolean {
  return model.columns.some((c) => c !== column && isTime(c) && spanStartOf(model, c) === column.fieldName);
}

export function timeRole(model: Model, column: Column): TimeRole {
  if (!isTime(column)) return { kind: "other" };
  const creation = creationTimeField(model);
  if (creation === column.fieldName) return { kind: "creation" };
  if (isUpdated(column)) return { kind: "updated", ...(creation && { after: creation }) };
  const start = spanStartOf(model, column);
  if (start) {
    // The end of a span follows its start, in the start's mode: a scheduled start's end is scheduled.
    const startColumn = model.columns.find((c) => c.fieldName === start)!;
    if (momentRole(startColumn, creation).kind === "scheduled")
      return { kind: "scheduled", after: start, moment: "end", nullRate: 0.2 };
    return { kind: "past", after: start, word: "end", nullRate: 0.3 };
  }
  return momentRole(column, creation);
}

/** A later moment by the words of its name, after `after` (the creation time, when there is one). */
function momentRole(column: Column, after: string | undefined): TimeRole {
  const words = core(column);
  const from = after === undefined ? {} : { after };
  if (words[0] === "last") return { kind: "past", ...from, word: "last", nullRate: 0.1 };
  for (const w of words) {
    const scheduled = SCHEDULED[w];
    if (scheduled) return { kind: "scheduled", ...from, ...scheduled };
  }
  for (const w of words) {
    const nullRate = PAST_EVENTS[w];
    if (nullRate !== undefined) return { kind: "past", ...from, word: w, nullRate };
  }
  const last = words[words.length - 1]!;
  if (last.length > 4 && last.endsWith("ed")) return { kind: "past", ...from, word: last, nullRate: 0.5 };
  return { kind: "other" };
}
