// What a command writes to and listens to: stdout (the --json document), stderr (people), Ctrl-C.
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  signal?: AbortSignal;
}
