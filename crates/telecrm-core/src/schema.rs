//! [`Schema`]: the workspace's own rules, learnt from its metadata, so that a
//! wrong field name, a dropdown typo or an archived status is refused before
//! anything is sent.
//!
//! Built from the answers of four discovery endpoints ([`crate::GetMetadata`],
//! [`crate::ListCustomFields`] detailed, [`crate::ListCustomActions`] detailed,
//! [`crate::GetPipeline`]). The core takes it as a value and never fetches it;
//! `telecrm-hyper` fetches and caches it.
//!
//! What it checks, each refusal naming the field and what was expected:
//! lead field names exist; values fit their type (text, number, email, phone,
//! date, dropdown, tags, money, website, rating); dropdown and tag values are
//! known labels, or are let through with a warning ([`Dropdowns::Warn`]), since
//! the service creates an option for an unknown label; `status` is an active
//! pipeline label, never an archived one; the identifier is present on create
//! and absent on update; a custom action's code exists and its field names
//! belong to it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::check::Warning;
use crate::endpoints::actions::new::NewAction;
use crate::endpoints::actions::update::ActionUpdate;
use crate::endpoints::leads::create::NewLead;
use crate::field::{Email, LeadFields, PhoneNumber};
use crate::prelude::{
    CustomActionDef, CustomActionList, CustomField, CustomFieldList, EnterpriseMetadata, FieldKind,
    Pipeline,
};

/// Standard lead fields, valid in every workspace whether or not the custom
/// fields list shows them.
pub const STANDARD_FIELDS: [&str; 6] = ["name", "phone", "email", "rating", "status", "assignee"];

/// What to do with a dropdown or tags value that is not a known option.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dropdowns {
    /// Refuse it: a typo would create a new option.
    #[default]
    Refuse,
    /// Let it through with a [`Warning`]: the service will create the option.
    Warn,
}

/// Why a lead or an action does not fit the workspace.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// A check that could not be made, because the part of the workspace it
    /// depends on could not be read (refused only when asked to be strict,
    /// [`Schema::with_strict`]; a warning otherwise).
    #[error("`{field}` could not be checked: {reason}")]
    Unchecked {
        /// The field.
        field: String,
        /// Why.
        reason: String,
    },
    /// A field the workspace does not have.
    #[error("`{field}` is not a field of this workspace")]
    UnknownField {
        /// The field.
        field: String,
    },
    /// A value that does not fit the field's type.
    #[error("`{field}` is a {expected} field; `{value}` does not fit")]
    WrongType {
        /// The field.
        field: String,
        /// The type, as the metadata names it.
        expected: String,
        /// The value (at most 64 bytes of it).
        value: String,
    },
    /// A dropdown or tags value that is not an option.
    #[error("`{value}` is not an option of `{field}` (options: {options})")]
    UnknownOption {
        /// The field.
        field: String,
        /// The value.
        value: String,
        /// The known options, comma-separated.
        options: String,
    },
    /// A status that is not an active pipeline label.
    #[error("status `{value}` is not an active status (active: {active})")]
    UnknownStatus {
        /// The value.
        value: String,
        /// The active labels, comma-separated.
        active: String,
    },
    /// A status the pipeline keeps for history only.
    #[error("status `{value}` is archived: it can be read but not set")]
    ArchivedStatus {
        /// The value.
        value: String,
    },
    /// A create without the lead identifier.
    #[error("the lead identifier `{field}` is required to create a lead")]
    MissingIdentifier {
        /// The identifier field.
        field: String,
    },
    /// An update that changes the lead identifier.
    #[error("the lead identifier `{field}` cannot be changed by an update")]
    IdentifierInUpdate {
        /// The identifier field.
        field: String,
    },
    /// A custom action code the workspace does not define.
    #[error("custom action `{code}` is not defined in this workspace")]
    UnknownAction {
        /// The code (`1001`).
        code: String,
    },
    /// A field a custom action does not have.
    #[error("custom action `{code}` has no field `{field}` (fields: {fields})")]
    UnknownActionField {
        /// The action's code.
        code: String,
        /// The field.
        field: String,
        /// Its fields, comma-separated.
        fields: String,
    },
}

/// The workspace's rules. See the module documentation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    identifier: Option<String>,
    fields: BTreeMap<String, CustomField>,
    actions: BTreeMap<String, CustomActionDef>,
    active_statuses: Vec<String>,
    archived_statuses: BTreeSet<String>,
    dropdowns: Dropdowns,
    strict: bool,
}

