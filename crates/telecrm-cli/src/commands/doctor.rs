//! `telecrm doctor`: read-only checks of a setup against the API, and of the
//! API's answers against what the SDK reads.
//!
//! Every answer is compared key by key with `telecrm_core::shape`: keys the
//! SDK did not expect and expected keys that were missing are named by path,
//! never with a value, so the report can be pasted into an issue. This is how
//! a user, and this project, learn that the live service drifted.

use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};
use telecrm_core::shape::{self, Findings, Shape};
use telecrm_core::{
    ActionFilter, BaseUrl, Endpoint, EnterpriseId, ErrorCode, GetMetadata, GetPipeline, LeadFilter,
    ListCustomActions, ListCustomFields, Pipeline, SearchActions, SearchLeads, SyncToken,
    Workspace,
};
use telecrm_hyper::WorkspaceClient;

use crate::cli::SyncArgs;
use crate::context::Context;
use crate::failure::{Failure, chain};

/// A clock further off than this is worth a word: signed links and
/// `Retry-After` dates are read against it.
const SKEW_LIMIT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Ok,
    /// Worth fixing, the rest could still be checked.
    Warn,
    /// Something is missing, unknown or unreadable.
    Fail,
    /// Not reachable.
    Unreachable,
    /// The API refuses the token or the enterprise.
    Refused,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warn => "warn",
            Self::Fail => "FAIL",
            Self::Unreachable => "UNREACHABLE",
            Self::Refused => "REFUSED",
        }
    }
}

struct Check {
    name: &'static str,
    status: Status,
    detail: String,
    findings: Findings,
}

#[derive(Default)]
struct Report {
    checks: Vec<Check>,
}

impl Report {
    fn add(&mut self, name: &'static str, status: Status, detail: impl Into<String>) {
        self.checks.push(Check {
            name,
            status,
            detail: detail.into(),
            findings: Findings::default(),
        });
    }

    fn shape(&mut self, name: &'static str, body: &[u8], shape: &Shape, detail: String) {
        let findings = match serde_json::from_slice::<Value>(body) {
            Ok(value) => shape::inspect(&value, shape),
            Err(_) => Findings {
                missing: vec![".".to_owned()],
                ..Findings::default()
            },
        };
        let status = if findings.is_clean() {
            Status::Ok
        } else {
            Status::Fail
        };
        self.checks.push(Check {
            name,
            status,
            detail,
            findings,
        });
    }

    fn worst(&self) -> Status {
        self.checks
            .iter()
            .map(|c| c.status)
            .max()
            .unwrap_or(Status::Ok)
    }

    fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.worst() {
            Status::Ok => 0,
            Status::Warn | Status::Fail => 1,
            Status::Refused => 3,
            Status::Unreachable => 4,
        })
    }

    fn print(&self, as_json: bool) {
        if as_json {
            let checks: Vec<Value> = self
                .checks
                .iter()
                .map(|c| {
                    json!({
                        "check": c.name,
                        "status": c.status.word().to_ascii_lowercase(),
                        "detail": c.detail,
                        "unknown": c.findings.unknown,
                        "missing": c.findings.missing,
                    })
                })
                .collect();
            println!(
                "{}",
                json!({"ok": self.worst() == Status::Ok, "checks": checks})
            );
            return;
        }
        for check in &self.checks {
            println!(
                "{:<5} {:<15} {}",
                check.status.word(),
                check.name,
                check.detail
            );
            for path in &check.findings.unknown {
                println!("      {:<15} unknown key: {path}", "");
            }
            for path in &check.findings.missing {
                println!("      {:<15} missing key: {path}", "");
            }
        }
    }
}

