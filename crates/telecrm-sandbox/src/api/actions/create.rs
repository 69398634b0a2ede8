//! **Create actions**: `POST …/lead/{l}/action` with `{"actions": [...]}`.
//!
//! Entries are judged one by one: a valid one is created, an invalid one is
//! `IGNORED` with a remark per problem, and the answer lists outcomes in
//! request order. Only a request naming a non-writable type is refused whole.

use serde::Serialize;
use serde_json::{Map, Value};

use super::is_custom_code;
use crate::api::{Refusal, bad_request, lead_not_found};
use crate::state::Tx;
use crate::workspace::Workspace;

/// Payment statuses the docs list.
pub(crate) const PAYMENT_STATUSES: [&str; 6] = [
    "PENDING",
    "COMPLETED",
    "FAILED",
    "REFUNDED",
    "CANCELLED",
    "PROCESSING",
];

/// Currencies the docs list.
pub(crate) const CURRENCIES: [&str; 11] = [
    "INR", "USD", "PKR", "AED", "QAR", "SAR", "MYR", "AUD", "CAD", "SGD", "XOF",
];

#[derive(Serialize)]
struct Answer<'a> {
    lead_id: &'a str,
    actions: Vec<Outcome>,
    remarks: Vec<Remark>,
}

/// A remark on something ignored: `{"field", "status", "remark"}`.
#[derive(Serialize)]
pub(crate) struct Remark {
    pub(crate) field: String,
    pub(crate) status: &'static str,
    pub(crate) remark: String,
}

impl Remark {
    pub(crate) fn ignored(field: String, remark: String) -> Self {
        Self {
            field,
            status: "IGNORED",
            remark,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct Outcome {
    action_id: Option<String>,
    status: &'static str,
}

/// The outcome of each entry, from the IDs the store handed out.
pub(crate) fn outcomes(ids: Vec<Option<String>>) -> Vec<Outcome> {
    ids.into_iter()
        .map(|id| Outcome {
            status: if id.is_some() { "CREATED" } else { "IGNORED" },
            action_id: id,
        })
        .collect()
}

/// Whether any entry names a type the API never writes (the whole request is
/// then refused).
pub(crate) fn names_non_writable(entries: &[Value]) -> bool {
    entries.iter().any(|entry| {
        entry
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|ty| ty != "PAYMENT" && !is_custom_code(ty) && !ty.starts_with("ACTION_"))
    })
}

/// Judges every entry on its own: the state to store (`None` when ignored)
/// and the remarks, fields named `actions[i]…`.
pub(crate) fn judge_all(ws: &Workspace, entries: Vec<Value>) -> (Vec<Option<Value>>, Vec<Remark>) {
    let mut remarks = Vec::new();
    let states = entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let mut problems = Vec::new();
            let state = judge(ws, entry, &mut problems);
            let ignored = !problems.is_empty();
            remarks.extend(problems.into_iter().map(|(field, remark)| {
                let field = if field.is_empty() {
                    format!("actions[{index}]")
                } else {
                    format!("actions[{index}].{field}")
                };
                Remark::ignored(field, remark)
            }));
            (!ignored).then_some(state).flatten()
        })
        .collect();
    (states, remarks)
}

/// Validates and applies a create; the answer's body, or why the whole
/// request is refused.
pub(crate) fn answer(store: &mut Tx<'_>, lead: &str, body: Value) -> Result<String, Refusal> {
    if !store.has_lead(lead) {
        return Err(lead_not_found());
    }
    let Value::Object(mut body) = body else {
        return Err(bad_request("Request body must be a JSON object."));
    };
    let entries = match body.remove("actions") {
        Some(Value::Array(entries)) if !entries.is_empty() => entries,
        _ => return Err(bad_request("Field actions must be a non-empty array.")),
    };
    if let Some(key) = body.keys().next() {
        return Err(bad_request(format!("Unknown field {key}.")));
    }
    if names_non_writable(&entries) {
        return Err(bad_request(
            "Only custom actions and payment actions can be created",
        ));
    }
    let (states, remarks) = judge_all(store.workspace(), entries);
    let ids = store.create(lead, states);
    let answer = Answer {
        lead_id: lead,
        actions: outcomes(ids),
        remarks,
    };
    serde_json::to_string(&answer).map_err(|e| bad_request(e.to_string()))
}

type Problems = Vec<(String, String)>;

/// The state to store for one entry, with its problems (field below the
/// entry, remark); any problem means the entry is ignored.
fn judge(ws: &Workspace, entry: Value, problems: &mut Problems) -> Option<Value> {
    let Value::Object(mut entry) = entry else {
        problems.push((String::new(), "Action must be an object".into()));
        return None;
    };
    let ty = match entry.remove("type") {
        Some(Value::String(ty)) => ty,
        _ => {
            problems.push(("type".into(), "Type is required".into()));
            return None;
        }
    };
    if ty.starts_with("ACTION_") {
        problems.push((
            "type".into(),
            "Custom action type must be the bare numeric code (e.g. 1001)".into(),
        ));
        return None;
    }
    if ty == "PAYMENT" {
        payment(entry, problems)
    } else {
        custom(ws, ty, entry, problems)
    }
}

