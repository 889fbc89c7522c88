// The calibrate stage: maximum-likelihood fits and goodness of fit, and the spec they make.

export { type BestFit, bestFit } from "./best-fit.js";
export type { Bin } from "./bins.js";
export { type Calibration, calibrateSpec, type Fit, SAMPLED_BAND } from "./calibrate-spec.js";
export { cumulative, type DiscreteFit, FAMILIES, type Family, fitDiscrete } from "./discrete-fit.js";
export { type LogNormalFit, logNormalFit, normalCdf } from "./log-normal.js";
export { FREE_TEXT_MEDIAN_LENGTH, generationParent } from "./measured-model.js";
export { binnedPowerLaw, discreteAlphaMle, goldenMax, type PowerLawFit } from "./power-law.js";
export { consistent, type ProfilePool, poolProfiles } from "./profile-pools.js";
export { detrendedBoost, fitTimeProfile, shareL1, type TimeProfileFit } from "./time-profile-fit.js";
