-- Creates a small table; refresh the Connections view to see it under spark_catalog > default.
CREATE TABLE IF NOT EXISTS trips (id BIGINT, city STRING, distance_km DOUBLE) USING parquet;
INSERT INTO trips VALUES (1, 'Lyon', 12.5), (2, 'Porto', 3.25), (3, 'Turku', 40.0);
SELECT city, distance_km FROM trips ORDER BY id;
