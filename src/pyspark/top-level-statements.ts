// The top-level statements of a Python file, each with the names it binds and the names it reads, from
// the @lezer/python tree. This is what the dependency slice (dependency-slice.ts) and the editor's
// CodeLens work on; it never evaluates anything. Names are syntactic: `df` is a name whatever it holds.
//
// What counts:
//  - binds: assignment targets (also tuple/list unpacking, `a = b = ...`, augmented and annotated
//    assignments, walrus), in-place changes of a list, dict or set (`rows.append(x)`), `def`/`class`
//    names, import aliases (`import a.b` binds `a`), `for` and `with` targets, `except ... as e`,
//    anywhere in the statement (an `if` body binds what its branches assign);
//  - kills: the binds that certainly replace the earlier value (a plain assignment, an import, a def at
//    the top of the statement); a bind inside a loop or branch may not happen, so it kills nothing, and
//    neither do `d[k] = v`, `o.a = v` or `x += 1`, which change the old value rather than replace it;
//  - uses: names read, minus those a lambda, comprehension or def binds locally (its parameters, its
//    loop targets, its own assignments), and minus keyword-argument names (`how=` in a call);
//  - temporary views: `df.createOrReplaceTempView("v")` (and `spark.sql("CREATE OR REPLACE TEMP VIEW v ...")`)
//    bind the pseudo-name `view:v`; every word inside a string literal is read as `view:<word>`, so
//    `spark.sql("SELECT * FROM v")` and `spark.table("v")` depend on the statement that made `v`.
import type { SyntaxNode, Tree } from '@lezer/common';
import { TreeFragment, parser } from './python-grammar';
import { LineIndex } from '../sql/line-index';

/** What a statement's final action shows; undefined for statements that only define things. */
export type ActionKind = 'display' | 'value' | 'text' | 'explain' | 'write' | 'view';

export interface TopLevelStatement {
  /** 0-based position among the file's top-level statements. */
  index: number;
  /** Offsets of the statement's text, without the line break that ends it. */
  from: number;
  to: number;
  /** 1-based first and last line. */
  line: number;
  endLine: number;
  binds: ReadonlySet<string>;
  kills: ReadonlySet<string>;
  uses: ReadonlySet<string>;
  /** Set when the statement is an expression statement whose outermost call is an action, or a bare expression. */
  action?: { kind: ActionKind; name: string };
  /** The statement calls an action somewhere (e.g. `n = df.count()`): running it runs a Spark job. */
  runsAction: boolean;
}

/** Methods that run a Spark job and return a value (on a DataFrame; GroupedData.count() is not one). */
const VALUE_ACTIONS = new Set(['count', 'collect', 'first', 'take', 'head', 'tail', 'toPandas', 'toLocalIterator',
  'isEmpty', 'foreach', 'foreachPartition', 'toJSON', 'checkpoint', 'localCheckpoint']);
const TEXT_ACTIONS = new Set(['printSchema']);
const DISPLAY_ACTIONS = new Set(['show']);
const WRITE_METHODS = new Set(['save', 'saveAsTable', 'insertInto', 'csv', 'json', 'parquet', 'orc', 'text', 'jdbc',
  'create', 'replace', 'createOrReplace', 'append', 'overwrite', 'overwritePartitions']);
const VIEW_ACTIONS = new Set(['createOrReplaceTempView', 'createTempView', 'createGlobalTempView', 'createOrReplaceGlobalTempView']);
/** Methods that change a list, dict or set in place: `rows.append(x)` changes `rows` like `rows += [x]`. */
const MUTATORS = new Set(['append', 'extend', 'insert', 'remove', 'pop', 'clear', 'update', 'add', 'discard', 'setdefault', 'sort', 'reverse', 'popitem']);
/** Receivers whose count() is a transformation (GroupedData), not an action. */
const GROUPING = new Set(['groupBy', 'groupby', 'rollup', 'cube', 'pivot', 'groupingSets']);

const COMPREHENSIONS = new Set(['ArrayComprehensionExpression', 'DictionaryComprehensionExpression',
  'SetComprehensionExpression', 'ComprehensionExpression']);