/// `telecrm doctor`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// One JSON object instead of lines for people.
    #[arg(long)]
    pub(crate) json: bool,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(crate) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let mut report = Report::default();
    let sync = context
        .sync
        .as_ref()
        .ok_or_else(|| Failure::usage("doctor reads the Sync API's options"))?;
    let Some(token) = token(sync.token.as_deref(), &mut report) else {
        report.print(args.json);
        return Ok(report.exit_code());
    };
    let enterprise = context.connection()?.enterprise.as_deref().ok_or_else(|| {
        Failure::usage("no enterprise: set TELECRM_ENTERPRISE_ID (or pass --enterprise)")
    })?;
    let enterprise = EnterpriseId::new(enterprise.trim()).map_err(Failure::usage)?;
    let base = BaseUrl::parse(&sync.base_url)
        .map_err(|e| Failure::usage(format!("--base-url: {}", chain(&e))))?;
    report.add(
        "base url",
        Status::Ok,
        format!("{base} ({})", proxy_in_use(&base)),
    );
    let workspace = context
        .transport()?
        .workspace(Workspace::new(token, enterprise.clone()).with_base_url(base))
        .map_err(|e| Failure::usage(chain(&e)))?;
    if reach(&workspace, &enterprise, &mut report).await {
        answers(&workspace, &mut report).await;
    }
    report.print(args.json);
    Ok(report.exit_code())
}

/// The token's form: what was pasted around it is named and taken off, so the
/// other checks can still run.
fn token(raw: Option<&str>, report: &mut Report) -> Option<SyncToken> {
    let Some(raw) = raw else {
        report.add(
            "token",
            Status::Fail,
            "no token: set TELECRM_TOKEN (Settings → Website and API → API token)",
        );
        return None;
    };
    let mut problems = Vec::new();
    let mut token = raw;
    if token.trim() != token {
        problems.push("white space around it");
        token = token.trim();
    }
    if let Some(rest) = crate::context::without_bearer(token) {
        problems.push("a `Bearer ` prefix (give the token alone; the SDK writes the prefix)");
        token = rest;
    }
    if token.len() >= 2
        && (token.starts_with('"') && token.ends_with('"')
            || token.starts_with('\'') && token.ends_with('\''))
    {
        problems.push("quotes around it");
        token = &token[1..token.len() - 1];
    }
    match SyncToken::new(token) {
        Ok(token) if problems.is_empty() => {
            report.add("token", Status::Ok, "well formed (not shown)");
            Some(token)
        }
        Ok(token) => {
            report.add(
                "token",
                Status::Warn,
                format!("taken off for these checks: {}", problems.join("; ")),
            );
            Some(token)
        }
        Err(err) => {
            report.add("token", Status::Fail, format!("not usable: {err}"));
            None
        }
    }
}

fn proxy_in_use(base: &BaseUrl) -> String {
    if base.is_loopback() {
        return "loopback: reached directly".to_owned();
    }
    let proxy = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
    match proxy {
        // The proxy's address may carry credentials: named, not shown.
        Some(_) => "through the proxy in HTTPS_PROXY/ALL_PROXY (NO_PROXY may exempt it)".to_owned(),
        None => "no proxy".to_owned(),
    }
}

/// Reaches the API with the metadata read: latency, clock skew, and whether
/// the token serves the enterprise. False when nothing more can be checked.
async fn reach(
    workspace: &WorkspaceClient,
    enterprise: &EnterpriseId,
    report: &mut Report,
) -> bool {
    let started = Instant::now();
    match workspace.send_full(&GetMetadata::new()).await {
        Ok(response) => {
            let elapsed = started.elapsed();
            report.add(
                "reach",
                Status::Ok,
                format!(
                    "HTTP {} in {} ms, {} attempt(s)",
                    response.status().as_u16(),
                    elapsed.as_millis(),
                    response.attempts()
                ),
            );
            report.add(
                "enterprise",
                Status::Ok,
                format!("the token serves {enterprise}"),
            );
            clock(response.headers(), report);
            report.shape(
                "metadata",
                response.body(),
                &shape::METADATA,
                "GET /enterprise/{e}/metadata".to_owned(),
            );
            true
        }
        Err(err) => {
            let refused_enterprise = err.status()
                == Some(telecrm_core::http::StatusCode::UNAUTHORIZED)
                || err
                    .api_error()
                    .is_some_and(|api| *api.code() == ErrorCode::EnterpriseNotFound);
            if refused_enterprise {
                report.add(
                    "enterprise",
                    Status::Refused,
                    format!(
                        "the token does not serve enterprise {enterprise}: check TELECRM_ENTERPRISE_ID and the token ({})",
                        crate::failure::Failure::from_call(&err).message()
                    ),
                );
            } else if err.status().is_some() {
                report.add(
                    "reach",
                    Status::Fail,
                    Failure::from_call(&err).message().to_owned(),
                );
            } else {
                report.add("reach", Status::Unreachable, chain(&err));
            }
            false
        }
    }
}

