//! The context: what a run knows once its options are read, built once per
//! process and handed to the command. It holds the option groups the command
//! took (with the profile filled in where neither a flag nor the environment
//! gave a value), the output format, and the clients, each made on first use
//! so that a command checks all its input before a client exists.

use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Duration;

use clap::ArgMatches;
use telecrm_core::{ActionId, BaseUrl, Credential, EnterpriseId, LeadId, SyncToken, Workspace};
use telecrm_hyper::WorkspaceClient;

use crate::cli::{ConnectionArgs, IdentifierArgs, OutputArgs, SchemaArgs, SyncArgs};
use crate::failure::{Failure, chain};
use crate::render::Format;

/// The longest a single attempt may take, when the total deadline is longer.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// The shared option groups a command took: each command says which in its
/// `groups` method, and nothing else reads them.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Groups<'a> {
    pub(crate) sync: Option<&'a SyncArgs>,
    pub(crate) connection: Option<&'a ConnectionArgs>,
    pub(crate) identifier: Option<&'a IdentifierArgs>,
    pub(crate) schema: Option<&'a SchemaArgs>,
    pub(crate) output: Option<&'a OutputArgs>,
}

impl<'a> Groups<'a> {
    /// A command that calls the Sync API.
    pub(crate) fn sync(sync: &'a SyncArgs) -> Self {
        Self {
            sync: Some(sync),
            connection: Some(&sync.connection),
            ..Self::default()
        }
    }

    /// A command that calls the Async API (its address and token are its own).
    pub(crate) fn connection(connection: &'a ConnectionArgs) -> Self {
        Self {
            connection: Some(connection),
            ..Self::default()
        }
    }

    pub(crate) fn output(self, output: &'a OutputArgs) -> Self {
        Self {
            output: Some(output),
            ..self
        }
    }

    pub(crate) fn identifier(self, identifier: &'a IdentifierArgs) -> Self {
        Self {
            identifier: Some(identifier),
            ..self
        }
    }

    pub(crate) fn schema(self, schema: &'a SchemaArgs) -> Self {
        Self {
            schema: Some(schema),
            ..self
        }
    }
}

/// What every command works with; see the module's description.
#[derive(Debug)]
pub(crate) struct Context {
    /// The Sync API's address and token, when the command calls it.
    pub(crate) sync: Option<SyncArgs>,
    /// Enterprise, deadlines, attempts, verbosity, when the command calls an API.
    pub(crate) connection: Option<ConnectionArgs>,
    /// The lead identifier, when the command creates or changes leads.
    pub(crate) lead_identifier: Option<String>,
    /// Whether sends are checked against the workspace's schema.
    pub(crate) check_schema: bool,
    /// How answers print.
    pub(crate) format: Format,
    workspace: OnceLock<WorkspaceClient>,
}

impl Context {
    /// The context of a command that took `groups`, whose own matches are
    /// `leaf` (for where each value came from: a flag and the environment
    /// beat the profile).
    pub(crate) fn new(groups: Groups<'_>, leaf: &ArgMatches) -> Result<Self, Failure> {
        let mut context = Self {
            sync: groups.sync.cloned(),
            connection: groups.connection.cloned(),
            lead_identifier: groups.identifier.and_then(|g| g.lead_identifier.clone()),
            check_schema: groups.schema.is_some_and(|g| g.check_schema),
            // A command without `-o` (`api`: as received) prints JSON.
            format: groups
                .output
                .map_or(Format::Json, |g| crate::render::chosen(g.output)),
            workspace: OnceLock::new(),
        };
        if context.connection.is_some() {
            crate::config::apply(&mut context, groups, leaf)?;
        }
        Ok(context)
    }

    /// The verbosity asked for (`-v` counted), 0 for a command without it.
    pub(crate) fn verbose(&self) -> u8 {
        self.connection.as_ref().map_or(0, |c| c.verbose)
    }

    /// The connection's options; a command that calls an API has them.
    pub(crate) fn connection(&self) -> Result<&ConnectionArgs, Failure> {
        self.connection
            .as_ref()
            .ok_or_else(|| Failure::usage("this command takes no connection options"))
    }

    /// The enterprise, checked.
    pub(crate) fn enterprise(&self) -> Result<EnterpriseId, Failure> {
        let enterprise = self.connection()?.enterprise.as_deref().ok_or_else(|| {
            Failure::usage("no enterprise: set TELECRM_ENTERPRISE_ID (or pass --enterprise)")
        })?;
        EnterpriseId::new(enterprise).map_err(Failure::usage)
    }

    /// The client (pool, timeouts, retries) from the connection's options.
    pub(crate) fn transport(&self) -> Result<telecrm_hyper::Client, Failure> {
        let connection = self.connection()?;
        let total = Duration::from_secs_f64(connection.timeout);
        telecrm_hyper::Client::builder()
            .total_timeout(total)
            .attempt_timeout(total.min(ATTEMPT_TIMEOUT))
            .max_attempts(connection.attempts)
            .build()
            .map_err(|e| Failure::usage(chain(&e)))
    }

