//! Account rules: what a handle, display name and password may be; how passwords are
//! hashed; how session tokens are made.

use argon2::{
    password_hash::{Output, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version,
};
use base64::Engine;
use circle_api::{
    FieldProblem, DISPLAY_NAME_MAX, HANDLE_MAX, HANDLE_MIN, PASSWORD_MAX, PASSWORD_MIN,
};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A field that failed its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: FieldProblem,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, problem: FieldProblem, message: impl Into<String>) -> Self {
        Self {
            field,
            problem,
            message: message.into(),
        }
    }
}

/// A valid handle: 3–20 of a–z, 0–9 and `_`, starting with a letter; stored lower-case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle(String);

impl Handle {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_ascii_lowercase();
        let len = s.chars().count();
        if len == 0 {
            return Err(FieldError::new(
                "handle",
                FieldProblem::Required,
                "Choose a handle.",
            ));
        }
        if len < HANDLE_MIN {
            return Err(FieldError::new(
                "handle",
                FieldProblem::TooShort,
                format!("A handle has at least {HANDLE_MIN} characters."),
            ));
        }
        if len > HANDLE_MAX {
            return Err(FieldError::new(
                "handle",
                FieldProblem::TooLong,
                format!("A handle has at most {HANDLE_MAX} characters."),
            ));
        }
        let starts_with_letter = s.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        let allowed = s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !starts_with_letter || !allowed {
            return Err(FieldError::new(
                "handle",
                FieldProblem::BadCharacters,
                "Use letters a–z, digits and _, starting with a letter.",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A display name: 1–30 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s: String = raw.trim().to_owned();
        let len = s.chars().count();
        if len == 0 {
            return Err(FieldError::new(
                "display_name",
                FieldProblem::Required,
                "Enter the name your friends will see.",
            ));
        }
        if len > DISPLAY_NAME_MAX {
            return Err(FieldError::new(
                "display_name",
                FieldProblem::TooLong,
                format!("A name has at most {DISPLAY_NAME_MAX} characters."),
            ));
        }
        if s.chars().any(char::is_control) {
            return Err(FieldError::new(
                "display_name",
                FieldProblem::BadCharacters,
                "A name cannot hold control characters.",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a new password's length (in characters, so Chinese passwords count fairly).
pub fn check_new_password(raw: &str) -> Result<(), FieldError> {
    let len = raw.chars().count();
    if len == 0 {
        return Err(FieldError::new(
            "password",
            FieldProblem::Required,
            "Choose a password.",
        ));
    }
    if len < PASSWORD_MIN {
        return Err(FieldError::new(
            "password",
            FieldProblem::TooShort,
            format!("A password has at least {PASSWORD_MIN} characters."),
        ));
    }
    if len > PASSWORD_MAX {
        return Err(FieldError::new(
            "password",
            FieldProblem::TooLong,
            format!("A password has at most {PASSWORD_MAX} characters."),
        ));
    }
    Ok(())
}

/// Argon2id with m = 19 MiB, t = 2, p = 1 (OWASP's recommended minimum).
fn argon2() -> Argon2<'static> {
    // These constants are valid by construction; `Params::new` only rejects out-of-range values.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Runs Argon2 with this thread's working memory, allocated once per thread and reused:
/// allocating and freeing 19 MiB per hash leaves the allocator holding many freed
/// blocks under load (measured: +208 MiB for 200 logins on two hashing threads).
fn with_memory<T>(argon: &Argon2<'_>, run: impl FnOnce(&mut [Block]) -> T) -> T {
    thread_local! {
        static MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let need = argon.params().block_count();
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < need {
            memory.resize(need, Block::default());
        }
        run(&mut memory[..need])
    })
}

/// Argon2 of `password` with `salt` (raw bytes) into `out`.
fn derive(argon: &Argon2<'_>, password: &str, salt: &[u8], out: &mut [u8]) -> argon2::Result<()> {
    with_memory(argon, |memory| {
        argon.hash_password_into_with_memory(password.as_bytes(), salt, out, memory)
    })
}

/// Hashes a password to a PHC string. CPU-heavy: call it off the async executor.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let argon = argon2();
    let mut raw_salt = [0u8; 64];
    let raw_salt = salt.decode_b64(&mut raw_salt)?;
    let mut out = [0u8; 32];
    derive(&argon, password, raw_salt, &mut out)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: argon.params().try_into()?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out)?),
    };
    Ok(hash.to_string())
}

/// Verifies a password against a PHC string (in constant time). CPU-heavy like
/// `hash_password`.
pub fn verify_password(password: &str, phc: &str) -> bool {
    let check = || -> Option<bool> {
        let hash = PasswordHash::new(phc).ok()?;
        let (salt, expected) = (hash.salt?, hash.hash?);
        let argon = Argon2::new(
            Algorithm::try_from(hash.algorithm).ok()?,
            Version::try_from(hash.version?).ok()?,
            Params::try_from(&hash).ok()?,
        );
        let mut raw_salt = [0u8; 64];
        let raw_salt = salt.decode_b64(&mut raw_salt).ok()?;
        let mut out = vec![0u8; expected.len()];
        derive(&argon, password, raw_salt, &mut out).ok()?;
        Some(Output::new(&out).ok()? == expected)
    };
    check().unwrap_or(false)
}

/// A hash to verify against when the handle does not exist, so that a wrong handle
/// takes as long as a wrong password and timing does not reveal who has an account.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// A fresh session token (256 random bits, URL-safe) and the hash the database keeps.
pub fn new_session_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = session_token_hash(&token);
    (token, hash)
}

pub fn session_token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handle_is_trimmed_and_lowercased() {
        assert_eq!(
            Handle::parse("  Alice_01 ").map(|h| h.0),
            Ok("alice_01".into())
        );
    }

