// The zero-config generator of a column, and the rule that chose it: by uniqueness, type, native
// type, `@default`, the field's name and its model's meaning. Pure data — a field spec in the
// spec format, so `seedband plan` can print it and a preset or seedband.config.ts can replace it
// (a spec entry for the field always wins). docs/schemas.md holds the table of these rules.
import type { Column, EnumType, Model } from "../schema/index.js";
import type { FieldSpec, ValueFormat } from "../spec/index.js";
import { type ModelMeaning, modelMeaning } from "./model-meaning.js";
import { nameWords } from "./name-words.js";
import { lengthLimit } from "./position-key.js";
import { creationTimeField, isSpanStart, type ScheduledMoment, timeRole } from "./time-roles.js";

export interface FieldRule {
  /** The rule that chose the generator, e.g. "name:color" (what `seedband plan` prints). */
  rule: string;
  /** The generator in words, e.g. "hex colour (#rrggbb) from a palette". */
  generator: string;
  /** The generator as a field spec: what a preset would say to get the same values. */
  spec: FieldSpec;
  /** Why an optional column gets NULLs, when it does (e.g. "time:deleted — NULL for 95% of rows"). */
  nullRule?: string;
}

export interface InferOptions {
  enums: readonly EnumType[];
  /** The column must be unique on its own (default: `@unique`; the row source also counts composite keys). */
  unique?: boolean;
}

/** The built-in time profile's name (a spec's `profiles.default` replaces it). */
const PROFILE = "default";

const DAY = 86_400;

/**
 * How long after its anchor a scheduled moment falls, in seconds: log-normal around a median
 * (a due date a week after creation, an expiry a month, an event three days ahead).
 */
const DELAYS: Record<
  ScheduledMoment | "span" | "spanDays",
  { median: number; sigma: number; min: number; max: number }
> = {
  due: { median: 7 * DAY, sigma: 0.9, min: 3600, max: 365 * DAY },
  expiry: { median: 30 * DAY, sigma: 0.8, min: 3600, max: 3 * 365 * DAY },
  start: { median: 3 * DAY, sigma: 1.0, min: 60, max: 365 * DAY },
  end: { median: 7 * DAY, sigma: 0.9, min: 3600, max: 365 * DAY },
  reminder: { median: 7 * DAY, sigma: 1.0, min: 3600, max: 365 * DAY },
  /** An event's end after its start (`startsAt`/`endsAt`), and a period's (`startDate`/`endDate`). */
  span: { median: 2 * 3600, sigma: 0.8, min: 300, max: 30 * DAY },
  spanDays: { median: 14 * DAY, sigma: 0.8, min: DAY, max: 365 * DAY },
};

/** Enums: the `@default` takes this share (more of a two-valued enum), the others the rest. */
const ENUM_DEFAULT_SHARE = 0.5;
const ENUM_DEFAULT_SHARE_OF_TWO = 0.8;
/** Booleans: the `@default` holds for this share of rows. */
const BOOLEAN_DEFAULT_SHARE = 0.9;

export function inferFieldRules(model: Model, column: Column, options: InferOptions): FieldRule {
  // Keys and foreign keys come from the plan (positions, parents, picks), not from a field generator.
  const fk = model.foreignKeys.find((f) => f.fields.includes(column.fieldName));
  if (fk)
    return rule(`relation:${fk.relationField}`, `a key of ${fk.targetModel}, chosen by the plan`, {
      auto: {},
    });
  if (column.isId && model.primaryKey.length === 1)
    return rule("key:position", "the row's key, derived from its position", { auto: {} });
  const unique = options.unique ?? column.isUnique;
  const chosen = choose(model, column, options.enums, unique);
  if (column.isRequired || column.isList || "value" in chosen.spec) return chosen;
  const nulls = nullRateOf(model, column, chosen.spec);
  if (nulls.rate === 0) return chosen;
  return { ...chosen, spec: { ...chosen.spec, nullRate: nulls.rate }, nullRule: nulls.rule };
}

