-- Sandbox control plane across nodes (issue #7); mirrors postgresql/V11__node_urls.sql. Each
-- node records the plain-HTTP base URL where other nodes reach its control plane: a per-call
-- action goes to the node that drives the call, a setting to every node. NULL: not reachable.

ALTER TABLE nodes ADD COLUMN control_url TEXT;
