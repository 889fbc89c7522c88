// The random leaf's face: seeded streams keyed by path, distributions, distinct sampling and
// time profiles. Pure: no clock, no Math.random.
export {
  categoricalSampler,
  type Distribution,
  discretePowerLaw,
  integerSampler,
  powerLawMass,
  realSampler,
  type Sampler,
} from "./distribution.js";
export { sampleDistinct } from "./sample-distinct.js";
export { intBetween, type PathPart, type Rng, standardNormal, streamFor } from "./stream.js";
export {
  BURST_MIN_SERIES,
  DEFAULT_PROFILE_NAME,
  DEFAULT_TIME_PROFILE,
  TimeProfile,
  type TimeProfileSpec,
} from "./time-profile.js";
