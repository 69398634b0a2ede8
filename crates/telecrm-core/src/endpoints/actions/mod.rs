//! **Actions**: the events on a lead's timeline.
//!
//! | endpoint | method and path | type |
//! | --- | --- | --- |
//! | Create actions | `POST /enterprise/{e}/lead/{l}/action` | [`CreateActions`] |
//! | Get an action | `GET /enterprise/{e}/lead/{l}/action/{a}` | [`GetAction`] |
//! | Update an action | `POST /enterprise/{e}/lead/{l}/action/{a}` | [`UpdateAction`] |
//! | Search actions | `POST /enterprise/{e}/lead/{l}/action/search` | [`SearchActions`] |

pub mod create;
pub mod get;
pub mod search;
pub mod update;

pub use create::{ActionOutcome, CreateActions, CreatedActions, OutcomeStatus, Remark};
pub use get::GetAction;
pub use search::{ActionFilter, SearchActions, TimelineAction};
pub use update::{UpdateAction, UpdateActionRef};

use crate::id::{EnterpriseId, LeadId};

/// `/enterprise/{e}/lead/{l}/action`, the stem every action route shares.
fn write_action_stem(path: &mut String, enterprise: &EnterpriseId, lead: &LeadId) {
    path.push_str("/enterprise");
    enterprise.push_segment_to(path);
    path.push_str("/lead");
    lead.push_segment_to(path);
    path.push_str("/action");
}
