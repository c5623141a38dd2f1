//! `wechat-standin APP_ID SECRET`: serves the stand-in on a free loopback port and prints
//! `WeChat stand-in: http://127.0.0.1:PORT`, until killed.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(app_id), Some(secret)) = (args.next(), args.next()) else {
        eprintln!("usage: wechat-standin APP_ID SECRET");
        std::process::exit(2);
    };
    let options = wechat_standin::Options {
        app_id,
        secret,
        fail: false,
        delay: std::time::Duration::ZERO,
    };
    let (base, _) = wechat_standin::spawn(options).await?;
    println!("WeChat stand-in: {base}");
    std::future::pending::<()>().await;
    Ok(())
}