function rule(rule: string, generator: string, spec: FieldSpec): FieldRule {
  return { rule, generator, spec };
}

function format(ruleName: string, generator: string, name: ValueFormat): FieldRule {
  return rule(ruleName, generator, { format: name });
}

function choose(model: Model, column: Column, enums: readonly EnumType[], unique: boolean): FieldRule {
  const literal = column.default?.kind === "literal" ? column.default.value : undefined;
  const hasLiteral = literal !== undefined && literal !== null && !Array.isArray(literal);
  if (unique && !column.isList && column.type !== "String" && column.type !== "Unsupported") {
    return format("unique:position", "distinct values derived from the row's position", "position");
  }
  switch (column.type) {
    case "Enum":
      return enumRule(column, enums, hasLiteral ? String(literal) : undefined);
    case "Boolean":
      return booleanRule(column, hasLiteral ? literal === true : undefined);
    case "Int":
    case "BigInt":
    case "Float":
    case "Decimal":
      return numberRule(column, hasLiteral ? Number(literal) : undefined);
    case "DateTime":
      return timeRule(model, column);
    case "Json": {
      const w = nameWords(column.fieldName);
      if (w.some((x) => SETTINGS_WORDS.has(x)))
        return format("name:settings", "settings object (theme, language, notifications)", "settings");
      return format("type:Json", "metadata object (source, version, tags)", "json");
    }
    case "Bytes":
      return format("type:Bytes", "16 random bytes", "bytes");
    case "String":
      if (hasLiteral && !unique)
        return rule("default:literal", `always ${JSON.stringify(literal)}`, { value: literal as string });
      return stringRule(model, column, unique);
    default:
      return rule("type:Unsupported", "left to the database", { value: null });
  }
}

const SETTINGS_WORDS = new Set(["settings", "preferences", "prefs", "config", "configuration", "options"]);

function enumRule(column: Column, enums: readonly EnumType[], defaultValue: string | undefined): FieldRule {
  const values = enums.find((e) => e.name === column.enumName)?.values ?? [];
  if (column.isList) return rule("type:Enum[]", "0–3 distinct values", { categorical: evenly(values) });
  if (values.length <= 1) return rule("type:Enum", "its only value", { value: values[0] ?? null });
  // Declaration order is usually the natural one (LOW, MEDIUM, HIGH, URGENT): later values rarer.
  const others = values.filter((v) => v !== defaultValue);
  const decay = others.map((_v, i) => 1 / Math.sqrt(i + 1));
  const decaySum = decay.reduce((s, x) => s + x, 0);
  const weights: Record<string, number> = {};
  if (defaultValue !== undefined && values.includes(defaultValue)) {
    const share = values.length === 2 ? ENUM_DEFAULT_SHARE_OF_TWO : ENUM_DEFAULT_SHARE;
    for (const v of values) {
      weights[v] = v === defaultValue ? share : round3(((1 - share) * decay[others.indexOf(v)]!) / decaySum);
    }
    return rule(
      "type:Enum @default",
      `every value, ${defaultValue} for ${Math.round(share * 100)}% of rows`,
      { categorical: weights, cover: true },
    );
  }
  for (const [i, v] of values.entries()) weights[v] = round3(decay[i]! / decaySum);
  return rule("type:Enum", "every value, earlier ones more often", { categorical: weights, cover: true });
}

function evenly(values: readonly string[]): Record<string, number> {
  return Object.fromEntries(values.map((v) => [v, 1]));
}

/** Flags that are rarely set, and flags that usually are. */
const RARE_FLAGS = new Set([
  "deleted",
  "archived",
  "banned",
  "blocked",
  "locked",
  "suspended",
  "spam",
  "flagged",
  "admin",
  "superuser",
  "staff",
  "test",
  "internal",
  "pinned",
  "featured",
  "hidden",
  "disabled",
]);
const COMMON_FLAGS = new Set([
  "active",
  "enabled",
  "visible",
  "verified",
  "published",
  "public",
  "confirmed",
  "subscribed",
  "available",
  "approved",
]);

