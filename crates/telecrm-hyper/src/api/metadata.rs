//! **Enterprise metadata**, and the [`Schema`] cache built from it.

use std::sync::Arc;
use std::time::Instant;

use telecrm_core::{
    CustomActionCode, CustomActionDef, CustomActionList, CustomField, CustomFieldList,
    EnterpriseMetadata, GetCustomAction, GetCustomField, GetMetadata, GetPipeline,
    ListCustomActions, ListCustomFields, Pipeline, Schema,
};

use crate::client::Client;
use crate::error::Error;

impl Client {
    /// **Enterprise metadata**, incl. `leadIdentifierFieldId`.
    ///
    /// # Errors
    ///
    /// [`Error`]: the API's refusal, transport failures, timeouts, answers not understood.
    pub async fn metadata(&self) -> Result<EnterpriseMetadata, Error> {
        self.send(&GetMetadata::new(self.enterprise().clone()))
            .await
    }

    /// **List custom fields**, summary or detailed.
    ///
    /// # Errors
    ///
    /// As [`Client::metadata`].
    pub async fn custom_fields(&self, detail: bool) -> Result<CustomFieldList, Error> {
        let mut list = ListCustomFields::new(self.enterprise().clone());
        list.detail = detail;
        self.send(&list).await
    }

    /// **Get a custom field** by its (case-sensitive) API name.
    ///
    /// # Errors
    ///
    /// As [`Client::metadata`]; `404 NOT_FOUND`.
    pub async fn custom_field(&self, api_name: &str) -> Result<CustomField, Error> {
        self.send(&GetCustomField::new(self.enterprise().clone(), api_name))
            .await
    }

    /// **List custom actions**, summary or detailed.
    ///
    /// # Errors
    ///
    /// As [`Client::metadata`].
    pub async fn custom_actions(&self, detail: bool) -> Result<CustomActionList, Error> {
        let mut list = ListCustomActions::new(self.enterprise().clone());
        list.detail = detail;
        self.send(&list).await
    }

    /// **Get a custom action** by code.
    ///
    /// # Errors
    ///
    /// As [`Client::metadata`]; `404 NOT_FOUND`.
    pub async fn custom_action(&self, code: CustomActionCode) -> Result<CustomActionDef, Error> {
        self.send(&GetCustomAction::new(self.enterprise().clone(), code))
            .await
    }

    /// **Lead stage pipeline**.
    ///
    /// # Errors
    ///
    /// As [`Client::metadata`].
    pub async fn lead_stage_pipeline(&self) -> Result<Pipeline, Error> {
        self.send(&GetPipeline::new(self.enterprise().clone()))
            .await
    }

    /// The workspace's [`Schema`], fetched with four calls (in parallel) and
    /// cached for [`crate::ClientBuilder::schema_max_age`]; later calls share it.
    ///
    /// # Errors
    ///
    /// The first of the four calls that fails.
    pub async fn schema(&self) -> Result<Arc<Schema>, Error> {
        let max_age = self.inner().schema_max_age;
        if let Some((at, schema)) = self
            .inner()
            .schema
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            && at.elapsed() < max_age
        {
            return Ok(schema.clone());
        }
        self.refresh_schema().await
    }

    /// Fetches the schema now, whatever the cache holds.
    ///
    /// # Errors
    ///
    /// As [`Client::schema`].
    pub async fn refresh_schema(&self) -> Result<Arc<Schema>, Error> {
        let (metadata, fields, actions, pipeline) = tokio::try_join!(
            self.metadata(),
            self.custom_fields(true),
            self.custom_actions(true),
            self.lead_stage_pipeline(),
        )?;
        let schema = Arc::new(
            Schema::new(&metadata, fields, actions, &pipeline)
                .with_dropdowns(self.inner().dropdowns),
        );
        *self
            .inner()
            .schema
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), schema.clone()));
        Ok(schema)
    }

    /// The schema when the client checks against it, else `None`.
    pub(crate) async fn checking_schema(&self) -> Result<Option<Arc<Schema>>, Error> {
        if self.inner().check_schema {
            self.schema().await.map(Some)
        } else {
            Ok(None)
        }
    }
}
