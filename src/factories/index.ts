// The factories' face: values for one column, from the spec's generator or by type, name and
// native type, and the generator functions users write in seedband.config.ts. Pure.
export {
  type CompiledField,
  compileField,
  type FieldContext,
  type FieldGenerator,
  type RowView,
  resolveDist,
} from "./field-factory.js";
export { type FieldRule, inferFieldRules } from "./infer-field-rules.js";
export { lengthLimit, type PositionKey, positionKey, uuidAt } from "./position-key.js";
export { FAKER_VERSION, withFaker } from "./seeded-faker.js";
export { fictionalPhone } from "./synthetic-text.js";
export { creationTimeField } from "./time-roles.js";
export {
  compileUserGenerator,
  type GeneratorContext,
  type GeneratorFunction,
  type Overrides,
  type TraitOverride,
} from "./user-generator.js";
