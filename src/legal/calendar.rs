//! Working days under the Algemene termijnenwet (Atw), for the deadlines a
//! draft names: a term that ends on a Saturday, Sunday or generally
//! recognised public holiday runs on to the next day that is none of these
//! (art. 1 lid 1 Atw). The holidays are those of art. 3 Atw: Nieuwjaarsdag,
//! Goede Vrijdag (lid 2), tweede Paasdag, Koningsdag, 5 mei (every year),
//! Hemelvaartsdag, tweede Pinksterdag and both Christmas days.
//!
//! Text checked against wetten.overheid.nl BWBR0002448 (version 2010-10-10).

use crate::model::Date;
use chrono::{Datelike, Days, Weekday};

/// Easter Sunday of `year` (Gregorian calendar; the anonymous algorithm of
/// Meeus/Jones/Butcher).
pub fn easter(year: i32) -> Option<Date> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The public holidays of art. 3 Atw that fall in `year`, in date order.
pub fn holidays(year: i32) -> Vec<(Date, &'static str)> {
    let fixed = |m, d| Date::from_ymd_opt(year, m, d);
    let mut out = Vec::with_capacity(10);
    let mut push = |d: Option<Date>, name| {
        if let Some(d) = d {
            out.push((d, name));
        }
    };
    push(fixed(1, 1), "Nieuwjaarsdag");
    if let Some(e) = easter(year) {
        push(e.checked_sub_days(Days::new(2)), "Goede Vrijdag");
        push(e.checked_add_days(Days::new(1)), "tweede Paasdag");
        push(e.checked_add_days(Days::new(39)), "Hemelvaartsdag");
        push(e.checked_add_days(Days::new(50)), "tweede Pinksterdag");
    }
    // The King's birthday is celebrated on 27 April, or on Saturday 26 April
    // when the 27th is a Sunday; either way a day that is not a working day.
    let kings_day = fixed(4, 27).map(|d| match d.weekday() {
        Weekday::Sun => d - Days::new(1),
        _ => d,
    });
    push(kings_day, "Koningsdag");
    push(fixed(5, 5), "vijfde mei");
    push(fixed(12, 25), "eerste Kerstdag");
    push(fixed(12, 26), "tweede Kerstdag");
    out.sort();
    out
}

/// The holiday `date` is, if it is one.
pub fn holiday(date: Date) -> Option<&'static str> {
    holidays(date.year())
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, name)| name)
}

/// Not a Saturday, Sunday or public holiday of art. 3 Atw.
pub fn is_working_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && holiday(date).is_none()
}

/// `date` itself when it is a working day, else the next one (art. 1 Atw).
pub fn on_or_after(date: Date) -> Date {
    let mut d = date;
    while !is_working_day(d) {
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    d
}

/// The first working day after `date`: the day a draft prepared on `date`
/// can be sent at the earliest.
pub fn next_working_day(date: Date) -> Date {
    date.succ_opt().map_or(date, on_or_after)
}

/// The last day of a term of `weeks` weeks that starts the day after `from`
/// (the sending date), moved to the next working day if it falls on a
/// weekend or public holiday (art. 1 lid 1 Atw).
pub fn term_end(from: Date, weeks: u64) -> Date {
    from.checked_add_days(Days::new(7 * weeks))
        .map_or(from, on_or_after)
}

/// The Dutch name of a weekday, for "maandag 30 november 2026".
pub fn weekday_nl(date: Date) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "maandag",
        Weekday::Tue => "dinsdag",
        Weekday::Wed => "woensdag",
        Weekday::Thu => "donderdag",
        Weekday::Fri => "vrijdag",
        Weekday::Sat => "zaterdag",
        Weekday::Sun => "zondag",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn easter_dates_match_the_calendar() {
        for (year, day) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter(year), Some(d(day)), "{year}");
        }
    }

    #[test]
    fn the_holidays_of_article_3() {
        let names: Vec<(String, &str)> = holidays(2027)
            .into_iter()
            .map(|(d, n)| (d.to_string(), n))
            .collect();
        assert_eq!(
            names,
            [
                ("2027-01-01".to_string(), "Nieuwjaarsdag"),
                ("2027-03-26".to_string(), "Goede Vrijdag"),
                ("2027-03-29".to_string(), "tweede Paasdag"),
                ("2027-04-27".to_string(), "Koningsdag"),
                ("2027-05-05".to_string(), "vijfde mei"),
                ("2027-05-06".to_string(), "Hemelvaartsdag"),
                ("2027-05-17".to_string(), "tweede Pinksterdag"),
                ("2027-12-25".to_string(), "eerste Kerstdag"),
                ("2027-12-26".to_string(), "tweede Kerstdag"),
            ]
        );
        // 27 April 2025 was a Sunday: Koningsdag on Saturday the 26th.
        assert_eq!(holiday(d("2025-04-26")), Some("Koningsdag"));
        assert_eq!(holiday(d("2025-04-27")), None);
    }

    #[test]
    fn a_term_ending_on_a_weekend_or_holiday_runs_on() {
        // Sent Monday 30 November 2026: four weeks end Monday 28 December,
        // a working day (the Christmas days are the Friday and Saturday).
        assert_eq!(term_end(d("2026-11-30"), 4), d("2026-12-28"));
        // Sent Friday 27 November 2026: four weeks end on Christmas Day,
        // then the Saturday and Sunday: Monday 28 December.
        assert_eq!(term_end(d("2026-11-27"), 4), d("2026-12-28"));
        // Ending on Goede Vrijdag 2027 runs past the weekend and tweede
        // Paasdag to Tuesday 30 March.
        assert_eq!(term_end(d("2027-02-26"), 4), d("2027-03-30"));
        // Ending on a plain Wednesday stays there.
        assert_eq!(term_end(d("2026-12-02"), 4), d("2026-12-30"));
    }

    #[test]
    fn the_first_working_day_after_a_run() {
        // Saturday 28 November 2026 -> Monday 30 November.
        assert_eq!(next_working_day(d("2026-11-28")), d("2026-11-30"));
        // Thursday 24 December 2026 -> Christmas, weekend -> Monday 28th.
        assert_eq!(next_working_day(d("2026-12-24")), d("2026-12-28"));
        // A working day is followed by the next working day.
        assert_eq!(next_working_day(d("2026-12-01")), d("2026-12-02"));
        assert_eq!(weekday_nl(d("2026-11-30")), "maandag");
        assert!(is_working_day(d("2026-11-30")));
        assert!(!is_working_day(d("2027-05-05")));
    }
}
