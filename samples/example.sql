-- Run a statement with Ctrl+Enter (the statement at the cursor, or the selection);
-- Ctrl+Shift+Enter runs the whole file. The Spark view on the left lists your connections.
SELECT id, id * 2 AS doubled FROM range(10);

SELECT current_date() AS today, version() AS spark_version;
