//! The record's one timestamp form: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
//!
//! RFC 3339 allows many spellings of one instant (offsets, any number of fractional
//! digits, lowercase `t`/`z`). A signed record admits exactly one, so that equal times
//! are equal strings and verifiers need no date library to compare them.

use core::fmt::{self, Write};

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc};

/// Writes `time` as `YYYY-MM-DDTHH:MM:SS.mmmZ`, truncated to the millisecond.
///
/// Years outside 0000–9999 have no such form; they are written with a sign and all their
/// digits, which [`parse_timestamp`] then refuses, so such a time never reaches a record.
pub fn format_timestamp(time: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(24);
    let year = time.year();
    match u32::try_from(year) {
        Ok(y) if y <= 9999 => push_padded(&mut out, y, 4),
        _ => {
            let _ = write!(out, "{year:+}");
        }
    }
    out.push('-');
    push_padded(&mut out, time.month(), 2);
    out.push('-');
    push_padded(&mut out, time.day(), 2);
    out.push('T');
    push_padded(&mut out, time.hour(), 2);
    out.push(':');
    push_padded(&mut out, time.minute(), 2);
    out.push(':');
    push_padded(&mut out, time.second(), 2);
    out.push('.');
    // A leap second (millis 1000..1999 in chrono) is written as the last millisecond before it.
    push_padded(&mut out, time.timestamp_subsec_millis().min(999), 3);
    out.push('Z');
    out
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
