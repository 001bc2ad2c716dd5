// The evaluator: walks @lezer/python's tree of the whole source and computes values. DataFrames stay
// plans and Columns expressions; actions are recorded as steps (steps.ts) for the run phase. Anything
// outside the supported subset is a PySparkError at its exact position, raised before any step runs.
import type { SyntaxNode } from '@lezer/common';
import { DataFrame } from '../connect/dataframe';
import type { SparkSession } from '../connect/session';
import { builtins } from './builtins';
import { EvalContext, evalError, unsupported } from './context';
import { reprOf, strOf, typeName } from './format';
import { formatValue } from './format-spec';
import { decodeStringLiteral, parseNumber, splitStringLiteral, unescape } from './literal-text';
import { LiteralError } from './py-literals';
import { PyOpError, binaryOp, contains, isSame, truthy, unaryOp } from './operators';
import { LineIndex } from './parse';
import { PySparkError, type PySparkOutput, type SessionPlumbing, type SourceSpan } from './run-api';
import { getAttribute, importModule, importFrom } from './surface';
import { ActionValue, runStep, valueStep, type RunPhase, type Step } from './steps';
import {
  CallArgs, Deferred, NeedsRunPhase, Param, PyBuiltin, PyDict, PyFunction, PyList, PyModule, PySet, PySlice, PyTuple, Scope,
} from './values';
import { subscript, iterate } from './containers';
import { PySparkSourceMap } from './source-map';
import { Column } from '../connect/column';

/** A statement running in the run phase: its steps, and where their outputs go (`phase`, else `outputs`). */
interface LiveRun { sink: Step[]; outputs: PySparkOutput[]; signal?: AbortSignal; phase?: RunPhase }

// Names refused inside statements whose evaluation waits for the run phase (checked in advance).
const REFUSED_NAMES = new Map([
  ['toPandas', 'it needs pandas in a Python process'], ['rdd', 'the RDD API is not available through Spark Connect'],
  ['udf', 'Python UDFs need Python'], ['pandas_udf', 'Python UDFs need Python'], ['open', 'local files are not read'],
  ['sparkContext', 'the SparkContext is not available through Spark Connect'],
]);