function booleanRule(column: Column, defaultValue: boolean | undefined): FieldRule {
  const w = nameWords(column.fieldName);
  const rare = w.some((x) => RARE_FLAGS.has(x));
  if (defaultValue !== undefined) {
    const p = defaultValue ? BOOLEAN_DEFAULT_SHARE : rare ? 0.05 : 1 - BOOLEAN_DEFAULT_SHARE;
    const share = Math.round((defaultValue ? p : 1 - p) * 100);
    return rule("type:Boolean @default", `${defaultValue} for ${share}% of rows`, { bernoulli: round3(p) });
  }
  if (rare) return rule("name:rare flag", "true for 5% of rows", { bernoulli: 0.05 });
  if (w.some((x) => COMMON_FLAGS.has(x)))
    return rule("name:common flag", "true for 85% of rows", { bernoulli: 0.85 });
  return rule("type:Boolean", "true for half of rows", { bernoulli: 0.5 });
}

interface NumericShape {
  min: number;
  max: number;
  /** Digits after the point the column keeps (0 for integers; Float: as many as wanted). */
  scale: number;
  integer: boolean;
}

/** The range and scale a numeric column can hold, from its type and native type. */
export function numericShape(column: Column): NumericShape {
  const native = column.nativeType;
  if (column.type === "Int") {
    if (native?.name === "SmallInt") return { min: -32_768, max: 32_767, scale: 0, integer: true };
    if (native?.name === "Oid") return { min: 0, max: 4_294_967_295, scale: 0, integer: true };
    return { min: -2_147_483_648, max: 2_147_483_647, scale: 0, integer: true };
  }
  if (column.type === "BigInt")
    return { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, scale: 0, integer: true };
  if (column.type === "Decimal") {
    const { precision, scale } = decimalShape(column);
    const max = precision - scale >= 15 ? 1e15 : 10 ** (precision - scale) - 10 ** -scale;
    return { min: -max, max, scale, integer: false };
  }
  return { min: -1e15, max: 1e15, scale: 15, integer: false };
}

/** @db.Decimal(p, s), or Prisma's default for a Decimal on PostgreSQL: DECIMAL(65, 30). */
export function decimalShape(column: Column): { precision: number; scale: number } {
  if (column.nativeType?.name === "Money") return { precision: 19, scale: 2 };
  const [p, s] = (column.nativeType?.args ?? []).map(Number);
  if (p === undefined || Number.isNaN(p)) return { precision: 65, scale: 30 };
  return { precision: p, scale: s ?? 0 };
}

type Dist =
  | { uniform: { min: number; max: number } }
  | { logNormal: { mu: number; sigma: number; min: number; max: number } }
  | { exponential: { mean: number; min: number; max: number } };

