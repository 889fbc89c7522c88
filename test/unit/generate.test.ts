import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../src/config/load-preset.js";
import { PACKAGE_ROOT } from "../../src/config/project.js";
import { BandGenerator, normaliseTotal, type TableOutput } from "../../src/generate/index.js";
import { loadSchemaFile } from "../../src/migrate/index.js";
import type { ModelGraph } from "../../src/schema/index.js";
import type { Spec } from "../../src/spec/index.js";

const graph: ModelGraph = await loadSchemaFile(join(PACKAGE_ROOT, "prisma", "schema.prisma"));
const chat: Spec = loadSpec("chat", [join(PACKAGE_ROOT, "presets")]).spec;

/** Parsed COPY rows of a table (text format, \N → null). */
function rowsOf(gen: BandGenerator, table: string, blocks?: number[]): Array<Record<string, string | null>> {
  const t = gen.tables().find((x) => x.tableName === table)!;
  const out: Array<Record<string, string | null>> = [];
  for (const chunk of gen.copyChunks(t.planned, blocks)) {
    for (const line of chunk.bytes.toString("utf8").split("\n")) {
      if (!line) continue;
      const cells = line.split("\t");
      out.push(Object.fromEntries(t.columnNames.map((c, i) => [c, cells[i] === "\\N" ? null : cells[i]!])));
    }
  }
  return out;
}

function digest(gen: BandGenerator, t: TableOutput, blocks?: number[]): string {
  const hash = createHash("sha256");
  for (const chunk of gen.copyChunks(t.planned, blocks)) hash.update(chunk.bytes);
  return hash.digest("hex");
}

const ci = new BandGenerator({ graph, spec: chat, band: "ci", seed: 1 });

describe("band plan", () => {
  it("hits the ci band's totals exactly", () => {
    const rows = Object.fromEntries(ci.tables().map((t) => [t.tableName, t.rows]));
    expect(rows).toMatchObject({ users: 500, conversations: 800, messages: 50_000 });
    expect(rows.conversation_users).toBeGreaterThan(800 * 2);
    // Attachments are a bernoulli(0.087) per message.
    expect(rows.attachments! / 50_000).toBeGreaterThan(0.08);
    expect(rows.attachments! / 50_000).toBeLessThan(0.095);
  });

  it("makes 2% of conversations heavy rooms and leaves the body power-law shaped", () => {
    const conversations = rowsOf(ci, "conversations");
    const perConversation = new Map<string, number>();
    for (const m of rowsOf(ci, "messages"))
      perConversation.set(m.conversationId!, (perConversation.get(m.conversationId!) ?? 0) + 1);
    // 16 heavy rooms (2% of 800) hold most of the band; the power-law body adds a few large ones.
    const kind = new Map(conversations.map((c) => [c.id!, c.kind!]));
    const large = [...perConversation].filter(([, n]) => n >= 900);
    expect(large.filter(([id]) => kind.get(id) === "room").length).toBeGreaterThanOrEqual(16);
    const top16 = [...perConversation.values()].sort((a, b) => b - a).slice(0, 16);
    expect(top16.reduce((s, n) => s + n, 0) / 50_000).toBeGreaterThan(0.5);
    const body = [...perConversation.values()].filter((n) => n < 900).sort((a, b) => a - b);
    expect(body[Math.floor(body.length / 2)]).toBeLessThan(10); // a power law's median is small
  });

  it("refuses an unknown band, naming the ones the preset has", () => {
    expect(() => new BandGenerator({ graph, spec: chat, band: "huge", seed: 1 })).toThrow(
      /Unknown band "huge".*ci, dev, staging, perf/,
    );
  });
});

describe("normaliseTotal", () => {
  it("sums exactly to the total, keeps the minimum and the order of sizes", () => {
    const counts = Int32Array.from([1, 5, 100, 2, 30, 1]);
    normaliseTotal(counts, 1000, 1, "$.total", "x");
    expect(counts.reduce((s, x) => s + x, 0)).toBe(1000);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(counts[2]).toBeGreaterThan(counts[4]!);
    expect(counts[4]).toBeGreaterThan(counts[1]!);
    expect(() => normaliseTotal(Int32Array.from([1, 1, 1]), 2, 1, "$.total", "x")).toThrow(
      /fewer than 3 parents/,
    );
  });
});

