// The calibrate stage: maximum-likelihood fits and goodness of fit, and the spec they make.
export type { Bin } from "./bins.js";
export { type Calibration, calibrateSpec, type Fit, SAMPLED_BAND } from "./calibrate-spec.js";
export { type LogNormalFit, logNormalFit, normalCdf } from "./log-normal.js";
export { binnedPowerLaw, discreteAlphaMle, goldenMax, type PowerLawFit } from "./power-law.js";
export { detrendedBoost, fitTimeProfile, shareL1, type TimeProfileFit } from "./time-profile-fit.js";
