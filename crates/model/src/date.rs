use std::fmt;
use std::str::FromStr;

/// A calendar date (no time zone), as editions and in-force dates are given.
///
/// Ordered chronologically; displayed and parsed as ISO 8601 `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {input:?}: expected YYYY-MM-DD")]
pub struct DateError {
    input: String,
}

impl Date {
    /// Builds a date, checking the day exists in that month (leap years included).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1000 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// The date `days` days after 1970-01-01 (negative: before), or `None` outside years 1000–9999.
    ///
    /// Pure arithmetic (Howard Hinnant's `civil_from_days`), so callers that know the time can ask "what day is
    /// it" without this crate reading a clock.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// `2 September 2024`: the GOV.UK (and OSCOLA) style for a date in prose and citations.
    pub fn long(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        // `Date::new` keeps months to 1..=12.
        let month = MONTHS[usize::from(self.month - 1)];
        format!("{} {month} {}", self.day, self.year)
    }

    /// Days from 1970-01-01 to this date (Howard Hinnant's `days_from_civil`): the inverse of
    /// [`Date::from_days_since_epoch`].
    pub fn days_since_epoch(self) -> i64 {
        let (year, month, day) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The calendar date in the UK at `secs` seconds after 1970-01-01T00:00Z, where the documents are in force:
    /// GMT, or BST (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October
    /// (the rule since 1996; earlier dates can be an hour out). `None` outside years 1000–9999. Pure arithmetic,
    /// as [`Date::from_days_since_epoch`]: the caller reads the clock.
    pub fn in_uk_at(secs: i64) -> Option<Date> {
        const DAY: i64 = 86_400;
        let utc = Date::from_days_since_epoch(secs.div_euclid(DAY))?;
        // 01:00 UTC on the last Sunday of a 31-day month (March and October both have 31 days).
        let change = |month: u8| -> Option<i64> {
            let last = Date::new(utc.year, month, 31)?.days_since_epoch();
            // 1970-01-01 was a Thursday: (days + 4) mod 7 is 0 on a Sunday.
            Some((last - (last + 4).rem_euclid(7)) * DAY + 3_600)
        };
        let summer = (change(3)?..change(10)?).contains(&secs);
        Date::from_days_since_epoch((secs + if summer { 3_600 } else { 0 }).div_euclid(DAY))
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = || DateError {
            input: s.to_owned(),
        };
        let mut parts = s.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let month = m.parse().map_err(|_| err())?;
        let day = d.parse().map_err(|_| err())?;
        Date::new(year, month, day).ok_or_else(err)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_since_epoch() {
        use super::Date;
        let d = |n| Date::from_days_since_epoch(n).map(|d| d.to_string());
        assert_eq!(d(0).as_deref(), Some("1970-01-01"));
        assert_eq!(d(-1).as_deref(), Some("1969-12-31"));
        assert_eq!(d(11_016).as_deref(), Some("2000-02-29"));
        assert_eq!(d(20_420).as_deref(), Some("2025-11-28"));
        assert_eq!(d(-719_468), None);
    }

    use super::*;

    #[test]
    fn days_since_epoch_is_the_inverse() {
        for n in [-1, 0, 11_016, 20_420, 2_932_896] {
            let d = Date::from_days_since_epoch(n).unwrap();
            assert_eq!(d.days_since_epoch(), n, "{d}");
        }
    }

    #[test]
    fn the_uk_date_moves_with_summer_time() {
        let at = |date: &str, h: i64, m: i64| {
            date.parse::<Date>().unwrap().days_since_epoch() * 86_400 + h * 3_600 + m * 60
        };
        let uk = |secs| Date::in_uk_at(secs).unwrap().to_string();
        // Summer: 23:30 UTC on 31 August is 00:30 on 1 September in the UK.
        assert_eq!(uk(at("2026-08-31", 23, 30)), "2026-09-01");
        // Winter: UTC is UK time.
        assert_eq!(uk(at("2026-12-31", 23, 30)), "2026-12-31");
        // Summer time starts at 01:00 UTC on the last Sunday of March (29 March 2026) and ends at 01:00 UTC on
        // the last Sunday of October (25 October 2026).
        assert_eq!(uk(at("2026-03-28", 23, 30)), "2026-03-28");
        assert_eq!(uk(at("2026-03-29", 0, 59)), "2026-03-29");
        assert_eq!(uk(at("2026-03-29", 23, 30)), "2026-03-30");
        assert_eq!(uk(at("2026-10-24", 23, 30)), "2026-10-25");
        assert_eq!(uk(at("2026-10-25", 23, 30)), "2026-10-25");
    }

    #[test]
    fn parses_and_displays_iso_dates() {
        let d: Date = "2024-09-02".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2024, 9, 2));
        assert_eq!(d.to_string(), "2024-09-02");
    }

    #[test]
    fn refuses_impossible_and_malformed_dates() {
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-9-2",
            "24-09-02",
            "2024-09-02-01",
            "",
            "abcd-ef-gh",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} should be refused");
        }
        assert!("2024-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn orders_chronologically() {
        let a: Date = "2024-09-02".parse().unwrap();
        let b: Date = "2025-01-01".parse().unwrap();
        assert!(a < b);
    }
}
