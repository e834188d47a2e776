-- Several nodes, one database (issue #7): each process heartbeats a row here, and each call
-- names the node that drives it. A call whose owner is NULL (rows from before this migration)
-- or whose owner's heartbeat is stale is taken over by another node. Times are wall-clock
-- epoch milliseconds.

CREATE TABLE nodes (
  node_id       TEXT    PRIMARY KEY,
  heartbeat_at  INTEGER NOT NULL
);

ALTER TABLE calls ADD COLUMN owner_node TEXT;
