//! **Get a lead**: `GET …/lead/{l}?includeActions=&skip=&limit=`.

use serde_json::{Map, Value};

use super::{lead_json, lead_not_found};
use crate::api::actions::search::{paging, timeline_item};
use crate::api::{Refusal, bad_request};
use crate::state::Tx;

pub(crate) fn answer(store: &Tx<'_>, lead: &str, query: Option<&str>) -> Result<String, Refusal> {
    let include = query
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "includeActions")
        .map(|(_, value)| value);
    let include = match include {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(bad_request("includeActions must be true or false")),
    };
    // Paging is read only when actions are asked for; the docs say it is
    // ignored otherwise.
    let window = if include { Some(paging(query)?) } else { None };
    let record = store.lead(lead).ok_or_else(|| Refusal {
        message: format!("The lead with ID {lead} was not found."),
        ..lead_not_found(lead)
    })?;
    let mut object: Map<String, Value> = lead_json(store, lead, record);
    let mut text = Value::Object(std::mem::take(&mut object)).to_string();
    if let Some((skip, limit)) = window {
        let items: Vec<String> = store
            .timeline(lead)
            .iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(limit as usize)
            .map(|(id, stored)| timeline_item(id, stored))
            .collect();
        text.pop();
        text.push_str(&format!(
            r#","actions":[{}],"actions_skip":{skip},"actions_limit":{limit}}}"#,
            items.join(",")
        ));
    }
    Ok(text)
}