/// The server's `Date` against this machine's clock.
fn clock(headers: &telecrm_core::http::HeaderMap, report: &mut Report) {
    let Some(date) = headers
        .get(telecrm_core::http::header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
    else {
        report.add(
            "clock",
            Status::Ok,
            "the server sent no Date header to compare with",
        );
        return;
    };
    let now = SystemTime::now();
    let (skew, ahead) = match date.duration_since(now) {
        Ok(ahead) => (ahead, "ahead of"),
        Err(behind) => (behind.duration(), "behind"),
    };
    // `Date` has a resolution of one second.
    if skew > SKEW_LIMIT {
        report.add(
            "clock",
            Status::Warn,
            format!(
                "the server's clock is {} s {ahead} this machine's",
                skew.as_secs()
            ),
        );
    } else {
        report.add(
            "clock",
            Status::Ok,
            format!("within {} s of the server's", skew.as_secs().max(1)),
        );
    }
}

/// Reads fields, custom actions, the pipeline, one page of leads and one
/// timeline, and compares each answer with what the SDK reads.
async fn answers(workspace: &WorkspaceClient, report: &mut Report) {
    read(
        workspace,
        report,
        "custom fields",
        &ListCustomFields::new().detail(true),
        &shape::CUSTOM_FIELDS,
        |_| None,
    )
    .await;
    read(
        workspace,
        report,
        "custom actions",
        &ListCustomActions::new().detail(true),
        &shape::CUSTOM_ACTIONS,
        |_| None,
    )
    .await;
    read(
        workspace,
        report,
        "pipeline",
        &GetPipeline::new(),
        &shape::PIPELINE,
        |pipeline: &Pipeline| {
            (!pipeline.is_readable()).then(|| {
                "no status could be read from it: --check-schema cannot check statuses".to_owned()
            })
        },
    )
    .await;
    let search = SearchLeads::new(LeadFilter::new());
    let lead = match workspace.send_full(&search).await {
        Ok(response) => {
            report.shape(
                "lead search",
                response.body(),
                &shape::LEAD_PAGE,
                format!("{} lead(s) on the first page", response.value().data.len()),
            );
            response
                .value()
                .data
                .iter()
                .find_map(|item| item.id.clone())
        }
        Err(err) => {
            report.add(
                "lead search",
                Status::Fail,
                Failure::from_call(&err).message().to_owned(),
            );
            None
        }
    };
    match lead {
        Some(lead) => {
            let timeline = SearchActions::new(lead, ActionFilter::new());
            match workspace.send_full(&timeline).await {
                Ok(response) => report.shape(
                    "timeline",
                    response.body(),
                    &shape::TIMELINE_PAGE,
                    format!(
                        "{} action(s) of the first lead",
                        response.value().data.len()
                    ),
                ),
                Err(err) => report.add(
                    "timeline",
                    Status::Fail,
                    Failure::from_call(&err).message().to_owned(),
                ),
            }
        }
        None => report.add(
            "timeline",
            Status::Ok,
            "skipped: no lead to read a timeline of",
        ),
    }
}

/// One read, compared with its shape, with a check of the decoded value.
async fn read<E>(
    workspace: &WorkspaceClient,
    report: &mut Report,
    name: &'static str,
    endpoint: &E,
    shape: &Shape,
    unreadable: impl Fn(&E::Response) -> Option<String>,
) where
    E: Endpoint<Token = SyncToken> + Sync,
{
    match workspace.send_full(endpoint).await {
        Ok(response) => {
            report.shape(
                name,
                response.body(),
                shape,
                format!("GET {}", E::ROUTE.replace("{enterpriseId}", "{e}")),
            );
            if let Some(why) = unreadable(response.value()) {
                report.add(name, Status::Fail, why);
            }
        }
        Err(err) => report.add(
            name,
            Status::Fail,
            Failure::from_call(&err).message().to_owned(),
        ),
    }
}
