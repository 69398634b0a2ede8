//! **Enterprise metadata**: the workspace's discovery surface. Fetch once,
//! cache, refresh slowly (the docs' advice; `telecrm-hyper` caches a
//! [`crate::Schema`] built from these).
//!
//! | endpoint | method and path | type |
//! | --- | --- | --- |
//! | Enterprise metadata | `GET /enterprise/{e}/metadata` | [`GetMetadata`] |
//! | List custom fields | `GET /enterprise/{e}/custom-fields?detail=` | [`ListCustomFields`] |
//! | Get a custom field | `GET /enterprise/{e}/custom-fields/{apiName}` | [`GetCustomField`] |
//! | List custom actions | `GET /enterprise/{e}/custom-actions?detail=` | [`ListCustomActions`] |
//! | Get a custom action | `GET /enterprise/{e}/custom-actions/{code}` | [`GetCustomAction`] |
//! | Lead stage pipeline | `GET /enterprise/{e}/lead-stage-pipeline` | [`GetPipeline`] |

pub mod actions;
pub mod enterprise;
pub mod fields;
pub mod pipeline;

pub use actions::{CustomActionDef, CustomActionList, GetCustomAction, ListCustomActions};
pub use enterprise::{EnterpriseMetadata, GetMetadata};
pub use fields::{
    CustomField, CustomFieldList, FieldKind, FieldOption, GetCustomField, ListCustomFields,
};
pub use pipeline::{GetPipeline, LeadStage, LostReason, Pipeline, PipelineStatus};

use crate::id::EnterpriseId;

/// `/enterprise/{e}/{rest}`.
fn write_enterprise_path(path: &mut String, enterprise: &EnterpriseId, rest: &str) {
    path.push_str("/enterprise");
    enterprise.push_segment_to(path);
    path.push('/');
    path.push_str(rest);
}

/// The shared part of the six GET endpoints: no body, JSON answer.
macro_rules! metadata_get {
    ($ty:ty, $response:ty, $route:literal) => {
        const METHOD: http::Method = http::Method::GET;
        const ROUTE: &'static str = $route;
        const IDEMPOTENT: bool = true;
        const HAS_BODY: bool = false;

        fn write_body(&self, _body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
            Ok(())
        }

        fn decode_success(
            _status: http::StatusCode,
            body: &[u8],
        ) -> Result<$response, serde_json::Error> {
            serde_json::from_slice(body)
        }
    };
}
pub(crate) use metadata_get;
