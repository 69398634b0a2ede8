//! `telecrm.Client` (blocking) and `telecrm.AsyncClient` (asyncio): one
//! [`Workspace`] behind a `telecrm-hyper` [`WorkspaceClient`], each endpoint
//! written once as an [`Op`] that both run.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde_json::{Map, Value};
use telecrm_hyper::{
    ActionFilter, ActionId, ActionType, ActionUpdate, BaseUrl, CreateActions, CreateLead,
    CreateTeamMember, CustomActionCode, DEFAULT_ATTEMPT_TIMEOUT, DateBound, Email, Endpoint,
    EnterpriseId, Error, GetAction, GetCustomAction, GetCustomField, GetLead, GetMetadata,
    GetPipeline, GetTeamMember, LeadFields, LeadFilter, LeadId, LeadQuery, ListCustomActions,
    ListCustomFields, ListTeamMembers, NewAction, NewActions, NewLead, NewTeamMember, Pages,
    Paginated, Password, PhoneNumber, SearchActions, SearchLeads, SetAvailability, SyncToken,
    TimeRange, UpdateAction, UpdateLead, Workspace, WorkspaceClient,
};
use tokio::sync::Mutex as AsyncMutex;

use crate::convert::to_json;
use crate::errors::{self, chain, invalid_input};
use crate::models::{
    Action, Availability, CreatedActions, CreatedLead, CustomAction, CustomField, Lead, Metadata,
    Pipeline, Raw, Step, TeamMember,
};
use crate::{block_on, runtime};

/// What turns a call's Rust answer into its Python answer, under the GIL.
pub(crate) type Done = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// One call, ready to run: blocking or as a coroutine.
pub(crate) type Op = Pin<Box<dyn Future<Output = Result<Done, Error>> + Send>>;