/** Names a statement assigns at its own level (not inside functions it defines). */
function assignedNames(node: SyntaxNode, source: string): Set<string> {
  const names = new Set<string>();
  const targets = (n: SyntaxNode): void => {
    if (n.name === 'VariableName') names.add(source.slice(n.from, n.to));
    else if (n.name === 'TupleExpression' || n.name === 'ArrayExpression' || n.name === 'ParenthesizedExpression') {
      for (let c = n.firstChild; c; c = c.nextSibling) targets(c);
    }
  };
  const walk = (n: SyntaxNode): void => {
    if (n.name === 'FunctionDefinition' || n.name === 'LambdaExpression') {
      const name = n.getChild('VariableName');
      if (name && n.name === 'FunctionDefinition') names.add(source.slice(name.from, name.to));
      return;
    }
    if (n.name === 'AssignStatement') {
      let last: SyntaxNode | null = null;
      for (let c = n.firstChild; c; c = c.nextSibling) if (c.name === 'AssignOp') last = c;
      for (let c = n.firstChild; c && c !== last; c = c.nextSibling) targets(c);
    } else if (n.name === 'UpdateStatement' && n.firstChild) {
      targets(n.firstChild);
    } else if (n.name === 'ForStatement') {
      for (let c = n.firstChild?.nextSibling ?? null; c && c.name !== 'in'; c = c.nextSibling) targets(c);
    }
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(node);
  return names;
}

class BreakSignal {}
class ContinueSignal {}
class ReturnSignal { constructor(readonly value: unknown) {} }

const MAX_LOOP_ITERATIONS = 100_000;
/** A while loop whose condition stays true this long is taken for one that never ends. */
const MAX_WHILE_ITERATIONS = 10_000;

// Builtins that `from pyspark.sql.functions import *` replaces with Spark functions of the same name.
const SHADOWED_BUILTINS = new Set(['sum', 'max', 'min', 'abs', 'round', 'filter', 'pow', 'hash', 'slice', 'bin', 'hex', 'ascii', 'chr']);
const MAX_CALL_DEPTH = 200;

const UNSUPPORTED_STATEMENTS: Record<string, string> = {
  WithStatement: 'with statement', TryStatement: 'try statement',
  ClassDefinition: 'class definition', RaiseStatement: 'raise statement', ScopeStatement: 'global/nonlocal',
  DeleteStatement: 'del statement', AssertStatement: 'assert statement', YieldStatement: 'yield',
  MatchStatement: 'match statement', PrintStatement: 'print statement',
};

export interface EvaluatorOptions {
  fileName?: string;
  offline?: boolean;
  /** Top-level names bound before this source (a notebook's earlier cells). */
  names?: ReadonlyMap<string, unknown>;
  plumbing?: SessionPlumbing;
}

export class Evaluator implements EvalContext {
  readonly steps: Step[] = [];
  readonly globals = new Scope();
  readonly fileName?: string;
  readonly offline: boolean;
  readonly plumbing?: SessionPlumbing;
  private depth = 0;
  private live?: LiveRun;
  private names = 0;
  private readonly starModules: PyModule[] = [];

  readonly sourceMap: PySparkSourceMap;

  constructor(readonly source: string, readonly session: SparkSession, private readonly lines: LineIndex,
    options: EvaluatorOptions = {}) {
    if (options.fileName !== undefined) this.fileName = options.fileName;
    this.offline = options.offline ?? false;
    if (options.plumbing) this.plumbing = options.plumbing;
    for (const [name, value] of options.names ?? []) this.globals.vars.set(name, value);
    this.sourceMap = new PySparkSourceMap(lines, this.fileName);
  }

  // ---- EvalContext ----

  addStep(step: Step): void {
    (this.live?.sink ?? this.steps).push(step);
  }

  hasPendingSteps(): boolean {
    return !this.live && this.steps.length > 0;
  }

  private sinkLength(): number {
    return (this.live?.sink ?? this.steps).length;
  }

  // ---- statements that depend on an action's value ----
  //
  // `for row in df.collect():` and `if df.count() > 0:` need a value only the run phase has. Such a
  // statement becomes one step: at its turn in the run phase it is evaluated "live" (with the
  // variables as they were at its place in the code), action values are awaited where it needs them,
  // and the steps it makes run at once. Its body is checked for refused constructs during evaluation,
  // so a refusal still stops everything before anything runs. Names it assigns read, afterwards, as
  // the values it left.

  private async settle(d: Deferred): Promise<unknown> {
    await this.flush();
    return d.resolve();
  }

  private async flush(): Promise<void> {
    const live = this.live!;
    while (live.sink.length > 0) {
      const step = live.sink.shift()!;
      if (live.phase) {
        await runStep(step, live.phase, live.signal);
        continue;
      }
      const out = await step.run(live.signal);
      if (Array.isArray(out)) live.outputs.push(...out);
      else if (out) live.outputs.push(out);
    }
  }

  private deferStatement(node: SyntaxNode, scope: Scope, dep: Deferred, mark: number): void {
    // the action values its condition or iterable made are made again when it runs
    (this.live?.sink ?? this.steps).length = mark;
    this.checkRunnable(node);
    const snapshot = new Scope(scope.parent);
    for (const [k, v] of scope.vars) snapshot.vars.set(k, v);
    const span = this.span(node);
    const kind = node.name === 'ForStatement' ? 'for loop' : node.name === 'WhileStatement' ? 'while loop' : 'if statement';
    let done: Promise<PySparkOutput[]> | undefined;
    const run = (signal?: AbortSignal, phase?: RunPhase): Promise<PySparkOutput[]> => (done ??= (async () => {
      const outer = this.live;
      const live: LiveRun = { sink: [], outputs: [], ...(signal ? { signal } : {}), ...(phase ? { phase } : {}) };
      this.live = live;
      try {
        await this.exec(node, snapshot, false);
        await this.flush();
      } finally {
        this.live = outer;
      }
      return live.outputs;
    })());
    this.addStep({ span, label: `${kind} on ${dep.what}`, emit: true, runsCode: true, run });
    for (const name of assignedNames(node, this.source)) {
      scope.vars.set(name, new Deferred(`${name} after the ${kind} at line ${span.line}`, async () => {
        await run();
        return snapshot.vars.get(name);
      }));
    }
  }

  /** Refuses, during evaluation, what a deferred statement's body could never run. */
  private checkRunnable(node: SyntaxNode): void {
    const cursor = node.cursor();
    do {
      const what = UNSUPPORTED_STATEMENTS[cursor.name];
      if (what) throw unsupported(this.span(cursor.node), what, `${what} is not supported by the PySpark runner`, this.fileName);
      if (cursor.name === 'DecoratedStatement') this.execDecorated(cursor.node);
      if ((cursor.name === 'PropertyName' || cursor.name === 'VariableName') && REFUSED_NAMES.has(this.source.slice(cursor.from, cursor.to))) {
        const name = this.source.slice(cursor.from, cursor.to);
        throw unsupported(this.span(cursor.node), name, `${name} is not supported by the PySpark runner (${REFUSED_NAMES.get(name)})`, this.fileName);
      }
    } while (cursor.next() && cursor.from < node.to);
  }

  uniqueName(prefix: string): string {
    return `${prefix}${++this.names}`;
  }

  async callValue(fn: unknown, args: CallArgs): Promise<unknown> {
    if (fn instanceof PyFunction) return this.callFunction(fn, args);
    if (fn instanceof PyBuiltin) return fn.call(args);
    throw new PyOpError(`'${typeName(fn)}' object is not callable`);
  }

  span(node: SyntaxNode): SourceSpan {
    return this.lines.span(node.from, node.to);
  }

  text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  // ---- statements ----

  async run(script: SyntaxNode): Promise<void> {
    const stmts = statementsOf(script);
    for (let i = 0; i < stmts.length; i++) {
      const mark = this.steps.length;
      try {
        await this.exec(stmts[i]!, this.globals, i === stmts.length - 1);
      } catch (e) {
        if (!(e instanceof NeedsRunPhase)) throw e;
        // This statement needs an action's value (a plan built from df.count(), ...). What is left is
        // checked for refusals now and evaluated in the run phase, at its turn, with real values.
        this.steps.length = mark;
        this.deferRest(stmts.slice(i));
        return;
      }
    }
  }

  private deferRest(rest: SyntaxNode[]): void {
    for (const s of rest) this.checkRunnable(s);
    const first = rest[0]!;
    const span = this.lines.span(first.from, rest[rest.length - 1]!.to);
    this.addStep({
      span, label: `the code from line ${span.line} on`, emit: true, runsCode: true,
      run: async (signal, phase) => {
        const live: LiveRun = { sink: [], outputs: [], ...(signal ? { signal } : {}), ...(phase ? { phase } : {}) };
        this.live = live;
        try {
          for (let i = 0; i < rest.length; i++) {
            await this.exec(rest[i]!, this.globals, i === rest.length - 1);
            await this.flush();
          }
        } finally {
          this.live = undefined;
        }
        return live.outputs;
      },
    });
  }

  private async execBody(body: SyntaxNode, scope: Scope): Promise<void> {
    for (const s of statementsOf(body)) await this.exec(s, scope, false);
  }

  private async exec(node: SyntaxNode, scope: Scope, lastTopLevel: boolean): Promise<void> {
    switch (node.name) {
      case 'ExpressionStatement': return this.execExpressionStatement(node, scope, lastTopLevel);
      case 'AssignStatement': return this.execAssign(node, scope);
      case 'UpdateStatement': return this.execUpdate(node, scope);
      case 'ImportStatement': return this.execImport(node, scope);
      case 'FunctionDefinition': return this.execDef(node, scope);
      case 'DecoratedStatement': return this.execDecorated(node);
      case 'ForStatement': return this.execFor(node, scope);
      case 'WhileStatement': return this.execWhile(node, scope);
      case 'IfStatement': return this.execIf(node, scope);
      case 'StatementGroup': {
        for (const s of statementsOf(node)) await this.exec(s, scope, false);
        return;
      }
      case 'PassStatement': return;
      case 'AssertStatement': return this.execAssert(node, scope);
      case 'BreakStatement': throw new BreakSignal();
      case 'ContinueStatement': throw new ContinueSignal();
      case 'ReturnStatement': {
        const e = node.firstChild?.nextSibling;
        throw new ReturnSignal(e ? await this.evalExprList(node, scope, 1) : null);
      }
      default: {
        const what = UNSUPPORTED_STATEMENTS[node.name] ?? node.name;
        throw unsupported(this.span(node), what, `${what} is not supported by the PySpark runner`, this.fileName);
      }
    }
  }

  private async execExpressionStatement(node: SyntaxNode, scope: Scope, lastTopLevel: boolean): Promise<void> {
    const value = await this.evalExprList(node, scope, 0);
    if (value instanceof ActionValue) {
      value.step.emit = true;
    } else if (value instanceof DataFrame && lastTopLevel && scope === this.globals) {
      const span = this.span(node);
      this.addStep({ span, label: 'DataFrame', emit: true, run: () => Promise.resolve({ kind: 'dataframe', df: value, how: 'expression', span }) });
    } else if (lastTopLevel && scope === this.globals && value !== null && value !== undefined) {
      this.addStep(valueStep(this.span(node), value));
    }
  }

  private async execAssign(node: SyntaxNode, scope: Scope): Promise<void> {
    // children: target [, target]* = target... = value [, value]*  (TypeDef annotations skipped)
    const segments: SyntaxNode[][] = [[]];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'AssignOp') segments.push([]);
      else if (c.name !== 'TypeDef' && c.name !== 'Comment') segments[segments.length - 1]!.push(c);
    }
    const valueParts = segments.pop()!;
    if (segments.length === 0) return; // a bare annotation "x: int"
    const value = await this.evalParts(valueParts, scope);
    for (const target of segments) await this.assignParts(target, value, scope);
  }

  private async execUpdate(node: SyntaxNode, scope: Scope): Promise<void> {
    const target = node.firstChild!;
    const opNode = target.nextSibling!;
    const valueNode = opNode.nextSibling!;
    const op = this.text(opNode).slice(0, -1);
    const current = await this.evalExpr(target, scope);
    const rhs = await this.evalExpr(valueNode, scope);
    let result: unknown;
    if (op === '+' && current instanceof PyList) {
      current.items.push(...iterate(rhs));
      result = current;
    } else {
      result = this.guard(valueNode, () => binaryOp(op, current, rhs));
    }
    await this.assignTarget(target, result, scope);
  }

  private async assignParts(parts: SyntaxNode[], value: unknown, scope: Scope): Promise<void> {
    const targets = parts.filter((p) => p.name !== ',');
    if (targets.length === 1 && !parts.some((p) => p.name === ',')) return this.assignTarget(targets[0]!, value, scope);
    await this.unpack(targets, value, scope, parts[0]!);
  }

  private async unpack(targets: SyntaxNode[], value: unknown, scope: Scope, at: SyntaxNode): Promise<void> {
    const items = this.guard(at, () => iterate(value));
    const starAt = targets.findIndex((t) => t.name === '*');
    if (starAt >= 0) {
      // a, *rest, b = items: the starred name takes what the others leave, as a list
      const before = targets.slice(0, starAt);
      const starred = targets[starAt + 1]!;
      const after = targets.slice(starAt + 2);
      if (items.length < before.length + after.length) {
        throw evalError(this.span(at), 'unpacking', `not enough values to unpack (expected at least ${before.length + after.length}, got ${items.length})`, this.fileName);
      }
      for (let i = 0; i < before.length; i++) await this.assignTarget(before[i]!, items[i], scope);
      await this.assignTarget(starred, new PyList(items.slice(before.length, items.length - after.length)), scope);
      for (let i = 0; i < after.length; i++) await this.assignTarget(after[i]!, items[items.length - after.length + i], scope);
      return;
    }
    if (items.length !== targets.length) {
      throw evalError(this.span(at), 'unpacking',
        items.length > targets.length ? `too many values to unpack (expected ${targets.length})`
          : `not enough values to unpack (expected ${targets.length}, got ${items.length})`, this.fileName);
    }
    for (let i = 0; i < targets.length; i++) await this.assignTarget(targets[i]!, items[i], scope);
  }

  private async assignTarget(target: SyntaxNode, value: unknown, scope: Scope): Promise<void> {
    switch (target.name) {
      case 'VariableName':
        scope.vars.set(this.text(target), value);
        return;
      case 'TupleExpression':
      case 'ArrayExpression': {
        const inner = childrenOf(target).filter((c) => !['(', ')', '[', ']', ','].includes(c.name));
        return this.unpack(inner, value, scope, target);
      }
      case 'ParenthesizedExpression':
        return this.assignTarget(target.firstChild!.nextSibling!, value, scope);
      case 'MemberExpression': {
        const obj = await this.evalExpr(target.firstChild!, scope);
        const open = target.firstChild!.nextSibling!;
        if (open.name === '[') {
          const key = await this.evalSubscript(target, scope);
          this.guard(target, () => setItem(obj, key, value));
          return;
        }
        throw unsupported(this.span(target), 'attribute assignment', 'assigning to an attribute is not supported by the PySpark runner', this.fileName);
      }
      default:
        throw unsupported(this.span(target), 'assignment target', `cannot assign to ${this.text(target)}`, this.fileName);
    }
  }

  private async execImport(node: SyntaxNode, scope: Scope): Promise<void> {
    const kids = childrenOf(node);
    const span = this.span(node);
    if (kids[0]?.name === 'from') {
      const importAt = kids.findIndex((k) => k.name === 'import');
      const moduleName = kids.slice(1, importAt).map((k) => this.text(k)).join('');
      const names = kids.slice(importAt + 1).filter((k) => k.name !== '(' && k.name !== ')');
      if (names.length === 1 && names[0]!.name === '*') {
        const mod = this.importOrRefuse(moduleName, kids[1]!);
        for (const [k, v] of mod.attrs) if (!k.startsWith('_')) scope.vars.set(k, v);
        // a module whose names are open-ended (pyspark.sql.functions: any Spark function) answers
        // names no assignment defines; in Python it also shadows builtins such as sum, max and round
        if (mod.fallback) this.starModules.push(mod);
        return;
      }
      for (let i = 0; i < names.length; i++) {
        const n = names[i]!;
        if (n.name !== 'VariableName') continue;
        const name = this.text(n);
        let alias = name;
        if (names[i + 1]?.name === 'as') { alias = this.text(names[i + 2]!); i += 2; }
        const value = importFrom(moduleName, name, this, this.lines.span(n.from, n.to));
        if (value === undefined) {
          throw unsupported(this.lines.span(n.from, n.to), `from ${moduleName} import ${name}`,
            `'${name}' from '${moduleName}' is not supported by the PySpark runner (only pyspark.sql, datetime and decimal names are)`, this.fileName);
        }
        if (value instanceof PySparkError) throw value;
        scope.vars.set(alias, value);
      }
      void span;
      return;
    }
    // import a.b.c [as x], d
    let i = 1;
    while (i < kids.length) {
      const start = i;
      const parts: string[] = [];
      while (i < kids.length && (kids[i]!.name === 'VariableName' || kids[i]!.name === '.')) {
        if (kids[i]!.name === 'VariableName') parts.push(this.text(kids[i]!));
        i++;
      }
      const dotted = parts.join('.');
      const mod = this.importOrRefuse(dotted, kids[start]!);
      if (kids[i]?.name === 'as') {
        scope.vars.set(this.text(kids[i + 1]!), mod);
        i += 2;
      } else {
        // "import pyspark.sql.functions" binds the top package, through which the rest is reached
        scope.vars.set(parts[0]!, this.importOrRefuse(parts[0]!, kids[start]!));
      }
      if (kids[i]?.name === ',') i++;
    }
  }

  private importOrRefuse(moduleName: string, at: SyntaxNode): PyModule {
    const mod = importModule(moduleName, this);
    if (!mod) {
      throw unsupported(this.lines.span(at.from, at.to), `import ${moduleName}`,
        `module '${moduleName}' is not supported by the PySpark runner (it runs pyspark.sql code only, with datetime and decimal)`, this.fileName);
    }
    return mod;
  }

  private async execDef(node: SyntaxNode, scope: Scope): Promise<void> {
    const kids = childrenOf(node);
    if (kids[0]?.name === 'async') {
      throw unsupported(this.span(node), 'async def', 'async functions are not supported by the PySpark runner', this.fileName);
    }
    const nameNode = kids.find((k) => k.name === 'VariableName')!;
    const paramList = kids.find((k) => k.name === 'ParamList')!;
    const body = kids.find((k) => k.name === 'Body')!;
    const name = this.text(nameNode);
    // defaults are evaluated at definition time, as in Python
    const params = await this.paramsOf(paramList, scope);
    scope.vars.set(name, new PyFunction(name, params, body, false, scope));
  }

  private execDecorated(node: SyntaxNode): never {
    const deco = node.firstChild!;
    const text = this.text(deco).replace(/^@/, '').trim();
    const name = /^[\w.]+/.exec(text)?.[0] ?? text;
    const last = name.split('.').pop()!;
    if (last === 'udf' || last === 'pandas_udf' || last === 'udtf') {
      throw unsupported(this.span(deco), last, `Python UDFs (@${name}) cannot run without Python; write the logic with pyspark.sql.functions instead`, this.fileName);
    }
    throw unsupported(this.span(deco), `@${name}`, `decorators (@${name}) are not supported by the PySpark runner`, this.fileName);
  }

  private async paramsOf(list: SyntaxNode, scope: Scope): Promise<Param[]> {
    const params: Param[] = [];
    const kids = childrenOf(list).filter((k) => k.name !== '(' && k.name !== ')' && k.name !== ',');
    let kind: Param['kind'] = 'plain';
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      if (k.name === '*') {
        // a bare `*` ends the positional parameters: the ones after it are keyword-only
        const next = k.nextSibling?.name;
        if (next === ',' || next === ')') params.push({ name: '', kind: 'star', hasDefault: false });
        else kind = 'star';
        continue;
      }
      if (k.name === '**') { kind = 'starstar'; continue; }
      if (k.name === 'VariableName') {
        const p: Param = { name: this.text(k), kind, hasDefault: false };
        if (kids[i + 1]?.name === 'TypeDef') i++;
        if (kids[i + 1]?.name === 'AssignOp') {
          p.default = await this.evalExpr(kids[i + 2]!, scope);
          p.hasDefault = true;
          i += 2;
        }
        params.push(p);
        kind = 'plain';
      }
    }
    return params;
  }

  private async execFor(node: SyntaxNode, scope: Scope): Promise<void> {
    const kids = childrenOf(node);
    const inAt = kids.findIndex((k) => k.name === 'in');
    const targets = kids.slice(1, inAt);
    const body = kids.find((k) => k.name === 'Body')!;
    const iterParts = kids.slice(inAt + 1, kids.indexOf(body));
    const mark = this.sinkLength();
    let iterable = await this.evalParts(iterParts, scope);
    if (iterable instanceof Deferred) {
      if (!this.live) return this.deferStatement(node, scope, iterable, mark);
      iterable = await this.settle(iterable);
    }
    const items = this.guard(iterParts[0]!, () => iterate(iterable));
    const elseBody = kids[kids.indexOf(body) + 2];
    let broke = false;
    let n = 0;
    for (const item of items) {
      if (++n > MAX_LOOP_ITERATIONS) throw evalError(this.span(node), 'for loop', 'loop runs too many iterations', this.fileName);
      await this.assignParts(targets, item, scope);
      try {
        await this.execBody(body, scope);
      } catch (e) {
        if (e instanceof BreakSignal) { broke = true; break; }
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
    if (!broke && elseBody?.name === 'Body') await this.execBody(elseBody, scope);
  }

  /**
   * while cond: over values the runner knows, at most MAX_WHILE_ITERATIONS times (then an error, not a
   * hang). A condition on an action's value (`while df.count() < n`) makes the loop run in the run phase.
   */
  private async execWhile(node: SyntaxNode, scope: Scope): Promise<void> {
    const kids = childrenOf(node);
    const cond = kids[1]!;
    const body = kids.find((k) => k.name === 'Body')!;
    const elseBody = kids[kids.indexOf(body) + 2];
    let n = 0;
    for (;;) {
      const mark = this.sinkLength();
      let v = await this.evalExpr(cond, scope);
      if (v instanceof Deferred) {
        if (!this.live) {
          if (n === 0) return this.deferStatement(node, scope, v, mark);
          throw evalError(this.span(cond), 'while loop', `the condition needs ${v.what}, which the loop itself computes; the runner cannot run this loop`, this.fileName);
        }
        v = await this.settle(v);
      }
      if (!this.guard(cond, () => truthy(v))) break;
      if (++n > MAX_WHILE_ITERATIONS) {
        throw evalError(this.span(node), 'while loop', `while loop still running after ${MAX_WHILE_ITERATIONS} iterations: the runner stops loops there`, this.fileName);
      }
      try {
        await this.execBody(body, scope);
      } catch (e) {
        if (e instanceof BreakSignal) return;
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
    if (elseBody?.name === 'Body') await this.execBody(elseBody, scope);
  }

  /** assert cond[, msg]: checked now, or in the run phase when it depends on an action's value. */
  private async execAssert(node: SyntaxNode, scope: Scope): Promise<void> {
    const kids = childrenOf(node).filter((k) => k.name !== 'assert' && k.name !== ',' && k.name !== 'Comment');
    const cond = await this.evalExpr(kids[0]!, scope);
    const msg = kids[1] ? await this.evalExpr(kids[1], scope) : undefined;
    const span = this.span(node);
    const check = async (c: unknown): Promise<void> => {
      const ok = truthy(c instanceof Deferred ? await c.resolve() : c);
      if (!ok) {
        const m = msg instanceof Deferred ? await msg.resolve() : msg;
        throw evalError(span, 'assert', `AssertionError${m === undefined ? '' : `: ${strOf(m)}`}`, this.fileName);
      }
    };
    if (cond instanceof Deferred) {
      this.addStep({ span, label: 'assert', emit: false, run: async () => { await check(cond); return undefined; } });
      return;
    }
    await this.guardAsync(kids[0]!, () => check(cond));
  }

  private async execIf(node: SyntaxNode, scope: Scope): Promise<void> {
    const kids = childrenOf(node);
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      if (k.name === 'if' || k.name === 'elif') {
        const cond = kids[i + 1]!;
        const mark = this.sinkLength();
        let v = await this.evalExpr(cond, scope);
        if (v instanceof Deferred) {
          if (!this.live) return this.deferStatement(node, scope, v, mark);
          v = await this.settle(v);
        }
        if (this.guard(cond, () => truthy(v))) return this.execBody(kids[i + 2]!, scope);
        i += 2;
      } else if (k.name === 'else') {
        return this.execBody(kids[i + 1]!, scope);
      }
    }
  }

  // ---- functions ----

  private async callFunction(fn: PyFunction, args: CallArgs): Promise<unknown> {
    if (++this.depth > MAX_CALL_DEPTH) {
      this.depth = 0;
      throw evalError(args.span, fn.name, 'maximum recursion depth exceeded', this.fileName);
    }
    try {
      const local = new Scope(fn.closure);
      try {
        bindParams(fn, args, local);
      } catch (e) {
        // wrong arguments to a helper the code defines: an error at the call, as Python's TypeError
        if (e instanceof PyOpError) throw evalError(args.span, `${fn.name}()`, e.message, this.fileName);
        throw e;
      }
      if (fn.isLambda) return await this.evalExpr(fn.body, local);
      try {
        await this.execBody(fn.body, local);
      } catch (e) {
        if (e instanceof ReturnSignal) return e.value;
        throw e;
      }
      return null;
    } finally {
      this.depth--;
    }
  }

  // ---- expressions ----

  /** Evaluates the expression children of `node` from index `skip`; commas make a tuple. */
  private async evalExprList(node: SyntaxNode, scope: Scope, skip: number): Promise<unknown> {
    return this.evalParts(childrenOf(node).slice(skip), scope);
  }

  private async evalParts(parts: SyntaxNode[], scope: Scope): Promise<unknown> {
    const exprs = parts.filter((p) => p.name !== 'Comment');
    if (exprs.length === 1) return this.evalExpr(exprs[0]!, scope);
    return new PyTuple(await this.evalItems(exprs, scope));
  }

  /** Items of a list/tuple/set display (with *spread). */
  private async evalItems(parts: SyntaxNode[], scope: Scope): Promise<unknown[]> {
    const out: unknown[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === ',' || p.name === 'Comment') continue;
      if (p.name === '*') {
        const v = await this.evalExpr(parts[++i]!, scope);
        out.push(...this.guard(p, () => iterate(v)));
        continue;
      }
      const v = this.evalExpr(p, scope);
      out.push(v instanceof Promise ? await v : v);
    }
    return out;
  }

  /**
   * A value, or a promise of one. Leaves and attribute lookups answer synchronously, which keeps
   * evaluation cheap (most nodes are leaves); only calls and what contains them are asynchronous.
   */
  evalExpr(node: SyntaxNode, scope: Scope): unknown {
    switch (node.name) {
      case 'Number': return this.evalNumber(node);
      case 'String': return this.evalString(node);
      case 'Boolean': return this.text(node) === 'True';
      case 'None': return null;
      case 'Ellipsis': return null;
      case 'VariableName': return this.lookup(node, scope);
      case 'MemberExpression': return this.evalMember(node, scope);
      // the most frequent compound nodes answer their own value or promise: evalCompound's async
      // wrapper around a promise would cost a promise and three microtask turns per node
      case 'CallExpression': return this.evalCall(node, scope);
      case 'BinaryExpression': return this.evalBinary(node, scope);
      case 'ParenthesizedExpression': return this.evalExpr(innerOf(node), scope);
      default: return this.evalCompound(node, scope);
    }
  }

  private async evalCompound(node: SyntaxNode, scope: Scope): Promise<unknown> {
    switch (node.name) {
      case 'FormatString': return this.evalFString(node, scope);
      case 'ContinuedString': return this.evalContinuedString(node, scope);
      case 'ParenthesizedExpression': return this.evalExpr(innerOf(node), scope);
      case 'TupleExpression': return new PyTuple(await this.evalItems(innerParts(node), scope));
      case 'ArrayExpression': return new PyList(await this.evalItems(innerParts(node), scope));
      case 'SetExpression': return PySet.of(await this.evalItems(innerParts(node), scope));
      case 'DictionaryExpression': return this.evalDict(node, scope);
      case 'ArrayComprehensionExpression': return this.comprehension(node, scope, 'list');
      case 'SetComprehensionExpression': return this.comprehension(node, scope, 'set');
      case 'ComprehensionExpression': return this.comprehension(node, scope, 'list');
      case 'DictionaryComprehensionExpression': return this.comprehension(node, scope, 'dict');
      case 'CallExpression': return this.evalCall(node, scope);
      case 'UnaryExpression': return this.evalUnary(node, scope);
      case 'BinaryExpression': return this.evalBinary(node, scope);
      case 'ConditionalExpression': {
        const [a, , cond, , b] = childrenOf(node);
        const c = await this.evalExpr(cond!, scope);
        return this.guard(cond!, () => truthy(c)) ? this.evalExpr(a!, scope) : this.evalExpr(b!, scope);
      }
      case 'LambdaExpression': {
        const kids = childrenOf(node);
        const paramList = kids.find((k) => k.name === 'ParamList');
        const body = kids[kids.length - 1]!;
        const params = paramList ? await this.paramsOf(paramList, scope) : [];
        return new PyFunction('<lambda>', params, body, true, scope);
      }
      case 'AwaitExpression': case 'YieldExpression':
        throw unsupported(this.span(node), node.name === 'AwaitExpression' ? 'await' : 'yield', `${this.text(node).split(/\s/)[0]} is not supported by the PySpark runner`, this.fileName);
      case 'NamedExpression':
        throw unsupported(this.span(node), ':=', 'assignment expressions (:=) are not supported by the PySpark runner', this.fileName);
      default:
        if (node.type.isError) throw syntaxErrorAt(this, node);
        throw unsupported(this.span(node), node.name, `${this.text(node).slice(0, 40)} is not supported by the PySpark runner`, this.fileName);
    }
  }

  private evalNumber(node: SyntaxNode): unknown {
    const n = parseNumber(this.text(node));
    if (n.kind === 'complex') {
      throw unsupported(this.span(node), 'complex number', 'complex numbers have no Spark type', this.fileName);
    }
    return n.value;
  }

  private evalString(node: SyntaxNode): unknown {
    const d = decodeStringLiteral(this.text(node), (name) => this.unknownCharacterName(node, name));
    if (d.kind === 'bytes') return d.bytes;
    this.sourceMap.recordLiteral(d.text, [node], this.source);
    return d.text;
  }

  private unknownCharacterName(node: SyntaxNode, name: string): never {
    throw unsupported(this.span(node), '\\N{...}', `\\N{${name}} names a character outside the runner's Unicode name table; write the character itself or its \\u escape`, this.fileName);
  }

  private async evalContinuedString(node: SyntaxNode, scope: Scope): Promise<unknown> {
    const parts: unknown[] = [];
    for (const c of childrenOf(node)) {
      if (c.name === 'Comment') continue;
      parts.push(c.name === 'FormatString' ? await this.evalFString(c, scope) : this.evalString(c));
    }
    if (parts.some((p) => p instanceof Deferred)) {
      return new Deferred('a formatted string', async () => {
        const resolved = await Promise.all(parts.map((p) => (p instanceof Deferred ? p.resolve() : p)));
        return resolved.join('');
      });
    }
    if (parts.every((p) => p instanceof Uint8Array)) return new Uint8Array(parts.flatMap((p) => [...(p as Uint8Array)]));
    if (parts.some((p) => typeof p !== 'string')) throw evalError(this.span(node), 'string', 'cannot mix bytes and str literals', this.fileName);
    const text = parts.join('');
    const pieces = childrenOf(node).filter((c) => c.name !== 'Comment');
    if (pieces.every((c) => c.name === 'String')) this.sourceMap.recordLiteral(text, pieces, this.source);
    return text;
  }

  private async evalFString(node: SyntaxNode, scope: Scope): Promise<unknown> {
    const raw = this.text(node);
    const { prefix, quote } = splitStringLiteral(raw);
    const isRaw = prefix.includes('r');
    const bodyStart = node.from + prefix.length + quote.length;
    const bodyEnd = node.to - quote.length;
    const literal = (from: number, to: number): string => {
      const t = this.source.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      return isRaw ? t : unescape(t, false, (name) => this.unknownCharacterName(node, name));
    };
    const pieces: Array<string | (() => Promise<string>)> = [];
    let pos = bodyStart;
    let deferred = false;
    for (const rep of childrenOf(node)) {
      if (rep.name !== 'FormatReplacement') continue;
      pieces.push(literal(pos, rep.from));
      pos = rep.to;
      const kids = childrenOf(rep).filter((k) => k.name !== '{' && k.name !== '}');
      const exprNode = kids[0]!;
      const conv = kids.find((k) => k.name === 'FormatConversion');
      const spec = kids.find((k) => k.name === 'FormatSpec');
      const selfDoc = this.source.slice(exprNode.to, (conv ?? spec)?.from ?? rep.to - 1).trim() === '=';
      const value = await this.evalExpr(exprNode, scope);
      const specText = spec ? this.text(spec).slice(1) : '';
      const convText = conv ? this.text(conv).slice(1) : selfDoc && !spec ? 'r' : '';
      const label = selfDoc ? this.source.slice(rep.from + 1, exprNode.to) + '=' : '';
      const fmt = (v: unknown): string => label + this.guard(spec ?? exprNode, () => formatValue(convText === 'r' ? reprOf(v) : convText === 's' ? strOf(v) : v, specText));
      if (value instanceof Deferred) {
        deferred = true;
        pieces.push(async () => fmt(await value.resolve()));
      } else {
        pieces.push(fmt(value));
      }
    }
    pieces.push(literal(pos, bodyEnd));
    if (!deferred) return (pieces as string[]).join('');
    return new Deferred('a formatted string', async () => {
      const out: string[] = [];
      for (const p of pieces) out.push(typeof p === 'string' ? p : await p());
      return out.join('');
    });
  }

  private lookup(node: SyntaxNode, scope: Scope): unknown {
    const name = this.text(node);
    const r = scope.lookup(name);
    if (r.found) return this.live && r.value instanceof Deferred ? this.settle(r.value) : r.value;
    for (const m of this.starModules) if (SHADOWED_BUILTINS.has(name)) return m.get(name);
    const b = builtins(this).get(name);
    if (b !== undefined) return b;
    if (name === 'spark' || name === 'sc' || name === 'sqlContext') {
      if (name === 'spark') return this.session;
      throw unsupported(this.span(node), name, `${name} (SparkContext / RDD API) is not available through Spark Connect`, this.fileName);
    }
    if (/^[a-z][a-z0-9_]*$/.test(name)) for (const m of this.starModules) return m.get(name);
    throw evalError(this.span(node), name, `name '${name}' is not defined`, this.fileName);
  }

  private async evalDict(node: SyntaxNode, scope: Scope): Promise<PyDict> {
    const d = new PyDict();
    const parts = innerParts(node).filter((p) => p.name !== ',' && p.name !== 'Comment');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === '**') {
        const v = await this.evalExpr(parts[++i]!, scope);
        if (!(v instanceof PyDict)) throw evalError(this.span(parts[i]!), '**', `'${typeName(v)}' object is not a mapping`, this.fileName);
        for (const [k, x] of v.pairs()) d.set(k, x);
        continue;
      }
      const k = await this.evalExpr(p, scope);
      // parts[i + 1] is ":"
      const v = await this.evalExpr(parts[i + 2]!, scope);
      d.set(k, v);
      i += 2;
    }
    return d;
  }

  /** [elt for targets in iter if cond for ...] and {k: v for ...}: one new scope, as in Python 3. */
  private async comprehension(node: SyntaxNode, scope: Scope, kind: 'list' | 'set' | 'dict'): Promise<unknown> {
    const parts = innerParts(node).filter((p) => p.name !== 'Comment');
    const forAt = parts.findIndex((p) => p.name === 'for');
    const head = parts.slice(0, forAt);
    const clauses: Array<{ kind: 'for'; targets: SyntaxNode[]; iter: SyntaxNode[] } | { kind: 'if'; cond: SyntaxNode }> = [];
    for (let i = forAt; i < parts.length;) {
      const p = parts[i]!;
      if (p.name === 'for') {
        const inAt = parts.findIndex((q, j) => j > i && q.name === 'in');
        let end = inAt + 1;
        while (end < parts.length && parts[end]!.name !== 'for' && parts[end]!.name !== 'if') end++;
        clauses.push({ kind: 'for', targets: parts.slice(i + 1, inAt), iter: parts.slice(inAt + 1, end) });
        i = end;
      } else if (p.name === 'if') {
        clauses.push({ kind: 'if', cond: parts[i + 1]! });
        i += 2;
      } else if (p.name === 'async') {
        throw unsupported(this.span(p), 'async for', 'async comprehensions are not supported', this.fileName);
      } else i++;
    }
    const first = clauses[0] as { kind: 'for'; targets: SyntaxNode[]; iter: SyntaxNode[] };
    const firstIterable = await this.evalParts(first.iter, scope);
    if (firstIterable instanceof Deferred && !this.live) {
      // [r.name for r in df.collect()]: built in the run phase, from the variables as they are here
      this.checkRunnable(node);
      const snapshot = new Scope(scope.parent);
      for (const [k, v] of scope.vars) snapshot.vars.set(k, v);
      return new Deferred(`a ${kind} built from ${firstIterable.what}`, async () =>
        this.runComprehension(node, head, clauses, snapshot, kind, await firstIterable.resolve()));
    }
    const items = firstIterable instanceof Deferred ? await this.settle(firstIterable) : firstIterable;
    return this.runComprehension(node, head, clauses, scope, kind, items);
  }

  private async runComprehension(node: SyntaxNode, head: SyntaxNode[],
    clauses: Array<{ kind: 'for'; targets: SyntaxNode[]; iter: SyntaxNode[] } | { kind: 'if'; cond: SyntaxNode }>,
    scope: Scope, kind: 'list' | 'set' | 'dict', firstItems: unknown): Promise<unknown> {
    const local = new Scope(scope);
    const list: unknown[] = [];
    const dict = new PyDict();
    const loop = async (ci: number): Promise<void> => {
      if (ci === clauses.length) {
        if (kind === 'dict') {
          const k = await this.evalExpr(head[0]!, local);
          dict.set(k, await this.evalExpr(head[2]!, local));
        } else list.push(await this.evalExpr(head[0]!, local));
        return;
      }
      const c = clauses[ci]!;
      if (c.kind === 'if') {
        const v = await this.evalExpr(c.cond, local);
        if (this.guard(c.cond, () => truthy(v))) await loop(ci + 1);
        return;
      }
      const iterable = ci === 0 ? firstItems : await this.evalParts(c.iter, local);
      const items = this.guard(c.iter[0]!, () => iterate(iterable));
      if (items.length > MAX_LOOP_ITERATIONS) throw evalError(this.span(node), 'comprehension', 'comprehension runs too many iterations', this.fileName);
      for (const item of items) {
        await this.assignParts(c.targets, item, local);
        await loop(ci + 1);
      }
    };
    await loop(0);
    return kind === 'dict' ? dict : kind === 'set' ? PySet.of(list) : new PyList(list);
  }

  private evalMember(node: SyntaxNode, scope: Scope): unknown {
    const objNode = node.firstChild!;
    const obj = this.evalExpr(objNode, scope);
    if (obj instanceof Promise) return obj.then((o: unknown) => this.memberOf(node, objNode, o, scope));
    return this.memberOf(node, objNode, obj, scope);
  }

  private memberOf(node: SyntaxNode, objNode: SyntaxNode, obj: unknown, scope: Scope): unknown {
    const op = objNode.nextSibling!;
    if (op.name === '[') {
      return this.evalSubscript(node, scope).then((key) => this.guard(node, () => subscript(obj, key)));
    }
    let prop = op.nextSibling;
    while (prop && prop.name === 'Comment') prop = prop.nextSibling;
    if (!prop) throw syntaxErrorAt(this, node);
    const name = this.text(prop);
    const at = prop;
    const v = this.guard(at, () => getAttribute(obj, name, this.lines.span(at.from, at.to), this));
    if (v instanceof Promise) return v.catch((e: unknown) => { throw this.wrap(e, at); });
    return v;
  }

  /** The key of x[...]: one expression, a slice, or a tuple of them. */
  private async evalSubscript(node: SyntaxNode, scope: Scope): Promise<unknown> {
    const kids = childrenOf(node);
    const open = kids.findIndex((k) => k.name === '[');
    const inner = kids.slice(open + 1, kids.length - 1).filter((k) => k.name !== 'Comment');
    const groups: SyntaxNode[][] = [[]];
    for (const k of inner) {
      if (k.name === ',') groups.push([]);
      else groups[groups.length - 1]!.push(k);
    }
    if (groups[groups.length - 1]!.length === 0 && groups.length > 1) groups.pop();
    const keys: unknown[] = [];
    for (const g of groups) {
      if (g.some((k) => k.name === ':')) {
        const slots: Array<SyntaxNode | undefined> = [undefined, undefined, undefined];
        let slot = 0;
        for (const k of g) {
          if (k.name === ':') slot++;
          else slots[slot] = k;
        }
        const ev = async (n?: SyntaxNode) => (n ? this.evalExpr(n, scope) : null);
        keys.push(new PySlice(await ev(slots[0]), await ev(slots[1]), await ev(slots[2])));
      } else if (g.length === 1) {
        keys.push(await this.evalExpr(g[0]!, scope));
      } else if (g.length === 2 && g[0]!.name === '*') {
        keys.push(...iterate(await this.evalExpr(g[1]!, scope)));
      }
    }
    return keys.length === 1 && groups.length === 1 ? keys[0] : new PyTuple(keys);
  }

  /**
   * A call's value, or a promise of it. Most calls (F.col("x"), df.filter(...)) have synchronous
   * callees and arguments and answer synchronously, which spares an async frame and its promises.
   */
  private evalCall(node: SyntaxNode, scope: Scope): unknown {
    const calleeNode = node.firstChild!;
    const argList = node.lastChild!;
    const callee = this.evalExpr(calleeNode, scope);
    if (callee instanceof Promise) return callee.then((c: unknown) => this.callWithArgs(node, calleeNode, c, argList, scope));
    return this.callWithArgs(node, calleeNode, callee, argList, scope);
  }

  private callWithArgs(node: SyntaxNode, calleeNode: SyntaxNode, callee: unknown, argList: SyntaxNode, scope: Scope): unknown {
    const args = this.evalArgs(argList, scope, node);
    if (args instanceof Promise) return args.then((a: CallArgs) => this.applyCall(node, calleeNode, callee, a));
    return this.applyCall(node, calleeNode, callee, args);
  }

  private applyCall(node: SyntaxNode, calleeNode: SyntaxNode, callee: unknown, args: CallArgs): unknown {
    if (callee instanceof PyFunction) return this.callFunction(callee, args);
    if (callee instanceof Deferred) {
      return new Deferred(callee.what, async () => this.callValue(await callee.resolve(), args));
    }
    if (callee instanceof PyBuiltin) {
      const at = calleeNode.lastChild ?? calleeNode;
      let r: unknown;
      try {
        r = callee.call(args);
      } catch (e) {
        throw this.wrap(e, at, node);
      }
      if (r instanceof Promise) {
        return r.then((v: unknown) => { this.withOrigin(v, callee.name, at); return v; }, (e: unknown) => { throw this.wrap(e, at, node); });
      }
      this.withOrigin(r, callee.name, at);
      return r;
    }
    if (callee instanceof Column && calleeNode.name === 'MemberExpression' && calleeNode.lastChild?.name === 'PropertyName') {
      // df.someMethod(...) / col.someMethod(...): an attribute we do not know reads as a column or
      // field, as in PySpark; called, it is a method the runner does not have
      const prop = calleeNode.lastChild;
      const name = this.text(prop);
      throw unsupported(this.span(prop), `${name}()`, `${name}() is not a DataFrame or Column method the PySpark runner supports`, this.fileName);
    }
    throw evalError(this.span(calleeNode), this.text(calleeNode), `'${typeName(callee)}' object is not callable`, this.fileName);
  }

  /** The arguments of a call, synchronously when every argument's value is synchronous. */
  private evalArgs(argList: SyntaxNode, scope: Scope, call: SyntaxNode): CallArgs | Promise<CallArgs> {
    const kids: SyntaxNode[] = [];
    let generator = false;
    for (let c = argList.firstChild; c; c = c.nextSibling) {
      const name = c.name;
      if (name === '(' || name === ')' || name === 'Comment') continue;
      if (name === 'for') generator = true;
      kids.push(c);
    }
    const args: CallArgs = { pos: [], kw: new Map(), span: this.span(call) };
    // a bare generator argument: f(x for x in y)
    if (generator) return this.comprehension(argList, scope, 'list').then((v) => { args.pos.push(v); return args; });
    for (let i = 0; i < kids.length;) {
      const next = this.evalArg(kids, i, args, scope);
      if (typeof next !== 'number') return this.evalArgsAsync(kids, next, args, scope);
      i = next;
    }
    return args;
  }

  private async evalArgsAsync(kids: SyntaxNode[], pending: Promise<number>, args: CallArgs, scope: Scope): Promise<CallArgs> {
    for (let i = await pending; i < kids.length;) {
      const next = this.evalArg(kids, i, args, scope);
      i = typeof next === 'number' ? next : await next;
    }
    return args;
  }

  /** Adds the argument at kids[i] to `args`; the index of the next one, or a promise of it. */
  private evalArg(kids: SyntaxNode[], i: number, args: CallArgs, scope: Scope): number | Promise<number> {
    const k = kids[i]!;
    if (k.name === ',') return i + 1;
    if (k.name === '*') {
      return then(this.evalExpr(kids[i + 1]!, scope), (v) => {
        args.pos.push(...this.guard(kids[i + 1]!, () => iterate(v)));
        return i + 2;
      });
    }
    if (k.name === '**') {
      return then(this.evalExpr(kids[i + 1]!, scope), (v) => {
        if (!(v instanceof PyDict)) throw evalError(this.span(kids[i + 1]!), '**', `argument after ** must be a mapping, not ${typeName(v)}`, this.fileName);
        for (const [key, x] of v.pairs()) args.kw.set(strOf(key), x);
        return i + 2;
      });
    }
    if (k.name === 'VariableName' && kids[i + 1]?.name === 'AssignOp') {
      return then(this.evalExpr(kids[i + 2]!, scope), (v) => {
        args.kw.set(this.text(k), v);
        return i + 3;
      });
    }
    return then(this.evalExpr(k, scope), (v) => {
      if (this.live && v instanceof Deferred) return this.settle(v).then((x) => { args.pos.push(x); return i + 1; });
      args.pos.push(v);
      return i + 1;
    });
  }

  private async evalUnary(node: SyntaxNode, scope: Scope): Promise<unknown> {
    const opNode = node.firstChild!;
    const operand = opNode.nextSibling!;
    const v = await this.evalExpr(operand, scope);
    const op = this.text(opNode);
    return this.guard(node, () => unaryOp(op, v));
  }

  /** a + b, a & b, a == b ...: synchronous when both operands are; and/or and chained comparisons wait. */
  private evalBinary(node: SyntaxNode, scope: Scope): unknown {
    const kids = childrenOf(node).filter((k) => k.name !== 'Comment');
    const left = kids[0]!;
    const right = kids[kids.length - 1]!;
    const opText = kids.length === 3 ? this.text(kids[1]!) : kids.slice(1, -1).map((k) => this.text(k)).join(' ');
    if (opText === 'and' || opText === 'or' || (isComparison(opText) && left.name === 'BinaryExpression' && isComparison(this.opOf(left)))) {
      return this.evalShortCircuit(node, scope, left, right, opText);
    }
    return then(this.evalExpr(left, scope), (a) => then(this.evalExpr(right, scope), (b) => {
      const r = this.guard(node, () => compareOp(opText, a, b));
      this.withOrigin(r, opText, node);
      return r;
    }));
  }

  private async evalShortCircuit(node: SyntaxNode, scope: Scope, left: SyntaxNode, right: SyntaxNode, opText: string): Promise<unknown> {
    if (opText === 'and' || opText === 'or') {
      const a = await this.evalExpr(left, scope);
      const t = this.guard(left, () => truthy(a));
      if (opText === 'and' ? !t : t) return a;
      return this.evalExpr(right, scope);
    }
    // Python chains comparisons: a < b < c means a < b and b < c
    const first = await this.evalExpr(left, scope);
    if (!this.guard(left, () => truthy(first))) return first;
    const mid = await this.evalExpr(lastOperand(left), scope);
    const r = await this.evalExpr(right, scope);
    return this.guard(node, () => compareOp(opText, mid, r));
  }

  /** Spark 4.x reports a DataFrame error with the origin's call site; source-map.ts reads it back. */
  private withOrigin(v: unknown, fragment: string, at: SyntaxNode): void {
    if (!(v instanceof Column) || v.expr.common) return;
    const site = this.lines.span(at.from, at.to);
    v.expr.common = { origin: { pythonOrigin: { fragment, callSite: `${this.fileName ?? '<selection>'}:${site.line}:${site.column}` } } };
  }

  private opOf(node: SyntaxNode): string {
    const kids = childrenOf(node).filter((k) => k.name !== 'Comment');
    return kids.slice(1, -1).map((k) => this.text(k)).join(' ');
  }

  // ---- errors ----

  /** Runs `f`, turning Python-level errors into PySparkErrors at `node`. */
  guard<T>(node: SyntaxNode, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw this.wrap(e, node);
    }
  }

  async guardAsync<T>(node: SyntaxNode, f: () => T | Promise<T>, construct?: SyntaxNode): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw this.wrap(e, node, construct);
    }
  }

  private wrap(e: unknown, node: SyntaxNode, construct?: SyntaxNode): unknown {
    if (e instanceof PySparkError || e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof ReturnSignal) return e;
    if (e instanceof NeedsRunPhase) {
      return this.live ? evalError(this.span(node), e.what, `${e.message}, and the runner cannot use it here`, this.fileName) : e;
    }
    const span = this.span(node);
    const what = this.text(construct ?? node).split('(')[0]!.slice(0, 60);
    if (e instanceof PyOpError || e instanceof LiteralError || e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError) {
      return evalError(span, what, e.message, this.fileName);
    }
    if (e instanceof Error) return e; // a server error while answering df.columns and such: left as is
    return evalError(span, what, String(e), this.fileName);
  }
}

