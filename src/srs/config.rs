//! Scheduler settings, with Anki-like defaults.

use serde::{Deserialize, Serialize};

use super::SrsError;

/// What happens to a card that becomes a leech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LeechAction {
    /// Tag it and suspend it (Anki's default).
    #[default]
    Suspend,
    /// Only tag it.
    TagOnly,
}

/// All scheduling settings. Unknown or missing fields take their defaults when deserialized,
/// so a settings row written by an older or newer version still loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchedulerConfig {
    /// Target probability of recall when a review card comes due (0.90).
    pub desired_retention: f32,
    /// Learning steps for new cards, in seconds (1 min, 10 min).
    pub learning_steps_secs: Vec<u32>,
    /// Relearning steps for forgotten review cards, in seconds (10 min).
    pub relearning_steps_secs: Vec<u32>,
    /// Longest interval in days (36 500).
    pub maximum_interval_days: u32,
    /// Randomise review intervals slightly so cards learnt together spread out.
    pub enable_fuzz: bool,
    /// New cards introduced per study day (15).
    pub new_per_day: u32,
    /// Review-phase cards answered per study day (200).
    pub reviews_per_day: u32,
    /// Lapses after which a card is a leech (8); 0 disables leech detection.
    pub leech_threshold: u32,
    /// What to do with a new leech.
    pub leech_action: LeechAction,
    /// Hour (local time) at which a new study day starts (4).
    pub rollover_hour: u32,
    /// When nothing else is left, learning cards due within this many seconds are shown early
    /// (20 min, as in Anki).
    pub learn_ahead_secs: u32,
    /// The 21 FSRS-6 model parameters; empty means the crate's defaults.
    pub parameters: Vec<f32>,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            desired_retention: 0.9,
            learning_steps_secs: vec![60, 600],
            relearning_steps_secs: vec![600],
            maximum_interval_days: 36_500,
            enable_fuzz: true,
            new_per_day: 15,
            reviews_per_day: 200,
            leech_threshold: 8,
            leech_action: LeechAction::Suspend,
            rollover_hour: 4,
            learn_ahead_secs: 20 * 60,
            parameters: Vec::new(),
        }
    }
}

impl SchedulerConfig {
    /// Checks every field's range.
    pub fn validate(&self) -> Result<(), SrsError> {
        let invalid = |field, reason: &str| {
            Err(SrsError::InvalidConfig {
                field,
                reason: reason.to_owned(),
            })
        };
        if !(self.desired_retention > 0.0 && self.desired_retention < 1.0) {
            return invalid(
                "desired_retention",
                "expected a probability between 0 and 1 exclusive, such as 0.9",
            );
        }
        if self.maximum_interval_days == 0 {
            return invalid("maximum_interval_days", "expected at least 1 day");
        }
        for (field, steps) in [
            ("learning_steps_secs", &self.learning_steps_secs),
            ("relearning_steps_secs", &self.relearning_steps_secs),
        ] {
            if steps.contains(&0) {
                return invalid(field, "every step must last at least one second");
            }
        }
        if self.rollover_hour > 23 {
            return invalid("rollover_hour", "expected an hour from 0 to 23");
        }
        if !self.parameters.is_empty() && self.parameters.iter().any(|p| !p.is_finite()) {
            return invalid("parameters", "every parameter must be a finite number");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_anki_like() {
        let config = SchedulerConfig::default();
        assert_eq!(config.validate(), Ok(()));
        assert_eq!(config.learning_steps_secs, [60, 600]);
        assert_eq!(config.relearning_steps_secs, [600]);
        assert_eq!(config.new_per_day, 15);
        assert_eq!(config.reviews_per_day, 200);
        assert_eq!(config.leech_threshold, 8);
        assert_eq!(config.rollover_hour, 4);
    }

    #[test]
    fn rejects_out_of_range_values() {
        let bad = |config: SchedulerConfig, field: &str| match config.validate() {
            Err(SrsError::InvalidConfig { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected an error for {field}, got {other:?}"),
        };
        bad(
            SchedulerConfig {
                desired_retention: 1.0,
                ..Default::default()
            },
            "desired_retention",
        );
        bad(
            SchedulerConfig {
                desired_retention: f32::NAN,
                ..Default::default()
            },
            "desired_retention",
        );
        bad(
            SchedulerConfig {
                maximum_interval_days: 0,
                ..Default::default()
            },
            "maximum_interval_days",
        );
        bad(
            SchedulerConfig {
                relearning_steps_secs: vec![0],
                ..Default::default()
            },
            "relearning_steps_secs",
        );
        bad(
            SchedulerConfig {
                rollover_hour: 24,
                ..Default::default()
            },
            "rollover_hour",
        );
    }

    #[test]
    fn missing_fields_take_defaults() {
        let config: SchedulerConfig =
            serde_json::from_str(r#"{"desired_retention": 0.85, "future_field": 1}"#).unwrap();
        assert_eq!(config.desired_retention, 0.85);
        assert_eq!(config.new_per_day, 15);
    }
}