/// An `InvalidInput` naming the argument and the core's reason.
fn refused(what: &str, err: &(dyn std::error::Error + 'static)) -> PyErr {
    invalid_input(&format!("{what}: {}", chain(err)))
}

/// Sends `endpoint` through the workspace's one door and builds the answer
/// with `make` from the decoded value and the body as received.
fn op<E>(
    ws: &WorkspaceClient,
    endpoint: E,
    make: impl FnOnce(Python<'_>, E::Response, Raw) -> PyResult<Py<PyAny>> + Send + 'static,
) -> Op
where
    E: Endpoint<Token = SyncToken> + Send + Sync + 'static,
    E::Response: Send + 'static,
{
    let ws = ws.clone();
    Box::pin(async move {
        let response = ws.send_full(&endpoint).await?;
        let raw = Raw::body(response.body());
        let warnings: Vec<String> = response
            .warnings()
            .iter()
            .map(|w| format!("{}: {}", w.field, w.message))
            .collect();
        let value = response.into_value();
        Ok(Box::new(move |py: Python<'_>| {
            warn(py, &warnings)?;
            make(py, value, raw)
        }) as Done)
    })
}

/// The schema checks' warnings, as Python `UserWarning`s.
fn warn(py: Python<'_>, warnings: &[String]) -> PyResult<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let module = py.import("warnings")?;
    for warning in warnings {
        module.call_method1("warn", (warning.as_str(),))?;
    }
    Ok(())
}

fn run_blocking(py: Python<'_>, op: Op) -> PyResult<Py<PyAny>> {
    match block_on(py, op)? {
        Ok(done) => done(py),
        Err(err) => Err(errors::from_call(&err)),
    }
}

fn run_async(py: Python<'_>, op: Op) -> PyResult<Bound<'_, PyAny>> {
    pyo3_async_runtimes::tokio::future_into_py(py, async move {
        let result = op.await;
        Python::attach(|py| match result {
            Ok(done) => done(py),
            Err(err) => Err(errors::from_call(&err)),
        })
    })
}

fn lead_id(value: &str) -> PyResult<LeadId> {
    LeadId::new(value).map_err(|e| refused("lead_id", &e))
}

fn action_id(value: &str) -> PyResult<ActionId> {
    ActionId::new(value).map_err(|e| refused("action_id", &e))
}

fn email(value: &str) -> PyResult<Email> {
    value.parse::<Email>().map_err(|e| refused("email", &e))
}

fn date_bound(name: &str, value: &Bound<'_, PyAny>) -> PyResult<DateBound> {
    let text = if let Ok(ms) = value.extract::<i64>() {
        ms.to_string()
    } else if let Ok(text) = value.extract::<String>() {
        text
    } else if value.hasattr("timestamp")? {
        // A datetime: naive ones are local time, as Python reads them.
        let seconds: f64 = value.call_method0("timestamp")?.extract()?;
        ((seconds * 1000.0).round() as i64).max(0).to_string()
    } else {
        return Err(invalid_input(&format!(
            "{name}: a datetime, Unix milliseconds or \"dd/MM/yyyy HH:mm:ss\""
        )));
    };
    text.parse().map_err(|e| refused(name, &e))
}

/// What both clients share: the workspace handle and every endpoint as an [`Op`].
#[derive(Clone)]
struct Inner {
    ws: WorkspaceClient,
}

impl Inner {
    #[allow(clippy::too_many_arguments)]
    fn new(
        token: &str,
        enterprise: &str,
        base_url: Option<&str>,
        timeout: Option<f64>,
        attempts: Option<u32>,
        check_schema: bool,
        lead_identifier: Option<String>,
    ) -> PyResult<Self> {
        let token = SyncToken::new(token).map_err(|e| refused("token", &e))?;
        let enterprise = EnterpriseId::new(enterprise).map_err(|e| refused("enterprise", &e))?;
        let client = build_client(timeout, attempts)?;
        let mut workspace = Workspace::new(token, enterprise);
        if let Some(base_url) = base_url {
            workspace = workspace
                .with_base_url(BaseUrl::parse(base_url).map_err(|e| refused("base_url", &e))?);
        }
        let mut ws = client
            .workspace(workspace)
            .map_err(|e| errors::from_call(&e))?
            .with_schema_checks(check_schema);
        if let Some(field) = lead_identifier {
            ws = ws.with_lead_identifier(field);
        }
        Ok(Self { ws })
    }

    fn repr(&self, class: &str) -> String {
        format!(
            "{class}(enterprise={:?}, base_url={:?})",
            self.ws.enterprise().to_string(),
            self.ws.base_url().to_string()
        )
    }

    fn create_lead(
        &self,
        fields: &Bound<'_, PyAny>,
        actions: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Op> {
        let mut lead = Map::new();
        lead.insert("fields".to_owned(), to_json(fields)?);
        if let Some(actions) = actions {
            lead.insert("actions".to_owned(), to_json(actions)?);
        }
        let lead = NewLead::from_value(Value::Object(lead)).map_err(|e| refused("lead", &e))?;
        Ok(op(&self.ws, CreateLead::new(lead), CreatedLead::make))
    }

    fn get_lead(
        &self,
        lead: &str,
        include_actions: bool,
        limit: Option<u32>,
        skip: Option<u64>,
    ) -> PyResult<Op> {
        let mut endpoint = GetLead::new(lead_id(lead)?);
        if include_actions {
            let paging = GetLead::paging(skip.unwrap_or(0), limit.unwrap_or(GetLead::MAX_LIMIT))
                .map_err(|e| refused("limit", &e))?;
            endpoint = endpoint.with_actions(paging);
        } else if limit.is_some() || skip.is_some() {
            return Err(invalid_input(
                "limit and skip page the lead's actions: pass include_actions=True",
            ));
        }
        let id = lead.to_owned();
        Ok(op(&self.ws, endpoint, move |py, value, raw| {
            Lead::from_lead(py, id, value, raw)
        }))
    }

    fn update_lead(&self, lead: &str, fields: &Bound<'_, PyAny>) -> PyResult<Op> {
        let fields = LeadFields::from_value(to_json(fields)?).map_err(|e| refused("fields", &e))?;
        let update = UpdateLead::new(lead_id(lead)?, fields).map_err(|e| refused("fields", &e))?;
        let id = lead.to_owned();
        Ok(op(&self.ws, update, move |py, value, raw| {
            Lead::from_lead(py, id, value, raw)
        }))
    }

    fn search_leads(&self, filter: Option<&Bound<'_, PyAny>>, page_size: u32) -> PyResult<State> {
        let query: LeadQuery = match filter {
            None => LeadFilter::new().into(),
            Some(filter) => LeadFilter::from_value(to_json(filter)?)
                .map_err(|e| refused("filter", &e))?
                .into(),
        };
        let paging = SearchLeads::paging(0, page_size).map_err(|e| refused("page_size", &e))?;
        Ok(State::new(
            self.ws.search_leads_pages(query, paging),
            Lead::from_item,
        ))
    }

    fn create_actions(&self, lead: &str, actions: &Bound<'_, PyAny>) -> PyResult<Op> {
        let actions = match to_json(actions)? {
            Value::Array(items) => items,
            one @ Value::Object(_) => vec![one],
            _ => return Err(invalid_input("actions: a list of dicts")),
        };
        let actions = actions
            .into_iter()
            .enumerate()
            .map(|(i, action)| {
                NewAction::from_value(action).map_err(|e| refused(&format!("actions[{i}]"), &e))
            })
            .collect::<PyResult<Vec<_>>>()?;
        let actions = NewActions::new(actions).map_err(|e| refused("actions", &e))?;
        Ok(op(
            &self.ws,
            CreateActions::new(lead_id(lead)?, actions),
            CreatedActions::make,
        ))
    }

    fn get_action(&self, lead: &str, action: &str) -> PyResult<Op> {
        let id = action.to_owned();
        let endpoint = GetAction::new(lead_id(lead)?, action_id(action)?);
        Ok(op(&self.ws, endpoint, move |py, value, raw| {
            Action::from_action(py, Some(id), value, raw)
        }))
    }

    fn update_action(
        &self,
        lead: &str,
        action: &str,
        action_type: &str,
        fields: Option<&Bound<'_, PyAny>>,
        status: Option<&str>,
    ) -> PyResult<Op> {
        let mut update = Map::new();
        update.insert("type".to_owned(), Value::from(action_type));
        if let Some(fields) = fields {
            update.insert("fields".to_owned(), to_json(fields)?);
        }
        if let Some(status) = status {
            update.insert("status".to_owned(), Value::from(status));
        }
        let update =
            ActionUpdate::from_value(Value::Object(update)).map_err(|e| refused("update", &e))?;
        let id = action.to_owned();
        let endpoint = UpdateAction::new(lead_id(lead)?, action_id(action)?, update);
        Ok(op(&self.ws, endpoint, move |py, value, raw| {
            Action::from_action(py, Some(id), value, raw)
        }))
    }

    fn search_actions(
        &self,
        lead: &str,
        types: Option<Vec<String>>,
        from: Option<&Bound<'_, PyAny>>,
        to: Option<&Bound<'_, PyAny>>,
        page_size: u32,
    ) -> PyResult<State> {
        let mut filter = ActionFilter::new();
        for ty in types.unwrap_or_default() {
            filter = filter.with_type(ActionType::new(&ty).map_err(|e| refused("types", &e))?);
        }
        if from.is_some() || to.is_some() {
            filter = filter.created(TimeRange {
                from: from.map(|v| date_bound("from_", v)).transpose()?,
                to: to.map(|v| date_bound("to", v)).transpose()?,
            });
        }
        let paging = SearchActions::paging(0, page_size).map_err(|e| refused("page_size", &e))?;
        Ok(State::new(
            self.ws.search_actions_pages(lead_id(lead)?, filter, paging),
            Action::from_timeline,
        ))
    }

    fn list_team_members(&self, include_deleted: bool, page_size: u32) -> PyResult<State> {
        let paging = ListTeamMembers::paging(0, page_size).map_err(|e| refused("page_size", &e))?;
        let endpoint = ListTeamMembers::new()
            .with_paging(paging)
            .include_deleted(include_deleted);
        Ok(State::new(self.ws.pages(endpoint), TeamMember::make))
    }

    fn create_team_member(
        &self,
        name: &str,
        email_address: &str,
        phone_number: &str,
        role: &str,
        password: Option<&str>,
    ) -> PyResult<Op> {
        let phone =
            PhoneNumber::normalize(phone_number).map_err(|e| refused("phone_number", &e))?;
        let role = role.parse().map_err(|e| refused("role", &e))?;
        let mut member = NewTeamMember::new(name, email(email_address)?, phone, role);
        if let Some(password) = password {
            member = member.with_password(Password::new(password));
        }
        Ok(op(
            &self.ws,
            CreateTeamMember::new(member),
            TeamMember::make,
        ))
    }

    fn get_team_member(&self, email_address: &str, include_deleted: bool) -> PyResult<Op> {
        let endpoint = GetTeamMember::new(email(email_address)?).include_deleted(include_deleted);
        Ok(op(&self.ws, endpoint, TeamMember::make))
    }

    fn set_availability(&self, email_address: &str, status: &str) -> PyResult<Op> {
        let state = status.parse().map_err(|e| refused("status", &e))?;
        let endpoint = SetAvailability::new(email(email_address)?, state);
        Ok(op(&self.ws, endpoint, Availability::make))
    }

    fn metadata(&self) -> Op {
        op(&self.ws, GetMetadata::new(), Metadata::make)
    }

    fn custom_fields(&self, detail: bool) -> Op {
        op(
            &self.ws,
            ListCustomFields::new().detail(detail),
            |py, list, raw| {
                let items = PyList::empty(py);
                for (i, field) in list.custom_fields.into_iter().enumerate() {
                    let raw = raw.at(Step::Key("customFields")).at(Step::Index(i));
                    items.append(CustomField::make(py, field, raw)?)?;
                }
                Ok(items.into_any().unbind())
            },
        )
    }

    fn custom_field(&self, api_name: &str) -> Op {
        op(&self.ws, GetCustomField::new(api_name), CustomField::make)
    }

    fn custom_actions(&self, detail: bool) -> Op {
        op(
            &self.ws,
            ListCustomActions::new().detail(detail),
            |py, list, raw| {
                let items = PyList::empty(py);
                for (i, def) in list.custom_actions.into_iter().enumerate() {
                    let raw = raw.at(Step::Key("customActions")).at(Step::Index(i));
                    items.append(CustomAction::make(py, def, raw)?)?;
                }
                Ok(items.into_any().unbind())
            },
        )
    }

    fn custom_action(&self, code: &str) -> PyResult<Op> {
        let code = CustomActionCode::new(code).map_err(|e| refused("code", &e))?;
        Ok(op(&self.ws, GetCustomAction::new(code), CustomAction::make))
    }

    fn lead_stage_pipeline(&self) -> Op {
        op(&self.ws, GetPipeline::new(), Pipeline::make)
    }
}

/// The `telecrm_hyper::Client` (pool, TLS, retries, timeouts) of a Python client.
fn build_client(timeout: Option<f64>, attempts: Option<u32>) -> PyResult<telecrm_hyper::Client> {
    let _entered = runtime()?.enter();
    let mut builder = telecrm_hyper::Client::builder();
    if let Some(seconds) = timeout {
        let timeout = Duration::try_from_secs_f64(seconds)
            .ok()
            .filter(|t| !t.is_zero())
            .ok_or_else(|| invalid_input("timeout: a positive number of seconds"))?;
        builder = builder
            .total_timeout(timeout)
            .attempt_timeout(timeout.min(DEFAULT_ATTEMPT_TIMEOUT));
    }
    if let Some(attempts) = attempts {
        if attempts == 0 {
            return Err(invalid_input("attempts: at least 1"));
        }
        builder = builder.max_attempts(attempts);
    }
    builder.build().map_err(|e| errors::from_call(&e))
}

// ---------------------------------------------------------------- paging

type PageFuture<'a> = Pin<Box<dyn Future<Output = Option<Result<Vec<Done>, Error>>> + Send + 'a>>;

/// A paginated search as pages of ready-to-build Python items.
trait Source: Send {
    fn next_page(&mut self) -> PageFuture<'_>;
}

type MakeItem<T> = fn(Python<'_>, T, Raw) -> PyResult<Py<PyAny>>;

struct Paged<E, T> {
    pages: Pages<E, T>,
    item: MakeItem<T>,
}

impl<E, T> Source for Paged<E, T>
where
    E: Paginated<T> + Endpoint<Token = SyncToken> + Send + Sync + 'static,
    T: PartialEq + Clone + Send + 'static,
{
    fn next_page(&mut self) -> PageFuture<'_> {
        Box::pin(async move {
            let response = match self.pages.next_response().await? {
                Ok(response) => response,
                Err(err) => return Some(Err(err)),
            };
            let root = Raw::body(response.body());
            let item = self.item;
            let items = response
                .into_value()
                .data
                .into_iter()
                .enumerate()
                .map(|(i, value)| {
                    let raw = root.at(Step::Key("data")).at(Step::Index(i));
                    Box::new(move |py: Python<'_>| item(py, value, raw)) as Done
                })
                .collect();
            Some(Ok(items))
        })
    }
}

struct Buffered {
    source: Box<dyn Source>,
    buffer: VecDeque<Done>,
    finished: bool,
}

/// An iterator's state, shared by the blocking and the asyncio iterator.
#[derive(Clone)]
struct State(Arc<AsyncMutex<Buffered>>);

impl State {
    fn new<E, T>(pages: Pages<E, T>, item: MakeItem<T>) -> Self
    where
        E: Paginated<T> + Endpoint<Token = SyncToken> + Send + Sync + 'static,
        T: PartialEq + Clone + Send + 'static,
    {
        Self(Arc::new(AsyncMutex::new(Buffered {
            source: Box::new(Paged { pages, item }),
            buffer: VecDeque::new(),
            finished: false,
        })))
    }

    /// The next item, fetching the next page when the last one is used up.
    async fn next(self) -> Option<Result<Done, Error>> {
        let mut state = self.0.lock().await;
        loop {
            if let Some(done) = state.buffer.pop_front() {
                return Some(Ok(done));
            }
            if state.finished {
                return None;
            }
            match state.source.next_page().await {
                None => state.finished = true,
                Some(Err(err)) => {
                    state.finished = true;
                    return Some(Err(err));
                }
                Some(Ok(items)) => state.buffer.extend(items),
            }
        }
    }
}

/// Every match of a search, fetched page by page as the loop asks.
#[pyclass(module = "telecrm", name = "Iterator")]
pub(crate) struct SyncPages {
    state: State,
}

#[pymethods]
impl SyncPages {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        match block_on(py, self.state.clone().next())? {
            None => Ok(None),
            Some(Ok(done)) => done(py).map(Some),
            Some(Err(err)) => Err(errors::from_call(&err)),
        }
    }
}

/// Every match of a search, for `async for`.
#[pyclass(module = "telecrm", name = "AsyncIterator")]
pub(crate) struct AsyncPages {
    state: State,
}

#[pymethods]
impl AsyncPages {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let next = self.state.clone().next();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            let next = next.await;
            Python::attach(|py| match next {
                None => Err(PyStopAsyncIteration::new_err(())),
                Some(Ok(done)) => done(py),
                Some(Err(err)) => Err(errors::from_call(&err)),
            })
        })
    }
}

