//! `telecrm action search`: one page as the API wrote it, or `--all` pages as
//! one JSON item per line.

use std::process::ExitCode;

use telecrm_core::vocab::{DateBound, TimeRange};
use telecrm_core::{ActionFilter, ActionType, LeadId, Paging, SearchActions};

use crate::cli::{OutputArgs, PageArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;
use crate::output;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
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

    #[command(flatten)]
    pub(crate) page: PageArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let (lead, filter, paging) = search_from_args(args)?;
    let search = SearchActions::new(lead, filter).with_paging(paging);
    if !args.page.all {
        return context.print(&search).await;
    }
    output::print_all_pages(context.client()?.pages(search), context.format).await?;
    Ok(ExitCode::SUCCESS)
}

/// Everything checked before a client exists.
fn search_from_args(args: &Args) -> Result<(LeadId, ActionFilter, Paging), Failure> {
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
    let paging = SearchActions::paging(args.page.skip, args.page.limit)
        .map_err(|e| Failure::usage(format!("--limit: {e}")))?;
    Ok((lead, filter, paging))
}
