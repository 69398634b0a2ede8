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
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FieldType {
    Text,
    Email,
    Phone,
    Number,
    Date,
    Dropdown(Vec<String>),
    Tags(Vec<String>),
    Money,
    Website,
    ActiveUsers,
    Rating,
    Status,
    LostReason,
}

impl FieldType {
    /// The metadata's name for the type.
    pub(crate) fn api_name(&self) -> &'static str {
        match self {
            Self::Text => "TEXT",
            Self::Email => "EMAIL",
            Self::Phone => "PHONE",
            Self::Number => "NUMBER",
            Self::Date => "DATE",
            Self::Dropdown(_) => "DROPDOWN",
            Self::Tags(_) => "TAGS",
            Self::Money => "MONEY",
            Self::Website => "WEBSITE",
            Self::ActiveUsers => "ACTIVE_USERS",
            Self::Rating => "RATING",
            Self::Status => "STATUS",
            Self::LostReason => "LOST_REASON",
        }
    }
}

/// A pipeline stage: ID, type, active status labels, archived ones.
#[derive(Debug, Clone)]
pub(crate) struct Stage {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) active: Vec<String>,
    pub(crate) archived: Vec<String>,
}

/// A custom action: code, name, score, and its fields' types.
#[derive(Debug, Clone)]
pub(crate) struct CustomAction {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) score: u32,
    pub(crate) fields: Vec<(String, FieldType)>,
}

/// One enterprise's workspace: its lead fields, identifier, pipeline, lost
/// reasons, custom actions and the team's emails. Every endpoint judges
/// values through it, so they all judge them the same way.
#[derive(Debug, Clone)]
pub(crate) struct Workspace {
    /// The lead identifier field.
    pub(crate) identifier: String,
    pub(crate) fields: Vec<(String, FieldType)>,
    pub(crate) stages: Vec<Stage>,
    /// Lost reasons a lead may take.
    pub(crate) lost_reasons: Vec<String>,
    /// Lost reasons kept for history only.
    pub(crate) archived_lost_reasons: Vec<String>,
    pub(crate) custom_actions: Vec<CustomAction>,
    /// Team members: ID, email (who may be assigned, who performed what).
    pub(crate) team: Vec<(String, String)>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

impl Workspace {
    /// The built-in workspace (`docs/sandbox.md`).
    pub(crate) fn builtin() -> Self {
        let field = |name: &str, ty: FieldType| (name.to_owned(), ty);
        let stage = |id: &str, kind: &str, active: &[&str], archived: &[&str]| Stage {
            id: id.into(),
            kind: kind.into(),
            active: strings(active),
            archived: strings(archived),
        };
        Self {
            identifier: IDENTIFIER.to_owned(),
            fields: vec![
                field("name", FieldType::Text),
                field("phone", FieldType::Phone),
                field("email", FieldType::Email),
                field("rating", FieldType::Rating),
                field("status", FieldType::Status),
                field("assignee", FieldType::ActiveUsers),
                field("lost_reason", FieldType::LostReason),
                field(
                    "contact_source",
                    FieldType::Dropdown(strings(&[
                        "Website",
                        "Referral",
                        "Walk-in",
                        "Facebook Ads",
                    ])),
                ),
                field(
                    "interests",
                    FieldType::Tags(strings(&["VIP", "Returning", "First Time"])),
                ),
                field("deal_size", FieldType::Number),
                field("follow_up_date", FieldType::Date),
                field("budget", FieldType::Money),
                field("website", FieldType::Website),
                field("city", FieldType::Text),
            ],
            stages: vec![
                stage(
                    "stage_open_1",
                    "OPEN",
                    &["Fresh", "Contacted", "Qualified"],
                    &["Old Lead"],
                ),
                stage("stage_won_1", "WON", &["Won"], &[]),
                stage("stage_lost_1", "LOST", &["Lost"], &[]),
            ],
            lost_reasons: strings(&["No Need", "Too Expensive", "Not Reachable"]),
            archived_lost_reasons: strings(&["Budget cut"]),
            custom_actions: vec![
                CustomAction {
                    code: "1001".into(),
                    name: "Site Visit".into(),
                    score: 10,
                    fields: vec![
                        field("note", FieldType::Text),
                        field(
                            "outcome",
                            FieldType::Dropdown(strings(&["Interested", "Not Interested"])),
                        ),
                    ],
                },
                CustomAction {
                    code: "1002".into(),
                    name: "Demo Booked".into(),
                    score: 20,
                    fields: vec![
                        field("note", FieldType::Text),
                        field("demo_date", FieldType::Date),
                    ],
                },
            ],
            team: vec![
                (
                    "5f8a1b2c3d4e5f6a7b8c9d01".into(),
                    "priya@example.com".into(),
                ),
                (
                    "5f8a1b2c3d4e5f6a7b8c9d02".into(),
                    "agent@company.com".into(),
                ),
            ],
        }
    }

