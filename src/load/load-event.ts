// What a load tells the person waiting for it: phases, a table's progress, a table done.
export type LoadEvent =
  | { kind: "phase"; phase: string }
  | { kind: "table"; table: string; rows: number; done: number; bytes: number }
  | { kind: "tableDone"; table: string; rows: number; seconds: number };

export type Emit = (event: LoadEvent) => void;
