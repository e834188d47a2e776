-- Each account's clock as last remembered, so that it survives restarts.

CREATE TABLE account_clocks (
  account_sid  TEXT             PRIMARY KEY REFERENCES accounts (sid),
  instant_ms   BIGINT           NOT NULL,
  wall_ms      BIGINT           NOT NULL,
  speed        DOUBLE PRECISION NOT NULL,
  explicit     INTEGER          NOT NULL
);
