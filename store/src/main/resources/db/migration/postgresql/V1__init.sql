-- Patchbay's first schema for PostgreSQL. It mirrors sqlite/V1__init.sql column for column, so
-- that one set of SQL (JdbcStore) serves both dialects:
--   * times are epoch milliseconds in BIGINT;
--   * flags are INTEGER 0 or 1 (the SQL writes and compares them as numbers);
--   * JSON is TEXT, read and written by the application;
--   * text compares and sorts bytewise (COLLATE "C"), as it does in SQLite, whatever the
--     database's default collation;
--   * row ids are identity columns that the application never writes.

CREATE TABLE accounts (
  sid          TEXT COLLATE "C" PRIMARY KEY,
  name         TEXT COLLATE "C" NOT NULL,
  region       TEXT COLLATE "C" NOT NULL,
  zone         TEXT COLLATE "C" NOT NULL,
  auto_verify  INTEGER NOT NULL CHECK (auto_verify IN (0, 1)),
  created_at   BIGINT  NOT NULL
);

CREATE TABLE api_credentials (
  api_key      TEXT COLLATE "C" PRIMARY KEY,
  account_sid  TEXT COLLATE "C" NOT NULL REFERENCES accounts (sid),
  token_hash   TEXT COLLATE "C" NOT NULL,
  created_at   BIGINT  NOT NULL
);

CREATE TABLE users (
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_sid      TEXT COLLATE "C" NOT NULL REFERENCES accounts (sid),
  user_id          TEXT COLLATE "C" NOT NULL,
  first_name       TEXT COLLATE "C" NOT NULL,
  last_name        TEXT COLLATE "C" NOT NULL,
  email            TEXT COLLATE "C",
  role             TEXT COLLATE "C" NOT NULL,
  active_call_sid  TEXT COLLATE "C",
  created_at       BIGINT  NOT NULL,
  last_login       BIGINT,
  UNIQUE (account_sid, user_id),
  UNIQUE (account_sid, email)
);

CREATE TABLE devices (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_sid  TEXT COLLATE "C" NOT NULL,
  user_id      TEXT COLLATE "C" NOT NULL,
  name         TEXT COLLATE "C",
  contact_uri  TEXT COLLATE "C" NOT NULL,
  available    INTEGER NOT NULL CHECK (available IN (0, 1)),
  verified     INTEGER NOT NULL CHECK (verified IN (0, 1)),
  status       TEXT COLLATE "C",
  UNIQUE (account_sid, contact_uri)
);
CREATE INDEX devices_by_user ON devices (account_sid, user_id);

CREATE TABLE exophones (
  account_sid  TEXT COLLATE "C" NOT NULL REFERENCES accounts (sid),
  number       TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (account_sid, number)
);

CREATE TABLE contacts (
  account_sid  TEXT COLLATE "C" NOT NULL REFERENCES accounts (sid),
  number       TEXT COLLATE "C" NOT NULL,
  name         TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (account_sid, number)
);

CREATE TABLE do_not_call (
  account_sid  TEXT COLLATE "C" NOT NULL REFERENCES accounts (sid),
  number       TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (account_sid, number)
);

CREATE TABLE calls (
  call_sid       TEXT COLLATE "C" PRIMARY KEY,
  account_sid    TEXT COLLATE "C" NOT NULL REFERENCES accounts (sid),
  direction      TEXT COLLATE "C" NOT NULL,
  virtual_number TEXT COLLATE "C" NOT NULL,
  created_at     BIGINT  NOT NULL,
  agent          TEXT COLLATE "C",
  agent_user_id  TEXT COLLATE "C",
  customer_uri   TEXT COLLATE "C" NOT NULL,
  customer_name  TEXT COLLATE "C",
  options        TEXT COLLATE "C" NOT NULL,
  app_id         TEXT COLLATE "C",
  app_name       TEXT COLLATE "C",
  terminal       INTEGER NOT NULL DEFAULT 0 CHECK (terminal IN (0, 1))
);
CREATE INDEX calls_by_account ON calls (account_sid, created_at);
-- Recovery lists the live calls oldest first: index exactly those, in that order.
CREATE INDEX calls_live ON calls (created_at) WHERE terminal = 0;

CREATE TABLE call_events (
  call_sid  TEXT COLLATE "C" NOT NULL REFERENCES calls (call_sid),
  seq       INTEGER NOT NULL,
  at        BIGINT  NOT NULL,
  type      TEXT COLLATE "C" NOT NULL,
  leg       INTEGER NOT NULL,
  data      TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (call_sid, seq)
);
