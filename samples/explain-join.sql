-- "Spark: Explain Selection or Statement at Cursor" shows the plan of a join.
SELECT o.id, o.amount, c.name
FROM (SELECT id, id % 7 AS customer, id * 1.5 AS amount FROM range(1000)) o
JOIN (SELECT id, concat('customer ', id) AS name FROM range(7)) c
  ON o.customer = c.id
WHERE o.amount > 10;
