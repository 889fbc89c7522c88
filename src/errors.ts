// The one error type seedband throws on purpose. Its `code` is stable (scripts and tests match
// on it); its message says what failed, where, and ends with the fix. The CLI maps codes to exit
// codes and prints the message without a stack trace.

export type ErrorCode =
  | "BAD_INPUT" // a flag, argument or file the user gave is wrong
  | "SPEC_INVALID" // a preset/spec file does not validate
  | "SCHEMA_INVALID" // the Prisma schema cannot be read
  | "SCHEMA_UNSUPPORTED" // the schema uses something seedband cannot generate
  | "CYCLE" // required foreign keys form a cycle
  | "UNIQUE_EXHAUSTED" // a value space is smaller than the rows that need unique values
  | "EXTENSION_MISSING" // the schema needs a PostgreSQL extension the server does not have
  | "NOT_OURS" // a database seedband did not create
  | "NOT_FOUND" // a database, band or run that does not exist
  | "BUSY" // another seedband run is building the same database
  | "NOT_APPROVED" // requireApproval: a metrics file without a valid approval record
  | "UNREACHABLE" // a server the user named cannot be reached
  | "PROVISION_FAILED" // the embedded server could not be started
  | "MIGRATION_FAILED" // a migration's SQL failed
  | "COPY_FAILED" // loading data failed
  | "VERIFY_FAILED" // a check after load found a problem
  | "INTERRUPTED" // the user pressed Ctrl-C
  | "DB_ERROR"; // any other server error mid-run

/** Exit codes of DESIGN.md: 1 a check failed, 2 bad input or a refusal, 3 a runtime failure. */
const EXIT_CODES: Record<ErrorCode, 1 | 2 | 3> = {
  BAD_INPUT: 2,
  SPEC_INVALID: 2,
  SCHEMA_INVALID: 2,
  SCHEMA_UNSUPPORTED: 2,
  CYCLE: 2,
  UNIQUE_EXHAUSTED: 2,
  EXTENSION_MISSING: 2,
  NOT_OURS: 2,
  NOT_FOUND: 2,
  BUSY: 2,
  NOT_APPROVED: 2,
  UNREACHABLE: 2,
  PROVISION_FAILED: 3,
  MIGRATION_FAILED: 3,
  COPY_FAILED: 3,
  VERIFY_FAILED: 1,
  INTERRUPTED: 3,
  DB_ERROR: 3,
};

export class SeedbandError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SeedbandError";
    this.code = code;
  }

  get exitCode(): 1 | 2 | 3 {
    return EXIT_CODES[this.code];
  }
}

export function isSeedbandError(error: unknown): error is SeedbandError {
  return error instanceof SeedbandError;
}

/**
 * Where a message sends the user to read more: a page of docs/, which the package ships, named as
 * it sits in the user's project once installed. One scheme for every message.
 */
export function docRef(page: string): string {
  return `node_modules/seedband/docs/${page}`;
}