// ---------------------------------------------------------------- the classes

/// The TeleCRM Sync API, blocking; the GIL is released while a call waits,
/// so one client serves many threads.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct Client {
    inner: Inner,
}

/// The TeleCRM Sync API for asyncio: every method returns an awaitable.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct AsyncClient {
    inner: Inner,
}

impl Client {
    /// A client on `base_url` with `token` (the sandbox's `.client()`).
    pub(crate) fn for_sandbox(token: &str, enterprise: &str, base_url: &str) -> PyResult<Self> {
        Inner::new(token, enterprise, Some(base_url), None, None, false, None)
            .map(|inner| Self { inner })
    }
}

impl AsyncClient {
    /// An asyncio client on `base_url` with `token` (the sandbox's `.async_client()`).
    pub(crate) fn for_sandbox(token: &str, enterprise: &str, base_url: &str) -> PyResult<Self> {
        Inner::new(token, enterprise, Some(base_url), None, None, false, None)
            .map(|inner| Self { inner })
    }
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (token, enterprise, *, base_url=None, timeout=None, attempts=None, check_schema=false, lead_identifier=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        token: &str,
        enterprise: &str,
        base_url: Option<&str>,
        timeout: Option<f64>,
        attempts: Option<u32>,
        check_schema: bool,
        lead_identifier: Option<String>,
    ) -> PyResult<Self> {
        let inner = Inner::new(
            token,
            enterprise,
            base_url,
            timeout,
            attempts,
            check_schema,
            lead_identifier,
        )?;
        Ok(Self { inner })
    }

