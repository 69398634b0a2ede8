//! `telecrm action search`: one page as the API wrote it, or `--all` pages as
//! one JSON item per line.

use std::io::Write;
use std::process::ExitCode;

use serde::Deserialize;
use serde_json::value::RawValue;
use telecrm_core::time::{DateBound, TimeRange};
use telecrm_core::{ActionFilter, ActionType, LeadId, Paging, SearchActions};

use crate::cli::{GlobalArgs, SearchArgs};
use crate::failure::Failure;
use crate::output;

pub(super) async fn run(global: &GlobalArgs, args: &SearchArgs) -> Result<ExitCode, Failure> {
    let (lead, filter, paging) = search_from_args(args)?;
    let client = crate::client(global)?;
    let search = SearchActions::new(client.enterprise().clone(), lead, filter).with_paging(paging);
    if !args.all {
        output::send_and_print(&client, &search).await?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut pages = client.pages(search);
    let mut stdout = std::io::stdout().lock();
    while let Some(page) = pages.next_response().await {
        let response = page.map_err(|e| Failure::from_call(&e))?;
        // Items as the server wrote them, key order and all.
        let raw: RawPage<'_> = serde_json::from_slice(response.body())
            .map_err(|e| Failure::Transport(format!("cannot read the page: {e}")))?;
        for item in raw.data {
            writeln!(stdout, "{}", item.get())
                .map_err(|e| Failure::Transport(format!("cannot write the answer: {e}")))?;
        }
    }
    stdout
        .flush()
        .map_err(|e| Failure::Transport(format!("cannot write the answer: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Deserialize)]
struct RawPage<'a> {
    #[serde(borrow)]
    data: Vec<&'a RawValue>,
}

/// Everything checked before a client exists.
fn search_from_args(args: &SearchArgs) -> Result<(LeadId, ActionFilter, Paging), Failure> {
    let lead = LeadId::new(args.lead.as_str()).map_err(Failure::usage)?;
    let mut filter = ActionFilter::new();
    for ty in &args.types {
        filter = filter.with_type(ActionType::new(ty).map_err(Failure::usage)?);
    }
    let bound = |value: &Option<String>, flag: &str| -> Result<Option<DateBound>, Failure> {
        value
            .as_deref()
            .map(|v| {
                v.parse()
                    .map_err(|e| Failure::usage(format!("{flag}: {e}")))
            })
            .transpose()
    };
    let range = TimeRange {
        from: bound(&args.from, "--from")?,
        to: bound(&args.to, "--to")?,
    };
    if !range.is_open() {
        filter = filter.created(range);
    }
    for member in &args.performed_by {
        filter = filter.performed_by(member.clone());
    }
    let paging = SearchActions::paging(args.skip, args.limit)
        .map_err(|e| Failure::usage(format!("--limit: {e}")))?;
    Ok((lead, filter, paging))
}