describe("determinism and partitions", () => {
  it("same seed, same bytes; another seed, other bytes", () => {
    const again = new BandGenerator({ graph, spec: chat, band: "ci", seed: 1 });
    const other = new BandGenerator({ graph, spec: chat, band: "ci", seed: 2 });
    for (const [i, t] of ci.tables().entries()) {
      expect(digest(again, again.tables()[i]!)).toBe(digest(ci, t));
      expect(digest(other, other.tables()[i]!)).not.toBe(digest(ci, t));
    }
  });

  it("a block generated alone equals the same block of a full run (workers and shards cannot change bytes)", () => {
    const spec = { ...chat, blockSize: 100 }; // 8 blocks of conversations in the ci band
    const full = new BandGenerator({ graph, spec: spec, band: "ci", seed: 1 });
    for (const table of ["conversations", "conversation_users", "messages", "attachments"]) {
      const all = rowsOf(full, table);
      const pieces = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((b) =>
        rowsOf(new BandGenerator({ graph, spec: spec, band: "ci", seed: 1 }), table, [b]),
      );
      expect(pieces).toEqual(all);
      // Shard 2/2 takes the odd blocks: exactly the rows of those blocks in the full run.
      const odd = rowsOf(
        new BandGenerator({ graph, spec: spec, band: "ci", seed: 1 }),
        table,
        [1, 3, 5, 7],
      ).map((r) => JSON.stringify(r));
      const fromFull = [1, 3, 5, 7].flatMap((b) => rowsOf(full, table, [b])).map((r) => JSON.stringify(r));
      expect(odd.length).toBeGreaterThan(0);
      expect(odd).toEqual(fromFull);
      const everything = new Set(all.map((r) => JSON.stringify(r)));
      expect(odd.every((r) => everything.has(r))).toBe(true);
    }
  }, 30_000); // generates the ci band three times: seconds on a loaded 2-core machine
});

describe("rows of the chat band", () => {
  const users = rowsOf(ci, "users");
  const conversations = rowsOf(ci, "conversations");
  const members = rowsOf(ci, "conversation_users");
  const messages = rowsOf(ci, "messages");
  const attachments = rowsOf(ci, "attachments");

  it("has unique keys and unique handles, emails and storage keys", () => {
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.handle)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    expect(new Set(members.map((m) => `${m.conversationId}/${m.userId}`)).size).toBe(members.length);
    expect(new Set(attachments.map((a) => a.storageKey)).size).toBe(attachments.length);
  });

  it("writes no personal data: reserved email domain, fictional phone ranges", () => {
    for (const u of users) {
      expect(u.email).toMatch(/^[a-z_]+\.\d+@example\.com$/);
      if (u.phone !== null) expect(u.phone).toMatch(/^(\+1-\d{3}-555-01\d{2}|\+44 7700 900\d{3})$/);
    }
    expect(users.some((u) => u.phone === null)).toBe(true);
    for (const m of messages.slice(0, 2000)) expect(m.content).toMatch(/^[a-z ]*$/);
  });

  it("respects VarChar limits", () => {
    for (const u of users) {
      expect(u.handle!.length).toBeLessThanOrEqual(40);
      expect(u.displayName!.length).toBeLessThanOrEqual(80);
    }
    for (const c of conversations) if (c.title) expect(c.title.length).toBeLessThanOrEqual(120);
  });

  it("gives direct conversations two members and picks senders among the members", () => {
    const byConversation = new Map<string, Set<string>>();
    for (const m of members) {
      if (!byConversation.has(m.conversationId!)) byConversation.set(m.conversationId!, new Set());
      byConversation.get(m.conversationId!)!.add(m.userId!);
    }
    for (const c of conversations.filter((x) => x.kind === "direct"))
      expect(byConversation.get(c.id!)?.size).toBe(2);
    for (const m of messages) expect(byConversation.get(m.conversationId!)?.has(m.senderId!)).toBe(true);
  });

  it("orders a conversation's messages in time after its creation, and sets updatedAt to the last one", () => {
    const created = new Map(conversations.map((c) => [c.id!, Date.parse(c.createdAt!)]));
    const last = new Map<string, number>();
    let previous = { conversation: "", at: 0 };
    for (const m of messages) {
      const at = Date.parse(m.createdAt!);
      expect(at).toBeGreaterThanOrEqual(created.get(m.conversationId!)!);
      if (previous.conversation === m.conversationId) expect(at).toBeGreaterThanOrEqual(previous.at);
      previous = { conversation: m.conversationId!, at };
      last.set(m.conversationId!, at);
      if (m.editedAt) expect(Date.parse(m.editedAt)).toBeGreaterThanOrEqual(at);
    }
    for (const c of conversations) {
      expect(Date.parse(c.updatedAt!)).toBe(last.get(c.id!) ?? Date.parse(c.createdAt!));
    }
  });

  it("stamps attachments with their message's time and keeps every timestamp in the spec's window", () => {
    const messageAt = new Map(messages.map((m) => [m.id!, m.createdAt!]));
    for (const a of attachments) expect(a.createdAt).toBe(messageAt.get(a.messageId!));
    const start = Date.parse(chat.window.start);
    const end = Date.parse(chat.window.end);
    for (const t of [...users.map((u) => u.createdAt!), ...messages.map((m) => m.createdAt!)]) {
      const at = Date.parse(t);
      expect(at >= start && at < end).toBe(true);
    }
  });
});
