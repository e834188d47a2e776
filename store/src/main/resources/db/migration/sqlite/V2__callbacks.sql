-- Status callbacks (issue #6): the outbox, its delivery log, and per-account signing secrets.
-- Times are epoch milliseconds on the account's clock, as in V1.

-- One row per status_callback item of a call whose event happened. The row is written in the
-- same transaction as the event, with the exact body every attempt sends.
CREATE TABLE callbacks (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  account_sid  TEXT    NOT NULL REFERENCES accounts (sid),
  call_sid     TEXT    NOT NULL REFERENCES calls (call_sid),
  position     INTEGER NOT NULL,
  event        TEXT    NOT NULL,
  url          TEXT    NOT NULL,
  body         TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  state        TEXT    NOT NULL,
  tries        INTEGER NOT NULL DEFAULT 0,
  due_at       INTEGER NOT NULL,
  UNIQUE (call_sid, position)
);
CREATE INDEX callbacks_pending ON callbacks (due_at, id) WHERE state = 'pending';

CREATE TABLE callback_attempts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  callback_id  INTEGER NOT NULL REFERENCES callbacks (id),
  call_sid     TEXT    NOT NULL,
  at           INTEGER NOT NULL,
  url          TEXT    NOT NULL,
  status       INTEGER,
  latency_ms   INTEGER NOT NULL,
  error        TEXT,
  note         TEXT
);
CREATE INDEX callback_attempts_by_call ON callback_attempts (call_sid, id);

-- An account with a row here signs its callbacks (a Patchbay extension; off by default).
CREATE TABLE callback_signing (
  account_sid  TEXT    PRIMARY KEY REFERENCES accounts (sid),
  secret       TEXT    NOT NULL,
  updated_at   INTEGER NOT NULL
);
