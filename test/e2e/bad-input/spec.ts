// A preset (the spec) that is wrong: `seedband seed <band> --preset FILE` must refuse it with the
// file and the JSON path at fault, before any database of the band exists. Each case damages a
// copy of the corpus's preset in one place.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BadInputCase, PresetDocument } from "./corpus.js";

function specCase(
  name: string,
  edit: (preset: PresetDocument, band: string) => void,
  where: Array<string | RegExp>,
  fix?: RegExp,
): BadInputCase {
  return {
    name,
    exit: 2,
    ...(fix ? { fix } : {}),
    async setup(ctx) {
      const file = await ctx.preset((p) => edit(p, ctx.band));
      return { args: ["seed", ctx.band, "--preset", file], where: [file, ...where] };
    },
  };
}

const models = (p: PresetDocument) => p.models;

export const SPEC_CASES: BadInputCase[] = [
  specCase(
    "a negative count through a band variable",
    (p, band) => {
      p.bands[band].users = -5;
    },
    ["$.models.User.count", /\$\.bands\.bad\w+\.users to 0 or more/],
  ),
  specCase(
    "a negative count given directly",
    (p) => {
      models(p).User.count = -3;
    },
    ["$.models.User.count is -3", "0 or more"],
  ),
  specCase(
    "an absurd count (1e15 messages)",
    (p, band) => {
      p.bands[band].messages = 1e15;
    },
    ["$.models.Message.total", "at most 2,147,483,647 rows"],
  ),
  specCase(
    "an absurd root count (1e12 users)",
    (p) => {
      models(p).User.count = 1e12;
    },
    ["$.models.User.count", "at most 2,147,483,647 rows"],
  ),
  specCase(
    "a categorical value outside the enum (Message.device)",
    (p) => {
      models(p).Message.fields.device = { categorical: { ios: 0.5, pager: 0.5 } };
    },
    ['$.models.Message.fields.device.categorical["pager"]', "enum Device"],
  ),
  specCase(
    "a fixed value outside the enum",
    (p) => {
      models(p).Message.fields.device = { value: "pager" };
    },
    ["$.models.Message.fields.device.value", "enum Device"],
  ),
  specCase(
    "a oneOf value outside the enum",
    (p) => {
      models(p).Conversation.fields.kind = { oneOf: ["direct", "broadcast"] };
    },
    ["$.models.Conversation.fields.kind.oneOf[1]", "enum ConversationKind"],
  ),
  specCase(
    "a fixed value too long for its VarChar",
    (p) => {
      models(p).User.fields.displayName = { value: "x".repeat(81) };
    },
    ["$.models.User.fields.displayName.value", "VarChar(80)"],
  ),
  specCase(
    "an unknown fan-out distribution",
    (p) => {
      models(p).Message.fanOut = { zipf: { alpha: 2 } };
    },
    ['$.models.Message.fanOut: unknown distribution "zipf"'],
  ),
  specCase(
    "an unknown text-length distribution",
    (p) => {
      models(p).Message.fields.content = { text: { length: { gauss: { mu: 3 } } } };
    },
    ['$.models.Message.fields.content.text.length: unknown distribution "gauss"'],
  ),
  specCase(
    "an unknown distribution among a fan-out's cases",
    (p) => {
      models(p).ConversationUser.fanOut.cases.group = { poisson: { mean: 4 } };
    },
    ['$.models.ConversationUser.fanOut.cases.group: unknown distribution "poisson"'],
  ),
  specCase(
    "an unknown generator name",
    (p) => {
      models(p).User.fields.displayName = { lorem: {} };
    },
    ['$.models.User.fields.displayName: unknown generator "lorem"'],
  ),
  specCase(
    "categorical weights that add up to zero",
    (p) => {
      models(p).Message.fields.device = { categorical: { ios: 0, web: 0 } };
    },
    ["$.models.Message.fields.device.categorical", "add up to 0"],
  ),
  specCase(
    "a negative categorical weight",
    (p) => {
      models(p).Message.fields.device = { categorical: { ios: -1, web: 2 } };
    },
    ["$.models.Message.fields.device.categorical.ios"],
  ),
  specCase(
    "min > max in a fan-out case",
    (p) => {
      models(p).ConversationUser.fanOut.cases.group = { uniform: { min: 12, max: 3 } };
    },
    ["$.models.ConversationUser.fanOut.cases.group.uniform", "min 12 is greater than max 3"],
  ),
  specCase(
    "min > max in a text length",
    (p) => {
      models(p).Message.fields.content = {
        text: { length: { logNormal: { mu: 4, sigma: 1, min: 90, max: 10 } } },
      };
    },
    ["$.models.Message.fields.content.text.length.logNormal", "greater than max"],
  ),
  specCase(
    "min > max through band variables (heavy rooms)",
    (p, band) => {
      p.bands[band].heavyMin = 90;
      p.bands[band].heavyMax = 10;
    },
    ["$.models.Message.fanOut.heavy", "$heavyMin (= 90"],
  ),
  specCase(
    "a negative fixed fan-out",
    (p) => {
      models(p).ConversationUser.fanOut.cases.direct = { fixed: -2 };
    },
    ["$.models.ConversationUser.fanOut.cases.direct.fixed", "cannot be negative"],
  ),
  specCase(
    "an exponential with mean 0",
    (p) => {
      models(p).Attachment.fields.sizeBytes = { number: { exponential: { mean: 0 } } };
    },
    ["$.models.Attachment.fields.sizeBytes.number.exponential.mean", "must be positive"],
  ),
  specCase(
    "a bernoulli probability above 1",
    (p) => {
      models(p).Attachment.fanOut = { bernoulli: 1.5 };
    },
    ["$.models.Attachment.fanOut.bernoulli"],
  ),
  specCase(
    "a nullRate above 1",
    (p) => {
      models(p).User.fields.phone.nullRate = 2;
    },
    ["$.models.User.fields.phone.nullRate"],
  ),
  specCase(
    "a power law with alpha ≤ 1",
    (p) => {
      models(p).Message.fanOut.powerLaw.alpha = 0.5;
    },
    ["$.models.Message.fanOut.powerLaw.alpha"],
  ),
  specCase(
    "a profile with 23 hours",
    (p) => {
      p.profiles.chat.hours = p.profiles.chat.hours.slice(1);
    },
    ["$.profiles.chat.hours"],
  ),
  specCase(
    "a window start that is not a date",
    (p) => {
      p.window.start = "last tuesday";
    },
    ["$.window.start"],
  ),
  specCase(
    "blockSize 0",
    (p) => {
      p.blockSize = 0;
    },
    ["$.blockSize"],
  ),
  specCase(
    "version 2",
    (p) => {
      p.version = 2;
    },
    ["$.version"],
  ),
  specCase(
    "an unknown key in a model",
    (p) => {
      models(p).User.rows = 10;
    },
    ["$.models.User", '"rows"'],
  ),
  specCase(
    "a model the schema does not have",
    (p) => {
      models(p).Invoice = { count: 10 };
    },
    ["$.models.Invoice", "Models in the schema"],
    /Models in the schema/,
  ),
  specCase(
    "a band variable the band does not define",
    (p, band) => {
      delete p.bands[band].bodyMax;
    },
    ["$bodyMax", /\$\.bands\.bad\w+/],
    /Fix: add "bodyMax"/,
  ),
  specCase(
    "a count that is neither a number nor a band variable",
    (p) => {
      models(p).User.count = "lots";
    },
    ["$.models.User.count"],
  ),
  specCase(
    "a parent that is not a relation of the model",
    (p) => {
      models(p).Attachment.parent = "owner";
    },
    ["$.models.Attachment.parent", '"owner"'],
    /Relations it holds/,
  ),
  specCase(
    "a fan-out by a parent field missing one of the field's values",
    (p) => {
      delete models(p).ConversationUser.fanOut.cases.room;
    },
    ["$.models.ConversationUser.fanOut.cases", '"room"'],
    /Add "room"/,
  ),
  {
    name: "a preset that is not JSON (a trailing comma)",
    exit: 2,
    async setup(ctx) {
      const file = join(await ctx.scratch(), "preset.json");
      await writeFile(file, '{\n  "version": 1,\n  "models": {},\n}\n');
      return { args: ["seed", ctx.band, "--preset", file], where: [file, "line 4"] };
    },
  },
  {
    name: "an empty preset file",
    exit: 2,
    async setup(ctx) {
      const file = join(await ctx.scratch(), "preset.json");
      await writeFile(file, "");
      return { args: ["seed", ctx.band, "--preset", file], where: [file, "not valid JSON"] };
    },
  },
  {
    name: "a band the preset does not define",
    exit: 2,
    fix: /add "nosuchband" under "bands"/,
    async setup(ctx) {
      const file = await ctx.preset();
      return { args: ["seed", "nosuchband", "--preset", file], where: [file, 'Unknown band "nosuchband"'] };
    },
  },
];
