//! China time (UTC+8 all year, no daylight saving): the day the limits count in and
//! the dates people read. Epoch milliseconds in, no date crate.

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;
/// China Standard Time's offset from UTC.
pub const CHINA_OFFSET_MS: i64 = 8 * 3_600_000;

/// The calendar day (in China) of a moment, as a day number since 1970-01-01.
pub fn china_day(at_ms: i64) -> i64 {
    (at_ms + CHINA_OFFSET_MS).div_euclid(DAY_MS)
}

/// The first millisecond of a China day.
pub fn china_day_start(day: i64) -> i64 {
    day * DAY_MS - CHINA_OFFSET_MS
}

/// A China-time calendar date, `2026-12-02`.
pub fn china_date(at_ms: i64) -> String {
    let days = china_day(at_ms);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_dates() {
        assert_eq!(china_date(0), "1970-01-01");
        // 2026-11-25 16:00 UTC is already the 26th in China.
        assert_eq!(china_date(1_795_622_400_000), "2026-11-26");
        assert_eq!(china_date(1_795_622_399_999), "2026-11-25");
        assert_eq!(china_date(951_782_400_000 - 8 * 3_600_000), "2000-02-29");
    }

    #[test]
    fn a_china_day_starts_at_16_00_utc() {
        let start = china_day_start(china_day(1_795_622_400_000));
        assert_eq!(start, 1_795_622_400_000);
        assert_eq!(china_day(start - 1), china_day(start) - 1);
    }
}
