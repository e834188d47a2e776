-- Several nodes, one database (issue #7); mirrors sqlite/V7__nodes.sql. Each process
-- heartbeats a row here, and each call names the node that drives it. A call whose owner is
-- NULL (rows from before this migration) or whose owner's heartbeat is stale is taken over by
-- another node. Times are wall-clock epoch milliseconds.

CREATE TABLE nodes (
  node_id       TEXT COLLATE "C" PRIMARY KEY,
  heartbeat_at  BIGINT NOT NULL
);

ALTER TABLE calls ADD COLUMN owner_node TEXT COLLATE "C";
