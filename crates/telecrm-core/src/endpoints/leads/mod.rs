//! **Leads**: create, get, update and search the workspace's leads.
//!
//! | endpoint | method and path | type |
//! | --- | --- | --- |
//! | Create a lead | `POST /enterprise/{e}/lead` | [`CreateLead`](crate::prelude::CreateLead) |
//! | Get a lead | `GET /enterprise/{e}/lead/{l}` | [`GetLead`](crate::prelude::GetLead) |
//! | Update a lead | `POST /enterprise/{e}/lead/{l}` | [`UpdateLead`](crate::prelude::UpdateLead) |
//! | Search leads | `POST /enterprise/{e}/lead/search?skip=&limit=` | [`SearchLeads`](crate::prelude::SearchLeads) |

pub mod create;
pub mod get;
pub mod search;
pub mod update;

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

type Object = std::collections::BTreeMap<String, serde_json::Value>;

/// The accessors a lead read in either shape has: the docs' (in `fields`)
/// and real answers' (at the top level). One definition for [`get::Lead`]
/// and [`search::LeadItem`], which both keep `fields` and `extra`.
macro_rules! lead_accessors {
    ($ty:ty) => {
        impl $ty {
            /// The lead's status label: the top-level `status` (as real
            /// answers carry it), else `fields.status` (as the docs show it).
            pub fn status(&self) -> Option<&str> {
                super::top_then_fields(&self.extra, &self.fields, "status", "status")
            }

            /// Its assignee: the top-level `employeeid` (real answers), else
            /// `fields.assignee` (the docs).
            pub fn assignee(&self) -> Option<&str> {
                super::top_then_fields(&self.extra, &self.fields, "employeeid", "assignee")
            }

            /// When it was created: `fields.created_on` (ms), else a
            /// top-level `created_on`. See
            /// [`crate::Timestamp::from_object_id`] for the fallback on its ID.
            pub fn created_on(&self) -> Option<crate::vocab::Timestamp> {
                super::time_in(&self.fields, &self.extra, "created_on")
            }

            /// When it last changed: `fields.modified_on` (ms), else a
            /// top-level `modified_on`.
            pub fn modified_on(&self) -> Option<crate::vocab::Timestamp> {
                super::time_in(&self.fields, &self.extra, "modified_on")
            }
        }
    };
}
use lead_accessors;

/// A string at the top level of an item, else in its fields.
fn top_then_fields<'a>(
    top: &'a Object,
    fields: &'a Object,
    top_key: &str,
    field: &str,
) -> Option<&'a str> {
    top.get(top_key)
        .and_then(serde_json::Value::as_str)
        .or_else(|| fields.get(field).and_then(serde_json::Value::as_str))
}

/// A time (ms) in the fields, else at the top level.
fn time_in(fields: &Object, top: &Object, key: &str) -> Option<crate::vocab::Timestamp> {
    fields
        .get(key)
        .and_then(crate::vocab::Timestamp::from_json)
        .or_else(|| top.get(key).and_then(crate::vocab::Timestamp::from_json))
}