impl Schema {
    /// Builds the rules from the discovery answers.
    pub fn new(
        metadata: &EnterpriseMetadata,
        fields: CustomFieldList,
        actions: CustomActionList,
        pipeline: &Pipeline,
    ) -> Self {
        let wanted = metadata.lead_identifier_field_id.as_deref();
        let identifier = fields
            .custom_fields
            .iter()
            .find(|f| f.is_leadid)
            .or_else(|| {
                fields
                    .custom_fields
                    .iter()
                    .find(|f| wanted.is_some_and(|w| f.id.as_deref() == Some(w) || f.api_name == w))
            })
            .map(|f| f.api_name.clone())
            .or_else(|| wanted.map(str::to_owned));
        Self {
            identifier,
            fields: fields
                .custom_fields
                .into_iter()
                .map(|f| (f.api_name.clone(), f))
                .collect(),
            actions: actions
                .custom_actions
                .into_iter()
                .filter_map(|a| Some((a.sync_code().ok()?.as_str().to_owned(), a)))
                .collect(),
            active_statuses: pipeline.active_statuses().map(str::to_owned).collect(),
            archived_statuses: pipeline.archived_statuses().map(str::to_owned).collect(),
            dropdowns: Dropdowns::default(),
            strict: false,
        }
    }

    /// The same rules, refusing (instead of warning about) a value that
    /// cannot be checked because that part of the workspace could not be
    /// read: a pipeline in a shape this SDK does not know, a field type it
    /// does not know, a dropdown listed without its options.
    #[must_use]
    pub fn with_strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Says, or refuses, that `field` could not be checked: never a quiet pass.
    fn unchecked(
        &self,
        field: &str,
        reason: &str,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), SchemaError> {
        if self.strict {
            return Err(SchemaError::Unchecked {
                field: field.to_owned(),
                reason: reason.to_owned(),
            });
        }
        warnings.push(Warning {
            field: field.to_owned(),
            message: format!("not checked: {reason}"),
        });
        Ok(())
    }

    /// The same rules, with unknown dropdown labels handled as `policy` says.
    #[must_use]
    pub fn with_dropdowns(mut self, policy: Dropdowns) -> Self {
        self.dropdowns = policy;
        self
    }

    /// The lead identifier's API name, when the metadata names it.
    pub fn identifier(&self) -> Option<&str> {
        self.identifier.as_deref()
    }

    /// A field's definition.
    pub fn field(&self, api_name: &str) -> Option<&CustomField> {
        self.fields.get(api_name)
    }

    /// Checks a lead to create: every field, the identifier, every action.
    ///
    /// # Errors
    ///
    /// The first [`SchemaError`] found.
    pub fn check_new_lead(&self, lead: &NewLead) -> Result<Vec<Warning>, SchemaError> {
        if let Some(identifier) = &self.identifier
            && !lead.fields.contains(identifier)
        {
            return Err(SchemaError::MissingIdentifier {
                field: identifier.clone(),
            });
        }
        let warnings = self.check_fields(&lead.fields)?;
        self.check_new_actions(&lead.actions)?;
        Ok(warnings)
    }

    /// Checks the fields of a lead update; the identifier may not be among them.
    ///
    /// # Errors
    ///
    /// The first [`SchemaError`] found.
    pub fn check_lead_update(&self, fields: &LeadFields) -> Result<Vec<Warning>, SchemaError> {
        if let Some(identifier) = &self.identifier
            && fields.contains(identifier)
        {
            return Err(SchemaError::IdentifierInUpdate {
                field: identifier.clone(),
            });
        }
        self.check_fields(fields)
    }

    /// Checks actions to create: codes exist, field names belong to them.
    ///
    /// # Errors
    ///
    /// The first [`SchemaError`] found.
    pub fn check_new_actions(&self, actions: &[NewAction]) -> Result<(), SchemaError> {
        actions.iter().try_for_each(|action| match action {
            NewAction::Custom(custom) => {
                self.check_custom(custom.code().as_str(), custom.fields().keys())
            }
            _ => Ok(()),
        })
    }

    /// Checks an action update: a custom action's code and field names.
    ///
    /// # Errors
    ///
    /// The first [`SchemaError`] found.
    pub fn check_action_update(&self, update: &ActionUpdate) -> Result<(), SchemaError> {
        match update {
            ActionUpdate::Custom(custom) => self.check_custom(
                custom.code().as_str(),
                custom.fields().into_iter().flat_map(|f| f.keys()),
            ),
            _ => Ok(()),
        }
    }

