// The PySpark cell of the notebook benchmark (run.ts), in its own module so other scripts can time it too.

/**
 * A 50-line PySpark cell as notebooks write it (imports, a DataFrame from rows, cleaning, a window, a
 * join, an aggregate, a helper, prints) whose one action is the last line's show(): nothing is sent
 * while it is evaluated, so the first call to the server is its ExecutePlan.
 */
export const PYSPARK_CELL = `from pyspark.sql import functions as F, Window
from pyspark.sql.types import StructType, StructField, IntegerType, StringType, DoubleType

# orders and customers
orders = spark.range(1000).select(
    F.col("id").alias("order_id"),
    (F.col("id") % 37).alias("customer_id"),
    (F.col("id") * 1.5).alias("amount"),
    F.when(F.col("id") % 3 == 0, "paid").otherwise("open").alias("status"),
)
schema = StructType([
    StructField("customer_id", IntegerType()),
    StructField("name", StringType()),
    StructField("score", DoubleType()),
])
customers = spark.createDataFrame(
    [(1, " Ann ", 3.5), (2, "Bob", None), (3, "Cy", 1.0), (4, "Dee", 2.5)],
    schema,
)

def clean(c):
    return F.lower(F.trim(F.col(c)))

# customers, cleaned; the paid orders, ranked per customer
customers = customers.withColumn("name", clean("name"))
paid = orders.filter((F.col("status") == "paid") & (F.col("amount") > 10))
w = Window.partitionBy("customer_id").orderBy(F.col("amount").desc())
ranked = paid.withColumn("rank", F.row_number().over(w)).filter(F.col("rank") <= 3)
buckets = {"small": 100, "medium": 1000}
sized = ranked.withColumn(
    "size",
    F.when(F.col("amount") < buckets["small"], "small")
    .when(F.col("amount") < buckets["medium"], "medium")
    .otherwise("large"),
)
cols = [f"c{i}" for i in range(3)]
wide = sized.select("*", *[F.lit(i).alias(c) for i, c in enumerate(cols)])
joined = wide.join(customers, on="customer_id", how="left")
# what each customer ordered, by size
summary = (
    joined.groupBy("customer_id", "size")
    .agg(
        F.count("*").alias("orders"),
        F.sum("amount").alias("total"),
        F.max("rank").alias("top_rank"),
    )
    .orderBy(F.desc("total"))
)
print("columns to show:", len(cols) + 4)
summary.show(20)
`;
