// A PySpark file of a given length, written the way notebooks write DataFrame code: imports and a
// session, then blocks of reading, cleaning, joining, grouping, windowing, helpers and actions.
const HEADER = `from pyspark.sql import SparkSession, functions as F, Window
from pyspark.sql.types import StructType, StructField, IntegerType, StringType, DoubleType
import datetime

spark = SparkSession.builder.appName("bench").getOrCreate()

def clean(c):
    return F.lower(F.trim(F.regexp_replace(F.col(c), "[^A-Za-z0-9 ]", "")))
`;

function block(i: number): string {
  return `
# ---- block ${i} ----
orders_${i} = spark.read.format("parquet").option("mergeSchema", True).load("/data/orders/${i}")
people_${i} = spark.createDataFrame([(1, "Ann", 34.5), (2, "Bob", None), (3, "Cy", 12.0)], ["id", "name", "score"])
schema_${i} = StructType([StructField("id", IntegerType()), StructField("city", StringType()), StructField("v", DoubleType())])
cities_${i} = spark.createDataFrame([(1, "Oslo", 1.5), (2, "Rome", 2.5)], schema_${i})
w_${i} = Window.partitionBy("customer_id").orderBy(F.col("ts").desc())
cols_${i} = [f"c{j}" for j in range(5)]
enriched_${i} = (orders_${i}
    .filter((F.col("amount") > ${i}) & F.col("status").isin("paid", "shipped") & ~F.col("test").cast("boolean"))
    .withColumn("name_clean", clean("name"))
    .withColumn("day", F.to_date("ts"))
    .withColumn("month", F.date_format("ts", "yyyy-MM"))
    .withColumn("rank", F.row_number().over(w_${i}))
    .withColumn("bucket", F.when(F.col("amount") < 10, "small").when(F.col("amount") < 100, "medium").otherwise("large"))
    .join(people_${i}, on="id", how="left")
    .join(cities_${i}, people_${i}.id == cities_${i}.id, "left_outer"))
summary_${i} = (enriched_${i}.groupBy("month", "bucket")
    .agg(F.sum("amount").alias("total"), F.countDistinct("customer_id").alias("customers"), F.avg("score").alias("avg_score"))
    .orderBy("month", F.desc("total")))
tags_${i} = enriched_${i}.select("id", F.transform(F.split("tags", ","), lambda t: F.upper(F.trim(t))).alias("tags"))
wide_${i} = enriched_${i}.select(*[F.col(c).cast("string").alias(c + "_s") for c in cols_${i}])
totals_${i} = {k: v * 2 for k, v in zip(cols_${i}, range(5))}
sql_${i} = spark.sql("SELECT * FROM range(10) WHERE id > :lo", {"lo": ${i}})
summary_${i}.show(20, truncate=False)
`;
}

/** About `lines` lines of PySpark code (whole blocks; the header counts). */
export function syntheticSource(lines: number): string {
  let src = HEADER;
  for (let i = 0; src.split('\n').length < lines; i++) src += block(i);
  return src;
}
