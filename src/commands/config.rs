//! `stagecraft config [KEY [VALUE]]`: show or change the profile's scheduling settings.

use std::io::{self, Write};

use crate::srs::{LeechAction, SchedulerConfig};

/// A setting the user can change, by its command-line name. The settings screen of the
/// interactive app lists and changes the same table, so both validate alike.
pub struct Setting {
    /// The name `stagecraft config` takes.
    pub key: &'static str,
    /// What it means, in a line.
    pub help: &'static str,
    /// The value as shown and as typed back.
    pub get: fn(&SchedulerConfig) -> String,
    /// Sets the value from text (checked with [`SchedulerConfig::validate`] afterwards).
    pub set: fn(&mut SchedulerConfig, &str) -> Result<(), String>,
    /// How the settings screen steps the value with + and -.
    pub step: Step,
}

/// How a setting's value is stepped (+ and - on the settings screen).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// A number, by this much.
    By(f64),
    /// One of these values, in this order.
    Choices(&'static [&'static str]),
    /// Only typed (a list of steps).
    Typed,
}

fn number<T: std::str::FromStr>(value: &str, what: &str) -> Result<T, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not {what}"))
}

fn steps(value: &str) -> Result<Vec<u32>, String> {
    value
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|step| {
            let (digits, unit) = step.split_at(
                step.find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(step.len()),
            );
            let n: u32 = number(digits, "a number of minutes, seconds or hours such as 10m")?;
            let factor = match unit {
                "s" => 1,
                "" | "m" => 60,
                "h" => 3600,
                _ => return Err(format!("`{step}`: use s, m or h, as in 1m or 10m")),
            };
            Ok(n * factor)
        })
        .collect()
}

