//! `telecrm api METHOD PATH`: an authenticated call to any path below the base
//! URL, through the same door as every command (token, checks, retries by the
//! method's idempotency, timeouts), printed as received. Nothing in the API is
//! out of reach, whether or not a command wraps it yet.

use std::process::ExitCode;

use telecrm_core::endpoints::raw::{Delete, Get, Patch, Post, Put, RawCall, RawMethod, RawPath};

use crate::cli::{BodyArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;
use crate::input;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
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

    #[command(flatten)]
    pub(crate) body: BodyArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(crate) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    // Everything is checked before the client exists.
    let enterprise = context.enterprise()?;
    let enterprise = enterprise.as_str();
    let path = args
        .path
        .replace("{enterpriseId}", enterprise)
        .replace("{enterprise}", enterprise);
    let path = RawPath::new(&path).map_err(Failure::usage)?;
    let mut query = Vec::new();
    for pair in &args.query {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| Failure::usage(format!("-q {pair}: give KEY=VALUE")))?;
        query.push((key.to_owned(), value.to_owned()));
    }
    let body = match &args.body.body {
        Some(body) => {
            let bytes = input::read_body(body)?;
            serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)
                .map_err(|e| Failure::usage(format!("--body is not JSON: {e}")))?;
            Some(bytes)
        }
        None => None,
    };
    match args.method.to_ascii_uppercase().as_str() {
        "GET" => send::<Get>(context, path, query, body).await,
        "POST" => send::<Post>(context, path, query, body).await,
        "PUT" => send::<Put>(context, path, query, body).await,
        "PATCH" => send::<Patch>(context, path, query, body).await,
        "DELETE" => send::<Delete>(context, path, query, body).await,
        other => Err(Failure::usage(format!(
            "method `{other}`: use GET, POST, PUT, PATCH or DELETE"
        ))),
    }
}

async fn send<M: RawMethod + Sync + Send>(
    context: &Context,
    path: RawPath,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
) -> Result<ExitCode, Failure> {
    let mut call = RawCall::<M>::new(path);
    for (key, value) in query {
        call = call.with_query(key, value);
    }
    if let Some(body) = body {
        call = call.with_body(body);
    }
    // As received: `-o` does not apply.
    context.print(&call).await
}
