/** Where a command writes; injectable for tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
};

/** A CLI command: returns the exit code. */
export type Command = (argv: string[], io: Io) => Promise<number>;
