// seedband.config.ts that is wrong, and generator functions in it whose output a column cannot
// take: each in a project of its own, refused with the config's file (and line, for a generator)
// and the fix before any database of the corpus's band exists.
import type { BadInputCase } from "./corpus.js";

function configCase(
  name: string,
  text: string | ((band: string) => string),
  where: Array<string | RegExp>,
  options: { fix?: RegExp } = {},
): BadInputCase {
  return {
    name,
    exit: 2,
    ...(options.fix ? { fix: options.fix } : {}),
    async setup(ctx) {
      const cwd = await ctx.subProject({
        "seedband.config.ts": typeof text === "string" ? text : text(ctx.band),
      });
      const file = `${cwd}/seedband.config.ts`;
      return {
        args: ["seed", ctx.band],
        cwd,
        where: where.map((w) => (typeof w === "string" ? w.replace("FILE", file) : w)),
      };
    },
  };
}

/** A config giving one model's fields (a line per field, so each has its own line number). */
function fieldsConfig(model: string, fields: string): string {
  return `export default {\n  models: {\n    ${model}: {\n      fields: {\n${fields}\n      },\n    },\n  },\n};\n`;
}

export const CONFIG_CASES: BadInputCase[] = [
  configCase(
    "a config that does not parse",
    "export default {\n  models: {\n",
    ["FILE:3:1", "syntax error"],
    {
      fix: /Fix it there/,
    },
  ),
  configCase(
    "a config whose default export is a number",
    "export default 42;\n",
    ["FILE", "the default export"],
    { fix: /defineConfig/ },
  ),
  configCase("an unknown top-level key", "export default { modles: {} };\n", ["FILE", "$.modles"], {
    fix: /schema, preset, bands, models/,
  }),
  configCase(
    "a band variable that is not a number",
    'export default { bands: { ci: { users: "many" } } };\n',
    ["FILE", "$.bands.ci.users"],
    { fix: /must be a number/ },
  ),
  configCase(
    "a model the schema does not have",
    "export default { models: { Invoice: { count: 1 } } };\n",
    ["FILE", "$.models.Invoice"],
    { fix: /Models:/ },
  ),
  configCase("a negative count", "export default { models: { User: { count: -3 } } };\n", [
    "FILE",
    "$.models.User.count is -3",
  ]),
  configCase("an absurd count for the band", "export default { models: { User: { count: 1e15 } } };\n", [
    "FILE",
    "$.models.User.count",
    "at most 2,147,483,647",
  ]),
  configCase(
    "a negative band variable for the band",
    (band) => `export default { bands: { ${band}: { users: -7 } } };\n`,
    ["FILE", "$.models.User.count", "users"],
  ),
  configCase(
    "a trait share above 1",
    'export default { models: { User: { traits: { vip: { share: 2, fields: { displayName: { value: "V" } } } } } } };\n',
    ["FILE", "$.models.User.traits.vip.share"],
    { fix: /between 0 and 1/ },
  ),
  configCase(
    "trait shares adding up to more than 1",
    'export default { models: { User: { traits: { a: { share: 0.6, fields: { displayName: { value: "A" } } }, b: { share: 0.6, fields: { displayName: { value: "B" } } } } } } };\n',
    ["FILE", "$.models.User.traits"],
    { fix: /more than 1/ },
  ),
  configCase(
    "a function given to a relation field",
    "export default { models: { Message: { fields: { sender: () => 1 } } } };\n",
    ["FILE", "$.models.Message.fields.sender"],
  ),
  configCase("a schema that is not a string", "export default { schema: 42 };\n", ["FILE", "$.schema"], {
    fix: /must be a string/,
  }),
  configCase(
    "an unknown distribution in a config field",
    fieldsConfig("Message", "        content: { text: { length: { zipf: { s: 1 } } } },"),
    ["FILE", '$.models.Message.fields.content.text.length: unknown distribution "zipf"'],
  ),
  configCase(
    "an enum value outside the enum in a config spec field",
    fieldsConfig("Message", "        device: { categorical: { ios: 1, pager: 1 } },"),
    ["FILE", 'device.categorical["pager"]', "enum Device"],
  ),
];

function generatorCase(
  name: string,
  model: string,
  fields: string,
  where: Array<string | RegExp>,
  line = 5,
): BadInputCase {
  return {
    name,
    exit: 2,
    async setup(ctx) {
      const cwd = await ctx.subProject({ "seedband.config.ts": fieldsConfig(model, fields) });
      return { args: ["seed", ctx.band], cwd, where: [`${cwd}/seedband.config.ts:${line}`, ...where] };
    },
  };
}

export const GENERATOR_CASES: BadInputCase[] = [
  generatorCase("a number for a String column", "User", "        displayName: () => 42,", [
    "User.displayName returned a number",
    "String column",
  ]),
  generatorCase("a string too long for its VarChar", "User", '        displayName: () => "x".repeat(500),', [
    "a string of 500 characters",
    "VarChar(80)",
  ]),
  generatorCase(
    "a generator that throws",
    "User",
    '        displayName: () => {\n          throw new Error("no names left");\n        },',
    ['threw "no names left"', "row 1"],
  ),
  generatorCase("a string for an Int column", "Attachment", '        sizeBytes: () => "big",', [
    "Attachment.sizeBytes returned a string",
    "Int column",
  ]),
  generatorCase(
    "a fraction for an Int column",
    "Attachment",
    "        sizeBytes: ({ index }) => index + 0.5,",
    ["Attachment.sizeBytes returned a number", "whole number"],
  ),
  generatorCase("an Int beyond the column's range", "Attachment", "        sizeBytes: () => 2 ** 40,", [
    "outside -2147483648..2147483647",
  ]),
  generatorCase("a value outside the enum", "Message", '        device: () => "pager",', [
    "Message.device returned a string that is not a value of the enum Device",
  ]),
  generatorCase("null for a required column", "User", "        displayName: () => null,", [
    "returned null",
    "required",
  ]),
  generatorCase("undefined (a function that forgets to return)", "User", "        displayName: () => {},", [
    "returned undefined",
  ]),
  generatorCase("an object for a String column", "User", '        displayName: () => ({ first: "A" }),', [
    "returned an object",
  ]),
  generatorCase("a string for a Boolean column", "ConversationUser", '        isActive: () => "yes",', [
    "ConversationUser.isActive returned a string",
    "Boolean column",
  ]),
  generatorCase("an invalid date for a DateTime column", "User", '        createdAt: () => "not a date",', [
    "User.createdAt returned a string",
    "DateTime column",
  ]),
  generatorCase("a fixed { value } outside the enum", "Message", '        device: { value: "pager" },', [
    "Message.device returned a string that is not a value of the enum Device",
  ]),
  generatorCase("a fixed { value } too long", "User", '        handle: { value: "h".repeat(41) },', [
    "a string of 41 characters",
    "VarChar(40)",
  ]),
  generatorCase(
    "a generator failing only later (row 10)",
    "User",
    '        displayName: ({ index }) => (index < 9 ? "Ann" : 7),',
    ["returned a number", "row 10"],
  ),
  {
    name: "a trait's generator returning a number for a String column",
    exit: 2,
    async setup(ctx) {
      const cwd = await ctx.subProject({
        "seedband.config.ts":
          "export default {\n  models: {\n    User: {\n      traits: {\n        vip: { share: 1, fields: { displayName: () => 9 } },\n      },\n    },\n  },\n};\n",
      });
      return {
        args: ["seed", ctx.band],
        cwd,
        where: [`${cwd}/seedband.config.ts:5`, "User.displayName (trait vip) returned a number"],
      };
    },
  },
];
