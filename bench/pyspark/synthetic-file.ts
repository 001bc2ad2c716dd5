// A long, realistic PySpark file for the benchmarks: blocks of reading, cleaning, joining, grouping and
// windowing code, each with a few shows and prints, as a notebook exported to .py looks. Each block
// builds on a table of the block before, so a slice at the bottom reaches back through the file.
// Without `lookups`, the file asks the server nothing while it is evaluated (no df.columns): every
// input is spark.range, so the final show runs quickly on any server.
// Without `chained`, each block joins the base table instead of the block before, so the last
// statement's plan stays small (a chain of a hundred blocks is deeper than a protobuf message may be).
export function syntheticPySparkFile(lines: number, opts: { lookups?: boolean; chained?: boolean } = {}): string {
  const lookups = opts.lookups ?? true;
  const chained = opts.chained ?? true;
  const out: string[] = [
    'from pyspark.sql import SparkSession, functions as F, Window',
    'from pyspark.sql.types import StructType, StructField, StringType, IntegerType',
    'spark = SparkSession.builder.getOrCreate()',
    'base = spark.range(1000).withColumn("k", F.col("id") % 10)',
  ];
  for (let b = 0; out.length < lines - 2; b++) {
    const prev = b === 0 || !chained ? 'base' : `joined_${b - 1}`;
    out.push(
      `# block ${b}: clean, join, aggregate`,
      lookups
        ? `raw_${b} = spark.read.format("csv").option("header", True).load("/data/input_${b}.csv")`
        : `raw_${b} = spark.range(100).select(F.col("id"), (F.col("id") % 10).alias("k"), F.lit(" x ").alias("name"), F.lit("y").alias("city"))`,
      lookups ? `cols_${b} = [c for c in raw_${b}.columns if not c.startswith("_")]` : `cols_${b} = ["id", "k", "name", "city"]`,
      `clean_${b} = raw_${b}.select(*cols_${b}).dropna(subset=["id"])`,
      `for c in ["name", "city"]:`,
      `    clean_${b} = clean_${b}.withColumn(c, F.trim(F.col(c)))`,
      `clean_${b}.show(5)`,
      `w_${b} = Window.partitionBy("k").orderBy(F.col("id").desc())`,
      `ranked_${b} = clean_${b}.withColumn("rank", F.row_number().over(w_${b})).filter(F.col("rank") <= 3)`,
      `joined_${b} = ranked_${b}.join(${prev}.select("k").distinct(), on="k", how="left").select("id", "k", "rank")`,
      `summary_${b} = (joined_${b}`,
      `    .groupBy("k")`,
      `    .agg(F.count("*").alias("n"), F.max("rank").alias("top"))`,
      `    .orderBy("k"))`,
      `print("block ${b}", summary_${b}.columns)`,
      `summary_${b}.show()`,
      '',
    );
  }
  out.length = Math.min(out.length, lines - 1);
  const last = out.filter((l) => l.startsWith('joined_')).length - 1;
  out.push(`joined_${last}.groupBy("k").count().orderBy("k").show()`);
  return `${out.join('\n')}\n`;
}