function numberRule(column: Column, defaultValue: number | undefined): FieldRule {
  const shape = numericShape(column);
  const w = nameWords(column.fieldName);
  const has = (...xs: string[]) => xs.some((x) => w.includes(x));
  const num = (ruleName: string, generator: string, dist: Dist, decimals = 2): FieldRule => {
    if (shape.integer) return rule(ruleName, generator, { number: bound(dist, shape) });
    const places = Math.min(decimals, shape.scale);
    return rule(ruleName, generator, { number: bound(dist, roundedShape(shape, places)), decimals: places });
  };
  const logNormal = (median: number, sigma: number, min = 0, max = Number.MAX_SAFE_INTEGER): Dist => ({
    logNormal: { mu: round3(Math.log(median)), sigma, min, max },
  });
  // A positive @default is the typical value: magnitudes (amounts, counts, sizes) vary around it.
  const typical = defaultValue !== undefined && defaultValue > 0 ? defaultValue : undefined;
  const around = (median: number, what: string) =>
    typical === undefined
      ? ([median, `${what}, log-normal around ${median}`] as const)
      : ([typical, `${what}, log-normal around the @default ${typical}`] as const);
  if (has("lat", "latitude")) return num("name:latitude", "latitude in [-90, 90]", uniform(-90, 90), 6);
  if (has("lng", "lon", "longitude"))
    return num("name:longitude", "longitude in [-180, 180]", uniform(-180, 180), 6);
  if (has("rating", "stars")) {
    if (shape.integer)
      return rule("name:rating", "1–5, mostly 4 and 5", {
        categorical: { 1: 0.07, 2: 0.05, 3: 0.12, 4: 0.26, 5: 0.5 },
      });
    return num("name:rating", "average rating 1.0–5.0 around 4.2", logNormal(4.2, 0.15, 1, 5), 1);
  }
  if (has("percent", "percentage", "pct", "progress", "completion"))
    return num("name:percent", "0–100", uniform(0, 100), 1);
  if (!shape.integer && has("rate", "ratio", "probability", "confidence", "fraction", "share"))
    return num("name:ratio", "0–1", uniform(0, 1), 3);
  if (has("score")) return num("name:score", "0–100 around 60 (log-normal)", logNormal(60, 0.35, 0, 100));
  if (has(...AMOUNT_WORDS)) {
    const cents = has("cents", "minor");
    const [median, text] = around(cents ? 4000 : 40, cents ? "amount in cents" : "amount");
    return num(
      cents ? "name:amount (cents)" : "name:amount",
      `${text} with a long tail`,
      logNormal(median, 1.1),
    );
  }
  if (has("quantity", "qty", "units", "seats")) {
    const [median, text] = around(2, "quantity ≥ 1");
    return num("name:quantity", text, logNormal(median, 0.8, 1));
  }
  if (has(...DURATION_WORDS)) {
    const [unit, usual] = durationUnit(w);
    const [median, text] = around(usual, `duration in ${unit}`);
    return num(`name:duration (${unit})`, text, logNormal(median, 1.1), 1);
  }
  if (has("size", "bytes", "filesize")) {
    const [median, text] = around(100_000, "bytes");
    return num("name:size", text, logNormal(median, 1.6, 1));
  }
  if (has("width", "height")) {
    const [median, text] = around(800, "pixels");
    return num("name:dimension", text, logNormal(median, 0.5, 16, 8000));
  }
  if (has("age")) return num("name:age", "years, 18–95 around 35", logNormal(35, 0.3, 18, 95));
  if (has("year")) return num("name:year", "1990–2025", uniform(1990, 2025), 0);
  if (has("points", "storypoints"))
    return rule("name:points", "Fibonacci story points 1–13", {
      categorical: { 1: 15, 2: 25, 3: 25, 5: 20, 8: 10, 13: 5 },
    });
  if (w[w.length - 1] === "count" || has(...COUNTER_WORDS)) {
    const [median, text] = around(4.5, "a count ≥ 0");
    return num("name:count", `${text} with a long tail`, logNormal(median, 1.3, 0));
  }
  if (has("position", "order", "sort", "rank", "index", "sequence", "seq", "ordinal")) {
    const [median, text] = around(4.5, "a small position");
    return num("name:position", text, logNormal(median, 1.0, 0));
  }
  if (has("version", "revision")) {
    const [median, text] = around(1.6, "a version ≥ 1");
    return num("name:version", text, logNormal(median, 0.8, 1));
  }
  if (defaultValue !== undefined && Number.isFinite(defaultValue)) {
    if (defaultValue > 0)
      return num(
        "default:numeric",
        `around the @default ${defaultValue} (log-normal, median ${defaultValue})`,
        logNormal(defaultValue, 0.35, 0),
      );
    if (defaultValue === 0)
      return num("default:numeric", "0 and up from the @default 0 (exponential, mean 2)", {
        exponential: { mean: 2, min: 0, max: Number.MAX_SAFE_INTEGER },
      });
    return rule("default:literal", `always ${defaultValue}`, { value: String(defaultValue) });
  }
  return num(`type:${column.type}`, "log-normal around 50 with a long tail", logNormal(50, 1.5, 0));
}

