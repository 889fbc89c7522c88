// Types of pii-check-memory.mjs for the TypeScript test that imports it.
export declare const LARGE_PLANTED: Record<"email" | "phone" | "card", string>;
export declare function writeLargeFile(
  path: string,
  format: "json" | "csv" | "text",
  bytes: number,
): Promise<number>;
export declare function peakRss(
  args: string[],
  options?: { cwd?: string },
): Promise<{ code: number | null; stdout: string; stderr: string; peakMiB: number; seconds: number }>;
