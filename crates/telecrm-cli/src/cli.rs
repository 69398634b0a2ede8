//! The command line, as clap reads it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Work with TeleCRM from the command line: actions today, the whole Sync API to come.
///
/// Exit codes: 0 success; 2 usage error or refused before sending; 3 the API
/// refused the request (4xx); 4 transport failure, timeout, 5xx after retries, or
/// an answer that could not be understood.
#[derive(Debug, Parser)]
#[command(name = "telecrm", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command accepts, before or after the command's name.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Base URL of the Sync API.
    #[arg(
        long,
        global = true,
        env = "TELECRM_BASE_URL",
        default_value = telecrm_core::base_url::PRODUCTION,
        value_name = "URL"
    )]
    pub(crate) base_url: String,

    /// Sync API token (prefer the environment variable: command lines are visible to other users).
    #[arg(
        long,
        global = true,
        env = "TELECRM_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub(crate) token: Option<String>,

    /// Enterprise (workspace) ID.
    #[arg(long, global = true, env = "TELECRM_ENTERPRISE_ID", value_name = "ID")]
    pub(crate) enterprise: Option<String>,

    /// Total deadline of a call, retries included, in seconds.
    #[arg(long, global = true, default_value_t = 60.0, value_name = "SECONDS",
          value_parser = parse_seconds)]
    pub(crate) timeout: f64,

    /// Attempts in all, the first included (1 disables retries).
    #[arg(long = "attempts", alias = "retries", global = true, default_value_t = 3, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=10))]
    pub(crate) retries: u32,

    /// The workspace's lead identifier field (e.g. phone): leads created without
    /// it, and updates that include it, are refused before sending.
    #[arg(
        long,
        global = true,
        env = "TELECRM_LEAD_IDENTIFIER",
        value_name = "FIELD"
    )]
    pub(crate) lead_identifier: Option<String>,

    /// Check leads and actions against the workspace's schema (fields, types,
    /// dropdown options, statuses, custom actions) before sending: four extra
    /// calls per run. `--check-schema=false` turns it off.
    #[arg(long, global = true, env = "TELECRM_CHECK_SCHEMA", default_value_t = false,
          num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub(crate) check_schema: bool,

    /// How answers are shown: table (the default on a terminal), json (elsewhere), jsonl or csv.
    #[arg(
        short = 'o',
        long = "output",
        global = true,
        value_enum,
        value_name = "FORMAT"
    )]
    pub(crate) output: Option<crate::render::Format>,

    /// The configuration profile to use (see `telecrm config`); a flag or an environment
    /// variable beats the profile's value.
    #[arg(long, global = true, env = "TELECRM_PROFILE", value_name = "NAME")]
    pub(crate) profile: Option<String>,

    /// Diagnostics on stderr (-v info, -vv debug, -vvv trace); RUST_LOG also works.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err("expected a number of seconds between 0 and 86400".into()),
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Work with actions on a lead's timeline.
    Action {
        #[command(subcommand)]
        command: ActionCommand,
    },
    /// Work with leads.
    Lead {
        #[command(subcommand)]
        command: LeadCommand,
    },
    /// Work with team members.
    Team {
        #[command(subcommand)]
        command: TeamCommand,
    },
    /// Read the workspace's metadata: fields, custom actions, pipeline.
    Meta {
        #[command(subcommand)]
        command: MetaCommand,
    },
    /// Run a local sandbox of the Sync API in the foreground.
    Sandbox(SandboxArgs),
    /// Show the API document's examples against an embedded sandbox (no account needed).
    Demo,
    /// Check the setup against the API, read-only: the token's form, reaching the API,
    /// the token serving the enterprise, and every answer's keys against what the SDK reads
    /// (names and paths only, never values). Exit 0: all understood; 1: something missing,
    /// unknown or unreadable; 3: the API refuses; 4: not reachable.
    Doctor(DoctorArgs),
    /// Print a completion script for a shell (e.g. `telecrm completions bash > ~/.local/share/bash-completion/completions/telecrm`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), from the same definitions as --help (`telecrm man | man -l -`).
    Man,
    /// Named profiles of settings in $XDG_CONFIG_HOME/telecrm/config.toml (else
    /// ~/.config/telecrm/config.toml): base_url, enterprise, lead_identifier, check_schema,
    /// token_file. Tokens are never written: a profile names a file that holds one.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// An authenticated call to any path below the base URL, for what the CLI does not wrap
    /// (same token, retries, timeouts); `{enterprise}` in PATH is the enterprise ID. The body
    /// is printed as received.
    Api(ApiArgs),
}

