//! A world: several enterprises from a seed file (JSON), each with its own
//! tokens, workspace (custom fields with types and options, identifier,
//! pipeline, lost reasons, custom actions), team and leads. What a file
//! leaves out is the built-in workspace's; leads default to none.
//!
//! ```json
//! {"enterprises": [
//!   {"id": "e-1", "token": "optional", "async_token": "optional",
//!    "identifier": "phone",
//!    "fields": [{"name": "phone", "type": "PHONE"},
//!               {"name": "utm_source", "type": "TEXT"},
//!               {"name": "plan", "type": "DROPDOWN", "options": ["Basic", "Pro"]}],
//!    "pipeline": [{"type": "OPEN", "active": ["New"], "archived": ["Stale"]},
//!                 {"type": "WON", "active": ["Won"]}, {"type": "LOST", "active": ["Lost"]}],
//!    "lost_reasons": ["Price"], "archived_lost_reasons": [],
//!    "custom_actions": [{"code": "2001", "name": "Call back", "score": 5,
//!                        "fields": [{"name": "note", "type": "TEXT"}]}],
//!    "team": [{"name": "Asha", "email": "asha@example.com", "phone_number": "919800000001",
//!              "role": "ADMIN"}],
//!    "leads": [{"phone": "919800000002", "utm_source": "google"}]}
//! ]}
//! ```

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::state::{Initial, Member};
use crate::workspace::{CustomAction, FieldType, Stage, Workspace};

