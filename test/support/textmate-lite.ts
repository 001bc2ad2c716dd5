// A small TextMate tokenizer for testing our grammars without vscode-textmate (not a dependency):
// match/captures, begin/end (with back-references from begin into end), contentName, patterns,
// include of #repository rules, $self and other grammars by scope name. Oniguruma syntax is taken
// as JavaScript RegExp syntax after a leading (?i) becomes the i flag, which holds for our grammars
// (the structural test checks every regex compiles). Lines are tokenized one at a time, as VS Code does.

export interface GrammarRule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Record<string, { name?: string }>;
  beginCaptures?: Record<string, { name?: string }>;
  endCaptures?: Record<string, { name?: string }>;
  patterns?: GrammarRule[];
  include?: string;
  applyEndPatternLast?: boolean;
}

export interface Grammar {
  scopeName: string;
  patterns: GrammarRule[];
  repository?: Record<string, GrammarRule>;
}

/** An Oniguruma pattern as a JavaScript RegExp (global, with match indices). */
export function toRegExp(source: string): RegExp {
  let flags = 'gd';
  let s = source;
  if (s.startsWith('(?i)')) {
    s = s.slice(4);
    flags += 'i';
  }
  return new RegExp(s, flags);
}

interface Frame {
  rule: GrammarRule;
  grammar: Grammar;
  end: RegExp;
  scopes: string[];
  contentScopes: string[];
}

export interface Token {
  text: string;
  scopes: string[];
}

export class TextMateLite {
  private readonly grammars = new Map<string, Grammar>();

  constructor(grammars: Grammar[]) {
    for (const g of grammars) this.grammars.set(g.scopeName, g);
  }

  /** Tokens of each line of `text`, starting in grammar `scopeName`. */
  tokenize(scopeName: string, text: string): Token[][] {
    const grammar = this.grammars.get(scopeName);
    if (!grammar) throw new Error(`unknown grammar ${scopeName}`);
    const stack: Frame[] = [];
    return text.split('\n').map((line) => this.line(grammar, line, stack));
  }

  private resolve(grammar: Grammar, rules: GrammarRule[], out: Array<{ rule: GrammarRule; grammar: Grammar }> = [], depth = 0): Array<{ rule: GrammarRule; grammar: Grammar }> {
    if (depth > 20) throw new Error('include depth');
    for (const r of rules) {
      if (r.include === undefined) {
        if (r.match === undefined && r.begin === undefined && r.patterns) this.resolve(grammar, r.patterns, out, depth + 1);
        else out.push({ rule: r, grammar });
        continue;
      }
      if (r.include === '$self') this.resolve(grammar, grammar.patterns, out, depth + 1);
      else if (r.include.startsWith('#')) {
        const target = grammar.repository?.[r.include.slice(1)];
        if (!target) throw new Error(`missing repository rule ${r.include} in ${grammar.scopeName}`);
        this.resolve(grammar, [target], out, depth + 1);
      } else {
        const other = this.grammars.get(r.include);
        if (other) this.resolve(other, other.patterns, out, depth + 1);
      }
    }
    return out;
  }

  private line(root: Grammar, line: string, stack: Frame[]): Token[] {
    const scopes: string[][] = Array.from({ length: line.length }, () => []);
    let pos = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const top = stack[stack.length - 1];
      const candidates = top ? this.resolve(top.grammar, top.rule.patterns ?? []) : this.resolve(root, root.patterns);
      const base = top ? top.contentScopes : [root.scopeName];
      let best: { m: RegExpExecArray; rule?: GrammarRule; grammar?: Grammar } | undefined;
      if (top) {
        top.end.lastIndex = pos;
        const m = top.end.exec(line);
        if (m) best = { m };
      }
      for (const c of candidates) {
        const re = toRegExp((c.rule.match ?? c.rule.begin)!);
        re.lastIndex = pos;
        const m = re.exec(line);
        if (!m) continue;
        // The earliest match wins, the first listed on a tie; the end pattern is listed first unless
        // applyEndPatternLast.
        const tieBeatsEnd = best?.rule === undefined && top?.rule.applyEndPatternLast === true;
        if (!best || m.index < best.m.index || (m.index === best.m.index && tieBeatsEnd)) best = { m, rule: c.rule, grammar: c.grammar };
      }
      if (!best) break;
      const { m } = best;
      for (let i = pos; i < m.index; i++) scopes[i].push(...base);
      const end = m.index + m[0].length;
      if (best.rule === undefined) {
        const frame = stack.pop()!;
        paint(scopes, m, frame.scopes, frame.rule.endCaptures ?? frame.rule.captures);
      } else if (best.rule.match !== undefined) {
        paint(scopes, m, best.rule.name ? [...base, best.rule.name] : base, best.rule.captures);
      } else {
        const rule = best.rule;
        const outer = rule.name ? [...base, rule.name] : base;
        paint(scopes, m, outer, rule.beginCaptures ?? rule.captures);
        const endSource = rule.end!.replace(/\\(\d)/g, (_all, d: string) => (m[Number(d)] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        stack.push({ rule, grammar: best.grammar!, end: toRegExp(endSource), scopes: outer, contentScopes: rule.contentName ? [...outer, rule.contentName] : outer });
      }
      if (end === pos && best.rule?.match !== undefined) {
        pos++;
      } else {
        pos = end;
      }
      if (pos > line.length) break;
    }
    const top = stack[stack.length - 1];
    for (let i = 0; i < line.length; i++) if (scopes[i].length === 0) scopes[i].push(...(top ? top.contentScopes : [root.scopeName]));
    const tokens: Token[] = [];
    for (let i = 0; i < line.length; i++) {
      const last = tokens[tokens.length - 1];
      if (last && last.scopes.join(' ') === scopes[i].join(' ')) last.text += line[i];
      else tokens.push({ text: line[i], scopes: scopes[i] });
    }
    return tokens;
  }
}

function paint(scopes: string[][], m: RegExpExecArray, base: string[], captures: Record<string, { name?: string }> | undefined): void {
  const end = m.index + m[0].length;
  for (let i = m.index; i < end; i++) scopes[i].push(...base);
  if (!captures || !m.indices) return;
  for (const [group, c] of Object.entries(captures)) {
    const span = m.indices[Number(group)];
    if (!span || !c.name) continue;
    for (let i = span[0]; i < span[1]; i++) scopes[i].push(...c.name.split(' '));
  }
}