function compareOp(op: string, a: unknown, b: unknown): unknown {
  switch (op) {
    case 'in': return contains(b, a);
    case 'not in': return !contains(b, a);
    case 'is': return isSame(a, b);
    case 'is not': return !isSame(a, b);
    case '<>': return binaryOp('!=', a, b);
    default: return binaryOp(op, a, b);
  }
}

function isComparison(op: string): boolean {
  return ['<', '>', '<=', '>=', '==', '!=', 'in', 'not in', 'is', 'is not'].includes(op);
}

function lastOperand(node: SyntaxNode): SyntaxNode {
  let n = node.lastChild!;
  while (n.name === 'Comment') n = n.prevSibling!;
  return n;
}

function bindParams(fn: PyFunction, args: CallArgs, local: Scope): void {
  const plain = fn.params.filter((p) => p.kind === 'plain');
  const star = fn.params.find((p) => p.kind === 'star');
  const starstar = fn.params.find((p) => p.kind === 'starstar');
  const starAt = star ? fn.params.indexOf(star) : fn.params.length;
  const positional = fn.params.filter((p, i) => p.kind === 'plain' && i < starAt);
  let i = 0;
  for (const p of positional) if (i < args.pos.length) local.vars.set(p.name, args.pos[i++]);
  // a nameless star is a bare `*` (keyword-only parameters follow): it takes no arguments
  if (i < args.pos.length) {
    if (!star?.name) throw new PyOpError(`${fn.name}() takes ${positional.length} positional arguments but ${args.pos.length} were given`);
    local.vars.set(star.name, new PyTuple(args.pos.slice(i)));
  } else if (star?.name) local.vars.set(star.name, new PyTuple([]));
  const extra = new PyDict();
  for (const [k, v] of args.kw) {
    if (plain.some((p) => p.name === k)) local.vars.set(k, v);
    else if (starstar) extra.set(k, v);
    else throw new PyOpError(`${fn.name}() got an unexpected keyword argument '${k}'`);
  }
  if (starstar) local.vars.set(starstar.name, extra);
  for (const p of plain) {
    if (!local.vars.has(p.name)) {
      if (!p.hasDefault) throw new PyOpError(`${fn.name}() missing required argument: '${p.name}'`);
      local.vars.set(p.name, p.default);
    }
  }
}

