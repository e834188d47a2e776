-- Patchbay's first schema for SQLite. Times are epoch milliseconds.

CREATE TABLE accounts (
  sid          TEXT PRIMARY KEY,
  name         TEXT    NOT NULL,
  region       TEXT    NOT NULL,
  zone         TEXT    NOT NULL,
  auto_verify  INTEGER NOT NULL,
  created_at   INTEGER NOT NULL
);

CREATE TABLE api_credentials (
  api_key      TEXT PRIMARY KEY,
  account_sid  TEXT    NOT NULL REFERENCES accounts (sid),
  token_hash   TEXT    NOT NULL,
  created_at   INTEGER NOT NULL
);

CREATE TABLE users (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  account_sid      TEXT    NOT NULL REFERENCES accounts (sid),
  user_id          TEXT    NOT NULL,
  first_name       TEXT    NOT NULL,
  last_name        TEXT    NOT NULL,
  email            TEXT,
  role             TEXT    NOT NULL,
  active_call_sid  TEXT,
  created_at       INTEGER NOT NULL,
  last_login       INTEGER,
  UNIQUE (account_sid, user_id),
  UNIQUE (account_sid, email)
);

CREATE TABLE devices (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  account_sid  TEXT    NOT NULL,
  user_id      TEXT    NOT NULL,
  name         TEXT,
  contact_uri  TEXT    NOT NULL,
  available    INTEGER NOT NULL,
  verified     INTEGER NOT NULL,
  status       TEXT,
  UNIQUE (account_sid, contact_uri)
);
CREATE INDEX devices_by_user ON devices (account_sid, user_id);

CREATE TABLE exophones (
  account_sid  TEXT NOT NULL REFERENCES accounts (sid),
  number       TEXT NOT NULL,
  PRIMARY KEY (account_sid, number)
);

CREATE TABLE contacts (
  account_sid  TEXT NOT NULL REFERENCES accounts (sid),
  number       TEXT NOT NULL,
  name         TEXT NOT NULL,
  PRIMARY KEY (account_sid, number)
);

CREATE TABLE do_not_call (
  account_sid  TEXT NOT NULL REFERENCES accounts (sid),
  number       TEXT NOT NULL,
  PRIMARY KEY (account_sid, number)
);

CREATE TABLE calls (
  call_sid       TEXT PRIMARY KEY,
  account_sid    TEXT    NOT NULL REFERENCES accounts (sid),
  direction      TEXT    NOT NULL,
  virtual_number TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  agent          TEXT,
  agent_user_id  TEXT,
  customer_uri   TEXT    NOT NULL,
  customer_name  TEXT,
  options        TEXT    NOT NULL,
  app_id         TEXT,
  app_name       TEXT,
  terminal       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX calls_by_account ON calls (account_sid, created_at);
CREATE INDEX calls_live ON calls (terminal) WHERE terminal = 0;

CREATE TABLE call_events (
  call_sid  TEXT    NOT NULL REFERENCES calls (call_sid),
  seq       INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  type      TEXT    NOT NULL,
  leg       INTEGER NOT NULL,
  data      TEXT    NOT NULL,
  PRIMARY KEY (call_sid, seq)
);
