//! **The Async API**: one endpoint, lead ingestion, with an [`crate::AsyncToken`].
//!
//! | endpoint | method and path | type |
//! | --- | --- | --- |
//! | Create or update lead | `POST https://next-api.telecrm.in/enterprise/{e}/autoupdatelead` | [`IngestLead`](crate::prelude::IngestLead) |

pub mod lead;
