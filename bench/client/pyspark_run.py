"""One measured run of PySpark's Spark Connect client, in a fresh process.

Usage: python pyspark_run.py REMOTE SQL_FILE [QUERIES]
Runs the query QUERIES times (default 1) in this one process and prints one JSON object per run on
stdout. Started by bench/client/run.ts, which alternates these processes with our client's against
the same server. The first run is a cold process; later ones show a long-lived process.

What is measured, the same way as on the TypeScript side (ours-run.ts):
  - total: wall time of DataFrame.toArrow() for the query (plan sent -> whole table in memory);
  - first batch: wall time until the first Arrow batch with rows reaches the client. toArrow() gives no
    hook for it, so the generator it consumes (_execute_and_fetch_as_iterator) is wrapped to note the
    time of the first non-empty RecordBatch it yields; nothing else about the call changes;
  - client CPU: time.process_time() over the same interval (user + system, all threads);
  - memory: VmRSS before the query and the process's peak (ru_maxrss) after it.
The session is created and warmed with one tiny query before measuring, as on our side.
"""
import json
import resource
import sys
import time
import warnings

warnings.filterwarnings("ignore")


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def main() -> None:
    remote, sql_file = sys.argv[1], sys.argv[2]
    with open(sql_file) as f:
        query = f.read()

    import pyarrow as pa
    import pyspark
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.remote(remote).getOrCreate()
    spark.sql("SELECT 1 AS warm").toArrow()
    server_version = spark.version

    client = spark.client
    original = client._execute_and_fetch_as_iterator
    first_batch_at = []

    def timed(*args, **kwargs):
        for item in original(*args, **kwargs):
            if not first_batch_at and isinstance(item, pa.RecordBatch) and item.num_rows > 0:
                first_batch_at.append(time.perf_counter())
            yield item

    client._execute_and_fetch_as_iterator = timed

    queries = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    for run in range(1, queries + 1):
        first_batch_at.clear()
        measure(spark, query, run, pyspark.__version__, server_version, first_batch_at)
    spark.stop()


def measure(spark, query, run, client_version, server_version, first_batch_at) -> None:
    rss_before = rss_kb()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    table = spark.sql(query).toArrow()
    t1 = time.perf_counter()
    cpu1 = time.process_time()
    rows = table.num_rows
    arrow_bytes = table.nbytes
    rss_after = rss_kb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    del table
    print(json.dumps({
        "client": "pyspark",
        "run": run,
        "version": client_version,
        "serverVersion": server_version,
        "rows": rows,
        "arrowBytes": arrow_bytes,
        "firstBatchMs": (first_batch_at[0] - t0) * 1000 if first_batch_at else None,
        "totalMs": (t1 - t0) * 1000,
        "cpuMs": (cpu1 - cpu0) * 1000,
        "rssBeforeKb": rss_before,
        "rssAfterKb": rss_after,
        "peakRssKb": peak,
    }))


if __name__ == "__main__":
    main()
