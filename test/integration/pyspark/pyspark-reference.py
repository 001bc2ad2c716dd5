# The reference side of the PySpark corpus test: PySpark's own Connect client runs every snippet of the
# corpus, in one process per server (its start-up costs seconds, so it is paid once), and prints one
# marked JSON line per snippet: the result's schema and rows, the value an action returned, or the error
# class when PySpark fails.
#
# Input (stdin, JSON): {"remote": "sc://...", "conf": {key: value}, "snippets": [{"id", "code"}]}; conf
# is what the test sets in its own session too (the session time zone, a small shuffle partition count).
# The snippet code arrives with its bindings (base_path, table_prefix) already prepended by the test, so
# both clients run byte-identical source.
#
# Values leave here as "typed JSON", the same shape corpus-compare.ts builds from our client's rows:
# integers as decimal strings (exact past 2^53), floats as JSON numbers ("NaN", "Infinity", "-Infinity"
# as strings), decimals in plain notation, dates ISO, timestamps as the wall clock in the session time
# zone with six fraction digits (this process runs with TZ set to the session zone, because PySpark
# returns naive datetimes in the process zone), binary as hex, arrays as lists, structs as lists of
# field values, maps as {"map": [[k, v], ...]} (the test sorts the pairs). Floats are formatted by the
# test, in one place, so the two sides cannot differ in how they print a double.
import ast
import datetime
import decimal
import json
import math
import re
import sys
import time
import traceback

from pyspark.sql import DataFrame, Row, SparkSession
from pyspark.sql import types as T

try:
    # PySpark 3.5's Connect DataFrame is its own class, not a pyspark.sql.DataFrame (4.x unifies them).
    from pyspark.sql.connect.dataframe import DataFrame as ConnectDataFrame
    DATAFRAME_TYPES = (DataFrame, ConnectDataFrame)
except ImportError:
    DATAFRAME_TYPES = (DataFrame,)

MARKER = "__CORPUS_JSON__"


def wall_clock(v):
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06d" % (
        v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond)


def typed(v, dt):
    """A value of Spark type dt in typed JSON."""
    if v is None:
        return None
    if isinstance(dt, (T.ByteType, T.ShortType, T.IntegerType, T.LongType)):
        return str(int(v))
    if isinstance(dt, (T.FloatType, T.DoubleType)):
        return float_json(float(v))
    if isinstance(dt, T.DecimalType):
        return format(v, "f")
    if isinstance(dt, T.BinaryType):
        return bytes(v).hex()
    if isinstance(dt, (T.TimestampType, T.TimestampNTZType)):
        return wall_clock(v)
    if isinstance(dt, T.DateType):
        return v.isoformat()
    if isinstance(dt, T.DayTimeIntervalType):
        return str(v // datetime.timedelta(microseconds=1))
    if isinstance(dt, T.ArrayType):
        return [typed(x, dt.elementType) for x in v]
    if isinstance(dt, T.MapType):
        return {"map": [[typed(k, dt.keyType), typed(x, dt.valueType)] for k, x in v.items()]}
    if isinstance(dt, T.StructType):
        return [typed(v[i], f.dataType) for i, f in enumerate(dt.fields)]
    if isinstance(dt, (T.StringType, T.BooleanType)):
        return v
    return str(v)


def float_json(f):
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "Infinity" if f > 0 else "-Infinity"
    return f


def untyped(v):
    """A value an action returned (count, first, collect, columns, ...), without a schema to go by.
    Integral numbers become decimal strings whatever their Python type: our runner's values are
    JavaScript numbers, which cannot say whether 2 was an int or 2.0."""
    if type(v).__module__ == "numpy" and hasattr(v, "item"):
        # PySpark 3.5's count() returns a numpy.int64 (and == of two counts a numpy.bool_): their Python value
        v = v.item()
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isnan(v) and not math.isinf(v) and v.is_integer():
            return str(int(v))
        return float_json(v)
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, Row):
        return {"row": [list(v.__fields__), [untyped(x) for x in v]]}
    if isinstance(v, dict):
        return {"map": [[untyped(k), untyped(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return [untyped(x) for x in v]
    if isinstance(v, datetime.datetime):
        return wall_clock(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):
        return str(v // datetime.timedelta(microseconds=1))
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    if isinstance(v, T.StructType):
        return {"schema": [[f.name, f.dataType.simpleString(), f.nullable] for f in v.fields]}
    return str(v)


def error_class(e):
    for getter in ("getCondition", "getErrorClass"):
        f = getattr(e, getter, None)
        if f is not None:
            try:
                c = f()
            except Exception:
                c = None
            if c:
                return c
    # PySpark 3.5's Connect client leaves the class out of its exceptions; its message starts with it.
    m = re.match(r"\[([A-Z0-9_.]+)\]", str(e).strip())
    return m.group(1) if m else type(e).__name__


def split_last(code):
    """The snippet's statements before its last one, and how to get the result from the last one:
    display(x) -> x, x.show(...) -> x, any other expression -> itself."""
    tree = ast.parse(code, "<snippet>")
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        raise ValueError("the snippet must end with an expression")
    last = tree.body[-1].value
    how = "expression"
    if isinstance(last, ast.Call) and isinstance(last.func, ast.Name) and last.func.id == "display":
        last, how = last.args[0], "display"
    elif isinstance(last, ast.Call) and isinstance(last.func, ast.Attribute) and last.func.attr == "show":
        last, how = last.func.value, "show"
    body = ast.Module(body=tree.body[:-1], type_ignores=[])
    return compile(body, "<snippet>", "exec"), compile(ast.Expression(last), "<snippet>", "eval"), how


def run_one(spark, snippet):
    ns = {"spark": spark, "__name__": "__corpus__"}
    body, last, how = split_last(snippet["code"])
    try:
        exec(body, ns)
        value = eval(last, ns)
        if isinstance(value, DATAFRAME_TYPES):
            schema = value.schema
            rows = value.collect()
            return {
                "kind": "dataframe",
                "how": how,
                "schema": [[f.name, f.dataType.simpleString(), f.nullable] for f in schema.fields],
                "rows": [[typed(r[i], f.dataType) for i, f in enumerate(schema.fields)] for r in rows],
            }
        return {"kind": "value", "value": untyped(value)}
    except Exception as e:  # the snippet's own failure is a result to compare
        return {"kind": "error", "errorClass": error_class(e), "message": str(e).split("\n")[0][:500]}


def main():
    request = json.loads(sys.stdin.read())
    spark = SparkSession.builder.remote(request["remote"]).getOrCreate()
    for key, value in request["conf"].items():
        spark.conf.set(key, value)
    try:
        for snippet in request["snippets"]:
            started = time.monotonic()
            try:
                result = run_one(spark, snippet)
            except Exception:
                result = {"kind": "harness-error", "message": traceback.format_exc()[-2000:]}
            result["id"] = snippet["id"]
            result["ms"] = round((time.monotonic() - started) * 1000)
            print(MARKER + json.dumps(result), flush=True)
    finally:
        spark.stop()


main()