fn show_steps(steps: &[u32]) -> String {
    steps
        .iter()
        .map(|s| {
            if s % 3600 == 0 {
                format!("{}h", s / 3600)
            } else if s % 60 == 0 {
                format!("{}m", s / 60)
            } else {
                format!("{s}s")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every setting, in the order they are listed.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "desired-retention",
        help: "chance of recall when a card comes due (0.70 to 0.99; compare first with `stagecraft simulate --retention X`)",
        get: |c| format!("{:.2}", c.desired_retention),
        set: |c, v| {
            let r: f32 = number(v, "a number such as 0.9")?;
            if !(0.7..=0.99).contains(&r) {
                return Err("desired retention must be between 0.70 and 0.99".into());
            }
            c.desired_retention = r;
            Ok(())
        },
        step: Step::By(0.01),
    },
    Setting {
        key: "new-per-day",
        help: "new cards introduced per day",
        get: |c| c.new_per_day.to_string(),
        set: |c, v| number(v, "a whole number").map(|n| c.new_per_day = n),
        step: Step::By(1.0),
    },
    Setting {
        key: "reviews-per-day",
        help: "review cards answered per day",
        get: |c| c.reviews_per_day.to_string(),
        set: |c, v| number(v, "a whole number").map(|n| c.reviews_per_day = n),
        step: Step::By(10.0),
    },
    Setting {
        key: "learning-steps",
        help: "steps of a new card before it graduates, e.g. \"1m 10m\"",
        get: |c| show_steps(&c.learning_steps_secs),
        set: |c, v| steps(v).map(|s| c.learning_steps_secs = s),
        step: Step::Typed,
    },
    Setting {
        key: "relearning-steps",
        help: "steps of a forgotten card, e.g. \"10m\"",
        get: |c| show_steps(&c.relearning_steps_secs),
        set: |c, v| steps(v).map(|s| c.relearning_steps_secs = s),
        step: Step::Typed,
    },
    Setting {
        key: "maximum-interval",
        help: "longest interval, in days",
        get: |c| c.maximum_interval_days.to_string(),
        set: |c, v| number(v, "a whole number of days").map(|n| c.maximum_interval_days = n),
        step: Step::By(365.0),
    },
    Setting {
        key: "fuzz",
        help: "spread review intervals a little (on/off)",
        get: |c| if c.enable_fuzz { "on" } else { "off" }.into(),
        set: |c, v| {
            c.enable_fuzz = match v {
                "on" | "true" | "yes" => true,
                "off" | "false" | "no" => false,
                _ => return Err(format!("`{v}`: use on or off")),
            };
            Ok(())
        },
        step: Step::Choices(&["on", "off"]),
    },
    Setting {
        key: "leech-threshold",
        help: "lapses after which a card is a leech (0: never)",
        get: |c| c.leech_threshold.to_string(),
        set: |c, v| number(v, "a whole number").map(|n| c.leech_threshold = n),
        step: Step::By(1.0),
    },
    Setting {
        key: "leech-action",
        help: "what happens to a new leech: suspend, or tag-only",
        get: |c| match c.leech_action {
            LeechAction::Suspend => "suspend".into(),
            LeechAction::TagOnly => "tag-only".into(),
        },
        set: |c, v| {
            c.leech_action = match v.trim() {
                "suspend" => LeechAction::Suspend,
                "tag-only" | "tag" => LeechAction::TagOnly,
                _ => return Err(format!("`{v}`: use suspend or tag-only")),
            };
            Ok(())
        },
        step: Step::Choices(&["suspend", "tag-only"]),
    },
    Setting {
        key: "learn-ahead",
        help: "minutes ahead a learning card is shown when nothing else is left",
        get: |c| (c.learn_ahead_secs / 60).to_string(),
        set: |c, v| {
            number::<u32>(v, "a whole number of minutes").and_then(|m| {
                m.checked_mul(60)
                    .map(|secs| c.learn_ahead_secs = secs)
                    .ok_or_else(|| format!("`{v}` minutes is too long"))
            })
        },
        step: Step::By(5.0),
    },
    Setting {
        key: "day-starts-at",
        help: "local hour at which a new study day begins (0-23)",
        get: |c| c.rollover_hour.to_string(),
        set: |c, v| number(v, "an hour from 0 to 23").map(|n| c.rollover_hour = n),
        step: Step::By(1.0),
    },
];

/// Shows every setting, shows one, or changes one and returns the new configuration.
/// Errors name the key or value at fault and what is expected.
pub fn run(
    config: &SchedulerConfig,
    key: Option<&str>,
    value: Option<&str>,
    out: &mut impl Write,
) -> Result<Option<SchedulerConfig>, ConfigError> {
    let Some(key) = key else {
        for s in SETTINGS {
            writeln!(out, "{:18} {:10} {}", s.key, (s.get)(config), s.help)?;
        }
        return Ok(None);
    };
    let setting = find(key)?;
    let Some(value) = value else {
        writeln!(out, "{}", (setting.get)(config))?;
        return Ok(None);
    };
    let changed = change(config, setting, value)?;
    writeln!(out, "{} = {}", setting.key, (setting.get)(&changed))?;
    Ok(Some(changed))
}

/// The setting named `key`.
pub fn find(key: &str) -> Result<&'static Setting, ConfigError> {
    SETTINGS
        .iter()
        .find(|s| s.key == key)
        .ok_or_else(|| ConfigError::UnknownKey {
            key: key.to_owned(),
            known: SETTINGS
                .iter()
                .map(|s| s.key)
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// `config` with `setting` set to `value`, checked as a whole; the error names the setting
/// and what is expected.
pub fn change(
    config: &SchedulerConfig,
    setting: &Setting,
    value: &str,
) -> Result<SchedulerConfig, ConfigError> {
    let mut changed = config.clone();
    (setting.set)(&mut changed, value).map_err(|reason| ConfigError::BadValue {
        key: setting.key.to_owned(),
        reason,
    })?;
    changed.validate().map_err(|e| ConfigError::BadValue {
        key: setting.key.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(changed)
}

/// The value one step up (`up`) or down from the current one, as text to set: numbers move by
/// their step (and keep their shown precision), choices go round; `None` for typed-only
/// settings.
pub fn stepped(config: &SchedulerConfig, setting: &Setting, up: bool) -> Option<String> {
    let current = (setting.get)(config);
    match setting.step {
        Step::Typed => None,
        Step::Choices(choices) => {
            let at = choices.iter().position(|c| *c == current).unwrap_or(0);
            let next = if up {
                (at + 1) % choices.len()
            } else {
                (at + choices.len() - 1) % choices.len()
            };
            choices.get(next).map(|c| (*c).to_owned())
        }
        Step::By(by) => {
            let value: f64 = current.parse().ok()?;
            let next = if up { value + by } else { value - by };
            let decimals = current.split_once('.').map_or(0, |(_, d)| d.len());
            Some(format!("{:.*}", decimals, next.max(0.0)))
        }
    }
}

/// A setting that cannot be shown or changed.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No such setting.
    #[error("no setting `{key}`; settings are: {known}")]
    UnknownKey {
        /// What was asked for.
        key: String,
        /// The settings there are.
        known: String,
    },
    /// The value does not fit the setting.
    #[error("cannot set {key}: {reason}")]
    BadValue {
        /// The setting.
        key: String,
        /// What is wrong.
        reason: String,
    },
    /// Writing the output failed (kept as the source, so that a closed pipe is recognised).
    #[error("cannot write the settings")]
    Io(#[from] io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_numbers_by_their_step_and_choices_round() {
        let config = SchedulerConfig::default();
        let step = |key: &str, up| stepped(&config, find(key).unwrap(), up);
        assert_eq!(step("desired-retention", true).as_deref(), Some("0.91"));
        assert_eq!(step("desired-retention", false).as_deref(), Some("0.89"));
        assert_eq!(step("reviews-per-day", true).as_deref(), Some("210"));
        assert_eq!(step("fuzz", true).as_deref(), Some("off"));
        assert_eq!(step("leech-action", false).as_deref(), Some("tag-only"));
        assert_eq!(step("learning-steps", true), None);
        // Stepping below a range is refused by the same check as typing it.
        let low = SchedulerConfig {
            desired_retention: 0.7,
            ..SchedulerConfig::default()
        };
        let setting = find("desired-retention").unwrap();
        let down = stepped(&low, setting, false).unwrap();
        assert!(matches!(
            change(&low, setting, &down),
            Err(ConfigError::BadValue { .. })
        ));
        let zero = SchedulerConfig {
            new_per_day: 0,
            ..SchedulerConfig::default()
        };
        assert_eq!(
            stepped(&zero, find("new-per-day").unwrap(), false).as_deref(),
            Some("0")
        );
    }

    fn set(key: &str, value: &str) -> Result<SchedulerConfig, ConfigError> {
        run(
            &SchedulerConfig::default(),
            Some(key),
            Some(value),
            &mut Vec::new(),
        )
        .map(|c| c.unwrap_or_default())
    }

    #[test]
    fn lists_every_setting_with_defaults() {
        let mut out = Vec::new();
        run(&SchedulerConfig::default(), None, None, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("desired-retention  0.90"), "{text}");
        assert!(text.contains("learning-steps     1m 10m"), "{text}");
        assert!(text.contains("new-per-day        15"), "{text}");
    }

    #[test]
    fn changes_and_validates() {
        assert_eq!(
            set("desired-retention", "0.85").unwrap().desired_retention,
            0.85
        );
        assert_eq!(
            set("learning-steps", "30s 5m 1h")
                .unwrap()
                .learning_steps_secs,
            vec![30, 300, 3600]
        );
        assert!(!set("fuzz", "off").unwrap().enable_fuzz);
        assert!(matches!(
            set("desired-retention", "1.5"),
            Err(ConfigError::BadValue { .. })
        ));
        assert!(matches!(
            set("day-starts-at", "25"),
            Err(ConfigError::BadValue { .. })
        ));
        assert_eq!(
            set("leech-action", "tag-only").unwrap().leech_action,
            LeechAction::TagOnly
        );
        assert!(matches!(
            set("leech-action", "delete"),
            Err(ConfigError::BadValue { .. })
        ));
        assert_eq!(set("learn-ahead", "5").unwrap().learn_ahead_secs, 300);
        assert!(matches!(
            set("colour", "red"),
            Err(ConfigError::UnknownKey { .. })
        ));
    }
}
