//! `telecrm action search`: one page as the API wrote it, or `--all` pages as
//! one JSON item per line.

use std::process::ExitCode;

use telecrm_core::vocab::{DateBound, TimeRange};
use telecrm_core::{ActionFilter, ActionType, LeadId, Paging, SearchActions};

use crate::cli::{GlobalArgs, SearchArgs};
use crate::failure::Failure;
use crate::output;

pub(super) async fn run(global: &GlobalArgs, args: &SearchArgs) -> Result<ExitCode, Failure> {
    let (lead, filter, paging) = search_from_args(args)?;
    let client = crate::client(global)?;
    let search = SearchActions::new(lead, filter).with_paging(paging);
    if !args.all {
        output::send_and_print(&client, &search).await?;
        return Ok(ExitCode::SUCCESS);
    }
    output::print_all_pages(client.pages(search)).await?;
    Ok(ExitCode::SUCCESS)
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
