//! **Enterprise metadata**, and the [`Schema`] cache built from it.

use std::sync::Arc;

use telecrm_core::{
    CustomActionCode, CustomActionDef, CustomActionList, CustomField, CustomFieldList,
    EnterpriseMetadata, GetCustomAction, GetCustomField, GetMetadata, GetPipeline,
    ListCustomActions, ListCustomFields, Pipeline, Schema,
};

use crate::call::CallOptions;
use crate::error::Error;
use crate::workspace::WorkspaceClient;

impl WorkspaceClient {
    /// **Enterprise metadata**, incl. `leadIdentifierFieldId`.
    ///
    /// # Errors
    ///
    /// [`Error`]: the API's refusal, transport failures, timeouts, answers not understood.
    pub async fn get_metadata(&self) -> Result<EnterpriseMetadata, Error> {
        self.send(&GetMetadata::new()).await
    }

    /// **List custom fields**, each with its type and options
    /// (`ListCustomFields::new()` through `send` for the summary).
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::get_metadata`].
    pub async fn list_custom_fields(&self) -> Result<CustomFieldList, Error> {
        self.send(&ListCustomFields::new().detail(true)).await
    }

    /// **Get a custom field** by its (case-sensitive) API name.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::get_metadata`]; `404 NOT_FOUND`.
    pub async fn get_custom_field(&self, api_name: &str) -> Result<CustomField, Error> {
        self.send(&GetCustomField::new(api_name)).await
    }

    /// **List custom actions**, each with its fields
    /// (`ListCustomActions::new()` through `send` for the summary).
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::get_metadata`].
    pub async fn list_custom_actions(&self) -> Result<CustomActionList, Error> {
        self.send(&ListCustomActions::new().detail(true)).await
    }

    /// **Get a custom action** by code.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::get_metadata`]; `404 NOT_FOUND`.
    pub async fn get_custom_action(
        &self,
        code: CustomActionCode,
    ) -> Result<CustomActionDef, Error> {
        self.send(&GetCustomAction::new(code)).await
    }

    /// **Lead stage pipeline**.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::get_metadata`].
    pub async fn get_pipeline(&self) -> Result<Pipeline, Error> {
        self.send(&GetPipeline::new()).await
    }

    /// The workspace's [`Schema`], fetched with four calls (in parallel) and
    /// cached for [`WorkspaceClient::with_schema_max_age`]; later calls share it.
    ///
    /// # Errors
    ///
    /// The first of the four calls that fails.
    pub async fn schema(&self) -> Result<Arc<Schema>, Error> {
        match self.cached_schema() {
            Some(schema) => Ok(schema),
            None => self.refresh_schema().await,
        }
    }

    /// Fetches the schema now, whatever the cache holds.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::schema`].
    pub async fn refresh_schema(&self) -> Result<Arc<Schema>, Error> {
        // The four reads have no pre-send checks; going around them also keeps
        // the schema's fetch out of the checks that may call it.
        let options = CallOptions::default();
        let (metadata, fields, actions, pipeline) = (
            GetMetadata::new(),
            ListCustomFields::new().detail(true),
            ListCustomActions::new().detail(true),
            GetPipeline::new(),
        );
        let (metadata, fields, actions, pipeline) = tokio::try_join!(
            self.send_checked(&metadata, &options, Vec::new()),
            self.send_checked(&fields, &options, Vec::new()),
            self.send_checked(&actions, &options, Vec::new()),
            self.send_checked(&pipeline, &options, Vec::new()),
        )?;
        let schema = Schema::new(
            metadata.value(),
            fields.into_value(),
            actions.into_value(),
            pipeline.value(),
        );
        Ok(self.store_schema(schema))
    }
}
