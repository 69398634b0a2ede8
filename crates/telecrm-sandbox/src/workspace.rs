//! The sandbox's workspace: its lead fields and their types, the lead
//! identifier, the pipeline, the team and the custom actions. One place, so
//! that every endpoint judges values the same way.

use serde_json::Value;

use crate::api::actions::search::parse_date;

/// The lead identifier field (the default of a new workspace).
pub(crate) const IDENTIFIER: &str = "phone";

/// The workspace's default country code, prefixed to ten-digit phone numbers.
pub(crate) const DEFAULT_COUNTRY_CODE: &str = "91";

/// A lead field's type, as the docs' field-types page lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldType {
    Text,
    Email,
    Phone,
    Number,
    Date,
    Dropdown(&'static [&'static str]),
    Tags(&'static [&'static str]),
    Money,
    Website,
    ActiveUsers,
    Rating,
    Status,
    LostReason,
}

/// The lead fields: the standard ones and a few custom ones of other types.
pub(crate) const LEAD_FIELDS: &[(&str, FieldType)] = &[
    ("name", FieldType::Text),
    ("phone", FieldType::Phone),
    ("email", FieldType::Email),
    ("rating", FieldType::Rating),
    ("status", FieldType::Status),
    ("assignee", FieldType::ActiveUsers),
    ("lost_reason", FieldType::LostReason),
    (
        "contact_source",
        FieldType::Dropdown(&["Website", "Referral", "Walk-in", "Facebook Ads"]),
    ),
    (
        "interests",
        FieldType::Tags(&["VIP", "Returning", "First Time"]),
    ),
    ("deal_size", FieldType::Number),
    ("follow_up_date", FieldType::Date),
    ("budget", FieldType::Money),
    ("website", FieldType::Website),
    ("city", FieldType::Text),
];

/// A pipeline stage: ID, type, active status labels, archived ones.
pub(crate) struct Stage {
    pub(crate) id: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) active: &'static [&'static str],
    pub(crate) archived: &'static [&'static str],
}

/// The lead stage pipeline.
pub(crate) const STAGES: &[Stage] = &[
    Stage {
        id: "stage_open_1",
        kind: "OPEN",
        active: &["Fresh", "Contacted", "Qualified"],
        archived: &["Old Lead"],
    },
    Stage {
        id: "stage_won_1",
        kind: "WON",
        active: &["Won"],
        archived: &[],
    },
    Stage {
        id: "stage_lost_1",
        kind: "LOST",
        active: &["Lost"],
        archived: &[],
    },
];

/// Lost reasons a lead may take.
pub(crate) const LOST_REASONS: &[&str] = &["No Need", "Too Expensive", "Not Reachable"];

/// Lost reasons kept for history only.
pub(crate) const ARCHIVED_LOST_REASONS: &[&str] = &["Budget cut"];

fn is_active_status(label: &str) -> bool {
    STAGES.iter().any(|s| s.active.contains(&label))
}

fn is_archived_status(label: &str) -> bool {
    STAGES.iter().any(|s| s.archived.contains(&label))
}

/// The metadata's name for a field type.
pub(crate) fn api_type(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Text => "TEXT",
        FieldType::Email => "EMAIL",
        FieldType::Phone => "PHONE",
        FieldType::Number => "NUMBER",
        FieldType::Date => "DATE",
        FieldType::Dropdown(_) => "DROPDOWN",
        FieldType::Tags(_) => "TAGS",
        FieldType::Money => "MONEY",
        FieldType::Website => "WEBSITE",
        FieldType::ActiveUsers => "ACTIVE_USERS",
        FieldType::Rating => "RATING",
        FieldType::Status => "STATUS",
        FieldType::LostReason => "LOST_REASON",
    }
}

/// A field's ID in the metadata: stable, 24 hex digits.
pub(crate) fn field_id(name: &str) -> String {
    let index = LEAD_FIELDS
        .iter()
        .position(|(f, _)| *f == name)
        .unwrap_or(0xff);
    format!("5f8a1b2c3d4e5f6a7b8c9e{index:02x}")
}

/// Team members: ID, email.
pub(crate) const TEAM: &[(&str, &str)] = &[
    ("5f8a1b2c3d4e5f6a7b8c9d01", "priya@example.com"),
    ("5f8a1b2c3d4e5f6a7b8c9d02", "agent@company.com"),
];

/// A custom action: code, name, score, and its fields' types.
pub(crate) struct CustomAction {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
    pub(crate) score: u32,
    pub(crate) fields: &'static [(&'static str, FieldType)],
}

/// The workspace's custom actions. Creates and updates accept other field
/// names too (the docs do not say they are refused); the metadata lists these.
pub(crate) const CUSTOM_ACTIONS: &[CustomAction] = &[
    CustomAction {
        code: "1001",
        name: "Site Visit",
        score: 10,
        fields: &[
            ("note", FieldType::Text),
            (
                "outcome",
                FieldType::Dropdown(&["Interested", "Not Interested"]),
            ),
        ],
    },
    CustomAction {
        code: "1002",
        name: "Demo Booked",
        score: 20,
        fields: &[("note", FieldType::Text), ("demo_date", FieldType::Date)],
    },
];

/// The options of a custom action's `outcome` dropdown (empty when none).
pub(crate) fn outcome_options(code: &str) -> Option<&'static [&'static str]> {
    let action = CUSTOM_ACTIONS.iter().find(|a| a.code == code)?;
    Some(
        action
            .fields
            .iter()
            .find_map(|(name, ty)| match (name, ty) {
                (&"outcome", FieldType::Dropdown(options)) => Some(*options),
                _ => None,
            })
            .unwrap_or(&[]),
    )
}

