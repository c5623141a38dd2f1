-- Work that one process at a time does at most once per period, whichever server process
-- gets to it first (the hourly like-ring scan): when each last started.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    taken_at BIGINT NOT NULL
);
