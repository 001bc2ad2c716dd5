// Parses Spark's type strings and DDL column lists into the DataType model, offline:
// "bigint", "decimal(38,18)", "array<struct<a:int,b:string>>", "id BIGINT NOT NULL, name STRING COMMENT 'x'".
// The server stays the authority (SparkSession.parseDDL asks it); this parser exists so plans that
// carry a schema can be built and shown without a round trip.
import {
  ArrayType, BinaryType, BooleanType, ByteType, CalendarIntervalType, CharType, DataType, DateType,
  DayTimeIntervalType, DecimalType, DoubleType, FloatType, IntegerType, LongType, MapType, NullType,
  ShortType, StringType, StructField, StructType, TimeType, TimestampNTZType, TimestampType, VarcharType,
  VariantType, YearMonthIntervalType,
} from './data-types';

type Token = { kind: 'ident' | 'number' | 'string' | 'punct'; text: string; pos: number };

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '`') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= s.length) throw new SyntaxError(`Unterminated quoted identifier at ${i} in "${s}"`);
        if (s[j] === '`') {
          if (s[j + 1] === '`') { text += '`'; j += 2; continue; }
          break;
        }
        text += s[j];
        j++;
      }
      out.push({ kind: 'ident', text, pos: i });
      i = j + 1;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < s.length && s[j] !== c) {
        if (s[j] === '\\' && j + 1 < s.length) { text += s[j + 1]; j += 2; continue; }
        text += s[j];
        j++;
      }
      if (j >= s.length) throw new SyntaxError(`Unterminated string at ${i} in "${s}"`);
      out.push({ kind: 'string', text, pos: i });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < s.length && /[0-9]/.test(s[j]!)) j++;
      out.push({ kind: 'number', text: s.slice(i, j), pos: i });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < s.length && /[A-Za-z0-9_]/.test(s[j]!)) j++;
      out.push({ kind: 'ident', text: s.slice(i, j), pos: i });
      i = j;
    } else if ('<>(),:'.includes(c)) {
      out.push({ kind: 'punct', text: c, pos: i });
      i++;
    } else {
      throw new SyntaxError(`Unexpected character '${c}' at ${i} in "${s}"`);
    }
  }
  return out;
}

const SIMPLE: Record<string, () => DataType> = {
  boolean: () => new BooleanType(),
  tinyint: () => new ByteType(), byte: () => new ByteType(),
  smallint: () => new ShortType(), short: () => new ShortType(),
  int: () => new IntegerType(), integer: () => new IntegerType(),
  bigint: () => new LongType(), long: () => new LongType(),
  float: () => new FloatType(), real: () => new FloatType(),
  double: () => new DoubleType(),
  string: () => new StringType(),
  binary: () => new BinaryType(),
  date: () => new DateType(),
  timestamp: () => new TimestampType(), timestamp_ltz: () => new TimestampType(),
  timestamp_ntz: () => new TimestampNTZType(),
  void: () => new NullType(), null: () => new NullType(),
  variant: () => new VariantType(),
};

class Parser {
  private i = 0;
  constructor(private readonly src: string, private readonly toks: Token[]) {}

  atEnd(): boolean { return this.i >= this.toks.length; }

  private peek(offset = 0): Token | undefined { return this.toks[this.i + offset]; }

