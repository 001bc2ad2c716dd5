// Exit codes are part of the CLI's interface: scripts branch on them, so each kind of failure has its
// own number and the numbers never change meaning.
export const ExitCode = {
  ok: 0,
  /** The server ran the statement and rejected it (parse, analysis or runtime error), or it timed out. */
  queryError: 1,
  /** The command line itself is wrong; nothing was sent to a server. */
  usage: 2,
  /** No usable connection: malformed connection string, unreachable server, TLS or authentication failure. */
  connection: 3,
  /** A bug or an unexpected reply from the server (protocol error); worth a bug report. */
  internal: 4,
  /** Stopped by Ctrl+C (128 + SIGINT), after the server operation was interrupted. */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
