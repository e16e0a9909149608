//! The record's one timestamp form: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
//!
//! RFC 3339 allows many spellings of one instant (offsets, any number of fractional
//! digits, lowercase `t`/`z`). A signed record admits exactly one, so that equal times
//! are equal strings and verifiers need no date library to compare them.

use core::fmt::{self, Write};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// Writes `time` as `YYYY-MM-DDTHH:MM:SS.mmmZ`, truncated to the millisecond.
///
/// Years outside 0000–9999 have no such form; they are written with a sign and all their
/// digits, which [`parse_timestamp`] then refuses, so such a time never reaches a record.
pub fn format_timestamp(time: DateTime<Utc>) -> String {
    let whole = whole_millis(time);
    let (seconds, millis) = (whole.div_euclid(1000), whole.rem_euclid(1000) as u32);
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400) as u32);
    let (year, month, day) = civil_from_days(days);
    let mut out = String::with_capacity(24);
    match u32::try_from(year) {
        Ok(y) if y <= 9999 => push_padded(&mut out, y, 4),
        _ => {
            let _ = write!(out, "{year:+}");
        }
    }
    for (separator, value, width) in [
        ('-', month, 2),
        ('-', day, 2),
        ('T', second_of_day / 3600, 2),
        (':', second_of_day / 60 % 60, 2),
        (':', second_of_day % 60, 2),
        ('.', millis, 3),
    ] {
        out.push(separator);
        push_padded(&mut out, value, width);
    }
    out.push('Z');
    out
}

/// `time` in whole milliseconds since 1970-01-01T00:00:00Z, as the timestamp form writes it:
/// truncated, and a leap second (millis 1000..1999 in chrono) as the last millisecond
/// before it.
pub(super) fn whole_millis(time: DateTime<Utc>) -> i64 {
    time.timestamp() * 1000 + i64::from(time.timestamp_subsec_millis().min(999))
}

/// The proleptic Gregorian date `days` after 1970-01-01: year, month (1–12), day (1–31).
/// Worked out here, in a few divisions, rather than through the date library's tables
/// (Howard Hinnant's `civil_from_days`; eras are 400-year cycles from 0000-03-01).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// Writes the low `width` decimal digits of `value`, zero-padded.
fn push_padded(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// A string that is not a timestamp of the form `YYYY-MM-DDTHH:MM:SS.mmmZ`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimestampError;

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a timestamp of the form YYYY-MM-DDTHH:MM:SS.mmmZ")
    }
}

impl std::error::Error for TimestampError {}

/// Reads a timestamp of exactly the form `YYYY-MM-DDTHH:MM:SS.mmmZ` (a valid date and
/// time, seconds 00–59), and nothing else.
pub fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, TimestampError> {
    let b = text.as_bytes();
    if b.len() != 24 || [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'.'), (23, b'Z')].iter().any(|&(i, c)| b[i] != c) {
        return Err(TimestampError);
    }
    let num = |from: usize, to: usize| -> Result<u32, TimestampError> {
        b[from..to].iter().try_fold(0, |n, &d| if d.is_ascii_digit() { Ok(n * 10 + u32::from(d - b'0')) } else { Err(TimestampError) })
    };
    let year = i32::try_from(num(0, 4)?).map_err(|_| TimestampError)?;
    let date = NaiveDate::from_ymd_opt(year, num(5, 7)?, num(8, 10)?).ok_or(TimestampError)?;
    let time = NaiveTime::from_hms_milli_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?).ok_or(TimestampError)?;
    Ok(date.and_time(time).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_exactly() {
        let t = DateTime::from_timestamp(1_795_921_445, 678_900_000).unwrap();
        assert_eq!(format_timestamp(t), "2026-11-29T03:04:05.678Z");
        assert_eq!(format_timestamp(DateTime::from_timestamp(0, 0).unwrap()), "1970-01-01T00:00:00.000Z");
        let far = NaiveDate::from_ymd_opt(12026, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc();
        assert_eq!(format_timestamp(far), "+12026-01-01T00:00:00.000Z");
        let early = NaiveDate::from_ymd_opt(-1, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc();
        assert!(parse_timestamp(&format_timestamp(early)).is_err());
    }

    #[test]
    fn works_out_the_date_as_the_date_library_does() {
        use chrono::Datelike;
        // Every day from -0001-01-01 (2 BCE: year 0 is 1 BCE) to 10000-12-31, against chrono.
        let first = NaiveDate::from_ymd_opt(-1, 1, 1).unwrap();
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut date = first;
        while date <= NaiveDate::from_ymd_opt(10_000, 12, 31).unwrap() {
            let days = date.signed_duration_since(epoch).num_days();
            assert_eq!(civil_from_days(days), (i64::from(date.year()), date.month(), date.day()), "{date}");
            date = date.succ_opt().unwrap();
        }
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(format_timestamp(t("1969-12-31T23:59:59.999Z")), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_timestamp(t("2000-02-29T12:00:00.5Z")), "2000-02-29T12:00:00.500Z");
        assert_eq!(format_timestamp(t("9999-12-31T23:59:59.9999Z")), "9999-12-31T23:59:59.999Z");
        assert_eq!(format_timestamp(t("0000-01-01T00:00:00Z")), "0000-01-01T00:00:00.000Z");
    }

    #[test]
    fn parses_only_the_one_form() {
        let t = parse_timestamp("2026-11-29T03:04:05.678Z").unwrap();
        assert_eq!(t.timestamp_millis(), 1_795_921_445_678);
        assert_eq!(format_timestamp(t), "2026-11-29T03:04:05.678Z");
        assert_eq!(parse_timestamp("0000-01-01T00:00:00.000Z").map(format_timestamp).unwrap(), "0000-01-01T00:00:00.000Z");
        for bad in [
            "2026-11-29T03:04:05Z", "2026-11-29T03:04:05.67Z", "2026-11-29T03:04:05.6789Z", "2026-11-29t03:04:05.678Z",
            "2026-11-29T03:04:05.678z", "2026-11-29T03:04:05.678+00:00", "2026-11-29 03:04:05.678Z", "2026-02-30T03:04:05.678Z",
            "2026-11-29T24:00:00.000Z", "2026-11-29T23:59:60.000Z", "2026-13-01T00:00:00.000Z", "+026-11-29T03:04:05.678Z",
            "2026-11-29T03:04:0５.678Z", "", "2026-11-29T03:04:05.678Z ",
        ] {
            assert_eq!(parse_timestamp(bad), Err(TimestampError), "{bad}");
        }
    }
}
