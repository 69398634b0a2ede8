//! `telecrm demo`: the API document's examples, step by step, against a sandbox
//! started in this process. No account, no network.

use std::process::ExitCode;
use std::time::Duration;

use telecrm_core::vocab::{DateTime, TimeRange};
use telecrm_core::{
    ActionFilter, ActionUpdate, BaseUrl, CreateActions, CustomUpdate, EnterpriseId, NewActions,
    NewCustomAction, PaymentStatus, PaymentUpdate, SearchActions, SyncToken, UpdateAction,
    Workspace,
};
use telecrm_sandbox::{SEED_CUSTOM_ACTION, SEED_LEAD, SEED_PAYMENT_ACTION, Sandbox, SandboxConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::failure::{Failure, chain};
use crate::output;

const IMMUTABLE_BODY: &str = r#"{"type":"PAYMENT","amount":"6000"}"#;

pub(crate) async fn run() -> Result<ExitCode, Failure> {
    let sandbox = Sandbox::start(SandboxConfig::new())
        .await
        .map_err(|e| Failure::Transport(format!("cannot start the sandbox: {}", chain(&e))))?;
    let result = steps(&sandbox).await;
    let shutdown = sandbox.shutdown().await;
    result?;
    shutdown.map_err(|e| Failure::Transport(format!("sandbox shutdown: {}", chain(&e))))?;
    Ok(ExitCode::SUCCESS)
}

async fn steps(sandbox: &Sandbox) -> Result<(), Failure> {
    let fail = |e: &dyn std::fmt::Display| Failure::Transport(e.to_string());
    println!("TeleCRM Sync API demo: the Actions group, against a local sandbox.");
    println!("No account and no network needed: the sandbox runs inside this process.");
    println!();
    println!("  base URL    {}", sandbox.base_url());
    println!("  enterprise  {}", sandbox.enterprise());
    println!("  token       (generated for this run, not shown)");
    println!("  lead        {SEED_LEAD}");
    println!("    custom action  {SEED_CUSTOM_ACTION}  (type 1001)");
    println!("    payment action {SEED_PAYMENT_ACTION}  (PAYMENT, PENDING, 5000 INR)");

    let base = BaseUrl::parse(&sandbox.base_url()).map_err(|e| fail(&e))?;
    let token = SyncToken::new(sandbox.token()).map_err(|e| fail(&e))?;
    let enterprise = EnterpriseId::new(sandbox.enterprise()).map_err(|e| fail(&e))?;
    let client = telecrm_hyper::Client::builder()
        .total_timeout(Duration::from_secs(10))
        .build()
        .and_then(|client| client.workspace(Workspace::new(token, enterprise).with_base_url(base)))
        .map_err(|e| Failure::Transport(chain(&e)))?;
    let (lead, custom) = crate::context::lead_and_action(SEED_LEAD, SEED_CUSTOM_ACTION)?;
    let (_, payment) = crate::context::lead_and_action(SEED_LEAD, SEED_PAYMENT_ACTION)?;

    heading(
        1,
        "Update a custom action's note (the document's first example)",
    );
    let code = "1001".parse().map_err(|e| fail(&e))?;
    let update = CustomUpdate::new(code).with_field("note", "Follow-up completed");
    let call = UpdateAction::new(lead.clone(), custom, update.into());
    send(&client, &call).await?;

    heading(
        2,
        "Mark a payment as completed (the document's second example)",
    );
    let update = PaymentUpdate::with_status(PaymentStatus::COMPLETED);
    let call = UpdateAction::new(lead.clone(), payment, update.into());
    send(&client, &call).await?;

    heading(
        3,
        "Create a custom action, then update it by the ID the API returned",
    );
    let visit = NewCustomAction::new("1001".parse().map_err(|e| fail(&e))?)
        .with_field("note", "Site visit completed")
        .with_field("outcome", "Interested");
    let create = CreateActions::new(lead.clone(), NewActions::one(visit));
    println!(
        "  POST {}/enterprise/{}/lead/{}/action",
        client.base_url(),
        client.enterprise(),
        create.lead
    );
    println!(
        "  body   {}",
        String::from_utf8_lossy(&create.actions.to_json())
    );
    let response = client
        .send_full(&create)
        .await
        .map_err(|e| Failure::from_call(&e))?;
    println!("  <- 200 OK, one outcome per action:");
    print_indented(response.body());
    let Some((_, new_id)) = response.value().created().next() else {
        return Err(fail(&"the sandbox created nothing"));
    };
    let update = CustomUpdate::new("1001".parse().map_err(|e| fail(&e))?)
        .with_field("note", "Site visit completed; quote sent");
    let call = UpdateAction::new(lead.clone(), new_id.clone(), update.into());
    send(&client, &call).await?;

    heading(4, "Search the timeline for outgoing calls in April 2026");
    let april = TimeRange::between(
        "01/04/2026 00:00:00"
            .parse::<DateTime>()
            .map_err(|e| fail(&e))?,
        "30/04/2026 23:59:59"
            .parse::<DateTime>()
            .map_err(|e| fail(&e))?,
    );
    let search = SearchActions::new(
        lead.clone(),
        ActionFilter::new()
            .with_type("OUTGOING_CALL".parse().map_err(|e| fail(&e))?)
            .created(april),
    );
    println!(
        "  POST {}/enterprise/{}/lead/{}/action/search?skip=0&limit=10",
        client.base_url(),
        client.enterprise(),
        search.lead
    );
    println!(
        "  body   {}",
        serde_json::to_string(&search.filter).map_err(|e| fail(&e))?
    );
    let response = client
        .send_full(&search)
        .await
        .map_err(|e| Failure::from_call(&e))?;
    println!("  <- 200 OK, newest first:");
    print_indented(response.body());

    heading(
        5,
        "Try to change a payment's amount: refused before sending",
    );
    println!("  body   {IMMUTABLE_BODY}");
    match ActionUpdate::from_json(IMMUTABLE_BODY.as_bytes()) {
        Err(err) => println!("  telecrm-core refuses it, nothing is sent: {err}"),
        Ok(_) => return Err(fail(&"the SDK accepted an immutable payment field")),
    }

    heading(
        6,
        "The same request sent raw, past the SDK: the sandbox answers 400",
    );
    let path = format!(
        "{}/enterprise/{}/lead/{SEED_LEAD}/action/{SEED_PAYMENT_ACTION}",
        base_path(&sandbox.base_url()),
        sandbox.enterprise()
    );
    println!("  POST {path}");
    println!("  body   {IMMUTABLE_BODY}");
    let (status, body) = raw_post(sandbox, &path, IMMUTABLE_BODY)
        .await
        .map_err(|e| fail(&e))?;
    println!("  <- {status}");
    print_indented(&body);

    heading(7, "The payment as it stands: completed, amount unchanged");
    if let Some(state) = sandbox.action(SEED_LEAD, SEED_PAYMENT_ACTION) {
        print_indented(state.to_string().as_bytes());
    }
    println!();
    println!(
        "Done. Point the tool at a real account with TELECRM_TOKEN and TELECRM_ENTERPRISE_ID;"
    );
    println!("see `telecrm action --help`.");
    Ok(())
}

fn heading(n: u32, title: &str) {
    println!();
    println!("Step {n}. {title}");
}

async fn send(client: &telecrm_hyper::WorkspaceClient, call: &UpdateAction) -> Result<(), Failure> {
    let body = String::from_utf8(call.update.to_json()).unwrap_or_default();
    println!(
        "  POST {}/enterprise/{}/lead/{}/action/{}",
        client.base_url(),
        client.enterprise(),
        call.lead,
        call.action
    );
    println!("  body   {body}");
    let response = client
        .send_full(call)
        .await
        .map_err(|e| Failure::from_call(&e))?;
    println!("  <- 200 OK, the action's full current state:");
    print_indented(response.body());
    Ok(())
}

fn print_indented(body: &[u8]) {
    let text = output::reformat(body, true).unwrap_or_else(|_| body.to_vec());
    for line in String::from_utf8_lossy(&text).lines() {
        println!("     {line}");
    }
}

fn base_path(base_url: &str) -> &str {
    base_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("")
}

/// One HTTP/1.1 request written by hand: nothing of the SDK is involved.
async fn raw_post(sandbox: &Sandbox, path: &str, body: &str) -> std::io::Result<(String, Vec<u8>)> {
    let mut stream = tokio::net::TcpStream::connect(sandbox.local_addr()).await?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        sandbox.local_addr(),
        sandbox.token(),
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer"))??;
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "no header end"))?;
    let status = String::from_utf8_lossy(&response[..split])
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("HTTP/1.1 ")
        .to_owned();
    let body = response[split + 4..].to_vec();
    // A chunked answer would need decoding; the sandbox sends Content-Length.
    Ok((status, body))
}
