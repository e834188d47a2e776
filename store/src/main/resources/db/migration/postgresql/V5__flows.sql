-- Flows, agent groups, and the flow each ExoPhone runs.

CREATE TABLE flows (
  id           BIGSERIAL PRIMARY KEY,
  account_sid  TEXT    NOT NULL REFERENCES accounts (sid),
  flow_id      TEXT    NOT NULL,
  definition   TEXT    NOT NULL,
  UNIQUE (account_sid, flow_id)
);

CREATE TABLE agent_groups (
  id           BIGSERIAL PRIMARY KEY,
  account_sid  TEXT    NOT NULL REFERENCES accounts (sid),
  group_id     TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  members      TEXT    NOT NULL,
  UNIQUE (account_sid, group_id)
);

ALTER TABLE exophones ADD COLUMN flow_id TEXT;