const AMOUNT_WORDS = [
  "price",
  "amount",
  "cost",
  "total",
  "subtotal",
  "fee",
  "fees",
  "balance",
  "revenue",
  "salary",
  "budget",
  "tax",
  "discount",
  "spend",
  "charge",
  "payment",
  "refund",
  "credit",
  "debit",
  "mrr",
  "arr",
];
const DURATION_WORDS = [
  "duration",
  "elapsed",
  "latency",
  "ttl",
  "timeout",
  "estimate",
  "estimated",
  "spent",
  "uptime",
  "runtime",
];
const COUNTER_WORDS = [
  "attempts",
  "retries",
  "tries",
  "views",
  "likes",
  "clicks",
  "downloads",
  "visits",
  "followers",
];

function durationUnit(w: readonly string[]): [string, number] {
  const has = (...xs: string[]) => xs.some((x) => w.includes(x));
  if (has("ms", "millis", "milliseconds")) return ["milliseconds", 250];
  if (has("minutes", "mins", "min")) return ["minutes", 30];
  if (has("hours", "hrs", "hour")) return ["hours", 3];
  if (has("days", "day")) return ["days", 5];
  if (has("seconds", "secs", "sec")) return ["seconds", 300];
  return has("estimate", "estimated") ? ["hours", 3] : ["seconds", 300];
}

function uniform(min: number, max: number): Dist {
  return { uniform: { min, max } };
}

/**
 * The range of values written with `places` decimals: a bound the column holds only at its own
 * scale (9.999 in a Decimal(4, 3)) would round past it (10.00), so it is cut to `places` digits.
 */
function roundedShape(shape: NumericShape, places: number): NumericShape {
  if (places >= shape.scale) return shape;
  const factor = 10 ** places;
  return {
    ...shape,
    min: Math.ceil(shape.min * factor - 1e-9) / factor,
    max: Math.floor(shape.max * factor + 1e-9) / factor,
  };
}

/** Clamps a distribution's bounds to what the column can hold. */
function bound(dist: Dist, shape: NumericShape): Dist {
  const clamp = (x: number) => Math.min(shape.max, Math.max(shape.min, x));
  if ("uniform" in dist) return { uniform: { min: clamp(dist.uniform.min), max: clamp(dist.uniform.max) } };
  if ("logNormal" in dist)
    return {
      logNormal: { ...dist.logNormal, min: clamp(dist.logNormal.min), max: clamp(dist.logNormal.max) },
    };
  return {
    exponential: { ...dist.exponential, min: clamp(dist.exponential.min), max: clamp(dist.exponential.max) },
  };
}

function timeRule(model: Model, column: Column): FieldRule {
  const role = timeRole(model, column);
  const timestamp = (after: string | undefined): FieldSpec => ({
    timestamp: { profile: PROFILE, ...(after && { after }) },
  });
  switch (role.kind) {
    case "creation":
      return rule(
        "time:creation",
        "the row's creation time: working hours, weekdays (profile default), after every row it references",
        { timestamp: { profile: PROFILE, afterReferences: true } },
      );
    case "updated":
      return rule(
        "time:updated",
        role.after ? `at or after ${role.after}, within the window` : "a time in the window",
        timestamp(role.after),
      );
    case "past":
      return rule(
        `time:past (${role.word})`,
        role.after ? `at or after ${role.after}, within the window` : "a time in the window",
        timestamp(role.after),
      );
    case "scheduled": {
      const dateOnly = column.nativeType?.name === "Date";
      const span =
        role.moment === "end" && role.after !== undefined && role.after !== creationTimeField(model);
      const days = dateOnly || nameWords(column.fieldName).includes("date");
      const d = DELAYS[span ? (days ? "spanDays" : "span") : role.moment];
      const delay = {
        logNormal: {
          mu: round3(Math.log(d.median)),
          sigma: d.sigma,
          // A date-only column rounds down to the day: a day's delay keeps it after its anchor.
          min: dateOnly ? Math.max(d.min, DAY) : d.min,
          max: d.max,
        },
      };
      const median = d.median >= DAY ? `${d.median / DAY} day(s)` : `${d.median / 3600} hour(s)`;
      return rule(
        `time:scheduled (${role.moment})`,
        role.after
          ? `${role.after} + a delay around ${median} (log-normal), may pass the window's end`
          : "a time in the window",
        // Without an anchor (a model with no creation time) there is nothing to delay from.
        { timestamp: { profile: PROFILE, ...(role.after && { after: role.after, delay }) } },
      );
    }
    default:
      return rule("type:DateTime", "a time in the window (profile default)", timestamp(undefined));
  }
}

