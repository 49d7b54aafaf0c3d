//! Study days: a day starts at a rollover hour (4 AM by default) in local time, as in Anki, so a
//! late-night session still counts towards the evening's day.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, Local, LocalResult, NaiveDate, NaiveDateTime,
    NaiveTime, Offset, TimeZone, Utc,
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
            Zone::Local => {
                // chrono's local-to-UTC conversion can be an hour off at a daylight-saving
                // change (it lists the two readings of a repeated hour in either order), so
                // its answer is checked against `day_of`, and searched for when it is wrong.
                let candidate = local_to_utc(local);
                if self.starts_at(candidate, day) {
                    candidate
                } else {
                    self.search_start(day, local).unwrap_or(candidate)
                }
            }
        }
    }

    /// Whether `day` begins exactly at `instant`.
    fn starts_at(&self, instant: DateTime<Utc>, day: Day) -> bool {
        self.day_of(instant) == day
            && instant
                .checked_sub_signed(Duration::milliseconds(1))
                .is_some_and(|before| self.day_of(before) < day)
    }

    /// The first instant of `day`, whose start reads `local` on the wall clock, found by
    /// halving: it lies within 16 hours before and 14 hours after `local` read as UTC (offsets
    /// run from -12 to +14 hours, and a daylight-saving change moves them by at most 2).
    fn search_start(&self, day: Day, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let as_utc = local.and_utc().timestamp_millis();
        let (mut before, mut from) = (as_utc - 16 * 3_600_000, as_utc + 14 * 3_600_000);
        let day_at = |ms| self.day_of_ms(ms);
        if !(day_at(before)? < day && day_at(from)? >= day) {
            return None;
        }
        while from - before > 1 {
            let middle = before + (from - before) / 2;
            if day_at(middle)? >= day {
                from = middle;
            } else {
                before = middle;
            }
        }
        DateTime::from_timestamp_millis(from)
    }

    /// The half-open range `[start, end)` of instants that belong to a study day.
    pub fn bounds(&self, day: Day) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.start_of(day), self.start_of(day.plus(1)))
    }
}

impl DayClock {
    /// The study day of an instant given in milliseconds since the Unix epoch (`None` outside
    /// the range of times).
    pub fn day_of_ms(&self, ms: i64) -> Option<Day> {
        DateTime::from_timestamp_millis(ms).map(|instant| self.day_of(instant))
    }

    /// The half-open range of milliseconds `[start, end)` that belong to `day`, when it can be
    /// trusted: checked against [`DayClock::day_of`] at both ends. As `day_of` never goes back
    /// as time goes on, every instant between them then belongs to `day` too. `None` for a day
    /// that a time zone change skipped or made odd, and outside the range of times.
    pub fn checked_bounds_ms(&self, day: Day) -> Option<(i64, i64)> {
        let (start, end) = self.bounds(day);
        let (start, end) = (start.timestamp_millis(), end.timestamp_millis());
        (start < end
            && self.day_of_ms(start) == Some(day)
            && self.day_of_ms(end - 1) == Some(day)
            && self.day_of_ms(end) == Some(day.plus(1)))
        .then_some((start, end))
    }
}

/// Finds the study days of many instants with few time-zone look-ups: it remembers the span of
/// the last day it found, so instants in time order cost one look-up per day instead of one
/// each. Always the same answer as [`DayClock::day_of`].
#[derive(Debug, Clone)]
pub struct DayCursor {
    clock: DayClock,
    /// The last day found, with its checked bounds in milliseconds.
    span: Option<(i64, i64, Day)>,
}

impl DayCursor {
    /// A cursor over `clock`'s days.
    pub fn new(clock: DayClock) -> DayCursor {
        DayCursor { clock, span: None }
    }

    /// The study day of the instant `ms` (milliseconds since the Unix epoch), `None` outside
    /// the range of times.
    pub fn day_of_ms(&mut self, ms: i64) -> Option<Day> {
        if let Some((start, end, day)) = self.span
            && (start..end).contains(&ms)
        {
            return Some(day);
        }
        let day = self.clock.day_of_ms(ms)?;
        self.span = self
            .clock
            .checked_bounds_ms(day)
            .filter(|(start, end)| (*start..*end).contains(&ms))
            .map(|(start, end)| (start, end, day));
        Some(day)
    }
}

