//! `circle ledger check` finds each kind of breach (one per invariant it checks): one is
//! forged at a time, straight into
//! the database around the application's rules (the ledger's own rows stay balanced, so
//! only the higher invariant can catch it), and the command — the binary, as an operator
//! runs it — reports it and exits 1.

use crate::earnings::sharer_with_available;
use crate::helpers::{call, TestApp, TestDb};
use crate::on_each_database;
use serde_json::json;

on_each_database!(each_forged_breach_is_reported_and_fails_the_command);

/// `circle ledger check` on the test's database: (exit code, what it printed).
fn ledger_check(app: &TestApp) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_circle"))
        .args(["ledger", "check", "--database-url", app.database_url()])
        .output()
        .expect("run circle ledger check");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// Posts a balanced transaction of `kind` moving `amount` from one account to another.
async fn forge(
    app: &TestApp,
    kind: &str,
    order: Option<i64>,
    from: (&str, i64),
    to: (&str, i64),
    amount: i64,
) {
    let pool = app.store.pool();
    let key = format!("forged:{kind}:{}", rand::random::<u32>());
    let tx: i64 = sqlx::query_scalar(
        "INSERT INTO ledger_transactions (kind, dedupe_key, order_id, created_at) VALUES ($1, $2, $3, 0) RETURNING id",
    )
    .bind(kind)
    .bind(&key)
    .bind(order)
    .fetch_one(pool)
    .await
    .unwrap();
    for ((account, owner), cents) in [(from, -amount), (to, amount)] {
        sqlx::query(
            "INSERT INTO ledger_entries (tx_id, account, owner_id, amount_cents, created_at) VALUES ($1, $2, $3, $4, 0)",
        )
        .bind(tx)
        .bind(account)
        .bind(owner)
        .bind(cents)
        .execute(pool)
        .await
        .unwrap();
    }
}

async fn each_forged_breach_is_reported_and_fails_the_command(db: TestDb) {
    let app = TestApp::spawn(db).await;
    // Real money first: a commission confirmed, a withdrawal requested.
    let (sharer, fan) = sharer_with_available(&app, "ledger").await;
    let (_, orders) = call(fan.get(app.url("/api/v1/orders"))).await;
    let order = orders["items"][0].clone();
    let (status, _) = call(
        sharer
            .post(app.url("/api/v1/withdrawals"))
            .header("idempotency-key", "ledger-w")
            .json(&json!({"amount_cents": 1000})),
    )
    .await;
    assert_eq!(status, 201);
    let (code, text) = ledger_check(&app);
    assert_eq!(code, 0, "clean before anything is forged: {text}");

    let ids = |sql: &'static str| {
        let pool = app.store.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let order_id = order["id"].as_i64().unwrap();
    let merchant = ids("SELECT merchant_id FROM orders LIMIT 1").await;
    let user = ids("SELECT id FROM users WHERE handle = 'ledger_a'").await;
    let withdrawal = ids("SELECT id FROM withdrawals LIMIT 1").await;
    let commission = ids("SELECT id FROM commissions LIMIT 1").await;

    // Each forgery, and the words the report must hold for it.
    let mut expected: Vec<String> = Vec::new();
    let mut expect = |words: String| {
        expected.push(words);
        let (code, text) = ledger_check(&app);
        assert_eq!(code, 1, "breach found: {text}");
        for w in &expected {
            assert!(text.contains(w.as_str()), "the report names `{w}`: {text}");
        }
    };
    // The order's payment posted a second time.
    forge(
        &app,
        "order_paid",
        Some(order_id),
        ("platform", 0),
        ("merchant_payable", merchant),
        100_000,
    )
    .await;
    expect(format!("order {order_id}: amount 100000"));
    // Money out of a person's pending that was never there.
    forge(
        &app,
        "order_paid",
        None,
        ("user_pending", user),
        ("platform", 0),
        1,
    )
    .await;
    expect(format!("{user}: user_pending balance is -1"));
    // A withdrawal marked paid without its posting.
    sqlx::query("UPDATE withdrawals SET status = 'paid' WHERE id = $1")
        .bind(withdrawal)
        .execute(app.store.pool())
        .await
        .unwrap();
    expect(format!("withdrawal {withdrawal}"));
    // A commission whose status no longer matches its entries.
    sqlx::query("UPDATE commissions SET status = 'pending' WHERE id = $1")
        .bind(commission)
        .execute(app.store.pool())
        .await
        .unwrap();
    expect(format!("commission {commission}"));
    // The completed order settled to the shop a second time.
    forge(
        &app,
        "order_settled",
        Some(order_id),
        ("merchant_payable", merchant),
        ("merchant_available", merchant),
        10,
    )
    .await;
    expect(format!("order {order_id} ("));
    // (The forged payment above also put the shop's pending money out of step with its
    // open orders.)
    expect(format!("merchant {merchant}: pending"));
    // A person's and a shop's payout requested beyond what was available.
    forge(
        &app,
        "withdrawal_requested",
        None,
        ("user_available", user),
        ("user_withdrawing", user),
        1_000_000,
    )
    .await;
    expect(format!("user {user}: withdrawal in transaction"));
    forge(
        &app,
        "withdrawal_requested",
        None,
        ("merchant_available", merchant),
        ("merchant_withdrawing", merchant),
        1_000_000,
    )
    .await;
    expect(format!("merchant {merchant}: withdrawal in transaction"));
}
