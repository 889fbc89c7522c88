import { it } from "vitest";
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { EmbeddedProvider } from "../../src/db/index.js";
it("probe", async () => {
  const p = new EmbeddedProvider({ dataDir: "/tmp/sbprobe/pg" });
  await p.start();
  const pid = Number(readFileSync("/tmp/sbprobe/pg/data/postmaster.pid", "utf8").split("\n")[0]);
  console.log(execSync(`ps -o pid,ppid,stat,comm -p ${pid}`).toString());
  process.kill(pid, "SIGKILL");
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 300));
    console.log(i, execSync(`ps -o pid,ppid,stat,comm -p ${pid} || true; ps -ef | grep 'sbprobe\\|postgres:' | grep -v grep || true`).toString());
  }
}, 60000);
