//! Accounts: register, log in, log out, and the session behind every request.

use super::{hashing::hashing, limits, views, ApiError, ApiResult};
use crate::{
    clock::{Millis, DAY},
    domain::{
        accounts::{self, DisplayName, FieldError, Handle},
        limits as rates,
    },
    store::{self, Store},
};
use circle_api::{ErrorCode, FieldProblem, LoginRequest, Me, RegisterRequest, Role};

/// The browser's cookies that a login touches.
pub struct Browser<'a> {
    pub ip: &'a str,
    /// The session it had, ended by the new one.
    pub old_session: Option<&'a str>,
    /// Its logged-out visitor id: its share clicks become the account's.
    pub visitor: Option<&'a str>,
    pub session_days: u32,
}

/// A new session: the user and the token for the cookie.
pub struct Session {
    pub user: Me,
    pub token: String,
}

pub async fn register(
    store: &Store,
    now: Millis,
    browser: &Browser<'_>,
    req: RegisterRequest,
) -> ApiResult<Session> {
    let ip = browser.ip;
    limits::take(store, now, &[(rates::REGISTER_PER_IP, format!("ip:{ip}"))]).await?;
    let handle = Handle::parse(&req.handle)?;
    let display_name = DisplayName::parse(&req.display_name)?;
    accounts::check_new_password(&req.password)?;
    let password = req.password;
    let hash = hashing(move || accounts::hash_password(&password))
        .await?
        .map_err(|e| ApiError::internal(anyhow::anyhow!("hashing failed: {e}")))?;
    let mut tx = store.begin().await?;
    let new = store::users::NewUser {
        handle: handle.as_str(),
        display_name: display_name.as_str(),
        password_hash: &hash,
        role: Role::Shopper,
        created_at: now,
    };
    let user =
        store::users::insert(&mut tx, new).await.map_err(|e| {
            match store::unique_violation(&e).as_deref() {
                Some("users_handle_key") => {
                    ApiError::new(ErrorCode::HandleTaken, "this handle is taken").at("handle")
                }
                _ => e.into(),
            }
        })?;
    let session = start(&mut tx, now, browser, views::me(user)).await?;
    tx.commit().await?;
    Ok(session)
}

pub async fn login(
    store: &Store,
    now: Millis,
    browser: &Browser<'_>,
    req: LoginRequest,
) -> ApiResult<Session> {
    if req.handle.trim().is_empty() {
        return Err(FieldError::new("handle", FieldProblem::Required, "Enter your handle.").into());
    }
    if req.password.is_empty() {
        return Err(
            FieldError::new("password", FieldProblem::Required, "Enter your password.").into(),
        );
    }
    // Throttling before the password is even looked at, from the address outwards: an
    // address that tries too much is refused before anything else is charged; a handle
    // is guessed slowly from one address, and only very slowly from many — but a stranger
    // hammering it from one place never locks its owner out of another.
    limits::take(
        store,
        now,
        &[(rates::LOGIN_PER_IP, format!("ip:{}", browser.ip))],
    )
    .await?;
    // A handle that cannot exist is refused before it becomes a rate-limit key.
    let handle = Handle::parse(&req.handle)?;
    let handle = handle.as_str();
    let checks = [
        (
            rates::LOGIN_PER_HANDLE_AND_IP,
            format!("handle:{handle}:ip:{}", browser.ip),
        ),
        (rates::LOGIN_PER_HANDLE, format!("handle:{handle}")),
    ];
    limits::take(store, now, &checks).await?;
    let found = store::users::find_by_handle(&mut *store.conn().await?, handle).await?;
    let phc = found.as_ref().map_or_else(
        || accounts::dummy_hash().to_owned(),
        |f| f.password_hash.clone(),
    );
    let password = req.password;
    let ok = hashing(move || accounts::verify_password(&password, &phc)).await?;
    match found {
        Some(found) if ok => {
            let mut tx = store.begin().await?;
            store::sessions::delete_expired_of_user(&mut tx, found.user.id, now).await?;
            let session = start(&mut tx, now, browser, views::me(found.user)).await?;
            tx.commit().await?;
            Ok(session)
        }
        _ => Err(
            ApiError::new(ErrorCode::WrongCredentials, "wrong handle or password").at("password"),
        ),
    }
}

pub(super) async fn start(
    db: &mut store::Db,
    now: Millis,
    browser: &Browser<'_>,
    user: Me,
) -> ApiResult<Session> {
    if let Some(old) = browser.old_session {
        store::sessions::delete(db, &accounts::session_token_hash(old)).await?;
    }
    let (token, token_hash) = accounts::new_session_token();
    let expires = now + i64::from(browser.session_days) * DAY;
    store::sessions::insert(db, &token_hash, user.id, now, expires).await?;
    if let Some(visitor) = browser.visitor {
        store::clicks::bind_visitor(db, visitor, user.id).await?;
    }
    Ok(Session { user, token })
}

pub async fn logout(store: &Store, token: &str) -> ApiResult<()> {
    let mut db = store.conn().await?;
    store::sessions::delete(&mut db, &accounts::session_token_hash(token)).await?;
    Ok(())
}

/// The user of a live session and the end of their ban, if any.
pub async fn session_user(
    store: &Store,
    now: Millis,
    token: &str,
) -> ApiResult<Option<(Me, Option<Millis>)>> {
    let mut db = store.conn().await?;
    let hash = accounts::session_token_hash(token);
    let found = store::sessions::find_user(&mut db, &hash, now).await?;
    Ok(found.map(|(me, banned_until)| (views::me(me), banned_until)))
}