    fn __repr__(&self) -> String {
        self.inner.repr("Client")
    }

    #[pyo3(signature = (fields, actions=None))]
    fn create_lead(
        &self,
        py: Python<'_>,
        fields: &Bound<'_, PyAny>,
        actions: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.create_lead(fields, actions)?)
    }

    #[pyo3(signature = (lead_id, include_actions=false, limit=None, skip=None))]
    fn get_lead(
        &self,
        py: Python<'_>,
        lead_id: &str,
        include_actions: bool,
        limit: Option<u32>,
        skip: Option<u64>,
    ) -> PyResult<Py<PyAny>> {
        run_blocking(
            py,
            self.inner.get_lead(lead_id, include_actions, limit, skip)?,
        )
    }

    fn update_lead(
        &self,
        py: Python<'_>,
        lead_id: &str,
        fields: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.update_lead(lead_id, fields)?)
    }

    #[pyo3(signature = (filter=None, *, page_size=100))]
    fn search_leads(
        &self,
        filter: Option<&Bound<'_, PyAny>>,
        page_size: u32,
    ) -> PyResult<SyncPages> {
        Ok(SyncPages {
            state: self.inner.search_leads(filter, page_size)?,
        })
    }

    fn create_actions(
        &self,
        py: Python<'_>,
        lead_id: &str,
        actions: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.create_actions(lead_id, actions)?)
    }

    fn get_action(&self, py: Python<'_>, lead_id: &str, action_id: &str) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.get_action(lead_id, action_id)?)
    }

    #[pyo3(signature = (lead_id, action_id, *, r#type, fields=None, status=None))]
    fn update_action(
        &self,
        py: Python<'_>,
        lead_id: &str,
        action_id: &str,
        r#type: &str,
        fields: Option<&Bound<'_, PyAny>>,
        status: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        run_blocking(
            py,
            self.inner
                .update_action(lead_id, action_id, r#type, fields, status)?,
        )
    }

    #[pyo3(signature = (lead_id, *, types=None, from_=None, to=None, page_size=100))]
    fn search_actions(
        &self,
        lead_id: &str,
        types: Option<Vec<String>>,
        from_: Option<&Bound<'_, PyAny>>,
        to: Option<&Bound<'_, PyAny>>,
        page_size: u32,
    ) -> PyResult<SyncPages> {
        Ok(SyncPages {
            state: self
                .inner
                .search_actions(lead_id, types, from_, to, page_size)?,
        })
    }

    #[pyo3(signature = (include_deleted=false, *, page_size=10))]
    fn list_team_members(&self, include_deleted: bool, page_size: u32) -> PyResult<SyncPages> {
        Ok(SyncPages {
            state: self.inner.list_team_members(include_deleted, page_size)?,
        })
    }

    #[pyo3(signature = (name, email, phone_number, role, *, password=None))]
    fn create_team_member(
        &self,
        py: Python<'_>,
        name: &str,
        email: &str,
        phone_number: &str,
        role: &str,
        password: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        run_blocking(
            py,
            self.inner
                .create_team_member(name, email, phone_number, role, password)?,
        )
    }

    #[pyo3(signature = (email, include_deleted=false))]
    fn get_team_member(
        &self,
        py: Python<'_>,
        email: &str,
        include_deleted: bool,
    ) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.get_team_member(email, include_deleted)?)
    }

    fn set_availability(&self, py: Python<'_>, email: &str, status: &str) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.set_availability(email, status)?)
    }

    fn metadata(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.metadata())
    }

    #[pyo3(signature = (detail=false))]
    fn custom_fields(&self, py: Python<'_>, detail: bool) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.custom_fields(detail))
    }

    fn custom_field(&self, py: Python<'_>, api_name: &str) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.custom_field(api_name))
    }

    #[pyo3(signature = (detail=false))]
    fn custom_actions(&self, py: Python<'_>, detail: bool) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.custom_actions(detail))
    }

    fn custom_action(&self, py: Python<'_>, code: &str) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.custom_action(code)?)
    }

    fn lead_stage_pipeline(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        run_blocking(py, self.inner.lead_stage_pipeline())
    }
}

