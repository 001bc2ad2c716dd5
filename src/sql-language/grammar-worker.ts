// The grammar on a worker thread, so that a slow parse never blocks the thread that asked (the
// extension host, where typing happens): the first parses after loading take seconds while ANTLR
// builds its prediction tables, and a new statement shape can still take a second later on.
//
// The worker runs this same module, as the results export does (src/views/results/export-workers.ts):
// the module that holds it (the language service bundle, dist/sql-language-service.js, or
// out/.../grammar-worker.js under tests) started as a worker with ROLE in workerData serves parse
// requests, so no extra bundle is needed. On start the worker parses a few typical statements, so the
// warm-up happens off the typing thread before anyone waits for it.
//
// The asking side keeps at most one request at the worker, and a queue of the rest: a request on a
// channel supersedes the older unanswered one on the same channel (typing goes on), completion goes
// before diagnostics, and every request has a timeout. A parse already running cannot be stopped
// (it is synchronous JavaScript on the worker), but its caller stops waiting; one that runs far too
// long restarts the worker. If the worker cannot start, or keeps failing, the grammar runs in-thread.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DtSparkGrammar } from './dt-spark-grammar';
import type { GrammarCandidates, GrammarError, SqlGrammar } from './grammar';
import { InThreadGrammarHost, type GrammarHost, type ParseOptions } from './grammar-host';

const ROLE = 'spark-connect-sql-grammar';

type Request =
  | { id: number; op: 'syntax'; statements: readonly string[] }
  | { id: number; op: 'candidates'; statement: string; offset: number };
type Reply =
  | { id: number; value: GrammarError[][] | GrammarCandidates }
  | { id: number; error: string }
  | { warm: true };

/** Statements that walk the grammar's common paths once, so later parses find its tables built. */
const WARM_UP = [
  'SELECT a, count(*) AS n FROM db.t AS x JOIN u ON x.id = u.id WHERE a > 1 AND b IN (1, 2) GROUP BY a HAVING n > 1 ORDER BY n DESC LIMIT 10',
  'WITH c AS (SELECT * FROM t) INSERT INTO s SELECT CAST(a AS INT), CASE WHEN b THEN 1 ELSE 2 END FROM c',
  'CREATE TABLE t (a INT, b STRING) USING parquet PARTITIONED BY (a)',
  'SELECT * FROM t WHERE a = ',
];

function serve(): void {
  const port = parentPort!;
  const grammar = new DtSparkGrammar();
  // One warm-up statement per turn of the event loop, so a request that arrives meanwhile is answered
  // between them rather than after all of them.
  const warmUp = (i: number): void => {
    if (i >= WARM_UP.length) {
      port.postMessage({ warm: true } satisfies Reply);
      return;
    }
    grammar.syntaxErrors(WARM_UP[i]);
    grammar.candidatesAt(WARM_UP[i], WARM_UP[i].length);
    setImmediate(() => warmUp(i + 1));
  };
  setImmediate(() => warmUp(0));
  port.on('message', (req: Request) => {
    try {
      const value = req.op === 'syntax' ? req.statements.map((s) => grammar.syntaxErrors(s)) : grammar.candidatesAt(req.statement, req.offset);
      port.postMessage({ id: req.id, value } satisfies Reply);
    } catch (err) {
      port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply);
    }
  });
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) serve();

interface Pending {
  req: Request;
  channel: string | undefined;
  /**
   * Settles the caller's promise (once); the slot at the worker is freed only by the worker's reply.
   * `keep`: a request not yet sent stays queued (a timed-out completion, whose answer is remembered).
   */
  settle(value: GrammarError[][] | GrammarCandidates | undefined, keep?: boolean): void;
  settled: boolean;
  sentAt?: number;
}

export interface WorkerGrammarHostOptions {
  /** The module the worker runs (this one by default; tests point it elsewhere). */
  script?: string;
  /** The grammar for the in-thread fallback. */
  fallback?: () => SqlGrammar;
  /** Default time a caller waits for an answer. */
  timeoutMs?: number;
  /** A parse running longer than this restarts the worker. */
  hangMs?: number;
  /** Told once when the grammar falls back to the calling thread, with why. */
  onFallback?: (reason: string) => void;
}

const CANDIDATE_MEMORY = 64;

export class WorkerGrammarHost implements GrammarHost {
  private worker: Worker | undefined;
  private fallback: InThreadGrammarHost | undefined;
  private readonly queue: Pending[] = [];
  private inflight: Pending | undefined;
  private nextId = 1;
  private isWarm = false;
  private restarts = 0;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private disposed = false;
  /** Candidates answered lately (also those whose caller had stopped waiting), by statement and offset. */
  private readonly candidates = new Map<string, GrammarCandidates>();

  constructor(private readonly options: WorkerGrammarHostOptions = {}) {
    this.start();
  }

  get name(): string {
    return this.fallback ? this.fallback.name : 'dt-sql-parser 4.5 (Spark 3.5 grammar), on a worker thread';
  }

  get warm(): boolean {
    return this.fallback !== undefined || this.isWarm;
  }

  /** Why the grammar runs in-thread, when it does. */
  fallbackReason: string | undefined;

  syntaxErrors(statements: readonly string[], options: ParseOptions = {}): Promise<GrammarError[][] | undefined> {
    if (this.fallback) return this.fallback.syntaxErrors(statements, options);
    return this.ask({ id: this.nextId++, op: 'syntax', statements }, options) as Promise<GrammarError[][] | undefined>;
  }

