//! Money as people read and type it: integer cents shown as "¥128.00", and the yuan a
//! person types ("12.3", "¥10") parsed to cents. No floating point anywhere near money.

use crate::Cents;
use std::fmt;

/// Cents shown as yuan: `¥128.00`, `-¥19.99`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Yuan(pub Cents);

impl fmt::Display for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}¥{}.{:02}", abs / 100, abs % 100)
    }
}

impl Yuan {
    /// The amount as a person would type it back: `128.00`, without the sign of yuan.
    pub fn typed(self) -> String {
        self.to_string().replace('¥', "")
    }
}

/// "12.34", "12" or "¥10" (yuan) as cents; `None` unless a non-negative amount with at
/// most two decimals that fits.
pub fn parse_yuan(input: &str) -> Option<Cents> {
    let input = input.trim().trim_start_matches('¥');
    let (whole, frac) = input.split_once('.').unwrap_or((input, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_render_as_yuan_with_two_decimals() {
        assert_eq!(Yuan(12800).to_string(), "¥128.00");
        assert_eq!(Yuan(5).to_string(), "¥0.05");
        assert_eq!(Yuan(0).to_string(), "¥0.00");
        assert_eq!(Yuan(-1999).to_string(), "-¥19.99");
        assert_eq!(Yuan(i64::MIN).to_string(), "-¥92233720368547758.08");
        assert_eq!(Yuan(1234).typed(), "12.34");
    }

    #[test]
    fn yuan_parses_to_cents_exactly() {
        assert_eq!(parse_yuan("12.34"), Some(1234));
        assert_eq!(parse_yuan("12.3"), Some(1230));
        assert_eq!(parse_yuan("¥10"), Some(1000));
        assert_eq!(parse_yuan(" 0.07 "), Some(7));
        assert_eq!(parse_yuan(".5"), Some(50));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("-5"), None);
        assert_eq!(parse_yuan("1e3"), None);
        assert_eq!(parse_yuan(""), None);
        assert_eq!(parse_yuan("."), None);
        assert_eq!(parse_yuan("99999999999999999999"), None);
    }

    #[test]
    fn what_is_shown_parses_back() {
        for cents in [0, 7, 1000, 1234, 9_999_999] {
            assert_eq!(parse_yuan(&Yuan(cents).typed()), Some(cents));
        }
    }
}
