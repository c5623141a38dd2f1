-- Photos are kept as renditions without any metadata (the original is never stored),
-- and served under a token nobody can guess: `media.bytes` keeps only what was stored
-- before (drawings), and is empty for photos.
ALTER TABLE media ADD COLUMN token TEXT;
UPDATE media SET token = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX media_token ON media (token);
CREATE TABLE media_renditions (
    media_id     INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    variant      TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    bytes        BLOB    NOT NULL,
    PRIMARY KEY (media_id, variant)
);