/// A run of consecutive study days, for sorting many due times into them without a time-zone
/// look-up each.
#[derive(Debug, Clone)]
pub struct DaySlots {
    /// Where each day after the first starts, in milliseconds: `starts[i]` begins day `i + 1`.
    /// Empty when the bounds could not be trusted: then each instant is looked up.
    starts: Vec<i64>,
    clock: DayClock,
    first: Day,
    days: usize,
}

impl DaySlots {
    /// Slots for `days` study days beginning with `first` on `clock`.
    pub fn new(clock: DayClock, first: Day, days: usize) -> DaySlots {
        let mut starts = Vec::with_capacity(days);
        let mut previous_end = None;
        for offset in 0..days {
            let day = first.plus(i32::try_from(offset).unwrap_or(i32::MAX));
            let Some((start, end)) = clock.checked_bounds_ms(day) else {
                starts.clear();
                break;
            };
            if previous_end.is_some_and(|previous| previous != start) {
                starts.clear();
                break;
            }
            previous_end = Some(end);
            starts.push(end);
        }
        DaySlots {
            starts,
            clock,
            first,
            days,
        }
    }

    /// Whether the day bounds could not be trusted, so that each instant is looked up.
    pub fn looks_up_each(&self) -> bool {
        self.starts.len() != self.days
    }

    /// Which slot the instant `ms` falls in: 0 for the first day and for anything before it,
    /// `None` from the end of the last day on (and outside the range of times).
    pub fn slot_of_ms(&self, ms: i64) -> Option<usize> {
        let slot = if self.looks_up_each() {
            let offset = self.clock.day_of_ms(ms)?.days_since(self.first).max(0);
            usize::try_from(offset).ok()?
        } else {
            self.starts.partition_point(|&start| start <= ms)
        };
        (slot < self.days).then_some(slot)
    }
}

/// Resolves a local wall-clock time, stepping forward over a daylight-saving gap.
fn local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    let mut candidate = local;
    for _ in 0..4 {
        match Local.from_local_datetime(&candidate) {
            LocalResult::Single(time) => return time.with_timezone(&Utc),
            // The earlier of the two (chrono does not always list it first).
            LocalResult::Ambiguous(one, other) => return one.min(other).with_timezone(&Utc),
            LocalResult::None => candidate += Duration::minutes(30),
        }
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

    /// Instants every 7 minutes 13 seconds over `days` days from `from`, in time order.
    fn instants(from: &str, days: i64) -> Vec<i64> {
        let first = at(from).timestamp_millis();
        let step = (7 * 60 + 13) * 1000;
        (0..days * 86_400_000 / step)
            .map(|n| first + n * step)
            .collect()
    }

    fn clocks() -> Vec<DayClock> {
        let offset = |seconds| FixedOffset::east_opt(seconds).unwrap();
        vec![
            DayClock::utc(0),
            DayClock::utc(4),
            DayClock::fixed(offset(5 * 3600 + 45 * 60), 23),
            DayClock::fixed(offset(-(9 * 3600 + 30 * 60)), 4),
            DayClock::local(4),
            DayClock::local(0),
        ]
    }

    #[test]
    fn the_cursor_finds_the_same_days_as_day_of_in_any_order() {
        for clock in clocks() {
            let mut cursor = DayCursor::new(clock);
            let mut times = instants("1969-12-20T00:00:00Z", 20);
            times.extend(instants("2024-03-01T00:00:00Z", 40));
            // Backwards and jumping as well as in order.
            times.extend(instants("2024-03-01T00:00:00Z", 3).into_iter().rev());
            times.push(i64::MIN);
            times.push(i64::MAX);
            for ms in times {
                assert_eq!(
                    cursor.day_of_ms(ms),
                    clock.day_of_ms(ms),
                    "{ms} on {clock:?}"
                );
            }
        }
    }

    #[test]
    fn slots_sort_instants_into_the_days_that_day_of_gives() {
        for clock in clocks() {
            let first = clock.day_of(at("2024-03-05T12:00:00Z"));
            let slots = DaySlots::new(clock, first, 30);
            assert!(!slots.looks_up_each(), "{clock:?}");
            for ms in instants("2024-02-25T00:00:00Z", 45) {
                let offset = clock.day_of_ms(ms).unwrap().days_since(first).max(0);
                let expected = usize::try_from(offset).ok().filter(|&slot| slot < 30);
                assert_eq!(slots.slot_of_ms(ms), expected, "{ms} on {clock:?}");
            }
        }
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