    #[test]
    fn handle_rules_name_the_problem() {
        let problem = |s: &str| Handle::parse(s).map_err(|e| e.problem).err();
        assert_eq!(problem(""), Some(FieldProblem::Required));
        assert_eq!(problem("ab"), Some(FieldProblem::TooShort));
        assert_eq!(problem(&"a".repeat(21)), Some(FieldProblem::TooLong));
        assert_eq!(problem("1abc"), Some(FieldProblem::BadCharacters));
        assert_eq!(problem("ab-c"), Some(FieldProblem::BadCharacters));
        assert_eq!(problem("小明abc"), Some(FieldProblem::BadCharacters));
        assert_eq!(problem("abc"), None);
        assert_eq!(problem(&"a".repeat(20)), None);
    }

    #[test]
    fn display_name_accepts_chinese_and_counts_characters() {
        assert!(DisplayName::parse("小明同学").is_ok());
        assert!(DisplayName::parse(&"好".repeat(30)).is_ok());
        assert_eq!(
            DisplayName::parse(&"好".repeat(31)).map_err(|e| e.problem),
            Err(FieldProblem::TooLong)
        );
        assert_eq!(
            DisplayName::parse("   ").map_err(|e| e.problem),
            Err(FieldProblem::Required)
        );
    }

    #[test]
    fn password_length_bounds() {
        assert_eq!(
            check_new_password("1234567").map_err(|e| e.problem),
            Err(FieldProblem::TooShort)
        );
        assert!(check_new_password("12345678").is_ok());
        assert!(check_new_password(&"x".repeat(128)).is_ok());
        assert_eq!(
            check_new_password(&"x".repeat(129)).map_err(|e| e.problem),
            Err(FieldProblem::TooLong)
        );
    }

    #[test]
    fn password_hash_is_argon2id_with_required_cost_and_verifies() {
        let phc = hash_password("correct horse").expect("hashes");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password("correct horse", &phc));
        assert!(!verify_password("wrong horse", &phc));
        assert!(!verify_password("anything", "not a phc string"));
    }

    #[test]
    fn hashes_agree_with_the_argon2_crates_own_api() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        // Stored before hashing reused its memory: still verifies.
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let theirs = argon2()
            .hash_password(b"old password", &salt)
            .unwrap()
            .to_string();
        assert!(verify_password("old password", &theirs));
        assert!(!verify_password("old passwore", &theirs));
        // And ours verifies with theirs.
        let ours = hash_password("new password").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2().verify_password(b"new password", &parsed).is_ok());
    }

    #[test]
    fn session_tokens_are_unique_and_only_their_hash_is_kept() {
        let (t1, h1) = new_session_token();
        let (t2, h2) = new_session_token();
        assert_ne!(t1, t2);
        assert_ne!(t1, h1);
        assert_eq!(session_token_hash(&t1), h1);
        assert_ne!(h1, h2);
        assert_eq!(t1.len(), 43);
    }
}