/// `telecrm config ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Set KEY to VALUE in the profile (--profile, else the default one).
    Set {
        /// base_url, enterprise, lead_identifier, check_schema or token_file.
        key: String,
        /// The value.
        value: String,
    },
    /// Print KEY's value in the profile (exit 1 when unset).
    Get {
        /// The key.
        key: String,
    },
    /// Print every profile and its keys (the default one marked).
    List,
    /// Make NAME the default profile.
    Use {
        /// The profile.
        name: String,
    },
}

/// `telecrm api`.
#[derive(Debug, clap::Args)]
pub(crate) struct ApiArgs {
    /// GET, POST, PUT, PATCH or DELETE (any case). POST and PATCH are never resent once
    /// they may have arrived.
    #[arg(value_name = "METHOD")]
    pub(crate) method: String,
    /// Path below the base URL, e.g. /enterprise/{enterprise}/custom-fields.
    #[arg(value_name = "PATH")]
    pub(crate) path: String,
    /// A query parameter, KEY=VALUE (repeatable).
    #[arg(short = 'q', long = "query", value_name = "KEY=VALUE")]
    pub(crate) query: Vec<String>,
    /// JSON body: inline, @FILE, or - for standard input.
    #[arg(long, value_name = "JSON|@FILE|-")]
    pub(crate) body: Option<String>,
}

/// `telecrm doctor`.
#[derive(Debug, clap::Args)]
pub(crate) struct DoctorArgs {
    /// One JSON object instead of lines for people.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ActionCommand {
    /// Create actions on a lead (POST /enterprise/{e}/lead/{l}/action).
    Create(CreateArgs),
    /// Read one custom or payment action (GET /enterprise/{e}/lead/{l}/action/{a}).
    Get(GetArgs),
    /// Update an action (POST /enterprise/{e}/lead/{l}/action/{a}).
    Update(UpdateArgs),
    /// Search a lead's timeline, newest first (POST /enterprise/{e}/lead/{l}/action/search).
    Search(SearchArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["type", "body"])))]
pub(crate) struct CreateArgs {
    /// The lead's ID.
    #[arg(long, value_name = "ID")]
    pub(crate) lead: String,

    /// One action's type: a custom action's code (1001 or ACTION_1001) or PAYMENT.
    #[arg(long = "type", value_name = "CODE", conflicts_with = "body")]
    pub(crate) r#type: Option<String>,

    /// A custom action field, as a string (repeatable).
    #[arg(long = "field", value_name = "KEY=VALUE", requires = "type")]
    pub(crate) fields: Vec<String>,

    /// A custom action field, as any JSON value (repeatable).
    #[arg(long = "field-json", value_name = "KEY=JSON", requires = "type")]
    pub(crate) field_json: Vec<String>,

    /// A payment's status (with --type PAYMENT): PENDING, COMPLETED, ...
    #[arg(long, value_name = "STATUS", requires = "type")]
    pub(crate) status: Option<String>,

    /// A payment's currency (with --type PAYMENT), e.g. INR.
    #[arg(long, value_name = "CODE", requires = "type")]
    pub(crate) currency: Option<String>,

    /// A payment's amount (with --type PAYMENT), e.g. 5000 or 99.50.
    #[arg(long, value_name = "AMOUNT", requires = "type")]
    pub(crate) amount: Option<String>,

    /// The whole request, {"actions": [...]}: inline, @FILE, or - for standard input.
    #[arg(long, value_name = "JSON|@FILE|-")]
    pub(crate) body: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct GetArgs {
    /// The lead's ID.
    #[arg(long, value_name = "ID")]
    pub(crate) lead: String,

    /// The action's ID.
    #[arg(long, value_name = "ID")]
    pub(crate) action: String,
}

#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// The lead's ID.
    #[arg(long, value_name = "ID")]
    pub(crate) lead: String,

    /// An action type to match: a custom code, PAYMENT, or a built-in type such as
    /// OUTGOING_CALL (repeatable: any of them).
    #[arg(long = "type", value_name = "TYPE")]
    pub(crate) types: Vec<String>,

    /// Created at or after: "dd/MM/yyyy HH:mm:ss" or Unix milliseconds.
    #[arg(long, value_name = "DATE")]
    pub(crate) from: Option<String>,