    fn is_active_status(&self, label: &str) -> bool {
        self.stages
            .iter()
            .any(|s| s.active.iter().any(|l| l == label))
    }

    fn is_archived_status(&self, label: &str) -> bool {
        self.stages
            .iter()
            .any(|s| s.archived.iter().any(|l| l == label))
    }

    /// A field's ID in the metadata: stable, 24 hex digits.
    pub(crate) fn field_id(&self, name: &str) -> String {
        let index = self
            .fields
            .iter()
            .position(|(f, _)| f == name)
            .unwrap_or(0xff);
        format!("5f8a1b2c3d4e5f6a7b8c9e{:02x}", index.min(0xff))
    }

    /// The options of a custom action's `outcome` dropdown (empty when none);
    /// `None` for an unknown code.
    pub(crate) fn outcome_options(&self, code: &str) -> Option<&[String]> {
        let action = self.custom_actions.iter().find(|a| a.code == code)?;
        Some(
            action
                .fields
                .iter()
                .find_map(|(name, ty)| match (name.as_str(), ty) {
                    ("outcome", FieldType::Dropdown(options)) => Some(options.as_slice()),
                    _ => None,
                })
                .unwrap_or(&[]),
        )
    }

    pub(crate) fn field_type(&self, name: &str) -> Option<&FieldType> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, ty)| ty)
    }

    /// The email of team member `id`.
    pub(crate) fn member_email(&self, id: &str) -> Option<&str> {
        self.team
            .iter()
            .find(|(m, _)| m == id)
            .map(|(_, email)| email.as_str())
    }

    /// Checks `value` against the field's type: the value to store, or the
    /// remark saying why it is dropped.
    pub(crate) fn check(&self, name: &str, value: &Value) -> Result<Value, String> {
        let Some(ty) = self.field_type(name) else {
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
            // Unix ms, `dd/MM/yyyy` or `dd/MM/yyyy HH:mm:ss` (the docs' Async
            // example); ten digits are seconds, a classic mistake: named.
            FieldType::Date => match value.as_u64() {
                Some(1_000_000_000..=9_999_999_999) => Err(format!(
                    "{name} looks like Unix seconds; send Unix milliseconds"
                )),
                Some(_) => ok(value),
                None if text.is_some_and(|s| {
                    parse_date(s).is_some() || parse_date(&format!("{s} 00:00:00")).is_some()
                }) =>
                {
                    ok(value)
                }
                None => Err(format!(
                    "{name} must be a date (Unix ms, dd/MM/yyyy or dd/MM/yyyy HH:mm:ss)"
                )),
            },
            // An unknown label creates an option (the docs' metadata examples):
            // the caller records it with `Tx::learn_options`.
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
                Some(s)
                    if self
                        .team
                        .iter()
                        .any(|(_, email)| email.eq_ignore_ascii_case(s)) =>
                {
                    ok(value)
                }
                _ => Err(format!("{name} must be the email of a team member")),
            },
            FieldType::Rating => match value.as_u64() {
                Some(1..=5) => ok(value),
                _ => Err("Rating must be between 1 and 5".into()),
            },
            FieldType::Status => match text {
                Some(s) if self.is_active_status(s) => ok(value),
                Some(s) if self.is_archived_status(s) => Err(format!("Status {s} is archived")),
                _ => Err(format!("Unknown status {}", text.unwrap_or("(not text)"))),
            },
            FieldType::LostReason => match text {
                Some(s) if self.lost_reasons.iter().any(|r| r == s) => ok(value),
                _ => Err(format!(
                    "Unknown lost reason {}",
                    text.unwrap_or("(not text)")
                )),
            },
        }
    }

    /// The labels a value gives a dropdown or tags field, to record as options.
    pub(crate) fn labels(&self, name: &str, value: &Value) -> Vec<String> {
        match (self.field_type(name), value) {
            (Some(FieldType::Dropdown(_)), Value::String(label)) => vec![label.clone()],
            (Some(FieldType::Tags(_)), Value::Array(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, value: &Value) -> Result<Value, String> {
        Workspace::builtin().check(name, value)
    }
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