    fn check_custom<'a>(
        &self,
        code: &str,
        fields: impl Iterator<Item = &'a String>,
    ) -> Result<(), SchemaError> {
        let def = self
            .actions
            .get(code)
            .ok_or_else(|| SchemaError::UnknownAction {
                code: code.to_owned(),
            })?;
        // A summary-shape definition has no field schema: nothing to check against.
        if def.field_schema.is_empty() {
            return Ok(());
        }
        for field in fields {
            if !def.field_schema.contains_key(field) {
                return Err(SchemaError::UnknownActionField {
                    code: code.to_owned(),
                    field: field.clone(),
                    fields: def
                        .field_schema
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
        Ok(())
    }

    fn check_fields(&self, fields: &LeadFields) -> Result<Vec<Warning>, SchemaError> {
        let mut warnings = Vec::new();
        for (name, value) in fields.iter() {
            if name == "status" {
                self.check_status(value, &mut warnings)?;
                continue;
            }
            match self.fields.get(name) {
                Some(field) => self.check_value(field, value, &mut warnings)?,
                None if STANDARD_FIELDS.contains(&name) => {}
                None => {
                    return Err(SchemaError::UnknownField {
                        field: name.to_owned(),
                    });
                }
            }
        }
        Ok(warnings)
    }

    fn check_status(&self, value: &Value, warnings: &mut Vec<Warning>) -> Result<(), SchemaError> {
        let label = value.as_str().unwrap_or_default();
        if self.active_statuses.is_empty() {
            return self.unchecked(
                "status",
                "the workspace's pipeline shows no status in a shape this SDK reads",
                warnings,
            );
        }
        if self.active_statuses.iter().any(|s| s == label) {
            return Ok(());
        }
        if self.archived_statuses.contains(label) {
            return Err(SchemaError::ArchivedStatus {
                value: label.to_owned(),
            });
        }
        Err(SchemaError::UnknownStatus {
            value: crate::vocab::echo(&value.to_string()),
            active: self.active_statuses.join(", "),
        })
    }

    fn check_value(
        &self,
        field: &CustomField,
        value: &Value,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), SchemaError> {
        let name = field.api_name.as_str();
        let text = value.as_str();
        let fits = match &field.kind {
            FieldKind::Text => text.is_some(),
            FieldKind::Number => value.is_number(),
            FieldKind::Email => text.is_some_and(|s| Email::new(s).is_ok()),
            FieldKind::Phone => text.is_some_and(|s| PhoneNumber::new(s).is_ok()),
            // Milliseconds are a JSON number; a string must be a `dd/MM/yyyy` day.
            FieldKind::Date => {
                value.as_u64().is_some()
                    || text.is_some_and(|s| {
                        !s.bytes().all(|b| b.is_ascii_digit())
                            && s.parse::<crate::field::DateValue>().is_ok()
                    })
            }
            FieldKind::Money => text.is_some_and(|s| {
                let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
                let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
                digits(whole) && digits(fraction)
            }),
            FieldKind::Website => {
                text.is_some_and(|s| s.starts_with("https://") || s.starts_with("http://"))
            }
            FieldKind::Rating => matches!(value.as_u64(), Some(1..=5)),
            FieldKind::Status => {
                self.check_status(value, warnings)?;
                true
            }
            FieldKind::Dropdown => {
                let Some(label) = text else {
                    return Err(wrong_type(field, value));
                };
                if field.options.is_empty() {
                    self.unchecked(
                        name,
                        "the workspace lists this dropdown without its options",
                        warnings,
                    )?;
                } else {
                    self.check_option(field, label, warnings)?;
                }
                true
            }
            FieldKind::Other(kind) => {
                self.unchecked(
                    name,
                    &format!("field type `{kind}` is not one this SDK knows"),
                    warnings,
                )?;
                true
            }
            FieldKind::Tags => {
                let Some(items) = value.as_array() else {
                    return Err(wrong_type(field, value));
                };
                for item in items {
                    let label = item.as_str().ok_or_else(|| wrong_type(field, value))?;
                    self.check_option(field, label, warnings)?;
                }
                true
            }
        };
        if fits {
            Ok(())
        } else {
            Err(SchemaError::WrongType {
                field: name.to_owned(),
                expected: field.kind.as_str().to_owned(),
                value: crate::vocab::echo(&value.to_string()),
            })
        }
    }

    fn check_option(
        &self,
        field: &CustomField,
        label: &str,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), SchemaError> {
        // A field listed without options (summary shape of a free tags field)
        // has nothing to check against.
        if field.options.is_empty() || field.options.iter().any(|o| o.label == label) {
            return Ok(());
        }
        match self.dropdowns {
            Dropdowns::Refuse => Err(SchemaError::UnknownOption {
                field: field.api_name.clone(),
                value: label.to_owned(),
                options: field
                    .options
                    .iter()
                    .map(|o| o.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
            Dropdowns::Warn => {
                warnings.push(Warning {
                    field: field.api_name.clone(),
                    message: format!("`{label}` is not an option yet; TeleCRM will create it"),
                });
                Ok(())
            }
        }
    }
}

fn wrong_type(field: &CustomField, value: &Value) -> SchemaError {
    SchemaError::WrongType {
        field: field.api_name.clone(),
        expected: field.kind.as_str().to_owned(),
        value: crate::vocab::echo(&value.to_string()),
    }
}
