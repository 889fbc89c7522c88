// Types of privacy-tracker.mjs for the TypeScript test that imports it.
import type { PipelineOptions, PipelineResult } from "./privacy-pipeline.mjs";
export declare const TRACKER_SCHEMA: string;
// biome-ignore lint/suspicious/noExplicitAny: a parsed spec document
export declare function trackerTruth(sizes: string, band: string): Record<string, any>;
export declare function plantTrackerPii(url: string): Promise<void>;
export declare function runTrackerPipeline(options: PipelineOptions): Promise<PipelineResult>;
