//! A study day starts at the first instant [`DayClock::day_of`] gives it, and the fast day
//! look-ups of the statistics ([`DayCursor`] for the log's buckets, [`DaySlots`] for the due
//! forecast) give the same study day as `day_of`, in time zones with daylight saving time,
//! including changes at the rollover hour and half-hour changes.
//!
//! The zone is chosen with the `TZ` variable (POSIX rules, so no time zone files are needed),
//! which is set for the whole process: this file holds a single test.

use chrono::{DateTime, Local, NaiveDate, Offset, TimeZone, Utc};
use stagecraft::srs::{DayClock, DayCursor, DaySlots};

/// Zones with their daylight saving rules, and their offsets from UTC (in seconds) in the
/// middle of January and of July 2024.
const ZONES: [(&str, i32, i32); 4] = [
    // New York: changes at 02:00.
    ("EST5EDT,M3.2.0/2,M11.1.0/2", -5 * 3600, -4 * 3600),
    // Lord Howe Island: half an hour, at 02:00.
    (
        "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
        11 * 3600,
        10 * 3600 + 1800,
    ),
    // A made-up zone that changes at 04:00, the default rollover hour.
    ("AAA3BBB,M3.5.0/4,M10.5.0/4", -3 * 3600, -2 * 3600),
    // Central Europe: changes at 02:00 and 03:00.
    ("CET-1CEST,M3.5.0,M10.5.0/3", 3600, 2 * 3600),
];

/// Sets the process's time zone and waits until chrono uses it (it looks at `TZ` again at
/// most once a second).
fn use_zone(zone: &str, january: i32, july: i32) {
    // SAFETY: the only test of this binary; no other thread reads the environment.
    unsafe { std::env::set_var("TZ", zone) };
    for _ in 0..50 {
        if (
            offset_seconds("2024-01-15T12:00:00Z"),
            offset_seconds("2024-07-15T12:00:00Z"),
        ) == (january, july)
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the time zone {zone} was not taken up");
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("time")
        .with_timezone(&Utc)
}

fn offset_seconds(instant: &str) -> i32 {
    Local
        .offset_from_utc_datetime(&at(instant).naive_utc())
        .fix()
        .local_minus_utc()
}

/// Every 11 minutes 17 seconds through 2024, in time order.
fn year_2024() -> Vec<i64> {
    let first = at("2024-01-01T00:00:00Z").timestamp_millis();
    let last = at("2025-01-01T00:00:00Z").timestamp_millis();
    let step = (11 * 60 + 17) * 1000;
    (first..last).step_by(step as usize).collect()
}

#[test]
fn fast_day_look_ups_agree_with_day_of_through_daylight_saving_changes() {
    let times = year_2024();
    for (zone, january, july) in ZONES {
        use_zone(zone, january, july);
        for rollover_hour in [0, 2, 3, 4, 23] {
            let clock = DayClock::local(rollover_hour);
            // Each day of the year starts at the first instant `day_of` gives it.
            let first = clock.day_of(at("2024-01-01T12:00:00Z"));
            for day in (0..366).map(|n| first.plus(n)) {
                let start = clock.start_of(day).timestamp_millis();
                assert_eq!(clock.day_of_ms(start), Some(day), "{day} in {zone}");
                assert_eq!(
                    clock.day_of_ms(start - 1),
                    Some(day.plus(-1)),
                    "{day} in {zone} from {rollover_hour}:00"
                );
            }
            let mut cursor = DayCursor::new(clock);
            for &ms in &times {
                assert_eq!(
                    cursor.day_of_ms(ms),
                    clock.day_of_ms(ms),
                    "{ms} in {zone} from {rollover_hour}:00"
                );
            }
            // Thirty days from each first of the month, across each change.
            for month in 1..=12 {
                let noon = NaiveDate::from_ymd_opt(2024, month, 1)
                    .and_then(|d| d.and_hms_opt(12, 0, 0))
                    .expect("date")
                    .and_utc();
                let first = clock.day_of(noon);
                let slots = DaySlots::new(clock, first, 30);
                assert!(
                    !slots.looks_up_each(),
                    "the bounds from {first} in {zone} from {rollover_hour}:00 can be trusted"
                );
                let around = noon.timestamp_millis() - 2 * 86_400_000
                    ..noon.timestamp_millis() + 33 * 86_400_000;
                for &ms in times.iter().filter(|ms| around.contains(ms)) {
                    let offset = clock.day_of_ms(ms).expect("day").days_since(first).max(0);
                    let expected = usize::try_from(offset).ok().filter(|&slot| slot < 30);
                    assert_eq!(
                        slots.slot_of_ms(ms),
                        expected,
                        "{ms} in {zone} from {rollover_hour}:00, days from {first}"
                    );
                }
            }
        }
    }
}
