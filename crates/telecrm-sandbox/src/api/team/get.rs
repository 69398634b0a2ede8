//! **Get a team member**: `GET …/team-members/{email}?includeDeleted=`; email
//! case-insensitive, `400` for a malformed one, `404` for none (or deleted).

use super::{include_deleted, member_json, not_found};
use crate::api::{Refusal, bad_request};
use crate::state::Tx;
use crate::workspace::is_email;

pub(crate) fn answer(store: &Tx<'_>, email: &str, query: Option<&str>) -> Result<String, Refusal> {
    if !is_email(email) {
        return Err(bad_request("Invalid email format"));
    }
    let deleted = include_deleted(query)?;
    store
        .team()
        .iter()
        .find(|m| m.email.eq_ignore_ascii_case(email) && (deleted || !m.deleted))
        .map(member_json)
        .ok_or_else(not_found)
}
