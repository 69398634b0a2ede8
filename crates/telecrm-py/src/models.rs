//! The typed results: Python objects with attributes, built from the core's
//! decoded values, and `.to_dict()` for the JSON exactly as the server sent
//! it (parsed from the kept body only when asked for).

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;
use telecrm_hyper::{
    Action as CoreAction, ActionOutcome as CoreOutcome, AvailabilityChanged as CoreAvailability,
    CreatedActions as CoreCreatedActions, CreatedLead as CoreCreatedLead, CustomActionDef,
    CustomField as CoreCustomField, EnterpriseMetadata, Lead as CoreLead, LeadItem,
    Pipeline as CorePipeline, Remark as CoreRemark, TeamMember as CoreTeamMember, TimelineAction,
    Timestamp,
};

use crate::convert::{datetime_ms, dict, to_py};

/// One step from an answer's root to a part of it.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    Key(&'static str),
    Index(usize),
}

/// Where a result's raw JSON is: the body as received, and the path to it.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    body: Arc<[u8]>,
    path: Vec<Step>,
}

impl Raw {
    pub(crate) fn body(body: &[u8]) -> Self {
        Self {
            body: Arc::from(body),
            path: Vec::new(),
        }
    }

    pub(crate) fn at(&self, step: Step) -> Self {
        let mut path = self.path.clone();
        path.push(step);
        Self {
            body: self.body.clone(),
            path,
        }
    }

    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let root: Value = serde_json::from_slice(&self.body)
            .map_err(|e| crate::errors::telecrm_error(&format!("the answer is not JSON: {e}")))?;
        let mut value = &root;
        for step in &self.path {
            let next = match step {
                Step::Key(key) => value.get(*key),
                Step::Index(i) => value.get(*i),
            };
            value = next.unwrap_or(&Value::Null);
        }
        Ok(to_py(py, value)?.unbind())
    }
}

fn repr_opt(value: &Option<String>) -> String {
    match value {
        Some(v) => format!("{v:?}"),
        None => "None".to_owned(),
    }
}

fn list<'py, T>(
    py: Python<'py>,
    items: impl IntoIterator<Item = T>,
    make: impl Fn(T, usize) -> PyResult<Py<PyAny>>,
) -> PyResult<Py<PyList>> {
    let list = PyList::empty(py);
    for (i, item) in items.into_iter().enumerate() {
        list.append(make(item, i)?)?;
    }
    Ok(list.unbind())
}

/// A lead: `id`, `fields`, `status`, `created_on`, and with
/// `include_actions=True` a page of its `actions`.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct Lead {
    #[pyo3(get)]
    id: Option<String>,
    #[pyo3(get)]
    fields: Py<PyDict>,
    #[pyo3(get)]
    status: Option<String>,
    #[pyo3(get)]
    assignee: Option<String>,
    #[pyo3(get)]
    created_on: Option<Py<PyAny>>,
    #[pyo3(get)]
    modified_on: Option<Py<PyAny>>,
    #[pyo3(get)]
    actions: Option<Py<PyList>>,
    raw: Raw,
}

impl Lead {
    pub(crate) fn from_lead(
        py: Python<'_>,
        requested: String,
        lead: CoreLead,
        raw: Raw,
    ) -> PyResult<Py<PyAny>> {
        let actions = match &lead.actions {
            Some(actions) => Some(list(py, actions.iter().cloned(), |action, i| {
                Action::from_timeline(py, action, raw.at(Step::Key("actions")).at(Step::Index(i)))
            })?),
            None => None,
        };
        Self::make(
            py,
            Parts {
                // A get or update answer may not repeat the lead's ID.
                id: Some(lead.id.as_ref().map_or(requested, ToString::to_string)),
                fields: &lead.fields,
                status: lead.status(),
                assignee: lead.assignee(),
                created_on: lead.created_on().map(Timestamp::as_millis),
                modified_on: lead.modified_on().map(Timestamp::as_millis),
            },
            actions,
            raw,
        )
    }

    pub(crate) fn from_item(py: Python<'_>, lead: LeadItem, raw: Raw) -> PyResult<Py<PyAny>> {
        Self::make(
            py,
            Parts {
                id: lead.id.as_ref().map(ToString::to_string),
                fields: &lead.fields,
                status: lead.status(),
                assignee: lead.assignee(),
                created_on: lead.created_on().map(Timestamp::as_millis),
                modified_on: lead.modified_on().map(Timestamp::as_millis),
            },
            None,
            raw,
        )
    }

