-- Rate limits (GCRA): per key ('like:user:7', 'login:ip:10.0.0.1', …) the theoretical
-- arrival time of the next request. In the database, so every server process counts the
-- same requests.
CREATE TABLE rate_limits (
    key TEXT   PRIMARY KEY,
    tat INTEGER NOT NULL
);
