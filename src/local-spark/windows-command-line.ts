// How the server process is spawned on each platform, without a shell anywhere.
//
// On Windows a program receives one command line and splits it itself. Node quotes an argument only
// when it holds a space, a tab or a double quote, which is not enough for java.exe: its launcher
// expands an unquoted * or ? in an application argument as a file pattern (a --conf value such as
// spark.driver.extraClassPath=C:\libs\* would turn into file names). So on Windows we quote every
// argument ourselves, by the rules the Microsoft C runtime and the Java launcher use to split
// (backslashes are literal unless they precede a double quote), and pass the line verbatim. No
// cmd.exe is involved, so & | < > ^ % ! mean nothing special and need no escaping.

export interface SpawnPlan {
  file: string;
  args: string[];
  /** argv[0] as the child sees it; on Windows the first word of its command line. */
  argv0: string;
  windowsVerbatimArguments: boolean;
}

export class SpawnPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpawnPlanError';
  }
}

/** One argument quoted so that the Windows argv rules give back exactly `arg`, wildcards included. */
export function quoteWindowsArg(arg: string): string {
  if (arg.includes('\0')) throw new SpawnPlanError('An argument contains a NUL character.');
  let out = '"';
  let slashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      slashes++;
      continue;
    }
    // Backslashes before a quote are doubled and the quote escaped; elsewhere they are literal.
    out += ch === '"' ? `${'\\'.repeat(slashes * 2 + 1)}"` : `${'\\'.repeat(slashes)}${ch}`;
    slashes = 0;
  }
  // Trailing backslashes precede the closing quote, so they are doubled too.
  return `${out}${'\\'.repeat(slashes * 2)}"`;
}

/** The command line a Windows child receives for a plan. */
export function windowsCommandLine(plan: SpawnPlan): string {
  return [plan.argv0, ...plan.args].join(' ');
}

/** How to spawn `command args` on `platform` with no shell. */
export function spawnPlan(command: string, args: readonly string[], platform: NodeJS.Platform): SpawnPlan {
  if (platform !== 'win32') return { file: command, args: [...args], argv0: command, windowsVerbatimArguments: false };
  // CreateProcess runs .cmd/.bat files through cmd.exe, which parses the line again: never here.
  if (/\.(cmd|bat)$/i.test(command)) throw new SpawnPlanError(`Refusing to run a batch file without a shell: ${command}`);
  return { file: command, args: args.map(quoteWindowsArg), argv0: quoteWindowsArg(command), windowsVerbatimArguments: true };
}