    /// Created at or before: "dd/MM/yyyy HH:mm:ss" or Unix milliseconds.
    #[arg(long, value_name = "DATE")]
    pub(crate) to: Option<String>,

    /// A team member ID whose actions match (repeatable: any of them).
    #[arg(long, value_name = "ID")]
    pub(crate) performed_by: Vec<String>,

    /// Items to skip.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) skip: u64,

    /// Items per page (1 to 100).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub(crate) limit: u32,

    /// Follow every page and write one JSON item per line.
    #[arg(long)]
    pub(crate) all: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["type", "body", "batch"])))]
pub(crate) struct UpdateArgs {
    /// The lead's ID.
    #[arg(long, value_name = "ID", required_unless_present = "batch")]
    pub(crate) lead: Option<String>,

    /// The action's ID.
    #[arg(long, value_name = "ID", required_unless_present = "batch")]
    pub(crate) action: Option<String>,

    /// The action's type: a custom action's code (1001 or ACTION_1001) or PAYMENT.
    #[arg(long = "type", value_name = "CODE", conflicts_with_all = ["body", "batch"])]
    pub(crate) r#type: Option<String>,

    /// A custom action field to set, as a string (repeatable).
    #[arg(long = "field", value_name = "KEY=VALUE", requires = "type")]
    pub(crate) fields: Vec<String>,

    /// A custom action field to set, as any JSON value (repeatable).
    #[arg(long = "field-json", value_name = "KEY=JSON", requires = "type")]
    pub(crate) field_json: Vec<String>,

    /// A payment's new status (with --type PAYMENT).
    #[arg(long, value_name = "STATUS", requires = "type")]
    pub(crate) status: Option<String>,

    /// Not accepted: a payment's amount, currency and payment ID cannot change
    /// after creation. Listed so that the answer says so.
    #[arg(long = "amount", hide = true, value_name = "AMOUNT")]
    pub(crate) immutable_amount: Option<String>,
    #[arg(long = "currency", hide = true, value_name = "CURRENCY")]
    pub(crate) immutable_currency: Option<String>,
    #[arg(long = "paymentid", hide = true, value_name = "ID")]
    pub(crate) immutable_paymentid: Option<String>,

    /// The update as raw JSON: inline, @FILE, or - for standard input.
    #[arg(long, value_name = "JSON|@FILE|-", conflicts_with_all = ["batch"])]
    pub(crate) body: Option<String>,

    /// A batch: one {"lead", "action", "update"} object per line (FILE, or - for stdin).
    ///
    /// Lines for the same action go in file order, others
    /// concurrently. The run stops on an answer every line would get (401,
    /// 403, 404 ENTERPRISE_NOT_FOUND; exit 3) and after 5 transport failures
    /// in a row (exit 4); Ctrl-C or SIGTERM finishes the requests in flight,
    /// journals them and exits 130 (a second Ctrl-C exits at once). The last
    /// stdout line is {"summary": {...}}.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["lead", "action"])]
    pub(crate) batch: Option<String>,

    /// Batch: how many updates are in flight at once.
    #[arg(long, default_value_t = 8, value_name = "N", requires = "batch",
          value_parser = clap::value_parser!(u32).range(1..=256))]
    pub(crate) concurrency: u32,

    /// Batch: record completed lines here; a re-run skips them. One process
    /// per journal; a journal belongs to one input file.
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub(crate) journal: Option<PathBuf>,

    /// Batch: write lines refused before sending here, with line and reason.
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub(crate) rejects: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum LeadCommand {
    /// Create a lead, or a batch of them (POST /enterprise/{e}/lead).
    Create(LeadCreateArgs),
    /// Read a lead, optionally with a page of its actions (GET /enterprise/{e}/lead/{l}).
    Get(LeadGetArgs),
    /// Change some of a lead's fields (POST /enterprise/{e}/lead/{l}).
    Update(LeadUpdateArgs),
    /// Search leads, newest first (POST /enterprise/{e}/lead/search).
    Search(LeadSearchArgs),
    /// Push leads through the Async API at its rate limit, resumable
    /// (POST next-api.telecrm.in/enterprise/{e}/autoupdatelead).
    ///
    /// Lines for the same lead (its identifier's value) go in file order, others
    /// concurrently. The run stops on an answer every line would get (401,
    /// 403, 404 ENTERPRISE_NOT_FOUND; exit 3) and after 5 transport failures
    /// in a row (exit 4); Ctrl-C or SIGTERM finishes the requests in flight,
    /// journals them and exits 130 (a second Ctrl-C exits at once). The last
    /// stdout line is {"summary": {...}}.
    Ingest(IngestArgs),
}

