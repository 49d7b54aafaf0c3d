//! Study days: a day starts at a rollover hour (4 AM by default) in local time, as in Anki, so a
//! late-night session still counts towards the evening's day.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};
use serde::{Deserialize, Serialize};

/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// One study day, counted in days since 1970-01-01 of the study calendar (the calendar whose
/// days begin at the rollover hour). Serialized as that number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Day(i32);

impl Day {
    /// The study day with this number (days since 1970-01-01).
    pub const fn from_number(number: i32) -> Day {
        Day(number)
    }

    /// The day's number (days since 1970-01-01).
    pub const fn number(self) -> i32 {
        self.0
    }

    /// The study day that carries this calendar date.
    pub fn from_date(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE)
    }

    /// The calendar date of this study day (the date on which it starts).
    pub fn date(self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.0.saturating_add(UNIX_EPOCH_DAYS_FROM_CE))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The day `days` later (earlier when negative).
    pub const fn plus(self, days: i32) -> Day {
        Day(self.0.saturating_add(days))
    }

    /// How many days `self` lies after `earlier` (negative when it lies before).
    pub const fn days_since(self, earlier: Day) -> i32 {
        self.0.saturating_sub(earlier.0)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.date().format("%Y-%m-%d"))
    }
}

/// Which offset from UTC turns instants into local times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// The system's local time zone, daylight saving time included.
    Local,
    /// A fixed offset (tests, or users who want a stable calendar).
    Fixed(FixedOffset),
}

/// Maps instants to study [`Day`]s: a time zone plus the hour at which a new day starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayClock {
    zone: Zone,
    rollover_hour: u32,
}

impl DayClock {
    /// Days in the system's local time zone, starting at `rollover_hour` (clamped to 0..=23).
    pub fn local(rollover_hour: u32) -> DayClock {
        DayClock {
            zone: Zone::Local,
            rollover_hour: rollover_hour.min(23),
        }
    }

    /// Days at a fixed UTC offset, starting at `rollover_hour` (clamped to 0..=23).
    pub fn fixed(offset: FixedOffset, rollover_hour: u32) -> DayClock {
        DayClock {
            zone: Zone::Fixed(offset),
            rollover_hour: rollover_hour.min(23),
        }
    }

    /// Days in UTC starting at `rollover_hour`.
    pub fn utc(rollover_hour: u32) -> DayClock {
        DayClock::fixed(Utc.fix(), rollover_hour)
    }

    /// The same time zone with days starting at `rollover_hour` (clamped to 0..=23).
    pub fn with_rollover_hour(self, rollover_hour: u32) -> DayClock {
        DayClock {
            rollover_hour: rollover_hour.min(23),
            ..self
        }
    }

    /// The hour at which a study day starts.
    pub fn rollover_hour(&self) -> u32 {
        self.rollover_hour
    }

    fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
        match self.zone {
            Zone::Fixed(offset) => offset,
            Zone::Local => Local.offset_from_utc_datetime(&instant.naive_utc()).fix(),
        }
    }

    /// The study day an instant belongs to.
    pub fn day_of(&self, instant: DateTime<Utc>) -> Day {
        let local = instant.naive_utc()
            + Duration::seconds(self.offset_at(instant).local_minus_utc().into());
        let shifted = local - Duration::hours(self.rollover_hour.into());
        Day::from_date(shifted.date())
    }

    /// The instant at which a study day starts.
    pub fn start_of(&self, day: Day) -> DateTime<Utc> {
        let time = NaiveTime::from_hms_opt(self.rollover_hour, 0, 0).unwrap_or(NaiveTime::MIN);
        let local = NaiveDateTime::new(day.date(), time);
        match self.zone {
            Zone::Fixed(offset) => {
                Utc.from_utc_datetime(&(local - Duration::seconds(offset.local_minus_utc().into())))
            }
            Zone::Local => local_to_utc(local),
        }
    }

    /// The half-open range `[start, end)` of instants that belong to a study day.
    pub fn bounds(&self, day: Day) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.start_of(day), self.start_of(day.plus(1)))
    }
}

/// Resolves a local wall-clock time, stepping forward over a daylight-saving gap.
fn local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    let mut candidate = local;
    for _ in 0..4 {
        if let Some(time) = Local.from_local_datetime(&candidate).earliest() {
            return time.with_timezone(&Utc);
        }
        candidate += Duration::minutes(30);
    }
    Utc.from_utc_datetime(&local)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::srs::test_time::at;

    #[test]
    fn day_numbers_round_trip_through_dates() {
        let date = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert_eq!(Day::from_date(date).date(), date);
        assert_eq!(
            Day::from_date(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).number(),
            0
        );
        assert_eq!(Day::from_number(1).to_string(), "1970-01-02");
    }

    #[test]
    fn the_day_starts_at_the_rollover_hour_in_local_time() {
        let clock = DayClock::fixed(FixedOffset::east_opt(2 * 3600).unwrap(), 4);
        // 01:59 UTC is 03:59 local: still the previous study day.
        let before = clock.day_of(at("2024-05-10T01:59:00Z"));
        // 02:00 UTC is 04:00 local: the new day has begun.
        let after = clock.day_of(at("2024-05-10T02:00:00Z"));
        assert_eq!(before.to_string(), "2024-05-09");
        assert_eq!(after.to_string(), "2024-05-10");
        assert_eq!(after.days_since(before), 1);
    }

    #[test]
    fn negative_offsets_shift_the_day_back() {
        let clock = DayClock::fixed(FixedOffset::west_opt(5 * 3600).unwrap(), 4);
        // 05:00 UTC is 00:00 local, before the 4 AM rollover: still the 9th.
        assert_eq!(
            clock.day_of(at("2024-05-10T05:00:00Z")).to_string(),
            "2024-05-09"
        );
        assert_eq!(
            clock.day_of(at("2024-05-10T09:00:00Z")).to_string(),
            "2024-05-10"
        );
    }

    #[test]
    fn bounds_cover_exactly_one_day() {
        let clock = DayClock::fixed(FixedOffset::east_opt(3600).unwrap(), 4);
        let day = clock.day_of(at("2024-05-10T12:00:00Z"));
        let (start, end) = clock.bounds(day);
        assert_eq!(start, at("2024-05-10T03:00:00Z"));
        assert_eq!(end, at("2024-05-11T03:00:00Z"));
        assert_eq!(clock.day_of(start), day);
        assert_eq!(clock.day_of(end - Duration::milliseconds(1)), day);
        assert_eq!(clock.day_of(end), day.plus(1));
    }

    #[test]
    fn local_clock_is_consistent_with_its_bounds() {
        let clock = DayClock::local(4);
        let now = at("2024-07-01T12:00:00Z");
        let day = clock.day_of(now);
        let (start, end) = clock.bounds(day);
        assert!(start <= now && now < end);
    }
}