fn custom(
    ws: &Workspace,
    ty: String,
    mut entry: Map<String, Value>,
    problems: &mut Problems,
) -> Option<Value> {
    let Some(outcomes) = ws.outcome_options(&ty) else {
        problems.push(("type".into(), format!("Custom action {ty} does not exist")));
        return None;
    };
    let fields = match entry.remove("fields") {
        None => Map::new(),
        Some(Value::Object(fields)) => fields,
        Some(_) => {
            problems.push(("fields".into(), "Fields must be an object".into()));
            Map::new()
        }
    };
    for key in entry.keys() {
        problems.push((key.clone(), "Unknown field".into()));
    }
    for (key, value) in &fields {
        let scalar = |v: &Value| !matches!(v, Value::Object(_) | Value::Array(_));
        let valid = match value {
            Value::Array(items) => items.iter().all(scalar),
            other => scalar(other),
        };
        if !valid {
            problems.push((format!("fields.{key}"), "Invalid value".into()));
        } else if key == "email" && !is_email(value) {
            problems.push((format!("fields.{key}"), "Email is invalid".into()));
        } else if key == "outcome"
            && !outcomes.is_empty()
            && !value
                .as_str()
                .is_some_and(|v| outcomes.iter().any(|o| o == v))
        {
            problems.push((
                format!("fields.{key}"),
                format!("Outcome must be one of: {}", outcomes.join(", ")),
            ));
        }
    }
    let mut state = Map::new();
    state.insert("type".into(), Value::String(ty));
    state.insert("fields".into(), Value::Object(fields));
    Some(Value::Object(state))
}

fn is_email(value: &Value) -> bool {
    value.as_str().is_some_and(|s| {
        let mut parts = s.split('@');
        matches!(
            (parts.next(), parts.next(), parts.next()),
            (Some(user), Some(host), None) if !user.is_empty() && !host.is_empty()
        )
    })
}

fn payment(mut entry: Map<String, Value>, problems: &mut Problems) -> Option<Value> {
    let mut state = Map::new();
    state.insert("type".into(), Value::from("PAYMENT"));
    let mut one_of = |key: &str, allowed: &[&str], what: &str| match entry.remove(key) {
        Some(Value::String(v)) if allowed.contains(&v.as_str()) => {
            state.insert(key.to_owned(), Value::String(v));
        }
        _ => problems.push((
            key.to_owned(),
            format!("{what} must be one of: {}", allowed.join(", ")),
        )),
    };
    one_of("status", &PAYMENT_STATUSES, "Status");
    one_of("currency", &CURRENCIES, "Currency");
    match entry.remove("amount") {
        Some(Value::String(amount)) if is_amount(&amount) => {
            state.insert("amount".into(), Value::String(amount));
        }
        _ => problems.push((
            "amount".into(),
            "Amount must be a numeric string greater than 0".into(),
        )),
    }
    match entry.remove("paymentid") {
        None => {}
        Some(Value::String(id)) => {
            state.insert("paymentid".into(), Value::String(id));
        }
        Some(_) => problems.push(("paymentid".into(), "Invalid value".into())),
    }
    for key in entry.keys() {
        problems.push((key.clone(), "Unknown field".into()));
    }
    Some(Value::Object(state))
}

/// Digits, optionally one `.` and more digits, greater than zero.
fn is_amount(amount: &str) -> bool {
    let (whole, fraction) = amount.split_once('.').unwrap_or((amount, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction) && amount.bytes().any(|b| (b'1'..=b'9').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts() {
        for good in ["5000", "99.50", "0.01"] {
            assert!(is_amount(good), "{good}");
        }
        for bad in ["", "0", "0.0", "-1", "1.", ".5", "1e3", "1.2.3", " 1"] {
            assert!(!is_amount(bad), "{bad}");
        }
    }

    #[test]
    fn each_problem_is_named() {
        let mut problems = Vec::new();
        let ws = Workspace::builtin();
        let state = judge(
            &ws,
            json!({"type":"PAYMENT","status":"PAID","currency":"INR","amount":5,"x":1}),
            &mut problems,
        );
        assert!(state.is_some());
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["status", "amount", "x"]);

        problems.clear();
        judge(
            &ws,
            json!({"type":"1001","fields":{"email":"nope","outcome":"Maybe","n":{"a":1}}}),
            &mut problems,
        );
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["fields.email", "fields.n", "fields.outcome"]);

        problems.clear();
        judge(&ws, json!({"type":"1003"}), &mut problems);
        assert_eq!(problems[0].1, "Custom action 1003 does not exist");
    }
}
