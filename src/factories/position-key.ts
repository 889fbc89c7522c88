// Keys derived from a row's position: unique by construction (the position is encoded in the
// value, never drawn), deterministic, and computable for any position without generating the row,
// so a foreign key can name its target's key directly.
import { createHash } from "node:crypto";
import type { Column } from "../schema/index.js";

export type PositionKey = (position: number) => string | number;

const MASK_60 = (1n << 60n) - 1n;
// An odd multiplier is a bijection modulo 2^60: distinct positions give distinct 60-bit values,
// which look scattered rather than sequential.
const MIX = 0x9e3779b97f4a7c1n;

export function positionKey(seed: number, modelName: string, column: Column): PositionKey | undefined {
  const limit = lengthLimit(column);
  switch (column.type) {
    case "Int":
    case "BigInt":
      return (position) => position + 1;
    case "String": {
      const salt = createHash("sha256")
        .update(`${seed}\u0000${modelName}\u0000${column.fieldName}`)
        .digest("hex");
      if (
        column.nativeType?.name === "Uuid" ||
        column.default?.kind === "uuid" ||
        column.default?.kind === "dbgenerated"
      ) {
        return (position) => uuidAt(salt, position);
      }
      if (column.default?.kind === "cuid") {
        return (position) => `c${salt.slice(0, 8)}${position.toString(36).padStart(16, "0")}`;
      }
      const prefix =
        modelName
          .toLowerCase()
          .replace(/[^a-z0-9]/g, "")
          .slice(0, 8) || "k";
      return (position) => {
        const key = `${prefix}_${(position + 1).toString(36)}`;
        return limit > 0 && key.length > limit ? (position + 1).toString(36) : key;
      };
    }
    default:
      return undefined;
  }
}

/** A version-4-shaped UUID: 64 bits from the salt, 60 bits from the mixed position. */
export function uuidAt(salt: string, position: number): string {
  const mixed = scatteredHex(position);
  return `${salt.slice(0, 8)}-${salt.slice(8, 12)}-4${salt.slice(12, 15)}-${"89ab"[position & 3]}${mixed.slice(0, 3)}-${mixed.slice(3, 15)}`;
}

/** 15 hex digits that differ for every position below 2^60 and do not look sequential. */
export function scatteredHex(position: number): string {
  return ((BigInt(position) * MIX) & MASK_60).toString(16).padStart(15, "0");
}

export function lengthLimit(column: Column): number {
  return column.nativeType && /^(VarChar|Char)$/.test(column.nativeType.name)
    ? Number(column.nativeType.args[0])
    : 0;
}
