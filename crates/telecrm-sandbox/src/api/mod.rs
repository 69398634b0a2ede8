//! The API's endpoints, one module each, grouped as TeleCRM's docs group them.
//! Each reads the raw JSON by its own reading of the docs (nothing of
//! telecrm-core) and answers with a body or a [`Refusal`].

pub(crate) mod actions;
pub(crate) mod ingest;
pub(crate) mod leads;
pub(crate) mod metadata;
pub(crate) mod team;

/// Why a request is refused: status, error code, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

pub(crate) fn bad_request(message: impl Into<String>) -> Refusal {
    Refusal {
        status: 400,
        code: "BAD_REQUEST",
        message: message.into(),
    }
}

pub(crate) fn lead_not_found() -> Refusal {
    Refusal {
        status: 404,
        code: "LEAD_NOT_FOUND",
        message: "Lead with given ID was not found.".to_owned(),
    }
}

/// Writes an action's state with its keys in the docs' order (`type`, then
/// `fields`, or `status`, `currency`, `amount`, `paymentid`), the rest after:
/// `serde_json`'s map would sort them, and clients should see what the docs
/// show. `before` and `after` are written first and last (search items).
pub(crate) fn wire_with(
    before: &[(&str, serde_json::Value)],
    state: &serde_json::Value,
    after: &[(&str, serde_json::Value)],
) -> String {
    use serde_json::Value;
    const ORDER: [&str; 6] = [
        "type",
        "fields",
        "status",
        "currency",
        "amount",
        "paymentid",
    ];
    let Value::Object(object) = state else {
        return state.to_string();
    };
    let known = ORDER.iter().filter_map(|k| Some((*k, object.get(*k)?)));
    let rest = object
        .iter()
        .filter(|(k, _)| !ORDER.contains(&k.as_str()))
        .map(|(k, v)| (k.as_str(), v));
    let parts: Vec<String> = before
        .iter()
        .map(|(k, v)| (*k, v))
        .chain(known)
        .chain(rest)
        .chain(after.iter().map(|(k, v)| (*k, v)))
        .map(|(k, v)| format!("{}:{v}", Value::from(k)))
        .collect();
    format!("{{{}}}", parts.join(","))
}