    fn make(
        py: Python<'_>,
        parts: Parts<'_>,
        actions: Option<Py<PyList>>,
        raw: Raw,
    ) -> PyResult<Py<PyAny>> {
        let lead = Self {
            id: parts.id,
            status: parts.status.map(str::to_owned),
            assignee: parts.assignee.map(str::to_owned),
            fields: dict(py, parts.fields.iter())?.unbind(),
            created_on: parts.created_on.map(|ms| datetime_ms(py, ms)).transpose()?,
            modified_on: parts
                .modified_on
                .map(|ms| datetime_ms(py, ms))
                .transpose()?,
            actions,
            raw,
        };
        Ok(Py::new(py, lead)?.into_any())
    }
}

/// What a lead and a search item have in common, read by the core's accessors.
struct Parts<'a> {
    id: Option<String>,
    fields: &'a std::collections::BTreeMap<String, Value>,
    status: Option<&'a str>,
    assignee: Option<&'a str>,
    created_on: Option<i64>,
    modified_on: Option<i64>,
}

#[pymethods]
impl Lead {
    /// The lead as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Lead(id={}, status={})",
            repr_opt(&self.id),
            repr_opt(&self.status)
        )
    }
}

/// An action: `id`, `type`, `fields`; for payments `status`, `amount`,
/// `currency`, `payment_id`; from a timeline `created_on` and `performed_by`.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct Action {
    #[pyo3(get)]
    id: Option<String>,
    #[pyo3(get, name = "type")]
    action_type: String,
    #[pyo3(get)]
    fields: Option<Py<PyDict>>,
    #[pyo3(get)]
    status: Option<String>,
    #[pyo3(get)]
    amount: Option<String>,
    #[pyo3(get)]
    currency: Option<String>,
    #[pyo3(get)]
    payment_id: Option<String>,
    #[pyo3(get)]
    created_on: Option<Py<PyAny>>,
    #[pyo3(get)]
    performed_by: Option<String>,
    raw: Raw,
}

impl Action {
    pub(crate) fn from_action(
        py: Python<'_>,
        id: Option<String>,
        action: CoreAction,
        raw: Raw,
    ) -> PyResult<Py<PyAny>> {
        Self::make(py, id, action, None, None, raw)
    }

    pub(crate) fn from_timeline(
        py: Python<'_>,
        item: TimelineAction,
        raw: Raw,
    ) -> PyResult<Py<PyAny>> {
        Self::make(
            py,
            item.id.map(|id| id.to_string()),
            item.action,
            item.created_on.map(Timestamp::as_millis),
            item.performed_by,
            raw,
        )
    }

    fn make(
        py: Python<'_>,
        id: Option<String>,
        action: CoreAction,
        created_on: Option<i64>,
        performed_by: Option<String>,
        raw: Raw,
    ) -> PyResult<Py<PyAny>> {
        let action_type = action.action_type().to_owned();
        let mut made = Self {
            id,
            action_type,
            fields: None,
            status: None,
            amount: None,
            currency: None,
            payment_id: None,
            created_on: match created_on {
                Some(ms) => Some(datetime_ms(py, ms)?),
                None => None,
            },
            performed_by,
            raw,
        };
        if let Some(custom) = action.as_custom() {
            made.fields = Some(dict(py, custom.fields.iter())?.unbind());
        } else if let Some(payment) = action.as_payment() {
            made.status = payment.status.clone();
            made.amount = payment.amount.clone();
            made.currency = payment.currency.clone();
            made.payment_id = payment.paymentid.clone();
        } else if let CoreAction::Other(other) = &action {
            made.fields = Some(dict(py, other.body.iter())?.unbind());
        }
        Ok(Py::new(py, made)?.into_any())
    }
}

#[pymethods]
impl Action {
    /// The action as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Action(id={}, type={:?}, status={})",
            repr_opt(&self.id),
            self.action_type,
            repr_opt(&self.status)
        )
    }
}

/// One created action's outcome: `action_id` and `status` (`CREATED` or `IGNORED`).
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct ActionOutcome {
    #[pyo3(get)]
    action_id: Option<String>,
    #[pyo3(get)]
    status: String,
    raw: Raw,
}

#[pymethods]
impl ActionOutcome {
    /// The outcome as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "ActionOutcome(action_id={}, status={:?})",
            repr_opt(&self.action_id),
            self.status
        )
    }
}

/// What the service ignored: `field`, `status`, `remark`.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct Remark {
    #[pyo3(get)]
    field: String,
    #[pyo3(get)]
    status: String,
    #[pyo3(get)]
    remark: String,
    raw: Raw,
}

#[pymethods]
impl Remark {
    /// The remark as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Remark(field={:?}, status={:?}, remark={:?})",
            self.field, self.status, self.remark
        )
    }
}

