//! **Leads**: create, get, update and search the workspace's leads.
//!
//! | endpoint | method and path | type |
//! | --- | --- | --- |
//! | Create a lead | `POST /enterprise/{e}/lead` | [`CreateLead`] |
//! | Get a lead | `GET /enterprise/{e}/lead/{l}` | [`GetLead`] |
//! | Update a lead | `POST /enterprise/{e}/lead/{l}` | [`UpdateLead`] |
//! | Search leads | `POST /enterprise/{e}/lead/search?skip=&limit=` | [`SearchLeads`] |

pub mod create;
pub mod get;
pub mod search;
pub mod update;

pub use create::{CreateLead, CreatedLead, LeadError, NewLead};
pub use get::{GetLead, Lead};
pub use search::{LeadActionFilter, LeadFilter, LeadItem, LeadQuery, RawLeadFilter, SearchLeads};
pub use update::UpdateLead;

use crate::id::EnterpriseId;

/// `/enterprise/{e}/lead`, the stem every lead route shares.
fn write_lead_stem(path: &mut String, enterprise: &EnterpriseId) {
    path.push_str("/enterprise");
    enterprise.push_segment_to(path);
    path.push_str("/lead");
}

/// Reads a lead's ID from the keys integrations have seen it under.
fn take_id(
    object: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<Option<crate::id::LeadId>, crate::id::IdError> {
    let mut id = None;
    for key in ["_id", "id", "lead_id"] {
        if let Some(serde_json::Value::String(value)) = object.remove(key)
            && id.is_none()
        {
            id = Some(crate::id::LeadId::new(value)?);
        }
    }
    Ok(id)
}
