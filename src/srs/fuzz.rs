//! Interval fuzz: review intervals of 3 days or more are moved a little at random so that cards
//! learnt together do not stay together forever. The ranges follow Anki and py-fsrs: no fuzz
//! below 2.5 days, then a spread of ±(1 day + 15 % of the part of the interval between 2.5 and
//! 7 days + 10 % of the part between 7 and 20 days + 5 % of the part beyond 20 days).
//!
//! The randomness is deterministic: it is derived from the card id and the number of answers
//! the card had, as Anki does, so a given history always produces the same schedule.

/// One band of the fuzz table: the share of the interval inside `[start, end)` added to the spread.
struct FuzzRange {
    start: f64,
    end: f64,
    factor: f64,
}

const FUZZ_RANGES: [FuzzRange; 3] = [
    FuzzRange {
        start: 2.5,
        end: 7.0,
        factor: 0.15,
    },
    FuzzRange {
        start: 7.0,
        end: 20.0,
        factor: 0.10,
    },
    FuzzRange {
        start: 20.0,
        end: f64::INFINITY,
        factor: 0.05,
    },
];

/// Intervals below this many days are never fuzzed.
pub const MIN_FUZZ_INTERVAL: f64 = 2.5;

/// The inclusive range of days an interval may be fuzzed to, capped by `maximum_interval`.
/// Returns `(interval, interval)` when the interval is too short to fuzz.
pub fn fuzz_bounds(interval_days: u32, maximum_interval: u32) -> (u32, u32) {
    let interval = f64::from(interval_days);
    if interval < MIN_FUZZ_INTERVAL {
        return (interval_days, interval_days);
    }
    let delta = 1.0
        + FUZZ_RANGES
            .iter()
            .map(|range| range.factor * (interval.min(range.end) - range.start).max(0.0))
            .sum::<f64>();
    let lower = (interval - delta).round_ties_even().max(2.0) as u32;
    let upper = ((interval + delta).round_ties_even() as u32).min(maximum_interval);
    (lower.min(upper), upper)
}

/// A pseudo-random number in `[0, 1)` determined by the card id and its answer count.
pub fn fuzz_factor(card_id: &str, reps: u32) -> f64 {
    // FNV-1a over the id, then a SplitMix64 finaliser over the id hash and the answer count.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in card_id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut z = hash ^ u64::from(reps).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// The fuzzed interval: uniformly spread over [`fuzz_bounds`] according to `factor` in `[0, 1)`.
pub fn apply_fuzz(interval_days: u32, maximum_interval: u32, factor: f64) -> u32 {
    let (lower, upper) = fuzz_bounds(interval_days, maximum_interval);
    if lower == upper {
        return lower.min(maximum_interval);
    }
    let span = f64::from(upper - lower + 1);
    let offset = (factor.clamp(0.0, 1.0) * span).floor() as u32;
    (lower + offset.min(upper - lower)).min(maximum_interval)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_intervals_are_not_fuzzed() {
        assert_eq!(fuzz_bounds(1, 36500), (1, 1));
        assert_eq!(fuzz_bounds(2, 36500), (2, 2));
        assert_eq!(apply_fuzz(2, 36500, 0.99), 2);
    }

    #[test]
    fn bounds_follow_the_anki_ranges() {
        // 3 days: delta = 1 + 0.15 * 0.5 = 1.075 -> [2, 4].
        assert_eq!(fuzz_bounds(3, 36500), (2, 4));
        // 10 days: delta = 1 + 0.15 * 4.5 + 0.1 * 3 = 1.975 -> [8, 12].
        assert_eq!(fuzz_bounds(10, 36500), (8, 12));
        // 100 days: delta = 1 + 0.675 + 1.3 + 0.05 * 80 = 6.975 -> [93, 107].
        assert_eq!(fuzz_bounds(100, 36500), (93, 107));
    }

    #[test]
    fn bounds_respect_the_maximum_interval() {
        assert_eq!(fuzz_bounds(100, 100), (93, 100));
        assert_eq!(apply_fuzz(100, 100, 0.999), 100);
        assert_eq!(fuzz_bounds(5, 3), (3, 3));
    }

    #[test]
    fn factor_spreads_uniformly_over_the_bounds() {
        assert_eq!(apply_fuzz(10, 36500, 0.0), 8);
        assert_eq!(apply_fuzz(10, 36500, 0.999_999), 12);
        assert_eq!(apply_fuzz(10, 36500, 0.5), 10);
    }

    #[test]
    fn factor_is_deterministic_and_varies() {
        assert_eq!(fuzz_factor("card-a", 3), fuzz_factor("card-a", 3));
        assert_ne!(fuzz_factor("card-a", 3), fuzz_factor("card-a", 4));
        assert_ne!(fuzz_factor("card-a", 3), fuzz_factor("card-b", 3));
        let samples: Vec<f64> = (0..2000).map(|reps| fuzz_factor("x", reps)).collect();
        assert!(samples.iter().all(|f| (0.0..1.0).contains(f)));
        let mean = samples.iter().sum::<f64>() / samples.len() as f64;
        assert!((mean - 0.5).abs() < 0.05, "mean {mean}");
    }

    #[test]
    fn fuzzed_values_cover_the_whole_range() {
        let mut seen = std::collections::BTreeSet::new();
        for reps in 0..500 {
            seen.insert(apply_fuzz(10, 36500, fuzz_factor("spread", reps)));
        }
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), vec![8, 9, 10, 11, 12]);
    }
}