function setItem(obj: unknown, key: unknown, value: unknown): void {
  if (obj instanceof PyDict) { obj.set(key, value); return; }
  if (obj instanceof PyList && typeof key === 'bigint') {
    let i = Number(key);
    if (i < 0) i += obj.items.length;
    if (i < 0 || i >= obj.items.length) throw new PyOpError('list assignment index out of range');
    obj.items[i] = value;
    return;
  }
  throw new PyOpError(`'${typeName(obj)}' object does not support item assignment`);
}

/** f(v) for a value, or a promise of f's result for a promise of one. */
function then<T>(v: unknown, f: (value: unknown) => T | Promise<T>): T | Promise<T> {
  return v instanceof Promise ? v.then(f) : f(v);
}

export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function statementsOf(node: SyntaxNode): SyntaxNode[] {
  return childrenOf(node).filter((c) => c.name !== 'Comment' && c.name !== ':' && c.name !== ';');
}

function innerOf(node: SyntaxNode): SyntaxNode {
  const kids = childrenOf(node).filter((k) => k.name !== 'Comment');
  return kids[1]!;
}

function innerParts(node: SyntaxNode): SyntaxNode[] {
  const kids = childrenOf(node);
  return kids.slice(1, kids.length - 1);
}

function syntaxErrorAt(ev: Evaluator, node: SyntaxNode): PySparkError {
  return new PySparkError('parse', 'syntax', 'invalid syntax', ev.span(node), ev.fileName);
}

