// What a server session holds that a new session would not: the temporary views, session settings
// and cached tables the user created through this extension. Kept (with the session's ids) in the
// workspace state, so that after a window reload the profile reattaches to the same server session,
// and, when the server no longer has it, the user is told exactly what was lost.
// Only names are kept, never values: a SET may carry a password.
import { SparkConnectError } from '../connect/errors';

/** The ids that let a new client reattach to a server session. Not secrets: anyone can open any id. */
export interface ServerSessionIds {
  sessionId: string;
  /** Spark 4 names each server-side incarnation; sending it makes a restarted server say so. */
  serverSideSessionId?: string;
}

export interface SessionRecord extends ServerSessionIds {
  tempViews: string[];
  globalTempViews: string[];
  configs: string[];
  cachedTables: string[];
}

export function emptyRecord(ids: ServerSessionIds): SessionRecord {
  return { ...ids, tempViews: [], globalTempViews: [], configs: [], cachedTables: [] };
}

const NAME = String.raw`((?:\x60[^\x60]*\x60|[\w$]+)(?:\s*\.\s*(?:\x60[^\x60]*\x60|[\w$]+))*)`;
const CREATE_VIEW = new RegExp(String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?(GLOBAL\s+)?TEMP(?:ORARY)?\s+VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`, 'i');
const DROP_VIEW = new RegExp(String.raw`^DROP\s+VIEW\s+(?:IF\s+EXISTS\s+)?${NAME}`, 'i');
const CACHE = new RegExp(String.raw`^CACHE\s+(?:LAZY\s+)?TABLE\s+${NAME}`, 'i');
const UNCACHE = new RegExp(String.raw`^UNCACHE\s+TABLE\s+(?:IF\s+EXISTS\s+)?${NAME}`, 'i');
const SET = /^SET\s+(?!VAR(?:IABLE)?\b)([\w.\-`]+)\s*=/i;
const RESET = /^RESET(?:\s+([\w.\-`]+))?\s*$/i;

function unquote(name: string): string {
  return name.split(/\s*\.\s*/).map((p) => p.replace(/^`|`$/g, '')).join('.');
}

function add(list: string[], name: string): void {
  if (!list.includes(name)) list.push(name);
}

function remove(list: string[], name: string): void {
  const i = list.findIndex((n) => n.toLowerCase() === name.toLowerCase());
  if (i >= 0) list.splice(i, 1);
}

/** Strips leading comments and whitespace, so a commented statement is still recognised. */
function statementHead(sql: string): string {
  let s = sql;
  for (;;) {
    const t = s.replace(/^\s+/, '');
    if (t.startsWith('--')) s = t.replace(/^--[^\n]*\n?/, '');
    else if (t.startsWith('/*')) s = t.replace(/^\/\*[\s\S]*?\*\//, '');
    else return t.replace(/;\s*$/, '');
  }
}

/**
 * Updates the record after a statement succeeded. Returns true when the record changed (so the caller
 * saves it). Statements it does not recognise leave it alone.
 */
export function noteStatement(record: SessionRecord, sql: string): boolean {
  const before = JSON.stringify(record);
  const s = statementHead(sql);
  let m: RegExpExecArray | null;
  if ((m = CREATE_VIEW.exec(s))) {
    const name = unquote(m[2]);
    if (m[1]) add(record.globalTempViews, name.replace(/^global_temp\./i, ''));
    else add(record.tempViews, name);
  } else if ((m = DROP_VIEW.exec(s))) {
    const name = unquote(m[1]);
    if (/^global_temp\./i.test(name)) remove(record.globalTempViews, name.replace(/^global_temp\./i, ''));
    else remove(record.tempViews, name);
  } else if ((m = CACHE.exec(s))) {
    add(record.cachedTables, unquote(m[1]));
  } else if ((m = UNCACHE.exec(s))) {
    remove(record.cachedTables, unquote(m[1]));
  } else if (/^CLEAR\s+CACHE\s*$/i.test(s)) {
    record.cachedTables.length = 0;
  } else if ((m = SET.exec(s))) {
    add(record.configs, m[1].replace(/`/g, ''));
  } else if ((m = RESET.exec(s))) {
    if (m[1]) remove(record.configs, m[1].replace(/`/g, ''));
    else record.configs.length = 0;
  }
  return JSON.stringify(record) !== before;
}

/** True when the server says it no longer has the session (released, timed out, or restarted). */
export function isSessionGone(err: unknown): boolean {
  return err instanceof SparkConnectError
    && (err.errorClass === 'INVALID_HANDLE.SESSION_CLOSED' || err.errorClass === 'INVALID_HANDLE.SESSION_CHANGED'
      || err.errorClass === 'INVALID_HANDLE.SESSION_NOT_FOUND');
}

function list(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** What was lost with a session, as phrases ("temporary views a, b", ...); empty when nothing known. */
export function lostItems(record: SessionRecord): string[] {
  const out: string[] = [];
  if (record.tempViews.length) out.push(`temporary view${record.tempViews.length > 1 ? 's' : ''} ${list(record.tempViews)}`);
  if (record.globalTempViews.length) {
    out.push(`global temporary view${record.globalTempViews.length > 1 ? 's' : ''} ${list(record.globalTempViews.map((v) => `global_temp.${v}`))}`);
  }
  if (record.configs.length) out.push(`session setting${record.configs.length > 1 ? 's' : ''} ${list(record.configs)}`);
  if (record.cachedTables.length) out.push(`cached table${record.cachedTables.length > 1 ? 's' : ''} ${list(record.cachedTables)}`);
  return out;
}

/** The one message a user gets when the server no longer has a profile's session. */
export function describeLostSession(profile: string, record: SessionRecord): string {
  const items = lostItems(record);
  const head = `The Spark server no longer has the session of '${profile}' (it timed out, was closed, or the server restarted); a new session was started.`;
  if (items.length === 0) return `${head} Temporary views, session settings and cached tables of the old session are gone.`;
  return `${head} Lost with it: ${items.join('; ')}. Run the statements that created them again.`;
}

/** Reads a stored record back, dropping anything malformed (workspace state outlives versions). */
export function parseRecord(raw: unknown): SessionRecord | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.sessionId !== 'string') return undefined;
  const names = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const rec = emptyRecord({ sessionId: r.sessionId });
  if (typeof r.serverSideSessionId === 'string') rec.serverSideSessionId = r.serverSideSessionId;
  rec.tempViews = names(r.tempViews);
  rec.globalTempViews = names(r.globalTempViews);
  rec.configs = names(r.configs);
  rec.cachedTables = names(r.cachedTables);
  return rec;
}
