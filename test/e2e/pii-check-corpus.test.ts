// `seedband pii check` on a folder of every kind of file it reads — JSON (personal data in keys,
// nested under such keys, in values), CSV, logs, text of unknown or no extension, JSON lines,
// gzip (by name and by magic bytes alone), UTF-16, a line longer than a scan window, personal data
// in file and folder names (not in the folders above the one given) — as a user runs it: every
// file is read, every planted value is found, and no output stream (stderr, stdout, --json) holds
// any planted value.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, runCli, STACK_TRACE } from "./helpers.js";

/** Every value planted, by name; each is personal data of one recognised type. */
const P = {
  keyEmail: "maria.garcia@gmail.com",
  keyPhone: "+44 20 7123 4567",
  keySsn: "536-22-8726",
  nestedCard: "4111 1111 1111 1111",
  valueIban: "GB82 WEST 1234 5698 7654 32",
  csvEmail: "j.doe.1987@outlook.com",
  csvPhone: "(415) 555-2671",
  csvIp: "81.2.69.160",
  logEmail: "tom.baker@yahoo.co.uk",
  logCard: "5500 0000 0000 0004",
  datPhone: "+49 30 12345678",
  noExtEmail: "anna.k@posteo.de",
  jsonlSsn: "412-58-3391",
  gzEmail: "lena.schmidt@web.de",
  gzJsonKey: "priya.patel@hotmail.com",
  magicGzPhone: "020 8123 4567",
  utf16Email: "rené.dubois@orange.fr",
  tsvIban: "DE89 3704 0044 0532 0130 00",
  longLineEmail: "far.away@protonmail.com",
  fileNameEmail: "karl.meier@gmx.net",
  folderNamePhone: "+1 212 555 7788",
};

const PARENT = "jdoe@acme-corp.com";
let dir: string;
let human: CliResult;
let json: CliResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sb-pii-corpus-"));
  // The folders above the one given are where the user keeps things, not data: not scanned.
  const root = join(dir, PARENT, "export");
  await mkdir(join(root, "nested", "deeper"), { recursive: true });
  const w = (name: string, content: string | Buffer) => writeFile(join(root, name), content);
  await w(
    "metrics.json",
    JSON.stringify(
      {
        format: "seedband-metrics",
        values: { [P.keyEmail]: 3, [P.keyPhone]: { count: 2, note: P.nestedCard }, [P.keySsn]: 1 },
        examples: [P.valueIban],
      },
      null,
      2,
    ),
  );
  await w("users.csv", `id,email,phone,ip\n1,${P.csvEmail},"${P.csvPhone}",${P.csvIp}\n2,ok@example.com,,\n`);
  await w("app.log", `12:00 INFO login ${P.logEmail}\n12:01 WARN paid with ${P.logCard}\n`);
  await w("dump.dat", `call ${P.datPhone} back\n`);
  await w("export-without-extension", `{"contacts": {"${P.noExtEmail}": true}}\n`);
  await w("rows.jsonl", `{"a": 1}\n{"ssn": "${P.jsonlSsn}"}\n`);
  await w("users.csv.gz", gzipSync(`id,email\n1,${P.gzEmail}\n`));
  await w("events.json.gz", gzipSync(JSON.stringify({ by: { [P.gzJsonKey]: 4 } })));
  await w("mystery.bin", gzipSync(`phone ${P.magicGzPhone}\n`));
  await w(
    "windows.txt",
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`mail ${P.utf16Email}\r\n`, "utf16le")]),
  );
  await writeFile(join(root, "nested", "deeper", "table.tsv"), `name\tiban\nx\t${P.tsvIban}\n`);
  await w(
    "long-line.txt",
    `${"lorem ipsum ".repeat(200_000)}${P.longLineEmail} ${"dolor ".repeat(100_000)}\n`,
  );
  await w(`${P.fileNameEmail}.txt`, "nothing else here\n");
  await mkdir(join(root, `call ${P.folderNamePhone}`));
  await writeFile(join(root, `call ${P.folderNamePhone}`, "readme.txt"), "fine\n");
  human = await runCli(["pii", "check", root, "--profile", "data"], { cwd: dir });
  json = await runCli(["pii", "check", root, "--profile", "data", "--json"], { cwd: dir });
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("pii check over a corpus of every file type", () => {
  it("exits 1 with findings, reading every file (gzip, UTF-16, no extension, nested)", () => {
    expect(human.code, human.stderr).toBe(1);
    expect(json.code, json.stderr).toBe(1);
    expect(human.stderr + json.stderr).not.toMatch(STACK_TRACE);
    const out = JSON.parse(json.stdout) as { scanned: { files: number } };
    expect(out.scanned.files).toBe(14);
  });

  it("finds each planted value where it is, keys and names masked in the paths", () => {
    const out = JSON.parse(json.stdout) as { findings: Array<{ file: string; path: string; type: string }> };
    const base = join(dir, PARENT).length + 1;
    const got = out.findings.map((f) => `${f.file.slice(base)} | ${f.path} | ${f.type}`).sort();
    for (const f of out.findings) expect(f.file.startsWith(join(dir, PARENT))).toBe(true);
    expect(got).toEqual(
      [
        "export/app.log | line 1 | email",
        "export/app.log | line 2 | card",
        "export/<entry 2: phone> | folder name | phone",
        "export/dump.dat | line 1 | phone",
        "export/events.json.gz | $.by[<key 1: email>] | email",
        "export/export-without-extension | $.contacts[<key 1: email>] | email",
        "export/<entry 6: email> | file name | email",
        "export/long-line.txt | line 1 | email",
        "export/metrics.json | $.examples[0] | iban",
        "export/metrics.json | $.values[<key 1: email>] | email",
        "export/metrics.json | $.values[<key 2: phone>] | phone",
        "export/metrics.json | $.values[<key 2: phone>].note | card",
        "export/metrics.json | $.values[<key 3: ssn>] | ssn",
        "export/mystery.bin | line 1 | phone",
        "export/nested/deeper/table.tsv | line 2 | iban",
        "export/rows.jsonl | line 2 | ssn",
        "export/users.csv | row 1, column email | email",
        "export/users.csv | row 1, column ip | ip",
        "export/users.csv | row 1, column phone | phone",
        "export/users.csv.gz | row 1, column email | email",
        "export/windows.txt | line 1 | email",
      ].sort(),
    );
  });

  it("no output stream holds any planted value", () => {
    for (const [name, value] of Object.entries(P)) {
      expect(human.stderr, name).not.toContain(value);
      expect(human.stdout, name).not.toContain(value);
      expect(json.stdout, name).not.toContain(value);
      expect(json.stderr, name).not.toContain(value);
      // JSON escapes nothing in these values, but say it: not even in an escaped form.
      expect(json.stdout, name).not.toContain(JSON.stringify(value).slice(1, -1));
    }
  });
});