#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    /// CSV with a header row of field API names (`name:json` for JSON cells), or
    /// JSON lines of {"fields", "actions"}; - for standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: String,

    /// An Async API token (prefer the environment variable).
    #[arg(
        long,
        env = "TELECRM_ASYNC_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub(crate) async_token: Option<String>,

    /// Base URL of the Async API.
    #[arg(long, env = "TELECRM_ASYNC_BASE_URL", value_name = "URL",
          default_value = telecrm_core::base_url::ASYNC_PRODUCTION)]
    pub(crate) async_base_url: String,

    /// Requests per hour, never exceeded (the documented limit by default); `off` for none.
    #[arg(long, default_value = "18000/h", value_name = "N/h|off")]
    pub(crate) rate: String,

    /// Requests in flight at once (the rate still caps them).
    #[arg(long, default_value_t = 4, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=256))]
    pub(crate) concurrency: u32,

    /// Record queued rows here; a re-run sends only the others.
    #[arg(long, value_name = "FILE")]
    pub(crate) journal: Option<PathBuf>,

    /// Write rows refused before sending here, in the input's format.
    #[arg(long, value_name = "FILE")]
    pub(crate) rejects: Option<PathBuf>,
}

/// `--field KEY=VALUE` (a string) and `--field-json KEY=JSON` (any value).
#[derive(Debug, Args)]
pub(crate) struct LeadFieldArgs {
    /// A field, as a string (repeatable).
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub(crate) fields: Vec<String>,

    /// A field, as any JSON value: numbers, arrays for tags (repeatable).
    #[arg(long = "field-json", value_name = "KEY=JSON")]
    pub(crate) field_json: Vec<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["fields", "field_json", "body", "batch"]).multiple(true)))]
pub(crate) struct LeadCreateArgs {
    #[command(flatten)]
    pub(crate) fields: LeadFieldArgs,

    /// The whole lead, {"fields": {...}, "actions": [...]}: inline, @FILE, or - for stdin.
    #[arg(long, value_name = "JSON|@FILE|-", conflicts_with_all = ["fields", "field_json", "batch"])]
    pub(crate) body: Option<String>,

    /// A batch: JSON lines of {"fields", "actions"}, or CSV with a header row of
    /// field API names (a `:json` suffix reads that column's cells as JSON).
    ///
    /// Lines for the same lead (its identifier's value) go in file order, others
    /// concurrently. The run stops on an answer every line would get (401,
    /// 403, 404 ENTERPRISE_NOT_FOUND; exit 3) and after 5 transport failures
    /// in a row (exit 4); Ctrl-C or SIGTERM finishes the requests in flight,
    /// journals them and exits 130 (a second Ctrl-C exits at once). The last
    /// stdout line is {"summary": {...}}.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fields", "field_json"])]
    pub(crate) batch: Option<String>,

    /// Batch: how many creates are in flight at once.
    #[arg(long, default_value_t = 8, value_name = "N", requires = "batch",
          value_parser = clap::value_parser!(u32).range(1..=256))]
    pub(crate) concurrency: u32,

    /// Batch: record created lines here; a re-run skips them. One process
    /// per journal; a journal belongs to one input file.
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub(crate) journal: Option<PathBuf>,

    /// Batch: write rows refused before sending here, with line and reason.
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub(crate) rejects: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct LeadGetArgs {
    /// The lead's ID.
    #[arg(long, value_name = "ID")]
    pub(crate) lead: String,

    /// Include a page of the lead's actions.
    #[arg(long)]
    pub(crate) include_actions: bool,

    /// Actions to skip (with --include-actions).
    #[arg(
        long,
        default_value_t = 0,
        value_name = "N",
        requires = "include_actions"
    )]
    pub(crate) skip: u64,

    /// Actions per page, 1 to 100 (with --include-actions).
    #[arg(
        long,
        default_value_t = 10,
        value_name = "N",
        requires = "include_actions"
    )]
    pub(crate) limit: u32,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["fields", "field_json", "body"]).multiple(true)))]