/** Words before `key` that make it a storage key (a path), not an identifier. */
const STORAGE_WORDS = [
  "storage",
  "object",
  "s3",
  "file",
  "blob",
  "cache",
  "bucket",
  "upload",
  "asset",
  "image",
  "media",
];

/** Words in a field name that mean long text, and short descriptive text. */
const BODY_WORDS = new Set(["body", "content", "text", "message", "html", "markdown", "transcript"]);
const DESCRIPTION_WORDS = new Set([
  "description",
  "desc",
  "bio",
  "about",
  "summary",
  "notes",
  "note",
  "details",
  "instructions",
  "abstract",
  "excerpt",
  "reason",
  "feedback",
  "remarks",
  "comment",
  "comments",
]);
const TITLE_WORDS = new Set(["title", "headline", "subject", "heading", "caption"]);
const LABEL_NAME_WORDS = new Set([
  "label",
  "labels",
  "tag",
  "tags",
  "category",
  "categories",
  "keyword",
  "keywords",
  "topic",
  "genre",
]);
const IMAGE_WORDS = new Set(["avatar", "image", "logo", "photo", "picture", "thumbnail"]);
const URL_WORDS = new Set(["url", "uri", "link", "href", "website", "homepage"]);

/** Short categorical strings by name: the values products use, most common first. */
const STRING_CATEGORIES: Record<string, Record<string, number>> = {
  status: { active: 0.7, pending: 0.15, inactive: 0.1, suspended: 0.05 },
  role: { member: 0.7, admin: 0.15, owner: 0.05, viewer: 0.1 },
  plan: { free: 0.6, pro: 0.25, team: 0.1, enterprise: 0.05 },
  tier: { free: 0.6, pro: 0.25, team: 0.1, enterprise: 0.05 },
  provider: { google: 0.45, github: 0.25, email: 0.2, microsoft: 0.1 },
  platform: { web: 0.45, ios: 0.25, android: 0.2, desktop: 0.1 },
  device: { web: 0.4, ios: 0.3, android: 0.25, desktop: 0.05 },
  source: { web: 0.5, api: 0.2, email: 0.15, import: 0.1, mobile: 0.05 },
  channel: { email: 0.5, push: 0.25, sms: 0.1, web: 0.15 },
};