pub(crate) fn field_type(name: &str) -> Option<FieldType> {
    LEAD_FIELDS
        .iter()
        .find(|(field, _)| *field == name)
        .map(|(_, ty)| *ty)
}

/// The email of team member `id`.
pub(crate) fn member_email(id: &str) -> Option<&'static str> {
    TEAM.iter().find(|(m, _)| *m == id).map(|(_, email)| *email)
}

pub(crate) fn is_email(s: &str) -> bool {
    !s.chars().any(char::is_whitespace)
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain
                    .rsplit_once('.')
                    .is_some_and(|(name, tld)| !name.is_empty() && !tld.is_empty())
        })
}

/// A phone number as stored: a leading `+` dropped, the default country code
/// added to a ten-digit number; `None` when it is not digits.
pub(crate) fn normalize_phone(s: &str) -> Option<String> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    if !(7..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(if digits.len() == 10 {
        format!("{DEFAULT_COUNTRY_CODE}{digits}")
    } else {
        digits.to_owned()
    })
}

fn is_numeric_string(s: &str) -> bool {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// Checks `value` against the field's type: the value to store, or the remark
/// saying why it is dropped.
pub(crate) fn check(name: &str, value: &Value) -> Result<Value, String> {
    let Some(ty) = field_type(name) else {
        return Err(format!("Field {name} does not exist"));
    };
    let text = value.as_str();
    let ok = |v: &Value| Ok(v.clone());
    match ty {
        FieldType::Text => text.map_or(Err(format!("{name} must be text")), |_| ok(value)),
        FieldType::Email => match text {
            Some(s) if is_email(s) => ok(value),
            _ => Err("Email is invalid".into()),
        },
        FieldType::Phone => text
            .and_then(normalize_phone)
            .map(Value::String)
            .ok_or_else(|| "Phone number is invalid".into()),
        FieldType::Number => {
            if value.is_number() {
                ok(value)
            } else {
                Err(format!("{name} must be a number"))
            }
        }
        FieldType::Date => {
            let valid = value.as_u64().is_some()
                || text.is_some_and(|s| parse_date(&format!("{s} 00:00:00")).is_some());
            if valid {
                ok(value)
            } else {
                Err(format!("{name} must be a date (Unix ms or dd/MM/yyyy)"))
            }
        }
        // An unknown label creates an option (the docs' metadata examples):
        // the caller records it with `Store::learn_options`.
        FieldType::Dropdown(_) => match text {
            Some(_) => ok(value),
            _ => Err(format!("{name} must be an option label")),
        },
        FieldType::Tags(_) => match value {
            Value::Array(items) if items.iter().all(Value::is_string) => ok(value),
            _ => Err(format!("{name} must be an array of strings")),
        },
        FieldType::Money => match text {
            Some(s) if is_numeric_string(s) => ok(value),
            _ => Err(format!("{name} must be a numeric string")),
        },
        FieldType::Website => match text {
            Some(s) if s.starts_with("https://") || s.starts_with("http://") => ok(value),
            _ => Err(format!("{name} must be a URL")),
        },
        FieldType::ActiveUsers => match text {
            Some(s) if TEAM.iter().any(|(_, email)| email.eq_ignore_ascii_case(s)) => ok(value),
            _ => Err(format!("{name} must be the email of a team member")),
        },
        FieldType::Rating => match value.as_u64() {
            Some(1..=5) => ok(value),
            _ => Err("Rating must be between 1 and 5".into()),
        },
        FieldType::Status => match text {
            Some(s) if is_active_status(s) => ok(value),
            Some(s) if is_archived_status(s) => Err(format!("Status {s} is archived")),
            _ => Err(format!("Unknown status {}", text.unwrap_or("(not text)"))),
        },
        FieldType::LostReason => match text {
            Some(s) if LOST_REASONS.contains(&s) => ok(value),
            _ => Err(format!(
                "Unknown lost reason {}",
                text.unwrap_or("(not text)")
            )),
        },
    }
}

/// The labels a value gives a dropdown or tags field, to record as options.
pub(crate) fn labels(name: &str, value: &Value) -> Vec<String> {
    match (field_type(name), value) {
        (Some(FieldType::Dropdown(_)), Value::String(label)) => vec![label.clone()],
        (Some(FieldType::Tags(_)), Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_judged_by_type() {
        assert_eq!(
            check("phone", &json!("+919999999999")).unwrap(),
            json!("919999999999")
        );
        assert_eq!(
            check("phone", &json!("9999999999")).unwrap(),
            json!("919999999999")
        );
        assert!(check("phone", &json!("99 99")).is_err());
        assert_eq!(
            check("rating", &json!(6)).unwrap_err(),
            "Rating must be between 1 and 5"
        );
        assert!(check("contact_source", &json!("Website")).is_ok());
        assert!(
            check("contact_source", &json!("TV")).is_ok(),
            "creates an option"
        );
        assert!(check("contact_source", &json!(7)).is_err());
        assert!(
            check("status", &json!("Old Lead"))
                .unwrap_err()
                .contains("archived")
        );
        assert!(check("interests", &json!(["VIP"])).is_ok());
        assert!(check("interests", &json!("VIP")).is_err());
        assert!(check("follow_up_date", &json!("01/01/2023")).is_ok());
        assert!(check("follow_up_date", &json!("2023-01-01")).is_err());
        assert!(check("status", &json!("fresh")).is_err());
        assert!(check("assignee", &json!("AGENT@company.com")).is_ok());
        assert_eq!(
            check("nope", &json!(1)).unwrap_err(),
            "Field nope does not exist"
        );
    }
}