pub(crate) struct LeadUpdateArgs {
    /// The lead's ID.
    #[arg(long, value_name = "ID")]
    pub(crate) lead: String,

    #[command(flatten)]
    pub(crate) fields: LeadFieldArgs,

    /// The update, {"fields": {...}}: inline, @FILE, or - for stdin.
    #[arg(long, value_name = "JSON|@FILE|-", conflicts_with_all = ["fields", "field_json"])]
    pub(crate) body: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct LeadSearchArgs {
    #[command(flatten)]
    pub(crate) fields: LeadFieldArgs,

    /// The whole filter, {"fields": {...}, "actions": {...}}: inline, @FILE, or - for stdin.
    #[arg(long, value_name = "JSON|@FILE|-", conflicts_with_all = ["fields", "field_json"])]
    pub(crate) body: Option<String>,

    /// Leads to skip.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) skip: u64,

    /// Leads per page (1 to 100).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub(crate) limit: u32,

    /// Follow every page and write one JSON item per line.
    #[arg(long)]
    pub(crate) all: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum TeamCommand {
    /// List team members, sorted by name (GET /enterprise/{e}/team-members).
    List {
        /// Include deleted members.
        #[arg(long)]
        include_deleted: bool,
        /// Members to skip.
        #[arg(long, default_value_t = 0, value_name = "N")]
        skip: u64,
        /// Members per page (1 to 10).
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: u32,
        /// Follow every page and write one JSON member per line.
        #[arg(long)]
        all: bool,
    },
    /// Add a team member (POST /enterprise/{e}/team-members).
    Create {
        /// Full name.
        #[arg(long)]
        name: String,
        /// Email (the login).
        #[arg(long)]
        email: String,
        /// Phone number: digits with the country code (919876543210).
        #[arg(long)]
        phone: String,
        /// ADMIN, MANAGER, CALLER or MARKETING_USER.
        #[arg(long)]
        role: String,
        /// Read a password from the first line of standard input (without one
        /// the member is invited by email).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Read a team member by email (GET /enterprise/{e}/team-members/{email}).
    Get {
        /// The member's email.
        #[arg(long)]
        email: String,
        /// Return a deleted member too.
        #[arg(long)]
        include_deleted: bool,
    },
    /// Set availability (POST /enterprise/{e}/teammember/state_change).
    State {
        /// The member's email.
        #[arg(long)]
        email: String,
        /// Active, Inactive, "On Leave" or Working.
        #[arg(long)]
        state: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum MetaCommand {
    /// The workspace's metadata (GET /enterprise/{e}/metadata).
    Enterprise,
    /// Every field definition (GET /enterprise/{e}/custom-fields).
    Fields {
        /// The detailed shape (IDs, descriptions, options with IDs).
        #[arg(long)]
        detail: bool,
    },
    /// One field by API name, case-sensitive (GET /enterprise/{e}/custom-fields/{name}).
    Field {
        /// The field's API name.
        name: String,
    },
    /// Every custom action (GET /enterprise/{e}/custom-actions).
    Actions {
        /// The detailed shape (field schemas, timestamps).
        #[arg(long)]
        detail: bool,
    },
    /// One custom action by code, 1001 or ACTION_1001 (GET /enterprise/{e}/custom-actions/{code}).
    Action {
        /// The action's code.
        code: String,
    },
    /// The lead stage pipeline (GET /enterprise/{e}/lead-stage-pipeline).
    Pipeline,
}

/// The sandbox's own options. It reads nothing from the environment: the
/// global `--token` and `--enterprise` (and their `TELECRM_*` variables) are
/// the client's, and a sandbox must never adopt, or print, a real token. The
/// hidden fields below take the global options' ids, so that clap does not
/// give the sandbox the client's options (timeouts, retries, schema checks)
/// at all; their values are ignored.
#[derive(Debug, Args)]
pub(crate) struct SandboxArgs {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:0", value_name = "ADDR")]
    pub(crate) listen: SocketAddr,

    /// Keep state in this SQLite file (created if missing; a JSON state file of
    /// earlier versions is imported). One sandbox per file.
    #[arg(long, value_name = "FILE")]
    pub(crate) state: Option<PathBuf>,

    /// Serve the enterprises of this world file (JSON: each with its own
    /// tokens, fields, pipeline, team, custom actions and leads) instead of
    /// the built-in one; --token, --async-token and --enterprise then do not apply.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["sandbox_token", "async_token", "sandbox_enterprise"])]
    pub(crate) world: Option<PathBuf>,

    /// The Sync token the sandbox accepts (default: one made up for the run).
    /// Never read from the environment.
    #[arg(long = "token", id = "sandbox_token", value_name = "TOKEN")]
    pub(crate) token: Option<String>,

    /// The Async token the sandbox accepts (default: one made up for the run).
    #[arg(long, value_name = "TOKEN")]
    pub(crate) async_token: Option<String>,

    /// The enterprise ID served (default 603d2b2f9b1e8a001c8e4f5a). Never read
    /// from the environment.
    #[arg(long = "enterprise", id = "sandbox_enterprise", value_name = "ID")]
    pub(crate) enterprise: Option<String>,

    /// Where times come from: `real`, or `fixed:<unix ms>[:<step ms>]` (each
    /// reading one step later), for answers that are the same every run.
    #[arg(long, default_value = "real", value_name = "CLOCK")]
    pub(crate) clock: telecrm_sandbox::Clock,

    /// Makes new IDs and made-up tokens the same from run to run.
    #[arg(long, value_name = "N")]
    pub(crate) seed: Option<u64>,

    /// Open connections served at once; more wait to be accepted.
    #[arg(long, default_value_t = 1024, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub(crate) max_connections: u32,

    /// Seconds a connection may take to send a request's head, or stay idle
    /// between requests, before it is closed.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub(crate) header_timeout: f64,

    #[arg(id = "token", long = "sandbox-ignores-global-token", hide = true)]
    _token: Option<String>,
    #[arg(
        id = "enterprise",
        long = "sandbox-ignores-global-enterprise",
        hide = true
    )]
    _enterprise: Option<String>,
    #[arg(id = "base_url", long = "sandbox-ignores-base-url", hide = true)]
    _base_url: Option<String>,
    #[arg(id = "timeout", long = "sandbox-ignores-timeout", hide = true, value_parser = parse_seconds)]
    _timeout: Option<f64>,
    #[arg(id = "retries", long = "sandbox-ignores-retries", hide = true,
          value_parser = clap::value_parser!(u32))]
    _retries: Option<u32>,
    #[arg(id = "profile", long = "sandbox-ignores-profile", hide = true)]
    _profile: Option<String>,
    #[arg(id = "output", long = "sandbox-ignores-output", hide = true)]
    _output: Option<String>,
    #[arg(
        id = "lead_identifier",
        long = "sandbox-ignores-lead-identifier",
        hide = true
    )]
    _lead_identifier: Option<String>,
    #[arg(id = "check_schema", long = "sandbox-ignores-check-schema", hide = true,
          value_parser = clap::value_parser!(bool))]
    _check_schema: Option<bool>,

    /// A rate limit on the sandbox's Async API, e.g. 18000/h; beyond it 429 with Retry-After.
    #[arg(long, value_name = "N/h", value_parser = parse_rate_per_hour)]
    pub(crate) async_rate: Option<u32>,

    /// Fault injection: seed of the fault sequence.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) fault_seed: u64,

    /// Fault injection: latency added to every request, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub(crate) fault_latency_ms: u64,

    /// Fault injection: share of requests answered with --fault-status (0 to 1).
    #[arg(long, default_value_t = 0.0, value_name = "RATE", value_parser = parse_rate)]
    pub(crate) fault_error_rate: f64,

    /// Fault injection: the status of injected errors.
    #[arg(long, default_value_t = 503, value_name = "STATUS",
          value_parser = clap::value_parser!(u16).range(100..=599))]
    pub(crate) fault_status: u16,

    /// Fault injection: Retry-After value sent with injected errors.
    #[arg(long, value_name = "VALUE")]
    pub(crate) fault_retry_after: Option<String>,

    /// Fault injection: share of connections dropped without an answer (0 to 1).
    #[arg(long, default_value_t = 0.0, value_name = "RATE", value_parser = parse_rate)]
    pub(crate) fault_drop_rate: f64,
}

/// `18000/h` (or a bare number, per hour).
pub(crate) fn parse_rate_per_hour(s: &str) -> Result<u32, String> {
    let n = s.strip_suffix("/h").unwrap_or(s);
    match n.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("expected a rate such as 18000/h (requests per hour, at least 1)".into()),
    }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err("expected a share between 0 and 1".into()),
    }
}
