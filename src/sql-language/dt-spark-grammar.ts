// SqlGrammar over dt-sql-parser's SparkSQL (an adaptation of Spark 3.5's SqlBaseParser.g4). The
// parser module (about 0.9 MB) is required on first use, never at load time of this file, so that
// whoever imports the language service does not pay for it until a statement is parsed.
import { LineIndex } from '../sql/line-index';
import type { EntityKind, GrammarCandidates, GrammarError, SqlGrammar } from './grammar';

type SparkSqlModule = typeof import('./dt-sql-parser-spark');
type SparkSqlParser = InstanceType<SparkSqlModule['SparkSQL']>;

const ENTITY_KINDS: Record<string, EntityKind> = {
  catalog: 'catalog', database: 'database', table: 'table', view: 'view', function: 'function', column: 'column',
};

export class DtSparkGrammar implements SqlGrammar {
  readonly name = 'dt-sql-parser 4.5 (Spark 3.5 grammar)';
  private parser: SparkSqlParser | undefined;

  private get spark(): SparkSqlParser {
    if (!this.parser) {
      // A synchronous require on purpose: esbuild bundles it, and the first parse needs it anyway.
      const mod = require('./dt-sql-parser-spark') as SparkSqlModule;
      this.parser = new mod.SparkSQL();
    }
    return this.parser;
  }

  syntaxErrors(statement: string): GrammarError[] {
    if (statement.trim() === '') return [];
    const lines = new LineIndex(statement);
    return this.spark.validate(statement).map((e) => {
      const start = lines.offsetAt({ line: e.startLine - 1, character: e.startColumn - 1 });
      let end = lines.offsetAt({ line: e.endLine - 1, character: e.endColumn - 1 });
      if (end <= start) end = Math.min(start + 1, Math.max(statement.length, start + 1));
      return { start, end, message: e.message };
    });
  }

  candidatesAt(statement: string, offset: number): GrammarCandidates {
    const at = new LineIndex(statement).positionAt(offset);
    const suggestions = this.spark.getSuggestionAtCaretPosition(statement, { lineNumber: at.line + 1, column: at.character + 1 });
    if (!suggestions) return { entities: [], keywords: [] };
    const entities: EntityKind[] = [];
    for (const s of suggestions.syntax) {
      const kind = ENTITY_KINDS[String(s.syntaxContextType)] ?? 'other';
      if (!entities.includes(kind)) entities.push(kind);
    }
    return { entities, keywords: suggestions.keywords.map((k) => k.toUpperCase()) };
  }
}
