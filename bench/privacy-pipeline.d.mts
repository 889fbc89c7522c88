// Types of privacy-pipeline.mjs for the TypeScript test that imports it.
export declare const PLANTED: Record<"email" | "phone" | "ssn" | "card" | "iban" | "ip", string>;
export interface PipelineRow {
  parameter: string;
  truth: number;
  recovered: number;
  tolerance: number | null;
  pass: boolean | null;
}
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}
export declare function cli(args: string[], options?: { cwd?: string; env?: Record<string, string> }): CliRun;
export declare function plantPii(url: string): Promise<void>;
export declare function runPrivacyPipeline(options: {
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
  log?: (message: string) => void;
}): Promise<{
  rows: PipelineRow[];
  production: string;
  regenerated: string;
  prodUrl: string;
  metricsFile: string;
  metricsText: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON documents
  metrics: any;
  metricsCheck: CliRun;
  dbCheck: CliRun;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON documents
  calibration: any;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON documents
  calibrated: any;
  verify: CliRun;
  regeneratedCheck: CliRun;
}>;
export declare function formatTable(rows: PipelineRow[]): string;