/// One enterprise of a world, ready for the store and the server.
#[derive(Debug, Clone)]
pub(crate) struct Enterprise {
    pub(crate) id: String,
    pub(crate) token: Option<String>,
    pub(crate) async_token: Option<String>,
    pub(crate) workspace: Workspace,
    pub(crate) initial: Initial,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorldFile {
    enterprises: Vec<EnterpriseFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnterpriseFile {
    id: String,
    token: Option<String>,
    async_token: Option<String>,
    identifier: Option<String>,
    fields: Option<Vec<FieldFile>>,
    pipeline: Option<Vec<StageFile>>,
    lost_reasons: Option<Vec<String>>,
    archived_lost_reasons: Option<Vec<String>>,
    custom_actions: Option<Vec<ActionFile>>,
    team: Option<Vec<MemberFile>>,
    #[serde(default)]
    leads: Vec<Map<String, Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldFile {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    options: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StageFile {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    active: Vec<String>,
    #[serde(default)]
    archived: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionFile {
    code: String,
    name: String,
    #[serde(default)]
    score: u32,
    #[serde(default)]
    fields: Vec<FieldFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberFile {
    name: String,
    email: String,
    phone_number: String,
    role: String,
    #[serde(default = "active")]
    status: String,
    #[serde(default)]
    deleted: bool,
    manager_email: Option<String>,
}

fn active() -> String {
    "Active".into()
}

fn invalid(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message)
}

fn field_type(field: FieldFile, what: &str) -> std::io::Result<(String, FieldType)> {
    let ty = match field.ty.as_str() {
        "TEXT" => FieldType::Text,
        "EMAIL" => FieldType::Email,
        "PHONE" => FieldType::Phone,
        "NUMBER" => FieldType::Number,
        "DATE" => FieldType::Date,
        "DROPDOWN" => FieldType::Dropdown(field.options),
        "TAGS" => FieldType::Tags(field.options),
        "MONEY" => FieldType::Money,
        "WEBSITE" => FieldType::Website,
        "ACTIVE_USERS" => FieldType::ActiveUsers,
        "RATING" => FieldType::Rating,
        "STATUS" => FieldType::Status,
        "LOST_REASON" => FieldType::LostReason,
        other => {
            return Err(invalid(format!(
                "{what}: field {}: unknown type {other}",
                field.name
            )));
        }
    };
    Ok((field.name, ty))
}

/// Reads a world file.
///
/// # Errors
///
/// An `InvalidData` error saying what is wrong and where: unknown keys or
/// types, duplicate enterprises or tokens, an identifier that is not a field,
/// a lead whose values do not fit the workspace.
pub(crate) fn read(path: &Path) -> std::io::Result<Vec<Enterprise>> {
    let bytes = std::fs::read(path)?;
    parse(&bytes)
}

pub(crate) fn parse(bytes: &[u8]) -> std::io::Result<Vec<Enterprise>> {
    let file: WorldFile =
        serde_json::from_slice(bytes).map_err(|e| invalid(format!("not a world file: {e}")))?;
    if file.enterprises.is_empty() {
        return Err(invalid("no enterprises".into()));
    }
    let mut ids = BTreeSet::new();
    let mut tokens = BTreeSet::new();
    let mut world = Vec::new();
    for entry in file.enterprises {
        let what = format!("enterprise {}", entry.id);
        if entry.id.is_empty() || !ids.insert(entry.id.clone()) {
            return Err(invalid(format!("{what}: an empty or repeated ID")));
        }
        for token in [&entry.token, &entry.async_token].into_iter().flatten() {
            if token.is_empty() || !tokens.insert(token.clone()) {
                return Err(invalid(format!("{what}: an empty or repeated token")));
            }
        }
        world.push(enterprise(entry, &what)?);
    }
    Ok(world)
}

fn enterprise(entry: EnterpriseFile, what: &str) -> std::io::Result<Enterprise> {
    let builtin = Workspace::builtin();
    let mut workspace = builtin.clone();
    if let Some(fields) = entry.fields {
        workspace.fields = fields
            .into_iter()
            .map(|f| field_type(f, what))
            .collect::<Result<_, _>>()?;
    }
    workspace.identifier = entry.identifier.unwrap_or(builtin.identifier);
    if !matches!(
        workspace.field_type(&workspace.identifier),
        Some(FieldType::Phone | FieldType::Email | FieldType::Text)
    ) {
        return Err(invalid(format!(
            "{what}: the identifier {} is not a phone, email or text field",
            workspace.identifier
        )));
    }
    if let Some(stages) = entry.pipeline {
        workspace.stages = stages
            .into_iter()
            .enumerate()
            .map(|(i, stage)| Stage {
                id: format!("stage_{}_{}", stage.kind.to_ascii_lowercase(), i + 1),
                kind: stage.kind,
                active: stage.active,
                archived: stage.archived,
            })
            .collect();
    }
    if let Some(reasons) = entry.lost_reasons {
        workspace.lost_reasons = reasons;
    }
    if let Some(reasons) = entry.archived_lost_reasons {
        workspace.archived_lost_reasons = reasons;
    }
    if let Some(actions) = entry.custom_actions {
        workspace.custom_actions = actions
            .into_iter()
            .map(|action| {
                if action.code.is_empty() || !action.code.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(invalid(format!(
                        "{what}: custom action code {} is not a number",
                        action.code
                    )));
                }
                Ok(CustomAction {
                    fields: action
                        .fields
                        .into_iter()
                        .map(|f| field_type(f, what))
                        .collect::<Result<_, _>>()?,
                    code: action.code,
                    name: action.name,
                    score: action.score,
                })
            })
            .collect::<Result<_, _>>()?;
    }
    let mut initial = Initial::default();
    if let Some(team) = entry.team {
        let names: Vec<(String, String)> = team
            .iter()
            .map(|m| (m.email.to_ascii_lowercase(), m.name.clone()))
            .collect();
        initial.team = team
            .into_iter()
            .map(|m| Member {
                id: String::new(),
                manager_name: m.manager_email.as_ref().and_then(|e| {
                    names
                        .iter()
                        .find(|(email, _)| email.eq_ignore_ascii_case(e))
                        .map(|(_, name)| name.clone())
                }),
                name: m.name,
                email: m.email,
                phone_number: m.phone_number,
                role: m.role,
                status: m.status,
                deleted: m.deleted,
                manager_email: m.manager_email,
                permission_template_name: None,
                license: None,
            })
            .collect();
    } else {
        initial.team = crate::state::seed_team();
    }
    // Team IDs are made by the store; until then, who may be assigned is
    // known by email.
    workspace.team = initial
        .team
        .iter()
        .filter(|m| !m.deleted)
        .map(|m| (m.id.clone(), m.email.clone()))
        .collect();
    let mut seen = BTreeSet::new();
    for (i, lead) in entry.leads.iter().enumerate() {
        let mut key = None;
        for (name, value) in lead {
            let stored = workspace
                .check(name, value)
                .map_err(|remark| invalid(format!("{what}: leads[{i}].{name}: {remark}")))?;
            if *name == workspace.identifier {
                key = Some(crate::state::identifier_key(&stored));
            }
        }
        let key = key.ok_or_else(|| {
            invalid(format!(
                "{what}: leads[{i}] has no {}",
                workspace.identifier
            ))
        })?;
        if !seen.insert(key) {
            return Err(invalid(format!(
                "{what}: leads[{i}] repeats another lead's {}",
                workspace.identifier
            )));
        }
    }
    initial.leads = entry
        .leads
        .into_iter()
        .map(|lead| {
            lead.into_iter()
                .map(|(name, value)| {
                    let value = workspace.check(&name, &value).unwrap_or(value);
                    (name, value)
                })
                .collect()
        })
        .collect();
    Ok(Enterprise {
        id: entry.id,
        token: entry.token,
        async_token: entry.async_token,
        workspace,
        initial,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn world(value: Value) -> std::io::Result<Vec<Enterprise>> {
        parse(value.to_string().as_bytes())
    }

    #[test]
    fn a_workspace_of_its_own() {
        let world = world(json!({"enterprises": [{
            "id": "e-1",
            "fields": [{"name": "phone", "type": "PHONE"}, {"name": "utm_source", "type": "TEXT"},
                       {"name": "plan", "type": "DROPDOWN", "options": ["Basic", "Pro"]}],
            "leads": [{"phone": "+919800000002", "utm_source": "google"}]
        }, {"id": "e-2"}]}))
        .unwrap();
        let ws = &world[0].workspace;
        assert_eq!(ws.check("utm_source", &json!("x")), Ok(json!("x")));
        assert!(
            ws.check("city", &json!("Pune")).is_err(),
            "not a field here"
        );
        assert_eq!(
            ws.field_type("plan"),
            Some(&FieldType::Dropdown(vec!["Basic".into(), "Pro".into()]))
        );
        assert_eq!(
            world[0].initial.leads[0]["phone"], "919800000002",
            "normalised"
        );
        assert_eq!(world[1].workspace.fields, Workspace::builtin().fields);
        assert!(world[1].initial.leads.is_empty());
    }

    #[test]
    fn mistakes_are_named() {
        let cases = [
            (json!({"enterprises": []}), "no enterprises"),
            (
                json!({"enterprises": [{"id": "a"}, {"id": "a"}]}),
                "repeated ID",
            ),
            (
                json!({"enterprises": [{"id": "a", "token": "t"}, {"id": "b", "async_token": "t"}]}),
                "repeated token",
            ),
            (
                json!({"enterprises": [{"id": "a", "fields": [{"name": "x", "type": "BLOB"}]}]}),
                "unknown type BLOB",
            ),
            (
                json!({"enterprises": [{"id": "a", "identifier": "rating"}]}),
                "identifier rating",
            ),
            (
                json!({"enterprises": [{"id": "a", "leads": [{"name": "x"}]}]}),
                "has no phone",
            ),
            (
                json!({"enterprises": [{"id": "a", "leads": [{"phone": "919800000001", "rating": 9}]}]}),
                "leads[0].rating",
            ),
            (
                json!({"enterprises": [{"id": "a", "leads": [{"phone": "919800000001"}, {"phone": "+919800000001"}]}]}),
                "repeats",
            ),
            (
                json!({"enterprises": [{"id": "a", "colour": "red"}]}),
                "unknown field",
            ),
        ];
        for (file, expected) in cases {
            let err = world(file).unwrap_err().to_string();
            assert!(err.contains(expected), "{err} lacks {expected}");
        }
    }
}
