// The extension's one log: a LogOutputChannel behind the client's Logger interface. Every line is
// redacted (tokens, credential headers, secrets in SQL) before it reaches the channel.
import * as vscode from 'vscode';
import type { Logger } from '../connect/logger';
import { redactSql } from './redact-sql';

export interface OutputLog extends Logger, vscode.Disposable {
  show(): void;
}

export function createOutputLog(name: string): OutputLog {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  return {
    trace: (m) => channel.trace(redactSql(m)),
    debug: (m) => channel.debug(redactSql(m)),
    info: (m) => channel.info(redactSql(m)),
    warn: (m) => channel.warn(redactSql(m)),
    error: (m) => channel.error(redactSql(m)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