fn outcomes_and_remarks(
    py: Python<'_>,
    actions: Vec<CoreOutcome>,
    remarks: Vec<CoreRemark>,
    raw: &Raw,
) -> PyResult<(Py<PyList>, Py<PyList>)> {
    let actions = list(py, actions, |outcome, i| {
        let made = ActionOutcome {
            action_id: outcome.action_id.map(|id| id.to_string()),
            status: outcome.status.as_str().to_owned(),
            raw: raw.at(Step::Key("actions")).at(Step::Index(i)),
        };
        Ok(Py::new(py, made)?.into_any())
    })?;
    let remarks = list(py, remarks, |remark, i| {
        let made = Remark {
            field: remark.field,
            status: remark.status,
            remark: remark.remark,
            raw: raw.at(Step::Key("remarks")).at(Step::Index(i)),
        };
        Ok(Py::new(py, made)?.into_any())
    })?;
    Ok((actions, remarks))
}

/// A created lead: `lead_id`, its first `actions`' outcomes, and `remarks`.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct CreatedLead {
    #[pyo3(get)]
    lead_id: String,
    #[pyo3(get)]
    actions: Py<PyList>,
    #[pyo3(get)]
    remarks: Py<PyList>,
    raw: Raw,
}

impl CreatedLead {
    pub(crate) fn make(py: Python<'_>, created: CoreCreatedLead, raw: Raw) -> PyResult<Py<PyAny>> {
        let (actions, remarks) = outcomes_and_remarks(py, created.actions, created.remarks, &raw)?;
        let made = Self {
            lead_id: created.lead_id.to_string(),
            actions,
            remarks,
            raw,
        };
        Ok(Py::new(py, made)?.into_any())
    }
}

#[pymethods]
impl CreatedLead {
    /// The answer as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "CreatedLead(lead_id={:?}, actions={}, remarks={})",
            self.lead_id,
            self.actions.bind(py).len(),
            self.remarks.bind(py).len()
        )
    }
}

/// Created actions: `lead_id`, one outcome per action in `actions`, `remarks`.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct CreatedActions {
    #[pyo3(get)]
    lead_id: String,
    #[pyo3(get)]
    actions: Py<PyList>,
    #[pyo3(get)]
    remarks: Py<PyList>,
    raw: Raw,
}

impl CreatedActions {
    pub(crate) fn make(
        py: Python<'_>,
        created: CoreCreatedActions,
        raw: Raw,
    ) -> PyResult<Py<PyAny>> {
        let (actions, remarks) = outcomes_and_remarks(py, created.actions, created.remarks, &raw)?;
        let made = Self {
            lead_id: created.lead_id.to_string(),
            actions,
            remarks,
            raw,
        };
        Ok(Py::new(py, made)?.into_any())
    }
}

#[pymethods]
impl CreatedActions {
    /// The answer as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "CreatedActions(lead_id={:?}, actions={}, remarks={})",
            self.lead_id,
            self.actions.bind(py).len(),
            self.remarks.bind(py).len()
        )
    }
}

/// A team member.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct TeamMember {
    #[pyo3(get)]
    name: String,
    #[pyo3(get)]
    email: String,
    #[pyo3(get)]
    status: Option<String>,
    #[pyo3(get)]
    phone_number: Option<String>,
    #[pyo3(get)]
    role: Option<String>,
    #[pyo3(get)]
    manager_name: Option<String>,
    #[pyo3(get)]
    manager_email: Option<String>,
    raw: Raw,
}

impl TeamMember {
    pub(crate) fn make(py: Python<'_>, member: CoreTeamMember, raw: Raw) -> PyResult<Py<PyAny>> {
        let made = Self {
            name: member.name,
            email: member.email,
            status: member.status.map(|s| s.as_str().to_owned()),
            phone_number: member.phone_number,
            role: member.role,
            manager_name: member.manager_name,
            manager_email: member.manager_email,
            raw,
        };
        Ok(Py::new(py, made)?.into_any())
    }
}

#[pymethods]
impl TeamMember {
    /// The member as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "TeamMember(email={:?}, role={}, status={})",
            self.email,
            repr_opt(&self.role),
            repr_opt(&self.status)
        )
    }
}

/// A member's availability after a change: `email`, `status`.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct Availability {
    #[pyo3(get)]
    email: String,
    #[pyo3(get)]
    status: String,
    raw: Raw,
}

impl Availability {
    pub(crate) fn make(py: Python<'_>, changed: CoreAvailability, raw: Raw) -> PyResult<Py<PyAny>> {
        let made = Self {
            email: changed.email,
            status: changed.status,
            raw,
        };
        Ok(Py::new(py, made)?.into_any())
    }
}

#[pymethods]
impl Availability {
    /// The answer as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Availability(email={:?}, status={:?})",
            self.email, self.status
        )
    }
}

