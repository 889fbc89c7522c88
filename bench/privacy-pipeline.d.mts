// Types of privacy-pipeline.mjs for the TypeScript test that imports it.
export declare const PLANTED: Record<"email" | "phone" | "ssn" | "card" | "iban" | "ip", string>;
export interface PipelineRow {
  parameter: string;
  /** A number, or a name (a distribution family) that must be recovered as such. */
  truth: number | string;
  recovered: number | string;
  tolerance: number | null;
  /** What sampling alone leaves at this size (3 standard errors; twice the expected L1); null: not computed. */
  uncertainty: number | null;
  /** The row counts: it has a tolerance at least as large as its uncertainty. */
  gated: boolean;
  pass: boolean | null;
}
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON documents
type Json = any;
export interface PipelineOptions {
  cwd: string;
  dir: string;
  preset: Record<string, unknown>;
  band: string;
  seed?: number;
  k?: number;
  windowDays?: number;
  /** Laplace noise on the sampler's counts (--epsilon); none when absent. */
  epsilon?: number;
  server?: string;
  salt: string;
  /** calibrate --preset (default: the truth itself). */
  template?: string;
  /** The calibrated band `sampled` is also written, and seeded, under this name. */
  sampledAs?: string;
  /** The band seeded from the calibrated spec (default: `sampledAs`, else `band`). */
  regenerate?: string;
  categories?: string[];
  scanRows?: number;
  plant?: (url: string) => Promise<void>;
  recovered?: (inputs: {
    truth: Json;
    calibrated: Json;
    calibration: Json;
    metrics: Json;
  }) => Promise<unknown[]>;
  log?: (message: string) => void;
}
export interface PipelineResult {
  rows: PipelineRow[];
  production: string;
  regenerated: string;
  prodUrl: string;
  metricsFile: string;
  metricsText: string;
  metrics: Json;
  metricsCheck: CliRun;
  dbCheck: CliRun;
  calibration: Json;
  calibrated: Json;
  verify: CliRun;
  regeneratedCheck: CliRun;
}
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}
export declare function cli(args: string[], options?: { cwd?: string; env?: Record<string, string> }): CliRun;
export declare function plantPii(url: string): Promise<void>;
export declare function runPrivacyPipeline(options: PipelineOptions): Promise<PipelineResult>;
export declare function formatTable(rows: PipelineRow[]): string;
