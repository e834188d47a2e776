-- Status callbacks (issue #6) for PostgreSQL; mirrors sqlite/V2__callbacks.sql column for
-- column, with the conventions of V1__init.sql: BIGINT epoch milliseconds, identity ids the
-- application never writes, TEXT compared bytewise.

CREATE TABLE callbacks (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_sid  TEXT COLLATE "C" NOT NULL REFERENCES accounts (sid),
  call_sid     TEXT COLLATE "C" NOT NULL REFERENCES calls (call_sid),
  position     INTEGER NOT NULL,
  event        TEXT COLLATE "C" NOT NULL,
  url          TEXT COLLATE "C" NOT NULL,
  body         TEXT COLLATE "C" NOT NULL,
  created_at   BIGINT  NOT NULL,
  state        TEXT COLLATE "C" NOT NULL
               CHECK (state IN ('pending', 'delivered', 'failed')),
  tries        INTEGER NOT NULL DEFAULT 0,
  due_at       BIGINT  NOT NULL,
  UNIQUE (call_sid, position)
);
CREATE INDEX callbacks_pending ON callbacks (due_at, id) WHERE state = 'pending';

CREATE TABLE callback_attempts (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  callback_id  BIGINT  NOT NULL REFERENCES callbacks (id),
  call_sid     TEXT COLLATE "C" NOT NULL,
  at           BIGINT  NOT NULL,
  url          TEXT COLLATE "C" NOT NULL,
  status       INTEGER,
  latency_ms   BIGINT  NOT NULL,
  error        TEXT COLLATE "C",
  note         TEXT COLLATE "C"
);
CREATE INDEX callback_attempts_by_call ON callback_attempts (call_sid, id);

CREATE TABLE callback_signing (
  account_sid  TEXT COLLATE "C" PRIMARY KEY REFERENCES accounts (sid),
  secret       TEXT COLLATE "C" NOT NULL,
  updated_at   BIGINT  NOT NULL
);