  private fail(msg: string): never {
    const t = this.peek();
    throw new SyntaxError(`${msg} at ${t ? `position ${t.pos}` : 'end'} of "${this.src}"`);
  }

  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return !!t && t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return !!t && t.kind === 'punct' && t.text === p;
  }

  private expectPunct(p: string): void {
    if (!this.isPunct(p)) this.fail(`Expected '${p}'`);
    this.i++;
  }

  private int(): number {
    const t = this.peek();
    if (!t || t.kind !== 'number') this.fail('Expected a number');
    this.i++;
    return Number(t.text);
  }

  private ident(): string {
    const t = this.peek();
    if (!t || t.kind !== 'ident') this.fail('Expected a name');
    this.i++;
    return t.text;
  }

  dataType(): DataType {
    const name = this.ident().toLowerCase();
    switch (name) {
      case 'array': {
        this.expectPunct('<');
        const e = this.dataType();
        this.expectPunct('>');
        return new ArrayType(e, true);
      }
      case 'map': {
        this.expectPunct('<');
        const k = this.dataType();
        this.expectPunct(',');
        const v = this.dataType();
        this.expectPunct('>');
        return new MapType(k, v, true);
      }
      case 'struct': {
        this.expectPunct('<');
        const fields: StructField[] = [];
        if (!this.isPunct('>')) {
          for (;;) {
            fields.push(this.field(true));
            if (this.isPunct(',')) { this.i++; continue; }
            break;
          }
        }
        this.expectPunct('>');
        return new StructType(fields);
      }
      case 'decimal': case 'dec': case 'numeric': {
        if (!this.isPunct('(')) return new DecimalType(10, 0);
        this.i++;
        const p = this.int();
        let s = 0;
        if (this.isPunct(',')) { this.i++; s = this.int(); }
        this.expectPunct(')');
        return new DecimalType(p, s);
      }
      case 'char': case 'character': case 'varchar': {
        this.expectPunct('(');
        const n = this.int();
        this.expectPunct(')');
        return name === 'varchar' ? new VarcharType(n) : new CharType(n);
      }
      case 'time': {
        if (!this.isPunct('(')) return new TimeType(6);
        this.i++;
        const p = this.int();
        this.expectPunct(')');
        return new TimeType(p);
      }
      case 'interval': return this.interval();
      case 'string': {
        if (this.isWord('collate')) {
          this.i++;
          return new StringType(this.ident());
        }
        return new StringType();
      }
      default: {
        const make = SIMPLE[name];
        if (!make) this.fail(`Unknown data type '${name}'`);
        return make();
      }
    }
  }

  private interval(): DataType {
    const ym = ['year', 'month'];
    const dt = ['day', 'hour', 'minute', 'second'];
    const t = this.peek();
    if (!t || t.kind !== 'ident') return new CalendarIntervalType();
    const start = t.text.toLowerCase();
    const units = ym.includes(start) ? ym : dt.includes(start) ? dt : undefined;
    if (!units) return new CalendarIntervalType();
    this.i++;
    let end = start;
    if (this.isWord('to')) {
      this.i++;
      end = this.ident().toLowerCase();
    }
    const s = units.indexOf(start);
    const e = units.indexOf(end);
    if (e < s) this.fail(`Invalid interval ${start} to ${end}`);
    return units === ym ? new YearMonthIntervalType(s, e) : new DayTimeIntervalType(s, e);
  }

  /** name [:] type [NOT NULL] [COMMENT 'text'] */
  field(insideStruct: boolean): StructField {
    const name = this.ident();
    if (this.isPunct(':')) this.i++;
    else if (insideStruct && !this.peek()) this.fail('Expected a type');
    const type = this.dataType();
    let nullable = true;
    const metadata: Record<string, unknown> = {};
    for (;;) {
      if (this.isWord('not') && this.isWord('null', 1)) { this.i += 2; nullable = false; continue; }
      if (this.isWord('comment')) {
        this.i++;
        const t = this.peek();
        if (!t || t.kind !== 'string') this.fail('Expected a comment string');
        this.i++;
        metadata['comment'] = t.text;
        continue;
      }
      break;
    }
    return new StructField(name, type, nullable, metadata);
  }

  schema(): StructType {
    const fields: StructField[] = [];
    for (;;) {
      fields.push(this.field(false));
      if (this.isPunct(',')) { this.i++; continue; }
      break;
    }
    return new StructType(fields);
  }
}

/**
 * Parses a type string ("int", "map<string,array<int>>") or a DDL column list ("a INT, b STRING")
 * into a DataType; a column list becomes a StructType, as in PySpark's _parse_datatype_string.
 */
export function parseDataType(text: string): DataType {
  const toks = tokenize(text);
  // A lone type first: "int" and "array<int>" are types, "a int" is a schema.
  try {
    const p = new Parser(text, toks);
    const t = p.dataType();
    if (p.atEnd()) return t;
  } catch {
    // fall through to the column-list reading
  }
  return parseSchema(text);
}

/** Parses a DDL column list ("id BIGINT NOT NULL, name STRING") into a StructType. */
export function parseSchema(text: string): StructType {
  const stripped = text.trim();
  // "struct<a:int>" is also accepted where a schema is expected.
  if (/^struct\s*</i.test(stripped)) {
    const p = new Parser(text, tokenize(text));
    const t = p.dataType();
    if (p.atEnd() && t instanceof StructType) return t;
  }
  const p = new Parser(text, tokenize(text));
  const s = p.schema();
  if (!p.atEnd()) throw new SyntaxError(`Unexpected input after schema in "${text}"`);
  return s;
}