    /// The Sync workspace's client, made once: every check of the token,
    /// enterprise and base URL happens here, before anything is sent.
    pub(crate) fn client(&self) -> Result<&WorkspaceClient, Failure> {
        if let Some(client) = self.workspace.get() {
            return Ok(client);
        }
        let client = self.make_client()?;
        Ok(self.workspace.get_or_init(|| client))
    }

    fn make_client(&self) -> Result<WorkspaceClient, Failure> {
        let sync = self
            .sync
            .as_ref()
            .ok_or_else(|| Failure::usage("this command does not call the Sync API"))?;
        let token = sync.token.as_deref().ok_or_else(|| {
            Failure::usage("no token: set TELECRM_TOKEN (or pass --token) to a Sync API token")
        })?;
        let token: SyncToken = checked_token(token, "token")?;
        let enterprise = self.enterprise()?;
        let base = BaseUrl::parse(&sync.base_url)
            .map_err(|e| Failure::usage(format!("--base-url: {}", chain(&e))))?;
        let workspace = self
            .transport()?
            .workspace(Workspace::new(token, enterprise).with_base_url(base))
            .map_err(|e| Failure::usage(chain(&e)))?;
        let workspace = match &self.lead_identifier {
            Some(field) => workspace.with_lead_identifier(field.clone()),
            None => workspace,
        };
        Ok(workspace.with_schema_checks(self.check_schema))
    }

    /// The client, with the workspace's schema fetched now when
    /// `--check-schema` is on (once per run, then cached by the handle, whose
    /// every send checks against it), so that a schema that cannot be read
    /// stops the run before anything is sent.
    pub(crate) async fn checked_client(&self) -> Result<&WorkspaceClient, Failure> {
        let client = self.client()?;
        if client.checks_schema() {
            client.schema().await.map_err(|e| Failure::from_call(&e))?;
        }
        Ok(client)
    }

    /// Sends `call` through the workspace's one door (its checks included),
    /// prints the checks' warnings to stderr and the API's answer in the
    /// chosen format; returns the decoded value.
    pub(crate) async fn send_and_print<E>(&self, call: &E) -> Result<E::Response, Failure>
    where
        E: telecrm_core::Endpoint<Token = SyncToken> + Sync,
    {
        let response = self
            .client()?
            .send_full(call)
            .await
            .map_err(|e| Failure::from_call(&e))?;
        for warning in response.warnings() {
            eprintln!("telecrm: warning: {}: {}", warning.field, warning.message);
        }
        crate::output::print_body(response.body(), self.format)
            .map_err(|e| Failure::Transport(format!("cannot write the answer: {e}")))?;
        Ok(response.into_value())
    }

    /// [`send_and_print`](Self::send_and_print), for a command with nothing
    /// more to say.
    pub(crate) async fn print<E>(&self, call: &E) -> Result<ExitCode, Failure>
    where
        E: telecrm_core::Endpoint<Token = SyncToken> + Sync,
    {
        self.send_and_print(call).await?;
        Ok(ExitCode::SUCCESS)
    }
}

/// A token as given (flag, environment or token file), its pasted `Bearer `
/// prefix taken off with a warning, registered as a secret before anything
/// can print it, then checked; `what` names it in the refusal.
pub(crate) fn checked_token<T: Credential>(given: &str, what: &str) -> Result<T, Failure> {
    let token = bearer_stripped(given);
    crate::failure::register_secret(token);
    T::parse(token).map_err(|e| Failure::usage(format!("{what}: {e}")))
}

/// A token pasted with its `Bearer ` prefix: the prefix is taken off, with a
/// warning (the SDK writes it), so that the same mistake is not a riddle.
pub(crate) fn bearer_stripped(token: &str) -> &str {
    match without_bearer(token) {
        Some(rest) => {
            eprintln!(
                "telecrm: warning: the token starts with `Bearer `; using what follows (give the token alone)"
            );
            rest
        }
        None => token,
    }
}

/// What follows a `Bearer ` prefix (any case, white space around it
/// ignored), when the token was pasted with one.
pub(crate) fn without_bearer(token: &str) -> Option<&str> {
    let trimmed = token.trim();
    trimmed
        .get(..7)
        .filter(|prefix| prefix.eq_ignore_ascii_case("bearer "))
        .map(|_| trimmed[7..].trim())
}

/// A lead's and an action's IDs, checked.
pub(crate) fn lead_and_action(lead: &str, action: &str) -> Result<(LeadId, ActionId), Failure> {
    Ok((
        LeadId::new(lead).map_err(Failure::usage)?,
        ActionId::new(action).map_err(Failure::usage)?,
    ))
}
