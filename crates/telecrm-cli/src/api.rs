//! `telecrm api METHOD PATH`: an authenticated call to any path below the base
//! URL, through the same door as every command (token, checks, retries by the
//! method's idempotency, timeouts), printed as received. Nothing in the API is
//! out of reach, whether or not a command wraps it yet.

use std::process::ExitCode;

use telecrm_core::endpoints::raw::{Delete, Get, Patch, Post, Put, RawCall, RawMethod, RawPath};

use crate::cli::{ApiArgs, GlobalArgs};
use crate::failure::Failure;
use crate::{input, output};

pub(crate) async fn run(global: &GlobalArgs, args: &ApiArgs) -> Result<ExitCode, Failure> {
    // Everything is checked before the client exists.
    let enterprise = global.enterprise.as_deref().unwrap_or_default();
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
    let body = match &args.body {
        Some(body) => {
            let bytes = input::read_body(body)?;
            serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)
                .map_err(|e| Failure::usage(format!("--body is not JSON: {e}")))?;
            Some(bytes)
        }
        None => None,
    };
    match args.method.to_ascii_uppercase().as_str() {
        "GET" => send::<Get>(global, path, query, body).await,
        "POST" => send::<Post>(global, path, query, body).await,
        "PUT" => send::<Put>(global, path, query, body).await,
        "PATCH" => send::<Patch>(global, path, query, body).await,
        "DELETE" => send::<Delete>(global, path, query, body).await,
        other => Err(Failure::usage(format!(
            "method `{other}`: use GET, POST, PUT, PATCH or DELETE"
        ))),
    }
}

async fn send<M: RawMethod + Sync + Send>(
    global: &GlobalArgs,
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
    let client = crate::client(global)?;
    output::send_and_print(&client, &call).await?;
    Ok(ExitCode::SUCCESS)
}
