-- A moderator's ban: until then the account can read but not post, like, comment,
-- report, buy or befriend.
ALTER TABLE users ADD COLUMN banned_until INTEGER;