  candidatesAt(statement: string, offset: number, options: ParseOptions = {}): Promise<GrammarCandidates | undefined> {
    if (this.fallback) return this.fallback.candidatesAt(statement, offset, options);
    const known = this.candidates.get(`${offset}\u0000${statement}`);
    if (known) return Promise.resolve(known);
    return this.ask({ id: this.nextId++, op: 'candidates', statement, offset }, options) as Promise<GrammarCandidates | undefined>;
  }

  dispose(): void {
    this.disposed = true;
    this.stopWorker();
    for (const p of this.queue.splice(0)) p.settle(undefined);
    this.inflight?.settle(undefined);
    this.inflight = undefined;
  }

  private ask(req: Request, options: ParseOptions): Promise<GrammarError[][] | GrammarCandidates | undefined> {
    if (this.disposed || options.signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => pending.settle(undefined);
      const pending: Pending = {
        req, channel: options.channel, settled: false,
        settle: (value, keep = false) => {
          // A request not yet sent is dropped from the queue (the worker never parses it), unless kept.
          const i = keep ? -1 : this.queue.indexOf(pending);
          if (i >= 0) this.queue.splice(i, 1);
          if (pending.settled) return;
          pending.settled = true;
          if (timer) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const timeout = options.timeoutMs ?? this.options.timeoutMs ?? 30_000;
      // A completion that timed out still runs (unless superseded): its answer serves the next keystroke.
      timer = setTimeout(() => pending.settle(undefined, req.op === 'candidates'), timeout);
      if (options.channel !== undefined) {
        for (const older of [...this.queue, ...(this.inflight ? [this.inflight] : [])]) {
          if (older.channel === options.channel) older.settle(undefined);
        }
      }
      // Completion is waited for by a typing user; diagnostics can wait for it.
      if (req.op === 'candidates') {
        const firstSyntax = this.queue.findIndex((p) => p.req.op === 'syntax');
        this.queue.splice(firstSyntax < 0 ? this.queue.length : firstSyntax, 0, pending);
      } else this.queue.push(pending);
      this.pump();
    });
  }

  private pump(): void {
    if (this.inflight || !this.worker) return;
    const next = this.queue.shift();
    if (!next) {
      this.worker.unref();
      return;
    }
    this.worker.ref();
    this.inflight = next;
    next.sentAt = Date.now();
    this.worker.postMessage(next.req);
  }

  private answer(reply: Reply): void {
    if ('warm' in reply) {
      this.isWarm = true;
      this.restarts = 0;
      return;
    }
    const p = this.inflight;
    if (!p || p.req.id !== reply.id) return;
    this.inflight = undefined;
    if ('error' in reply) p.settle(undefined);
    else {
      if (p.req.op === 'candidates') {
        if (this.candidates.size >= CANDIDATE_MEMORY) this.candidates.delete(this.candidates.keys().next().value as string);
        this.candidates.set(`${p.req.offset}\u0000${p.req.statement}`, reply.value as GrammarCandidates);
      }
      p.settle(reply.value);
    }
    this.pump();
  }

  private start(): void {
    const script = this.options.script ?? __filename;
    let worker: Worker;
    try {
      worker = startWorker(script);
    } catch (err) {
      this.useFallback(`the grammar worker could not start: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.worker = worker;
    worker.unref();
    worker.on('message', (reply: Reply) => this.answer(reply));
    worker.on('error', (err: Error) => this.failed(worker, `the grammar worker failed: ${err.message}`));
    worker.on('exit', (code) => this.failed(worker, `the grammar worker exited with code ${code}`));
    const hangMs = this.options.hangMs ?? 60_000;
    this.watchdog = setInterval(() => {
      const p = this.inflight;
      if (p?.sentAt !== undefined && Date.now() - p.sentAt > hangMs) this.failed(worker, `a parse ran for over ${hangMs} ms`, true);
    }, Math.min(hangMs, 5_000));
    this.watchdog.unref();
  }

  /**
   * The worker died or hung: a new worker starts (a few times), then the fallback. The request it was
   * parsing is asked again, unless it is the one that hung (that one gets no answer).
   */
  private failed(worker: Worker, reason: string, hung = false): void {
    if (this.disposed || worker !== this.worker) return;
    this.stopWorker();
    const p = this.inflight;
    this.inflight = undefined;
    if (p && (hung || p.settled)) p.settle(undefined);
    else if (p) this.queue.unshift(p);
    this.isWarm = false;
    if (this.restarts++ < 2) {
      this.start();
      this.pump();
    } else this.useFallback(reason);
  }

  private useFallback(reason: string): void {
    this.fallbackReason = reason;
    this.fallback = new InThreadGrammarHost((this.options.fallback ?? (() => new DtSparkGrammar()))());
    this.options.onFallback?.(reason);
    // Requests that were waiting for the worker are answered in this thread.
    for (const p of this.queue.splice(0)) {
      const r = p.req;
      const answer = r.op === 'syntax' ? this.fallback.syntaxErrors(r.statements) : this.fallback.candidatesAt(r.statement, r.offset);
      void answer.then((v) => p.settle(v));
    }
  }

  private stopWorker(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate();
  }
}

/**
 * Starts `script` as a worker. Under a TypeScript loader (tsx) a worker does not inherit the loader on
 * Node 20, so a .ts module is required through tsx's CommonJS hook; compiled JavaScript never takes
 * that branch.
 */
function startWorker(script: string): Worker {
  const workerData = { role: ROLE };
  if (!script.endsWith('.ts')) return new Worker(script, { workerData });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData });
}
