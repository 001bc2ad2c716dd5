import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArrayType, BinaryType, BooleanType, ByteType, CharType, DateType, DayTimeIntervalType, DecimalType, DoubleType,
  IntegerType, LongType, MapType, NullType, ShortType, StringType, StructField, StructType, TimestampNTZType,
  TimestampType, VarcharType, YearMonthIntervalType,
} from '../../../src/connect/data-types';
import { dataTypeFromProto, dataTypeToProto } from '../../../src/connect/data-type-proto';
import { parseDataType, parseSchema } from '../../../src/connect/ddl';
import { spark } from '../../../src/connect/generated/spark-connect';

const nested = new StructType([
  new StructField('id', new LongType(), false),
  new StructField('name', new StringType(), true, { comment: "the user's name" }),
  new StructField('price', new DecimalType(38, 18)),
  new StructField('tags', new ArrayType(new StringType(), true)),
  new StructField('attrs', new MapType(new StringType(), new IntegerType(), false)),
  new StructField('addr', new StructType([new StructField('city', new StringType()), new StructField('zip', new ShortType())])),
  new StructField('at', new TimestampType()),
  new StructField('wall', new TimestampNTZType()),
]);

void test('simpleString and typeName follow Spark spellings', () => {
  assert.equal(new LongType().simpleString(), 'bigint');
  assert.equal(new LongType().typeName(), 'long');
  assert.equal(new IntegerType().simpleString(), 'int');
  assert.equal(new ShortType().simpleString(), 'smallint');
  assert.equal(new ByteType().simpleString(), 'tinyint');
  assert.equal(new NullType().simpleString(), 'void');
  assert.equal(new DecimalType().simpleString(), 'decimal(10,0)');
  assert.equal(new DayTimeIntervalType(0, 3).simpleString(), 'interval day to second');
  assert.equal(new YearMonthIntervalType(1, 1).simpleString(), 'interval month');
  assert.equal(new StringType('UNICODE_CI').simpleString(), 'string collate UNICODE_CI');
  assert.equal(nested.simpleString(),
    'struct<id:bigint,name:string,price:decimal(38,18),tags:array<string>,attrs:map<string,int>,'
    + 'addr:struct<city:string,zip:smallint>,at:timestamp,wall:timestamp_ntz>');
});

void test('json() matches Spark schema JSON', () => {
  const s = new StructType([new StructField('a', new IntegerType(), false), new StructField('b', new ArrayType(new DecimalType(5, 2), false))]);
  assert.deepEqual(JSON.parse(s.json()), {
    type: 'struct',
    fields: [
      { name: 'a', type: 'integer', nullable: false, metadata: {} },
      { name: 'b', type: { type: 'array', elementType: 'decimal(5,2)', containsNull: false }, nullable: true, metadata: {} },
    ],
  });
});

void test('treeString lays out nested types like printSchema', () => {
  assert.equal(nested.treeString(), [
    'root',
    ' |-- id: long (nullable = false)',
    ' |-- name: string (nullable = true)',
    ' |-- price: decimal(38,18) (nullable = true)',
    ' |-- tags: array (nullable = true)',
    ' |    |-- element: string (containsNull = true)',
    ' |-- attrs: map (nullable = true)',
    ' |    |-- key: string',
    ' |    |-- value: integer (valueContainsNull = false)',
    ' |-- addr: struct (nullable = true)',
    ' |    |-- city: string (nullable = true)',
    ' |    |-- zip: short (nullable = true)',
    ' |-- at: timestamp (nullable = true)',
    ' |-- wall: timestamp_ntz (nullable = true)',
    '',
  ].join('\n'));
  assert.equal(nested.treeString(1).split('\n').filter((l) => l.includes('|    |')).length, 0, 'level 1 hides nesting');
});

void test('toDDL quotes odd names and keeps comments and NOT NULL', () => {
  const s = new StructType([
    new StructField('id', new LongType(), false),
    new StructField('my col', new StringType(), true, { comment: 'it\'s' }),
    new StructField('s', new StructType([new StructField('x', new IntegerType(), false)])),
  ]);
  assert.equal(s.toDDL(), "id BIGINT NOT NULL, `my col` STRING COMMENT 'it\\'s', s STRUCT<x: INT NOT NULL>");
});

void test('proto round trip keeps every type', () => {
  const all = new StructType([
    ...nested.fields,
    new StructField('b', new BooleanType()), new StructField('bin', new BinaryType()), new StructField('d', new DateType()),
    new StructField('dbl', new DoubleType()), new StructField('c', new CharType(3)), new StructField('v', new VarcharType(9)),
    new StructField('dt', new DayTimeIntervalType(1, 2)), new StructField('ym', new YearMonthIntervalType(0, 1)),
    new StructField('n', new NullType()), new StructField('t', new ByteType()),
  ]);
  const encoded = spark.connect.DataType.encode(dataTypeToProto(all)).finish();
  const back = dataTypeFromProto(spark.connect.DataType.decode(encoded));
  assert.ok(back.equals(all), `${back.simpleString()} != ${all.simpleString()}`);
  assert.equal((back as StructType).field('name').comment, "the user's name", 'metadata travels as JSON');
});

void test('parseDataType reads type strings', () => {
  assert.ok(parseDataType('bigint').equals(new LongType()));
  assert.ok(parseDataType('DECIMAL(38, 18)').equals(new DecimalType(38, 18)));
  assert.ok(parseDataType('decimal').equals(new DecimalType(10, 0)));
  assert.ok(parseDataType('array<struct<a:int,b:string>>').equals(
    new ArrayType(new StructType([new StructField('a', new IntegerType()), new StructField('b', new StringType())]))));
  assert.ok(parseDataType('map<string, array<double>>').equals(new MapType(new StringType(), new ArrayType(new DoubleType()))));
  assert.ok(parseDataType('interval day to second').equals(new DayTimeIntervalType(0, 3)));
  assert.ok(parseDataType('interval year').equals(new YearMonthIntervalType(0, 0)));
  assert.ok(parseDataType('varchar(10)').equals(new VarcharType(10)));
  assert.ok(parseDataType('timestamp_ntz').equals(new TimestampNTZType()));
  assert.throws(() => parseDataType('nosuchtype'), SyntaxError);
});

void test('parseSchema reads DDL column lists, back and forth', () => {
  const s = parseSchema("id BIGINT NOT NULL, `my col` STRING COMMENT 'x, y', tags ARRAY<STRING>");
  assert.deepEqual(s.names, ['id', 'my col', 'tags']);
  assert.equal(s.field('id').nullable, false);
  assert.equal(s.field('my col').comment, 'x, y');
  // DDL has no spelling for containsNull, so compare what it can carry.
  const back = parseSchema(nested.toDDL());
  assert.equal(back.simpleString(), nested.simpleString());
  assert.deepEqual(back.fields.map((f) => [f.nullable, f.comment]), nested.fields.map((f) => [f.nullable, f.comment]));
  // A single "name type" is a schema, not a type.
  assert.ok(parseDataType('a int') instanceof StructType);
  assert.ok(parseSchema('struct<a:int>').equals(new StructType([new StructField('a', new IntegerType())])));
});
