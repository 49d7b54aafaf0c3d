//! `stagecraft config [KEY [VALUE]]`: show or change the profile's scheduling settings.

use std::io::{self, Write};

use crate::srs::SchedulerConfig;

/// A setting the user can change, by its command-line name.
struct Setting {
    key: &'static str,
    help: &'static str,
    get: fn(&SchedulerConfig) -> String,
    set: fn(&mut SchedulerConfig, &str) -> Result<(), String>,
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

const SETTINGS: &[Setting] = &[
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
    },
    Setting {
        key: "new-per-day",
        help: "new cards introduced per day",
        get: |c| c.new_per_day.to_string(),
        set: |c, v| number(v, "a whole number").map(|n| c.new_per_day = n),
    },
    Setting {
        key: "reviews-per-day",
        help: "review cards answered per day",
        get: |c| c.reviews_per_day.to_string(),
        set: |c, v| number(v, "a whole number").map(|n| c.reviews_per_day = n),
    },
    Setting {
        key: "learning-steps",
        help: "steps of a new card before it graduates, e.g. \"1m 10m\"",
        get: |c| show_steps(&c.learning_steps_secs),
        set: |c, v| steps(v).map(|s| c.learning_steps_secs = s),
    },
    Setting {
        key: "relearning-steps",
        help: "steps of a forgotten card, e.g. \"10m\"",
        get: |c| show_steps(&c.relearning_steps_secs),
        set: |c, v| steps(v).map(|s| c.relearning_steps_secs = s),
    },
    Setting {
        key: "maximum-interval",
        help: "longest interval, in days",
        get: |c| c.maximum_interval_days.to_string(),
        set: |c, v| number(v, "a whole number of days").map(|n| c.maximum_interval_days = n),
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
    },
    Setting {
        key: "leech-threshold",
        help: "lapses after which a card is a leech (0: never)",
        get: |c| c.leech_threshold.to_string(),
        set: |c, v| number(v, "a whole number").map(|n| c.leech_threshold = n),
    },
    Setting {
        key: "day-starts-at",
        help: "local hour at which a new study day begins (0-23)",
        get: |c| c.rollover_hour.to_string(),
        set: |c, v| number(v, "an hour from 0 to 23").map(|n| c.rollover_hour = n),
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
    let setting =
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
            })?;
    let Some(value) = value else {
        writeln!(out, "{}", (setting.get)(config))?;
        return Ok(None);
    };
    let mut changed = config.clone();
    (setting.set)(&mut changed, value).map_err(|reason| ConfigError::BadValue {
        key: key.to_owned(),
        reason,
    })?;
    changed.validate().map_err(|e| ConfigError::BadValue {
        key: key.to_owned(),
        reason: e.to_string(),
    })?;
    writeln!(out, "{} = {}", setting.key, (setting.get)(&changed))?;
    Ok(Some(changed))
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
        assert!(matches!(
            set("colour", "red"),
            Err(ConfigError::UnknownKey { .. })
        ));
    }
}
