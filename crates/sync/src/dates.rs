//! The dates that decide editions: GOV.UK timestamps, HTTP dates and legislation data files, all read as the date
//! in the UK (GOV.UK shows "23 May 2013" for `2013-05-22T23:00:00Z`, which is 00:00 BST).

use std::time::{SystemTime, UNIX_EPOCH};

use pinpoint_model::Date;

/// Seconds since the Unix epoch now.
pub(crate) fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `2025-07-07T10:00:00Z` for a Unix time, for records.
pub(crate) fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let date = Date::from_days_since_epoch(days)
        .map_or_else(|| "0000-00-00".to_owned(), |d| d.to_string());
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Today's date in the UK.
pub(crate) fn today_uk() -> Option<Date> {
    Date::in_uk_at(now_secs())
}

/// Parses an ISO 8601 / RFC 3339 timestamp as GOV.UK writes them (`2015-12-17T12:06:08.000+00:00`,
/// `2020-08-19T15:53:46.000+01:00`, `2016-01-17T14:19:42.460Z`, `2025-02-07T11:30:19+00:00`) to Unix seconds. A
/// bare `YYYY-MM-DD` is midday UTC of that day (so it stays that day in the UK).
pub(crate) fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    let date: Date = s.get(..10)?.parse().ok()?;
    let days = date.days_since_epoch();
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(days * 86_400 + 12 * 3600);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let num = |a: usize, b: usize| -> Option<i64> {
        let t = rest.get(a..b)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (h, m, sec) = (num(0, 2)?, num(3, 5)?, num(6, 8)?);
    if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let mut zone = &rest[8..];
    if let Some(frac) = zone.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        zone = &frac[digits..];
    }
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let oh: i64 = zone.get(1..3)?.parse().ok()?;
            let om: i64 = zone.get(4..6)?.parse().ok()?;
            if zone.len() != 6 || zone.get(3..4)? != ":" {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(days * 86_400 + h * 3600 + m * 60 + sec - offset)
}

/// The UK date of a GOV.UK timestamp.
pub(crate) fn uk_date_of_timestamp(s: &str) -> Option<Date> {
    Date::in_uk_at(parse_timestamp(s)?)
}

/// The UK date of an HTTP date (`Last-Modified: Wed, 21 Oct 2015 07:28:00 GMT`).
pub(crate) fn uk_date_of_http_date(s: &str) -> Option<Date> {
    let t = httpdate::parse_http_date(s).ok()?;
    let secs = t.duration_since(UNIX_EPOCH).ok()?.as_secs();
    Date::in_uk_at(i64::try_from(secs).ok()?)
}

/// The date a legislation.gov.uk data file is valid from (`<dct:valid>`, the "up to date with changes made on or
/// before" date of revised legislation), else its `<dc:modified>`. Only the file's metadata is read, by text search:
/// the full CLML parse is ingest's job.
pub(crate) fn clml_date(xml: &[u8]) -> Option<Date> {
    let head = &xml[..xml.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head);
    ["<dct:valid>", "<dc:modified>"].iter().find_map(|tag| {
        let at = text.find(tag)? + tag.len();
        text.get(at..at + 10)?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn govuk_timestamps_in_every_shape_give_the_uk_date() {
        for (ts, date) in [
            ("2015-12-17T12:06:08.000+00:00", "2015-12-17"),
            ("2020-08-19T15:53:46.000+01:00", "2020-08-19"),
            ("2016-01-17T14:19:42.460Z", "2016-01-17"),
            ("2025-02-07T11:30:19+00:00", "2025-02-07"),
            // 23:00 UTC in May is midnight BST: GOV.UK shows the next day.
            ("2013-05-22T23:00:00.000+00:00", "2013-05-23"),
            // 23:30 UTC in January is still that day (GMT).
            ("2024-01-10T23:30:00Z", "2024-01-10"),
            // Written in BST just after midnight: the UK date as written.
            ("2020-04-06T00:01:15+01:00", "2020-04-06"),
            ("2024-09-02", "2024-09-02"),
        ] {
            assert_eq!(uk_date_of_timestamp(ts), Some(d(date)), "{ts}");
        }
        for bad in [
            "",
            "2024-13-01T00:00:00Z",
            "2024-01-01T25:00:00Z",
            "2024-01-01T00:00:00+0100",
            "yesterday",
        ] {
            assert_eq!(uk_date_of_timestamp(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn summer_time_starts_and_ends_on_the_last_sundays() {
        // 2025: BST from 30 March 01:00 UTC to 26 October 01:00 UTC.
        assert_eq!(
            uk_date_of_timestamp("2025-03-30T00:59:00Z"),
            Some(d("2025-03-30"))
        );
        assert_eq!(
            uk_date_of_timestamp("2025-03-29T23:30:00Z"),
            Some(d("2025-03-29"))
        );
        assert_eq!(
            uk_date_of_timestamp("2025-10-25T23:30:00Z"),
            Some(d("2025-10-26"))
        );
        assert_eq!(
            uk_date_of_timestamp("2025-10-26T23:30:00Z"),
            Some(d("2025-10-26"))
        );
    }

    #[test]
    fn http_dates_and_records() {
        assert_eq!(
            uk_date_of_http_date("Mon, 07 Jul 2025 23:30:00 GMT"),
            Some(d("2025-07-08"))
        );
        assert_eq!(uk_date_of_http_date("not a date"), None);
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_751_932_800 + 3661), "2025-07-08T01:01:01Z");
    }

    #[test]
    fn clml_dates_come_from_dct_valid() {
        let xml = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus/raw/ukpga-2004-34.xml"
        ))
        .unwrap();
        assert_eq!(clml_date(&xml), Some(d("2022-04-28")));
        assert_eq!(
            clml_date(b"<Legislation><dc:modified>2020-03-13</dc:modified>"),
            Some(d("2020-03-13"))
        );
        assert_eq!(clml_date(b"<Legislation/>"), None);
    }
}