/// The enterprise's metadata.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct Metadata {
    #[pyo3(get)]
    id: Option<String>,
    #[pyo3(get)]
    name: Option<String>,
    #[pyo3(get)]
    lead_identifier_field_id: Option<String>,
    #[pyo3(get)]
    integrations: Vec<String>,
    raw: Raw,
}

impl Metadata {
    pub(crate) fn make(py: Python<'_>, meta: EnterpriseMetadata, raw: Raw) -> PyResult<Py<PyAny>> {
        let made = Self {
            id: meta.id,
            name: meta.name,
            lead_identifier_field_id: meta.lead_identifier_field_id,
            integrations: meta.integrations,
            raw,
        };
        Ok(Py::new(py, made)?.into_any())
    }
}

#[pymethods]
impl Metadata {
    /// The metadata as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Metadata(id={}, name={})",
            repr_opt(&self.id),
            repr_opt(&self.name)
        )
    }
}

/// A custom field of leads.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct CustomField {
    #[pyo3(get)]
    api_name: String,
    #[pyo3(get, name = "type")]
    kind: String,
    #[pyo3(get)]
    id: Option<String>,
    #[pyo3(get)]
    description: Option<String>,
    #[pyo3(get)]
    options: Vec<String>,
    #[pyo3(get)]
    lock_after_create: bool,
    #[pyo3(get)]
    is_lead_identifier: bool,
    raw: Raw,
}

impl CustomField {
    pub(crate) fn make(py: Python<'_>, field: CoreCustomField, raw: Raw) -> PyResult<Py<PyAny>> {
        let made = Self {
            kind: field.kind.as_str().to_owned(),
            api_name: field.api_name,
            id: field.id,
            description: field.description,
            options: field.options.into_iter().map(|o| o.label).collect(),
            lock_after_create: field.lock_after_create,
            is_lead_identifier: field.is_leadid,
            raw,
        };
        Ok(Py::new(py, made)?.into_any())
    }
}

#[pymethods]
impl CustomField {
    /// The field as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "CustomField(api_name={:?}, type={:?})",
            self.api_name, self.kind
        )
    }
}

/// A custom action type: `code`, `display_name`, and its `fields` (name → type).
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct CustomAction {
    #[pyo3(get)]
    code: String,
    #[pyo3(get)]
    display_name: Option<String>,
    #[pyo3(get)]
    id: Option<String>,
    #[pyo3(get)]
    description: Option<String>,
    #[pyo3(get)]
    fields: std::collections::BTreeMap<String, String>,
    raw: Raw,
}

impl CustomAction {
    pub(crate) fn make(py: Python<'_>, def: CustomActionDef, raw: Raw) -> PyResult<Py<PyAny>> {
        let made = Self {
            fields: def
                .field_schema
                .iter()
                .map(|(name, schema)| (name.clone(), schema.kind.as_str().to_owned()))
                .collect(),
            code: def.code,
            display_name: def.display_name,
            id: def.id,
            description: def.description,
            raw,
        };
        Ok(Py::new(py, made)?.into_any())
    }
}

#[pymethods]
impl CustomAction {
    /// The custom action as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "CustomAction(code={:?}, display_name={})",
            self.code,
            repr_opt(&self.display_name)
        )
    }
}

/// The lead stage pipeline: status labels, active and archived.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct Pipeline {
    #[pyo3(get)]
    active_statuses: Vec<String>,
    #[pyo3(get)]
    archived_statuses: Vec<String>,
    raw: Raw,
}

impl Pipeline {
    pub(crate) fn make(py: Python<'_>, pipeline: CorePipeline, raw: Raw) -> PyResult<Py<PyAny>> {
        let made = Self {
            active_statuses: pipeline.active_statuses().map(str::to_owned).collect(),
            archived_statuses: pipeline.archived_statuses().map(str::to_owned).collect(),
            raw,
        };
        Ok(Py::new(py, made)?.into_any())
    }
}

#[pymethods]
impl Pipeline {
    /// The pipeline as the server sent it.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.raw.to_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Pipeline(active_statuses={:?}, archived_statuses={:?})",
            self.active_statuses, self.archived_statuses
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Lead>()?;
    m.add_class::<Action>()?;
    m.add_class::<ActionOutcome>()?;
    m.add_class::<Remark>()?;
    m.add_class::<CreatedLead>()?;
    m.add_class::<CreatedActions>()?;
    m.add_class::<TeamMember>()?;
    m.add_class::<Availability>()?;
    m.add_class::<Metadata>()?;
    m.add_class::<CustomField>()?;
    m.add_class::<CustomAction>()?;
    m.add_class::<Pipeline>()?;
    Ok(())
}
