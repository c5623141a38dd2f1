-- Accounts that log in with WeChat (网页授权): one openid per account and one account
-- per openid; the nickname and avatar URL WeChat gave when it was linked. An account
-- made by WeChat login has an empty password_hash (no password logs into it).
CREATE TABLE wechat_accounts (
    openid     TEXT    PRIMARY KEY,
    unionid    TEXT,
    user_id    INTEGER NOT NULL UNIQUE REFERENCES users (id),
    nickname   TEXT    NOT NULL,
    avatar_url TEXT    NOT NULL,
    linked_at  INTEGER NOT NULL
);
