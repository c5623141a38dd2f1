//! Money on screen: integer cents to "¥128.00", without floating point.

use circle_api::Cents;

pub fn yuan(cents: Cents) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}¥{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::yuan;

    #[test]
    fn cents_render_as_yuan_with_two_decimals() {
        assert_eq!(yuan(12800), "¥128.00");
        assert_eq!(yuan(5), "¥0.05");
        assert_eq!(yuan(0), "¥0.00");
        assert_eq!(yuan(-1999), "-¥19.99");
        assert_eq!(yuan(i64::MIN), "-¥92233720368547758.08");
    }
}
