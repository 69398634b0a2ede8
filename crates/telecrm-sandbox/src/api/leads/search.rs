//! **Search leads**: `POST …/lead/search?skip=&limit=` with `fields` filters
//! (exact, case-insensitive; a value or an array, OR; fields AND; ranges on
//! `created_on` and `modified_on`) and an `actions` block. Newest first.

use serde_json::Value;

use super::lead_json;
use crate::api::actions::search::{bound, paging};
use crate::api::{Refusal, bad_request};
use crate::state::{LeadRecord, Stored, Tx};
use crate::workspace::{FieldType, Workspace, normalize_phone};

fn invalid_filter() -> Refusal {
    bad_request("Invalid filter")
}

/// `{from, to}`, both optional, each Unix ms or a date string.
fn range(value: Value) -> Result<(Option<i64>, Option<i64>), Refusal> {
    let Value::Object(range) = value else {
        return Err(invalid_filter());
    };
    let (mut from, mut to) = (None, None);
    for (end, value) in range {
        match end.as_str() {
            "from" => from = Some(bound(value)?),
            "to" => to = Some(bound(value)?),
            _ => return Err(invalid_filter()),
        }
    }
    Ok((from, to))
}

fn within((from, to): (Option<i64>, Option<i64>), at: i64) -> bool {
    from.is_none_or(|from| at >= from) && to.is_none_or(|to| at <= to)
}

fn one_or_many(value: Value) -> Result<Vec<Value>, Refusal> {
    match value {
        Value::Array(values) if values.is_empty() => Err(invalid_filter()),
        Value::Array(values) => Ok(values),
        Value::Object(_) => Err(invalid_filter()),
        value => Ok(vec![value]),
    }
}

fn strings(value: Value) -> Result<Vec<String>, Refusal> {
    one_or_many(value)?
        .into_iter()
        .map(|v| match v {
            Value::String(s) => Ok(s),
            _ => Err(invalid_filter()),
        })
        .collect()
}

/// Exact and case-insensitive; phone numbers compared as stored; an array
/// field (tags) matches when any element does.
fn matches(phone: bool, stored: &Value, wanted: &Value) -> bool {
    if let Value::Array(items) = stored {
        return items.iter().any(|item| matches(phone, item, wanted));
    }
    match (stored, wanted) {
        (Value::String(a), Value::String(b)) => {
            if phone {
                normalize_phone(b).is_some_and(|b| *a == b)
            } else {
                a.eq_ignore_ascii_case(b)
            }
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => a == b,
    }
}

struct ActionBlock {
    types: Option<Vec<String>>,
    members: Option<Vec<String>>,
    at: Option<(Option<i64>, Option<i64>)>,
}

impl ActionBlock {
    fn parse(value: Value) -> Result<Self, Refusal> {
        let Value::Object(block) = value else {
            return Err(invalid_filter());
        };
        let mut parsed = Self {
            types: None,
            members: None,
            at: None,
        };
        for (key, value) in block {
            match key.as_str() {
                "type" => parsed.types = Some(strings(value)?),
                "performed_by" => parsed.members = Some(strings(value)?),
                "performed_at" => parsed.at = Some(range(value)?),
                _ => return Err(invalid_filter()),
            }
        }
        Ok(parsed)
    }

    fn matches(&self, ws: &Workspace, action: &Stored) -> bool {
        let ty = action
            .state
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let email = action
            .performed_by
            .as_deref()
            .and_then(|id| ws.member_email(id));
        self.types
            .as_ref()
            .is_none_or(|types| types.iter().any(|t| t.eq_ignore_ascii_case(ty)))
            && self.members.as_ref().is_none_or(|members| {
                email.is_some_and(|email| members.iter().any(|m| m.eq_ignore_ascii_case(email)))
            })
            && self.at.is_none_or(|at| within(at, action.created_on))
    }
}

type FieldFilter = Vec<(String, Vec<Value>)>;
type RangeFilter = Vec<(&'static str, (Option<i64>, Option<i64>))>;

fn parse(body: Value) -> Result<(FieldFilter, RangeFilter, Option<ActionBlock>), Refusal> {
    let Value::Object(body) = body else {
        return Err(invalid_filter());
    };
    let (mut fields, mut ranges, mut actions) = (Vec::new(), Vec::new(), None);
    for (key, value) in body {
        match key.as_str() {
            "fields" => {
                let Value::Object(filters) = value else {
                    return Err(invalid_filter());
                };
                for (field, value) in filters {
                    match field.as_str() {
                        "created_on" => ranges.push(("created_on", range(value)?)),
                        "modified_on" => ranges.push(("modified_on", range(value)?)),
                        _ => fields.push((field, one_or_many(value)?)),
                    }
                }
            }
            "actions" => actions = Some(ActionBlock::parse(value)?),
            _ => return Err(invalid_filter()),
        }
    }
    Ok((fields, ranges, actions))
}

pub(crate) fn answer(store: &Tx<'_>, query: Option<&str>, body: Value) -> Result<String, Refusal> {
    let (skip, limit) = paging(query)?;
    let (fields, ranges, actions) = parse(body)?;
    let ws = store.workspace();
    // Which filtered fields hold phones (compared normalised), once.
    let phone: Vec<bool> = fields
        .iter()
        .map(|(field, _)| ws.field_type(field) == Some(&FieldType::Phone))
        .collect();
    let keep = |id: &str, lead: &LeadRecord| {
        fields.iter().zip(&phone).all(|((field, wanted), phone)| {
            lead.fields
                .get(field)
                .is_some_and(|stored| wanted.iter().any(|w| matches(*phone, stored, w)))
        }) && ranges.iter().all(|(field, range)| {
            let at = if *field == "created_on" {
                lead.created_on
            } else {
                lead.modified_on
            };
            within(*range, at)
        }) && actions.as_ref().is_none_or(|block| {
            store
                .timeline(id)
                .iter()
                .any(|(_, action)| block.matches(ws, action))
        })
    };
    let matching: Vec<(&str, &LeadRecord)> =
        store.leads().filter(|(id, lead)| keep(id, lead)).collect();
    let data: Vec<Value> = matching
        .iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(limit as usize)
        .map(|(id, lead)| Value::Object(lead_json(store, id, lead)))
        .collect();
    // Keys in the docs' order; serde_json's map would sort them.
    Ok(format!(
        r#"{{"data":{},"total_count":{},"skip":{skip},"limit":{limit}}}"#,
        Value::Array(data),
        matching.len()
    ))
}
