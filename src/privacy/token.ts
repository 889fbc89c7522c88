// Tokens for the few identifiers metrics.json must mention (the heaviest parents): HMAC-SHA256
// keyed by ANONYMIZATION_SALT, truncated to 16 lower-case hex characters. Without the salt a token
// cannot be linked back to a row, and the salt never leaves the sampler's process.
import { createHmac } from "node:crypto";

/** A token: exactly 16 lower-case hex characters. */
export const TOKEN_PATTERN = /^[0-9a-f]{16}$/;

/** The fewest characters a salt may have: shorter ones can be guessed by brute force. */
export const MIN_SALT_LENGTH = 16;

/**
 * The token of `value` (an identifier of `model`): the model is part of the message, so the same
 * id in two tables gives two unrelated tokens.
 *
 * @example hmacToken("a-long-secret-salt-value", "Conversation", "42") // "3f9c…" (16 hex)
 */
export function hmacToken(salt: string, model: string, value: string): string {
  return createHmac("sha256", salt).update(`${model}\u0000${value}`).digest("hex").slice(0, 16);
}
