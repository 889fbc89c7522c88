// What `prisma/config` exports, as far as seedband reads a prisma.config.ts: defineConfig returns
// its input and env() never throws (a DATABASE_URL that is unset here must not stop seedband from
// learning where the schema is; seedband never uses the config's datasource).
export function defineConfig<T>(config: T): T {
  return config;
}

export function env(name: string): string {
  return process.env[name] ?? "";
}
