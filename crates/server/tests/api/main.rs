//! API integration tests: one binary, real HTTP on loopback, a fresh database per test.
//! Every test in `on_each_database!` runs on SQLite and, when `CIRCLE_TEST_POSTGRES_URL`
//! is set, on PostgreSQL too.

mod helpers;

mod accounts;
mod assets;
mod processes;