#[pymethods]
impl AsyncClient {
    #[new]
    #[pyo3(signature = (token, enterprise, *, base_url=None, timeout=None, attempts=None, check_schema=false, lead_identifier=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        token: &str,
        enterprise: &str,
        base_url: Option<&str>,
        timeout: Option<f64>,
        attempts: Option<u32>,
        check_schema: bool,
        lead_identifier: Option<String>,
    ) -> PyResult<Self> {
        let inner = Inner::new(
            token,
            enterprise,
            base_url,
            timeout,
            attempts,
            check_schema,
            lead_identifier,
        )?;
        Ok(Self { inner })
    }

    fn __repr__(&self) -> String {
        self.inner.repr("AsyncClient")
    }

    #[pyo3(signature = (fields, actions=None))]
    fn create_lead<'py>(
        &self,
        py: Python<'py>,
        fields: &Bound<'py, PyAny>,
        actions: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.create_lead(fields, actions)?)
    }

    #[pyo3(signature = (lead_id, include_actions=false, limit=None, skip=None))]
    fn get_lead<'py>(
        &self,
        py: Python<'py>,
        lead_id: &str,
        include_actions: bool,
        limit: Option<u32>,
        skip: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        run_async(
            py,
            self.inner.get_lead(lead_id, include_actions, limit, skip)?,
        )
    }

    fn update_lead<'py>(
        &self,
        py: Python<'py>,
        lead_id: &str,
        fields: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.update_lead(lead_id, fields)?)
    }

    #[pyo3(signature = (filter=None, *, page_size=100))]
    fn search_leads(
        &self,
        filter: Option<&Bound<'_, PyAny>>,
        page_size: u32,
    ) -> PyResult<AsyncPages> {
        Ok(AsyncPages {
            state: self.inner.search_leads(filter, page_size)?,
        })
    }

    fn create_actions<'py>(
        &self,
        py: Python<'py>,
        lead_id: &str,
        actions: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.create_actions(lead_id, actions)?)
    }

    fn get_action<'py>(
        &self,
        py: Python<'py>,
        lead_id: &str,
        action_id: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.get_action(lead_id, action_id)?)
    }

    #[pyo3(signature = (lead_id, action_id, *, r#type, fields=None, status=None))]
    fn update_action<'py>(
        &self,
        py: Python<'py>,
        lead_id: &str,
        action_id: &str,
        r#type: &str,
        fields: Option<&Bound<'py, PyAny>>,
        status: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        run_async(
            py,
            self.inner
                .update_action(lead_id, action_id, r#type, fields, status)?,
        )
    }

    #[pyo3(signature = (lead_id, *, types=None, from_=None, to=None, page_size=100))]
    fn search_actions(
        &self,
        lead_id: &str,
        types: Option<Vec<String>>,
        from_: Option<&Bound<'_, PyAny>>,
        to: Option<&Bound<'_, PyAny>>,
        page_size: u32,
    ) -> PyResult<AsyncPages> {
        Ok(AsyncPages {
            state: self
                .inner
                .search_actions(lead_id, types, from_, to, page_size)?,
        })
    }

    #[pyo3(signature = (include_deleted=false, *, page_size=10))]
    fn list_team_members(&self, include_deleted: bool, page_size: u32) -> PyResult<AsyncPages> {
        Ok(AsyncPages {
            state: self.inner.list_team_members(include_deleted, page_size)?,
        })
    }

    #[pyo3(signature = (name, email, phone_number, role, *, password=None))]
    fn create_team_member<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        email: &str,
        phone_number: &str,
        role: &str,
        password: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        run_async(
            py,
            self.inner
                .create_team_member(name, email, phone_number, role, password)?,
        )
    }

    #[pyo3(signature = (email, include_deleted=false))]
    fn get_team_member<'py>(
        &self,
        py: Python<'py>,
        email: &str,
        include_deleted: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.get_team_member(email, include_deleted)?)
    }

    fn set_availability<'py>(
        &self,
        py: Python<'py>,
        email: &str,
        status: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.set_availability(email, status)?)
    }

    fn metadata<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.metadata())
    }

    #[pyo3(signature = (detail=false))]
    fn custom_fields<'py>(&self, py: Python<'py>, detail: bool) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.custom_fields(detail))
    }

    fn custom_field<'py>(&self, py: Python<'py>, api_name: &str) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.custom_field(api_name))
    }

    #[pyo3(signature = (detail=false))]
    fn custom_actions<'py>(&self, py: Python<'py>, detail: bool) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.custom_actions(detail))
    }

    fn custom_action<'py>(&self, py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.custom_action(code)?)
    }

    fn lead_stage_pipeline<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        run_async(py, self.inner.lead_stage_pipeline())
    }
}