function stringRule(model: Model, column: Column, unique: boolean): FieldRule {
  const w = nameWords(column.fieldName);
  const j = w.join("");
  const has = (...xs: string[]) => xs.some((x) => w.includes(x));
  const last = w[w.length - 1] ?? "";
  const native = column.nativeType?.name;
  const max = lengthLimit(column);
  if (native === "Uuid" || column.default?.kind === "uuid")
    return format(native === "Uuid" ? "native:Uuid" : "default:uuid()", "a UUID", "uuid");
  if (column.default?.kind === "cuid") return format("default:cuid()", "a cuid", "cuid");
  if (native === "Inet" || native === "Cidr")
    return format(`native:${native}`, "an IP address in the documentation ranges", "ip");
  if (has("ip") || ["ipaddress", "ipaddr", "remoteaddr", "remoteaddress", "clientip"].includes(j))
    return format(
      "name:ip",
      "an IP address in the documentation ranges (192.0.2.0/24, 2001:db8::/32, …)",
      "ip",
    );
  if (j.includes("email")) return format("name:email", "<handle>@example.com (reserved domain)", "email");
  if (has("phone", "mobile", "tel", "telephone", "fax"))
    return format("name:phone", "a phone number in a range reserved for fiction", "phone");
  if (has("password", "passwd") || j.includes("passwordhash"))
    return format("name:password", "a bcrypt-shaped hash (no password behind it)", "passwordHash");
  if (has("token", "secret", "otp") || /(api|access|secret|private|public|signing)key$/.test(j))
    return format("name:token", "a random base-62 token", "token");
  if (has("hash", "checksum", "digest", "sha", "sha1", "sha256", "md5", "etag", "fingerprint"))
    return format("name:hash", "hex digits (64, or the column's length)", "hash");
  if (j.includes("useragent") || j === "ua")
    return format("name:userAgent", "a browser or app user agent", "userAgent");
  if (w.some((x) => IMAGE_WORDS.has(x)) || (has("icon") && has("url")))
    return format("name:image", "https://cdn.example.com/images/<hex>.png", "imageUrl");
  if (w.some((x) => URL_WORDS.has(x))) return format("name:url", "https://example.com/<word>/<n>", "url");
  if (has("slug", "permalink"))
    return format("name:slug", "the row's name as a slug (bright-harbor-labs)", "slug");
  if (has("domain", "hostname", "host")) return format("name:domain", "<word>.example.com", "domain");
  if (has("locale")) return format("name:locale", "a BCP 47 locale (en-US, de-DE, …)", "locale");
  if (has("timezone", "tz") || j.includes("timezone"))
    return format("name:timezone", "an IANA time zone", "timezone");
  if (has("currency")) return format("name:currency", "an ISO 4217 currency code", "currency");
  if (has("country")) {
    if (has("name")) return format("name:country", "a country's English name", "countryName");
    return format("name:country", "an ISO 3166-1 country code (alpha-2; alpha-3 in Char(3))", "country");
  }
  if (has("language", "lang", "languages"))
    return format("name:language", "an ISO 639-1 language code", "language");
  if (has("mime") || j.includes("mimetype") || j.includes("contenttype") || j.includes("mediatype"))
    return format("name:mimeType", "a MIME type", "mimeType");
  if (has("extension", "ext")) return format("name:extension", "a file extension", "fileExtension");
  if (j.includes("filename") || (has("file") && has("name")) || j === "originalname")
    return format("name:fileName", "<word>-<nnnn>.<ext>", "fileName");
  if (has("version", "semver")) return format("name:version", "a semantic version (1.4.12)", "semver");
  if (has("sku")) return format("name:sku", "ABC-01234", "sku");
  if (has("color", "colour")) return format("name:color", "hex colour (#rrggbb) from a palette", "color");
  if (has("city", "town")) return format("name:city", "a city name", "city");
  if (has("street", "address")) return format("name:address", "a street address", "streetAddress");
  if (has("zip", "postal", "postcode", "zipcode"))
    return format("name:postalCode", "a five-digit postal code", "postalCode");
  if (last === "key" && max > 0 && max <= 12)
    return format("name:key (short)", "an upper-case code (a project key)", "code");
  // An identifier by name (`identifier`, `taskIdentifier`, a bare `key` — a flag's or an
  // environment's): a slug, not a storage path or filler words.
  if (has("identifier", "ident") || j === "key" || (last === "key" && !has(...STORAGE_WORDS)))
    return format(
      "name:identifier",
      "a slug of English words (quiet-harbor-lantern), or of the row's name",
      "slug",
    );
  if (has("key", "path"))
    return format("name:key", "<word>/<position>/<hex> (a storage path)", "storagePath");
  if (has("handle", "username", "login", "nickname", "nick", "screenname") || j === "user")
    return format("name:handle", "adjective_noun", "handle");
  if ((has("first") && has("name")) || has("firstname", "givenname", "forename"))
    return format("name:firstName", "a first name", "firstName");
  if ((has("last", "family") && has("name")) || has("lastname", "surname", "familyname"))
    return format("name:lastName", "a last name", "lastName");
  if (
    [
      "displayname",
      "fullname",
      "realname",
      "author",
      "owner",
      "authorname",
      "ownername",
      "contactname",
    ].includes(j)
  )
    return format("name:personName", "an invented person's name", "personName");
  if (w.some((x) => TITLE_WORDS.has(x)))
    return (
      byModel("title", modelMeaning(model.modelName)) ??
      format("name:title", 'a task-like title ("Audit legacy error handling")', "title")
    );
  if (w.some((x) => BODY_WORDS.has(x)))
    return format("name:body", "sentences, log-normal around 400 characters", "paragraphs");
  if (w.some((x) => DESCRIPTION_WORDS.has(x)))
    return format("name:description", "sentences, log-normal around 140 characters", "paragraph");
  if (w.some((x) => LABEL_NAME_WORDS.has(x)))
    return format("name:label", "a short label word (bug, design, …)", "label");
  if (last === "name") {
    // `projectName` means what `Project.name` means; a bare `name`, what its model is.
    const owner = w.length > 1 ? modelMeaning(w.slice(0, -1).join("_")) : modelMeaning(model.modelName);
    return byModel("name", owner) ?? format("name:name", "capitalised filler words", "words");
  }
  if (last === "code") return format("name:code", "six upper-case letters and digits", "code");
  if (["id", "uid", "guid", "ref"].includes(last) && w.length > 1)
    return format("name:externalId", "<prefix>_<16 base-62>", "externalId");
  const categories = STRING_CATEGORIES[last];
  // A column that must be unique (on its own, or for a composite key) needs more than a few values.
  if (categories && !unique && (max === 0 || Object.keys(categories).every((k) => k.length <= max)))
    return rule(`name:${last}`, `one of ${Object.keys(categories).join(", ")}`, { categorical: categories });
  return format("type:String", "capitalised filler words", "words");
}

