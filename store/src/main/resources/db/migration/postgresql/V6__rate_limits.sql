-- Per-account rate limits (requests per minute) that override the server default.

CREATE TABLE account_rate_limits (
  account_sid  TEXT COLLATE "C" PRIMARY KEY REFERENCES accounts (sid),
  per_minute   INTEGER NOT NULL CHECK (per_minute >= 0)
);
