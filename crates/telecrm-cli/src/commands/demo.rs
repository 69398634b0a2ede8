//! `telecrm demo`: every group of the API, step by step, against a sandbox
//! started in this process: the workspace's metadata, the team, leads, the
//! Actions document's examples, and the Async API. Lists print as the tables
//! `-o table` shows. No account, no network.

use std::process::ExitCode;
use std::time::Duration;

use telecrm_core::field::{Email, PhoneNumber};
use telecrm_core::vocab::{DateTime, TimeRange};
use telecrm_core::{
    ActionFilter, ActionUpdate, AsyncToken, BaseUrl, CreateActions, CreateLead, CreateTeamMember,
    CustomUpdate, Endpoint, EnterpriseId, GetLead, GetPipeline, IngestLead, LeadFields, LeadFilter,
    ListCustomActions, ListCustomFields, ListTeamMembers, NewActions, NewCustomAction, NewLead,
    NewTeamMember, PaymentStatus, PaymentUpdate, Role, SearchActions, SearchLeads, SyncToken,
    UpdateAction, UpdateLead, Workspace,
};
use telecrm_sandbox::{SEED_CUSTOM_ACTION, SEED_LEAD, SEED_PAYMENT_ACTION, Sandbox, SandboxConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::failure::{Failure, chain};
use crate::output;
use crate::render::{Format, print_value};

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
    println!(
        "TeleCRM API demo: metadata, team, leads, actions and the Async API, against a local sandbox."
    );
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
    let enterprise_id = enterprise.clone();
    let client = telecrm_hyper::Client::builder()
        .total_timeout(Duration::from_secs(10))
        .build()
        .and_then(|client| client.workspace(Workspace::new(token, enterprise).with_base_url(base)))
        .map_err(|e| Failure::Transport(chain(&e)))?;
    let (lead, custom) = crate::context::lead_and_action(SEED_LEAD, SEED_CUSTOM_ACTION)?;
    let (_, payment) = crate::context::lead_and_action(SEED_LEAD, SEED_PAYMENT_ACTION)?;
    let mut step = Steps(0);

    part("The workspace's metadata");
    step.next("Its fields: API names, types, the lead identifier, dropdown options");
    table(&client, &ListCustomFields::new()).await?;
    step.next("Its custom actions, by code");
    table(&client, &ListCustomActions::new()).await?;
    step.next("The lead stage pipeline");
    table(&client, &GetPipeline::new()).await?;

    part("The team");
    step.next("Add a caller (invited by email: no password given)");
    let member = NewTeamMember::new(
        "Asha Rao",
        "asha.rao@example.com"
            .parse::<Email>()
            .map_err(|e| fail(&e))?,
        "919876500001"
            .parse::<PhoneNumber>()
            .map_err(|e| fail(&e))?,
        Role::Caller,
    );
    table(&client, &CreateTeamMember::new(member)).await?;
    step.next("Every member, sorted by name");
    table(&client, &ListTeamMembers::new()).await?;

    part("Leads");
    step.next("Create a lead by its identifier, the phone");
    let fields = LeadFields::new()
        .text("name", "Ravi Kumar")
        .phone("phone", "919812345678".parse().map_err(|e| fail(&e))?);
    let created = table(&client, &CreateLead::new(NewLead::new(fields))).await?;
    step.next("Change one of its fields");
    let change = LeadFields::new().text("name", "Ravi K. Kumar");
    let update = UpdateLead::new(created.lead_id.clone(), change).map_err(|e| fail(&e))?;
    table(&client, &update).await?;
    step.next("Read it back");
    table(&client, &GetLead::new(created.lead_id.clone())).await?;

    part("Actions (the Update an action document's examples)");
    step.next("Update a custom action's note (the document's first example)");
    let code = "1001".parse().map_err(|e| fail(&e))?;
    let update = CustomUpdate::new(code).with_field("note", "Follow-up completed");
    let call = UpdateAction::new(lead.clone(), custom, update.into());
    send(&client, &call).await?;

    step.next("Mark a payment as completed (the document's second example)");
    let update = PaymentUpdate::with_status(PaymentStatus::COMPLETED);
    let call = UpdateAction::new(lead.clone(), payment, update.into());
    send(&client, &call).await?;

    step.next("Create a custom action, then update it by the ID the API returned");
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

    step.next("Search the timeline for outgoing calls in April 2026");
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
    println!();
    print_value(response.body(), Format::Table)
        .map_err(|e| Failure::Transport(format!("cannot write: {e}")))?;

    step.next("Try to change a payment's amount: refused before sending");
    println!("  body   {IMMUTABLE_BODY}");
    match ActionUpdate::from_json(IMMUTABLE_BODY.as_bytes()) {
        Err(err) => println!("  telecrm-core refuses it, nothing is sent: {err}"),
        Ok(_) => return Err(fail(&"the SDK accepted an immutable payment field")),
    }

    step.next("The same request sent raw, past the SDK: the sandbox answers 400");
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

    step.next("The payment as it stands: completed, amount unchanged");
    if let Some(state) = sandbox.action(SEED_LEAD, SEED_PAYMENT_ACTION) {
        print_indented(state.to_string().as_bytes());
    }

    part("The Async API: leads in bulk");
    step.next("Queue two leads (answered QUEUED at once; applied in the background)");
    let token = AsyncToken::new(sandbox.async_token()).map_err(|e| fail(&e))?;
    let base = BaseUrl::parse(&sandbox.async_base_url()).map_err(|e| fail(&e))?;
    let async_client = telecrm_hyper::Client::builder()
        .total_timeout(Duration::from_secs(10))
        .build()
        .and_then(|client| {
            client.workspace(Workspace::new(token, enterprise_id).with_base_url(base))
        })
        .map_err(|e| Failure::Transport(chain(&e)))?;
    for (name, phone) in [
        ("Meera Iyer", "919800000101"),
        ("Kabir Shah", "919800000102"),
    ] {
        let fields = LeadFields::new()
            .text("name", name)
            .phone("phone", phone.parse().map_err(|e| fail(&e))?);
        let lead = IngestLead::new(NewLead::new(fields), "phone").map_err(|e| fail(&e))?;
        println!(
            "  {} {}  {name}, {phone}",
            IngestLead::METHOD,
            IngestLead::ROUTE
        );
        let slot = async_client.slot().await;
        let response = async_client
            .send_in(slot, &lead)
            .await
            .map_err(|e| Failure::from_call(&e))?;
        print_indented(response.body());
    }
    sandbox.drain_ingest().await;
    step.next("Once applied, they are leads like any other");
    table(&client, &SearchLeads::new(LeadFilter::new())).await?;

    println!();
    println!("Done. Point the tool at a real account with TELECRM_TOKEN and TELECRM_ENTERPRISE_ID");
    println!("(`telecrm doctor` checks them); see `telecrm --help`.");
    Ok(())
}

/// The steps, numbered across the parts.
struct Steps(u32);

impl Steps {
    fn next(&mut self, title: &str) {
        self.0 += 1;
        println!();
        println!("Step {}. {title}", self.0);
    }
}

fn part(title: &str) {
    println!();
    println!("== {title} ==");
}

/// Sends `call` and prints its answer as a table (a list) or a key/value
/// view (one object), as `-o table` does.
async fn table<E>(client: &telecrm_hyper::WorkspaceClient, call: &E) -> Result<E::Response, Failure>
where
    E: Endpoint<Token = SyncToken> + Sync,
{
    println!("  {} {}", E::METHOD, E::ROUTE);
    let response = client
        .send_full(call)
        .await
        .map_err(|e| Failure::from_call(&e))?;
    println!();
    if !print_value(response.body(), Format::Table)
        .map_err(|e| Failure::Transport(format!("cannot write: {e}")))?
    {
        print_indented(response.body());
    }
    Ok(response.into_value())
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
