//! **Enterprise metadata**: the workspace's discovery surface. Fetch once,
//! cache, refresh slowly (the docs' advice; `telecrm-hyper` caches a
//! [`crate::Schema`] built from these).
//!
//! | endpoint | method and path | type |
//! | --- | --- | --- |
//! | Enterprise metadata | `GET /enterprise/{e}/metadata` | [`GetMetadata`](crate::prelude::GetMetadata) |
//! | List custom fields | `GET /enterprise/{e}/custom-fields?detail=` | [`ListCustomFields`](crate::prelude::ListCustomFields) |
//! | Get a custom field | `GET /enterprise/{e}/custom-fields/{apiName}` | [`GetCustomField`](crate::prelude::GetCustomField) |
//! | List custom actions | `GET /enterprise/{e}/custom-actions?detail=` | [`ListCustomActions`](crate::prelude::ListCustomActions) |
//! | Get a custom action | `GET /enterprise/{e}/custom-actions/{code}` | [`GetCustomAction`](crate::prelude::GetCustomAction) |
//! | Lead stage pipeline | `GET /enterprise/{e}/lead-stage-pipeline` | [`GetPipeline`](crate::prelude::GetPipeline) |

pub mod actions;
pub mod enterprise;
pub mod fields;
pub mod pipeline;
