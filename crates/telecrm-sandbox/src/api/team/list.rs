//! **List team members**: `GET …/team-members?skip=&limit=&includeDeleted=`,
//! sorted by name, `limit` 1 to 10.

use percent_encoding::percent_decode_str;

use super::{include_deleted, member_json};
use crate::api::{Refusal, bad_request};
use crate::state::Tx;

pub(crate) fn answer(store: &Tx<'_>, query: Option<&str>) -> Result<String, Refusal> {
    let (mut skip, mut limit) = (0u64, 10u64);
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode_str(value).decode_utf8_lossy();
        match key {
            "skip" => {
                skip = value
                    .parse()
                    .map_err(|_| bad_request("Skip should be a non-negative integer"))?;
            }
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=10).contains(n))
                    .ok_or_else(|| bad_request("Limit should be between 1 and 10"))?;
            }
            _ => {}
        }
    }
    let deleted = include_deleted(query)?;
    let mut team: Vec<_> = store
        .team()
        .iter()
        .filter(|m| deleted || !m.deleted)
        .collect();
    team.sort_by_key(|m| m.name.to_lowercase());
    let data: Vec<String> = team
        .iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(limit as usize)
        .map(|m| member_json(m))
        .collect();
    Ok(format!(
        r#"{{"data":[{}],"total_count":{},"skip":{skip},"limit":{limit}}}"#,
        data.join(","),
        team.len()
    ))
}
