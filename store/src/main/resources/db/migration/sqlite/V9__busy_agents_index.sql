-- Finding the agents a call holds busy (at every call's end) must not scan the account's users.
CREATE INDEX users_by_active_call ON users (account_sid, active_call_sid)
  WHERE active_call_sid IS NOT NULL;
