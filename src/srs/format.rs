//! Short human labels for intervals: `45s`, `10m`, `5.5m`, `3h`, `2d`, `3.5mo`, `1.2y`.

use chrono::Duration;

/// Formats an interval the way answer buttons show it. Values keep one decimal when it is not
/// zero; days are shown up to 30 days, months (30.4 days) up to a year, then years.
pub fn format_interval(interval: Duration) -> String {
    let seconds = interval.num_milliseconds().max(0) as f64 / 1000.0;
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 3600.0;
    const DAY: f64 = 86_400.0;
    const MONTH: f64 = DAY * 365.25 / 12.0;
    const YEAR: f64 = DAY * 365.25;
    let (value, unit) = if seconds < MINUTE {
        (seconds, "s")
    } else if seconds < HOUR {
        (seconds / MINUTE, "m")
    } else if seconds < DAY {
        (seconds / HOUR, "h")
    } else if seconds < 30.0 * DAY {
        (seconds / DAY, "d")
    } else if seconds < YEAR {
        (seconds / MONTH, "mo")
    } else {
        (seconds / YEAR, "y")
    };
    format!("{}{unit}", one_decimal(value))
}

/// `2` for 2.0, `5.5` for 5.49 or 5.5; never `-0`.
fn one_decimal(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_largest_sensible_unit() {
        assert_eq!(format_interval(Duration::seconds(0)), "0s");
        assert_eq!(format_interval(Duration::seconds(45)), "45s");
        assert_eq!(format_interval(Duration::minutes(1)), "1m");
        assert_eq!(format_interval(Duration::minutes(10)), "10m");
        assert_eq!(format_interval(Duration::seconds(330)), "5.5m");
        assert_eq!(format_interval(Duration::minutes(90)), "1.5h");
        assert_eq!(format_interval(Duration::days(1)), "1d");
        assert_eq!(format_interval(Duration::days(29)), "29d");
        assert_eq!(format_interval(Duration::days(45)), "1.5mo");
        assert_eq!(format_interval(Duration::days(365)), "12mo");
        assert_eq!(format_interval(Duration::days(400)), "1.1y");
        assert_eq!(format_interval(Duration::days(36500)), "99.9y");
    }

    #[test]
    fn negative_intervals_show_as_zero() {
        assert_eq!(format_interval(Duration::seconds(-5)), "0s");
    }
}
