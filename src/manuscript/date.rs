//! When an article was published, as the text says: front matter (`date:`), a web page's
//! `<meta>` tags (`article:published_time`, `datePublished`…) or a dated line of the page
//! header ("April 24, 2020 5:39 P.M. EDT"). Read for the podcast feed's `pubDate`; never
//! spoken.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use regex::Regex;
use std::fmt;
use std::sync::LazyLock;

/// The publication date of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// A calendar day, without a time ("2024-05-01", "May 1, 2024").
    Day(Date),
    /// A moment, with the offset from UTC it was written with ("2024-05-01T09:30:00+02:00").
    Moment(DateTime, Offset),
}

/// ISO 8601 / RFC 3339: a date, optionally a time and an offset.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\b(\d{4})-(\d{2})-(\d{2})
          (?:[T\ ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?",
    )
    .expect("static regex")
});

const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/// "May 1, 2024", "May 1st 2024".
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .expect("static regex")
});

/// "1 May 2024", "12 June, 2022".
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\.?,?\s+(\d{{4}})\b"
    ))
    .expect("static regex")
});

fn month_number(name: &str) -> Option<i8> {
    let m = name.get(..3)?.to_ascii_lowercase();
    let i = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|x| *x == m)?;
    i8::try_from(i + 1).ok()
}

fn number<T: std::str::FromStr>(s: Option<regex::Match<'_>>) -> Option<T> {
    s?.as_str().parse().ok()
}

impl Published {
    /// The first date in `text`, in one of the forms above; `None` when there is none or it
    /// is not a real day (2024-02-30).
    pub fn find(text: &str) -> Option<Published> {
        let iso = ISO.captures(text).and_then(|c| {
            let date = Date::new(number(c.get(1))?, number(c.get(2))?, number(c.get(3))?).ok()?;
            let (Some(h), Some(min)) = (number::<i8>(c.get(4)), number::<i8>(c.get(5))) else {
                return Some((c.get(0)?.start(), Published::Day(date)));
            };
            let time = Time::new(h, min, number(c.get(6)).unwrap_or(0), 0).ok()?;
            let offset = match c.get(7).map(|m| m.as_str()) {
                None | Some("Z") => Offset::UTC,
                Some(o) => parse_offset(o)?,
            };
            Some((
                c.get(0)?.start(),
                Published::Moment(date.to_datetime(time), offset),
            ))
        });
        let mdy = MONTH_DAY_YEAR.captures(text).and_then(|c| {
            let date = Date::new(
                number(c.get(3))?,
                month_number(c.get(1)?.as_str())?,
                number(c.get(2))?,
            )
            .ok()?;
            Some((c.get(0)?.start(), Published::Day(date)))
        });
        let dmy = DAY_MONTH_YEAR.captures(text).and_then(|c| {
            let date = Date::new(
                number(c.get(3))?,
                month_number(c.get(2)?.as_str())?,
                number(c.get(1))?,
            )
            .ok()?;
            Some((c.get(0)?.start(), Published::Day(date)))
        });
        [iso, mdy, dmy]
            .into_iter()
            .flatten()
            .min_by_key(|(at, _)| *at)
            .map(|(_, p)| p)
    }

    /// The date in RFC 2822 form, as RSS wants it (`Wed, 01 May 2024 12:00:00 +0000`). A day
    /// without a time is given noon UTC, which is the same calendar day from UTC−11 to UTC+11.
    pub fn rfc2822(&self) -> String {
        let (dt, offset) = match *self {
            Published::Day(d) => (d.to_datetime(Time::constant(12, 0, 0, 0)), Offset::UTC),
            Published::Moment(dt, o) => (dt, o),
        };
        let printer = jiff::fmt::rfc2822::DateTimePrinter::new();
        dt.to_zoned_datetime(TimeZone::fixed(offset))
            .ok()
            .and_then(|z| printer.zoned_datetime_to_string(&z).ok())
            .unwrap_or_else(|| dt.to_string())
    }

    /// The moment, for ordering (a day counts as its noon UTC).
    pub fn timestamp(&self) -> Option<jiff::Timestamp> {
        let (dt, offset) = match *self {
            Published::Day(d) => (d.to_datetime(Time::constant(12, 0, 0, 0)), Offset::UTC),
            Published::Moment(dt, o) => (dt, o),
        };
        offset.to_timestamp(dt).ok()
    }
}

/// `+02:00`, `+0200`, `-05`.
fn parse_offset(o: &str) -> Option<Offset> {
    let sign: i32 = if o.starts_with('-') { -1 } else { 1 };
    let digits: String = o[1..].chars().filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Some(0), |m| m.parse().ok())?;
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

impl fmt::Display for Published {
    /// ISO 8601: `2024-05-01`, or `2024-05-01T09:30:00+02:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Published::Day(d) => write!(f, "{d}"),
            Published::Moment(dt, o) => {
                let secs = o.seconds();
                let sign = if secs < 0 { '-' } else { '+' };
                let secs = secs.abs();
                write!(
                    f,
                    "{}{sign}{:02}:{:02}",
                    dt.strftime("%Y-%m-%dT%H:%M:%S"),
                    secs / 3600,
                    secs % 3600 / 60
                )
            }
        }
    }
}

impl serde::Serialize for Published {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Published {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Published::find(&s)
            .filter(|p| p.to_string() == s)
            .ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not an ISO 8601 date")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<String> {
        Published::find(text).map(|p| p.to_string())
    }

    #[test]
    fn dates_are_found_in_the_forms_articles_use() {
        assert_eq!(found("2024-05-01").as_deref(), Some("2024-05-01"));
        assert_eq!(
            found("2024-05-01T09:30:00+02:00").as_deref(),
            Some("2024-05-01T09:30:00+02:00")
        );
        assert_eq!(
            found("2021-02-12T17:05:10.123Z").as_deref(),
            Some("2021-02-12T17:05:10+00:00")
        );
        assert_eq!(
            found("April 24, 2020 5:39 P.M. EDT").as_deref(),
            Some("2020-04-24")
        );
        assert_eq!(
            found("Published 12 June 2022 | 6 min read").as_deref(),
            Some("2022-06-12")
        );
        assert_eq!(
            found("Issued on: Sept. 3rd, 2019").as_deref(),
            Some("2019-09-03")
        );
        assert_eq!(found("2024-02-30"), None, "not a day");
        assert_eq!(found("Transcript: Council Meeting, 4 May"), None);
    }

    #[test]
    fn rss_dates_are_rfc_2822_and_a_day_is_its_noon_utc() {
        let day = Published::find("2024-05-01").unwrap();
        assert_eq!(day.rfc2822(), "Wed, 1 May 2024 12:00:00 +0000");
        let moment = Published::find("2024-05-01T09:30:00-05:00").unwrap();
        assert_eq!(moment.rfc2822(), "Wed, 1 May 2024 09:30:00 -0500");
        assert!(
            moment.timestamp()
                < day
                    .timestamp()
                    .map(|t| t + jiff::SignedDuration::from_hours(3))
        );
    }

    #[test]
    fn a_date_round_trips_through_json() {
        for s in ["2024-05-01", "2024-05-01T09:30:00+02:00"] {
            let p = Published::find(s).unwrap();
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<Published>(&json).unwrap(), p);
        }
        assert!(serde_json::from_str::<Published>("\"May 1, 2024\"").is_err());
    }
}