const TARGET_CONTAINERS = new Set(['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression']);
const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;
const CREATE_VIEW = /^\s*CREATE\s+OR\s+REPLACE\s+(?:GLOBAL\s+)?TEMP(?:ORARY)?\s+VIEW\s+`?([A-Za-z_][A-Za-z0-9_]*)/i;

class Collector {
  readonly binds = new Set<string>();
  readonly kills = new Set<string>();
  readonly uses = new Set<string>();
  runsAction = false;

  constructor(private readonly src: string) {}

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  bind(name: string, kill: boolean): void {
    this.binds.add(name);
    if (kill) this.kills.add(name);
  }

  use(name: string, locals: ReadonlySet<string> | undefined): void {
    if (!locals?.has(name)) this.uses.add(name);
  }

  /** A statement (top-level, or nested in a body when `conditional`). */
  statement(n: SyntaxNode, conditional: boolean, locals?: Set<string>): void {
    const kill = !conditional;
    switch (n.name) {
      case 'AssignStatement':
        return this.assignment(n, kill, locals);
      case 'UpdateStatement': {
        const target = n.firstChild;
        if (target) this.target(target, false, locals, true);
        for (let c = target?.nextSibling ?? null; c; c = c.nextSibling) this.expr(c, locals);
        return;
      }
      case 'ImportStatement':
        return this.importStatement(n, kill, locals);
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const name = n.getChild('VariableName');
        if (name) this.bindName(this.text(name), kill, locals);
        if (n.name === 'FunctionDefinition') this.functionBody(n, locals);
        else this.classBody(n, locals);
        return;
      }
      case 'DecoratedStatement':
        for (let c = n.firstChild; c; c = c.nextSibling) {
          if (c.name === 'Decorator') this.expr(c, locals);
          else this.statement(c, conditional, locals);
        }
        return;
      case 'StatementGroup':
        for (let c = n.firstChild; c; c = c.nextSibling) this.statement(c, conditional, locals);
        return;
      case 'ForStatement':
        return this.forStatement(n, locals);
      case 'WithStatement':
      case 'TryStatement':
        return this.asTargets(n, locals);
      case 'IfStatement':
      case 'WhileStatement':
      case 'MatchStatement':
        return this.blocks(n, locals);
      case 'Body':
        for (let c = n.firstChild; c; c = c.nextSibling) this.statement(c, true, locals);
        return;
      case 'Comment':
      case ':':
      case ';':
        return;
      default:
        // Expression, return, del, assert, raise ... statements: everything in them is read.
        this.expr(n, locals);
    }
  }

  private bindName(name: string, kill: boolean, locals: Set<string> | undefined): void {
    if (locals) locals.add(name);
    else this.bind(name, kill);
  }

  private assignment(n: SyntaxNode, kill: boolean, locals: Set<string> | undefined): void {
    // Targets are everything before the last "=" (chains: a = b = value); a TypeDef annotates, unread.
    const children: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) children.push(c);
    let lastAssign = -1;
    children.forEach((c, i) => {
      if (c.name === 'AssignOp') lastAssign = i;
    });
    children.forEach((c, i) => {
      if (c.name === 'AssignOp' || c.name === ',' || c.name === 'TypeDef') return;
      if (i < lastAssign) this.target(c, kill, locals, false);
      else this.expr(c, locals);
    });
  }

  /** An assignment target: names bind; `d[k]`/`o.a` change `d`/`o` (bind without kill, and read). */
  private target(n: SyntaxNode, kill: boolean, locals: Set<string> | undefined, update: boolean): void {
    if (n.name === 'VariableName') {
      const name = this.text(n);
      if (update) this.use(name, locals);
      this.bindName(name, kill && !update, locals);
      return;
    }
    if (TARGET_CONTAINERS.has(n.name)) {
      for (let c = n.firstChild; c; c = c.nextSibling) this.target(c, kill, locals, update);
      return;
    }
    if (n.name === 'MemberExpression') {
      let base: SyntaxNode | null = n.firstChild;
      while (base && base.name === 'MemberExpression') base = base.firstChild;
      if (base?.name === 'VariableName') {
        const name = this.text(base);
        this.use(name, locals);
        this.bindName(name, false, locals);
      }
      // Subscripts and the rest of the chain are read.
      this.expr(n, locals);
    }
  }

  private importStatement(n: SyntaxNode, kill: boolean, locals: Set<string> | undefined): void {
    const from = n.firstChild?.name === 'from';
    let afterImport = !from;
    let dotted = false;
    let pending: string | undefined;
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'import') {
        afterImport = true;
        continue;
      }
      if (!afterImport) continue;
      if (c.name === '*') this.bindName('*', false, locals);
      else if (c.name === 'as') pending = undefined;
      else if (c.name === '.') dotted = true;
      else if (c.name === ',') {
        if (pending !== undefined) this.bindName(pending, kill, locals);
        pending = undefined;
        dotted = false;
      } else if (c.name === 'VariableName') {
        const name = this.text(c);
        const prev = c.prevSibling?.name;
        if (prev === 'as') this.bindName(name, kill, locals);
        // `import a.b.c` binds `a`: only the first name of a dotted path counts.
        else if (!dotted) pending = name;
      }
    }
    if (pending !== undefined) this.bindName(pending, kill, locals);
  }

  private forStatement(n: SyntaxNode, locals: Set<string> | undefined): void {
    let inTargets = false;
    const targets = new Set<string>();
    let readBefore: Set<string> | undefined;
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'for') inTargets = true;
      else if (c.name === 'in') inTargets = false;
      else if (c.name === 'Body') {
        readBefore ??= new Set(this.uses);
        this.statement(c, true, locals);
      } else if (inTargets) {
        this.target(c, false, locals, false);
        collectNames(c, this.src, targets);
      } else if (c.name !== 'else' && c.name !== 'async') this.expr(c, locals);
    }
    // The body reads the loop's own target (bound before the body runs), not an earlier binding: a
    // `for c in ...` must not pull in every earlier statement that bound `c`.
    for (const t of targets) if (!readBefore?.has(t)) this.uses.delete(t);
  }

  /** with/try: names after `as` bind; bodies are conditional. */
  private asTargets(n: SyntaxNode, locals: Set<string> | undefined): void {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Body') this.statement(c, true, locals);
      else if (c.prevSibling?.name === 'as') this.target(c, false, locals, false);
      else this.expr(c, locals);
    }
  }

  private blocks(n: SyntaxNode, locals: Set<string> | undefined): void {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Body' || c.name === 'MatchBody') this.statement(c, true, locals);
      else this.expr(c, locals);
    }
  }

  /** Parameters and the body's own assignments are local; what else the body reads is a use. */
  private functionBody(n: SyntaxNode, outer: Set<string> | undefined): void {
    const locals = new Set<string>(outer);
    const params = n.getChild('ParamList');
    if (params) this.params(params, locals, outer);
    const body = n.getChild('Body');
    if (!body) return;
    // Assignments anywhere in the body make the name local (Python's rule), so bind them before reading.
    const inner = new Collector(this.src);
    inner.statement(body, true, undefined);
    for (const b of inner.binds) locals.add(b);
    this.statement(body, true, locals);
  }

  private classBody(n: SyntaxNode, locals: Set<string> | undefined): void {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'ArgList') this.expr(c, locals);
      else if (c.name === 'Body') this.statement(c, true, new Set(locals));
    }
  }

  /** Parameter names become local; their defaults and annotations are read in the outer scope. */
  private params(list: SyntaxNode, locals: Set<string>, outer: Set<string> | undefined): void {
    for (let c = list.firstChild; c; c = c.nextSibling) {
      if (c.name === 'VariableName' && c.prevSibling?.name !== 'AssignOp') locals.add(this.text(c));
      else if (c.name !== 'AssignOp' && c.name !== ',' && c.name !== '(' && c.name !== ')') this.expr(c, outer);
    }
  }

  expr(n: SyntaxNode, locals: ReadonlySet<string> | undefined): void {
    switch (n.name) {
      case 'VariableName':
        this.use(this.text(n), locals);
        return;
      case 'PropertyName':
      case 'Comment':
        return;
      case 'String':
      case 'FormatString':
        this.stringWords(n);
        for (let c = n.firstChild; c; c = c.nextSibling) this.expr(c, locals);
        return;
      case 'ArgList':
        for (let c = n.firstChild; c; c = c.nextSibling) {
          // `name=value`: the name is the parameter's, not a variable read.
          if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp') continue;
          this.expr(c, locals);
        }
        return;
      case 'LambdaExpression': {
        const inner = new Set<string>(locals);
        for (let c = n.firstChild; c; c = c.nextSibling) {
          if (c.name === 'ParamList') this.params(c, inner, locals as Set<string> | undefined);
          else this.expr(c, inner);
        }
        return;
      }
      case 'NamedExpression': {
        const target = n.firstChild;
        if (target?.name === 'VariableName') this.bind(this.text(target), false);
        for (let c = target?.nextSibling ?? null; c; c = c.nextSibling) this.expr(c, locals);
        return;
      }
      case 'CallExpression':
        this.call(n);
        break;
      default:
        if (COMPREHENSIONS.has(n.name)) return this.comprehension(n, locals);
    }
    for (let c = n.firstChild; c; c = c.nextSibling) this.expr(c, locals);
  }

  private comprehension(n: SyntaxNode, locals: ReadonlySet<string> | undefined): void {
    const inner = new Set<string>(locals);
    let inTargets = false;
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'for') inTargets = true;
      else if (c.name === 'in') inTargets = false;
      else if (inTargets) collectNames(c, this.src, inner);
    }
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'for') inTargets = true;
      else if (c.name === 'in') inTargets = false;
      else if (!inTargets) this.expr(c, inner);
    }
  }

  private call(n: SyntaxNode): void {
    const method = calleeMethod(n, this.src);
    if (method === undefined) return;
    const receiver = n.firstChild?.firstChild;
    if (MUTATORS.has(method.name) && receiver?.name === 'VariableName') this.bind(this.text(receiver), false);
    if (VALUE_ACTIONS.has(method.name) && !(method.name === 'count' && method.receiverMethod !== undefined && GROUPING.has(method.receiverMethod))) {
      this.runsAction = true;
    }
    if (VIEW_ACTIONS.has(method.name)) {
      const name = firstStringArg(n, this.src);
      if (name !== undefined) this.bind(`view:${name.toLowerCase()}`, false);
    }
    if (method.name === 'sql' && method.receiverMethod === undefined) {
      const sql = firstStringArg(n, this.src);
      const m = sql === undefined ? null : CREATE_VIEW.exec(sql);
      if (m) this.bind(`view:${m[1].toLowerCase()}`, false);
    }
  }

  private stringWords(n: SyntaxNode): void {
    for (const w of this.text(n).matchAll(WORD)) this.uses.add(`view:${w[0].toLowerCase()}`);
  }
}

function collectNames(n: SyntaxNode, src: string, into: Set<string>): void {
  if (n.name === 'VariableName') into.add(src.slice(n.from, n.to));
  for (let c = n.firstChild; c; c = c.nextSibling) collectNames(c, src, into);
}

/** `a.b.m(...)`: m, and the method called on the receiver when the receiver is itself a call. */
function calleeMethod(call: SyntaxNode, src: string): { name: string; receiverMethod?: string; chain: string[] } | undefined {
  const callee = call.firstChild;
  if (!callee) return undefined;
  if (callee.name === 'VariableName') return { name: src.slice(callee.from, callee.to), chain: [] };
  if (callee.name !== 'MemberExpression') return undefined;
  const prop = callee.lastChild;
  if (prop?.name !== 'PropertyName') return undefined;
  const chain: string[] = [];
  for (let r: SyntaxNode | null = callee.firstChild; r; r = r.firstChild) {
    if (r.name === 'MemberExpression' && r.lastChild?.name === 'PropertyName') chain.push(src.slice(r.lastChild.from, r.lastChild.to));
    if (r.name !== 'MemberExpression' && r.name !== 'CallExpression') break;
  }
  const receiver = callee.firstChild;
  const receiverMethod = receiver?.name === 'CallExpression' ? calleeMethod(receiver, src)?.name : undefined;
  return { name: src.slice(prop.from, prop.to), chain, ...(receiverMethod !== undefined ? { receiverMethod } : {}) };
}

function firstStringArg(call: SyntaxNode, src: string): string | undefined {
  const arg = call.getChild('ArgList')?.getChild('String');
  if (!arg) return undefined;
  const raw = src.slice(arg.from, arg.to);
  const m = /^[rRuU]?("""|'''|"|')([\s\S]*)\1$/.exec(raw);
  return m ? m[2] : undefined;
}

/** The action an expression statement ends in, if any (see ActionKind). */
function actionOf(stmt: SyntaxNode, src: string): TopLevelStatement['action'] {
  if (stmt.name !== 'ExpressionStatement') return undefined;
  const e = stmt.firstChild;
  if (!e) return undefined;
  if (e.name === 'String' || e.name === 'Number' || e.name === 'FormatString' || e.name === 'Ellipsis') return undefined;
  if (e.name !== 'CallExpression') return { kind: 'display', name: 'expression' };
  const m = calleeMethod(e, src);
  if (!m) return { kind: 'display', name: 'expression' };
  if (m.chain.length === 0 && (m.name === 'print')) return { kind: 'text', name: 'print' };
  if (m.chain.length === 0 && m.name === 'display') return { kind: 'display', name: 'display' };
  if (DISPLAY_ACTIONS.has(m.name)) return { kind: 'display', name: m.name };
  if (m.name === 'explain') return { kind: 'explain', name: m.name };
  if (TEXT_ACTIONS.has(m.name)) return { kind: 'text', name: m.name };
  if (VIEW_ACTIONS.has(m.name)) return { kind: 'view', name: m.name };
  if (WRITE_METHODS.has(m.name) && (m.chain.includes('write') || m.chain.includes('writeTo'))) return { kind: 'write', name: m.name };
  if (VALUE_ACTIONS.has(m.name) && !(m.name === 'count' && m.receiverMethod !== undefined && GROUPING.has(m.receiverMethod))) {
    return { kind: 'value', name: m.name };
  }
  // Any other call chain (df.filter(...), spark.table("t")) is a bare expression: the runner shows it.
  return { kind: 'display', name: 'expression' };
}

/** The statement nodes directly under the Script (a `a; b` line gives its parts one by one). */
function topNodes(tree: Tree): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = tree.topNode.firstChild; c; c = c.nextSibling) {
    if (c.name === 'Comment') continue;
    if (c.name === 'StatementGroup') {
      for (let g = c.firstChild; g; g = g.nextSibling) if (g.name !== ';' && g.name !== 'Comment') out.push(g);
    } else {
      out.push(c);
    }
  }
  return out;
}

function trimEnd(src: string, from: number, to: number): number {
  let end = to;
  while (end > from && /\s/.test(src[end - 1])) end--;
  return end;
}

export function parsePython(source: string): Tree {
  return parser.parse(source);
}

/**
 * Parses `source` reusing what an earlier parse of `previous` still holds: lezer re-parses only around
 * the one range where the texts differ (found as their common prefix and suffix), so an edit near the
 * bottom of a long file costs little.
 */
export function reparsePython(previous: { text: string; tree: Tree }, source: string): Tree {
  const a = previous.text;
  const max = Math.min(a.length, source.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === source.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === source.charCodeAt(source.length - 1 - suffix)) suffix++;
  const change = { fromA: prefix, toA: a.length - suffix, fromB: prefix, toB: source.length - suffix };
  const fragments = TreeFragment.applyChanges(TreeFragment.addTree(previous.tree), [change]);
  return parser.parse(source, fragments);
}

/** What a statement binds and reads depends only on its text: kept across versions of a document. */
export type AnalysisCache = Map<string, Omit<TopLevelStatement, 'index' | 'from' | 'to' | 'line' | 'endLine'>>;

/**
 * The file's top-level statements, in order. `lines` may be shared with the caller; `cache` (from the
 * previous version of the same document) spares re-analysing statements whose text did not change.
 */
export function topLevelStatements(
  source: string, tree: Tree = parsePython(source), lines = new LineIndex(source), cache?: AnalysisCache,
): TopLevelStatement[] {
  return topNodes(tree).map((n, index) => {
    const to = trimEnd(source, n.from, n.to);
    const key = source.slice(n.from, to);
    let analysis = cache?.get(key);
    if (!analysis) {
      const c = new Collector(source);
      c.statement(n, false);
      const action = actionOf(n, source);
      analysis = {
        binds: c.binds, kills: c.kills, uses: c.uses,
        ...(action ? { action } : {}),
        runsAction: c.runsAction || (action !== undefined && action.name !== 'expression'),
      };
      cache?.set(key, analysis);
    }
    return {
      index, from: n.from, to,
      line: lines.positionAt(n.from).line + 1,
      endLine: lines.positionAt(Math.max(n.from, to - 1)).line + 1,
      ...analysis,
    };
  });
}
