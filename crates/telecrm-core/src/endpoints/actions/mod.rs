//! **Actions**: the events on a lead's timeline.
//!
//! | endpoint | method and path | type |
//! | --- | --- | --- |
//! | Create actions | `POST /enterprise/{e}/lead/{l}/action` | [`CreateActions`](crate::prelude::CreateActions) |
//! | Get an action | `GET /enterprise/{e}/lead/{l}/action/{a}` | [`GetAction`](crate::prelude::GetAction) |
//! | Update an action | `POST /enterprise/{e}/lead/{l}/action/{a}` | [`UpdateAction`](crate::prelude::UpdateAction) |
//! | Search actions | `POST /enterprise/{e}/lead/{l}/action/search` | [`SearchActions`](crate::prelude::SearchActions) |

pub mod action;
pub mod create;
pub mod get;
pub mod new;
pub mod search;
pub mod update;