/**
 * A `name` or `title` by what its model (or, for `projectName`, the prefix) stands for:
 * organisations like companies, projects like products, labels as short words, people as people.
 */
function byModel(word: "name" | "title", owner: ModelMeaning | undefined): FieldRule | undefined {
  switch (owner) {
    case "organisation":
      return format(`model:organisation ${word}`, 'a company name ("Bright Harbor Labs")', "company");
    case "project":
      return format(`model:project ${word}`, 'a product name ("Atlas Dashboard", "Mobile App")', "product");
    case "label":
      return format(`model:label ${word}`, "a short label word (bug, design, …)", "label");
    case "person":
      return word === "name"
        ? format("model:person name", "an invented person's name", "personName")
        : undefined;
    case "file":
      return word === "name" ? format("model:file name", "<word>-<nnnn>.<ext>", "fileName") : undefined;
    default:
      return undefined;
  }
}

/** The share of NULLs of an optional column, by its meaning. */
function nullRateOf(model: Model, column: Column, spec: FieldSpec): { rate: number; rule?: string } {
  if (column.type === "DateTime") {
    const role = timeRole(model, column);
    if (role.kind === "past" || role.kind === "scheduled") {
      if (isSpanStart(model, column)) return { rate: 0, rule: "span start: set whenever its end is" };
      const word = role.kind === "past" ? role.word : role.moment;
      return {
        rate: role.nullRate,
        rule: `time:${word} — NULL for ${Math.round(role.nullRate * 100)}% of rows`,
      };
    }
    if (role.kind === "creation" || role.kind === "updated") return { rate: 0 };
    return { rate: 0.2, rule: "optional — NULL for 20% of rows" };
  }
  const f = "format" in spec ? spec.format : undefined;
  const rates: Partial<Record<ValueFormat, number>> = {
    paragraph: 0.4,
    paragraphs: 0.1,
    title: 0.1,
    imageUrl: 0.4,
    url: 0.4,
    phone: 0.4,
  };
  const rate = (f && rates[f]) ?? (column.type === "String" ? 0.2 : 0.1);
  return { rate, rule: `optional${f ? ` ${f}` : ""} — NULL for ${Math.round(rate * 100)}% of rows` };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
