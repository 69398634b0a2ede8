//! `telecrm action create`: one action from flags, or the whole request as JSON.

use std::process::ExitCode;

use telecrm_core::vocab::PAYMENT_TYPE;
use telecrm_core::{
    Amount, CreateActions, CreatedActions, Currency, LeadId, NewAction, NewActions,
    NewCustomAction, NewPayment, PaymentStatus,
};

use crate::cli::{BodyArgs, OutputArgs, SchemaArgs, SyncArgs};
use crate::context::Context;
use crate::failure::{Failure, chain};
use crate::input;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["type", "body"])))]
pub(crate) struct Args {
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

    #[command(flatten)]
    pub(crate) body: BodyArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) schema: SchemaArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let actions = actions_from_args(args)?;
    let lead = LeadId::new(args.lead.as_str()).map_err(Failure::usage)?;
    let call = CreateActions::new(lead, actions);
    let created = context.send_and_print(&call).await?;
    report(&created)
}

/// A `200` may create nothing, or only some: say what was ignored and why on
/// stderr, and fail (exit 3) only when nothing was created.
fn report(created: &CreatedActions) -> Result<ExitCode, Failure> {
    let ignored: Vec<usize> = created.ignored().collect();
    if ignored.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut reasons = Vec::new();
    for index in &ignored {
        let remarks: Vec<String> = created
            .remarks_for(*index)
            .map(|r| format!("{}: {}", r.field, r.remark))
            .collect();
        reasons.push(if remarks.is_empty() {
            format!("actions[{index}]: ignored (no remark given)")
        } else {
            remarks.join("; ")
        });
    }
    // Remarks about nothing in particular are worth showing too.
    reasons.extend(
        created
            .remarks
            .iter()
            .filter(|r| r.entry().is_none())
            .map(|r| format!("{}: {}", r.field, r.remark)),
    );
    if created.none_created() {
        return Err(Failure::Api(format!(
            "no action was created: {}",
            reasons.join("; ")
        )));
    }
    for reason in reasons {
        eprintln!("telecrm: ignored: {reason}");
    }
    Ok(ExitCode::SUCCESS)
}

fn actions_from_args(args: &Args) -> Result<NewActions, Failure> {
    if let Some(body) = &args.body.body {
        let bytes = input::read_body(body)?;
        return NewActions::from_json(&bytes).map_err(|e| Failure::usage(chain(&e)));
    }
    let Some(ty) = &args.r#type else {
        return Err(Failure::usage("one of --type or --body is required"));
    };
    input::misspelt_payment(ty)?;
    // `payment` and `Payment` mean the one type there is: compared without case.
    let action = if ty.eq_ignore_ascii_case(PAYMENT_TYPE) {
        if !args.fields.is_empty() || !args.field_json.is_empty() {
            return Err(Failure::usage(
                "a payment has no fields: give --status, --currency and --amount",
            ));
        }
        let need = |value: &Option<String>, flag: &str| {
            value
                .clone()
                .ok_or_else(|| Failure::usage(format!("a new payment needs {flag}")))
        };
        NewAction::from(NewPayment::new(
            PaymentStatus::new(need(&args.status, "--status")?).map_err(Failure::usage)?,
            Currency::new(&need(&args.currency, "--currency")?).map_err(Failure::usage)?,
            Amount::new(need(&args.amount, "--amount")?).map_err(Failure::usage)?,
        ))
    } else {
        if args.status.is_some() || args.currency.is_some() || args.amount.is_some() {
            return Err(Failure::usage(
                "--status, --currency and --amount apply to payments only (--type PAYMENT)",
            ));
        }
        // Through the core's parser, so that a built-in or unknown type gets the
        // same precise error as it would in a --body.
        let NewAction::Custom(custom) =
            NewAction::from_value(serde_json::json!({ "type": ty })).map_err(Failure::usage)?
        else {
            return Err(Failure::usage(format!(
                "`{ty}` is not a custom action code"
            )));
        };
        let fields = input::fields_from_args(&args.fields, &args.field_json)?;
        NewAction::from(
            fields
                .into_iter()
                .fold(NewCustomAction::new(custom.code().clone()), |a, (k, v)| {
                    a.with_field(k, v)
                }),
        )
    };
    Ok(NewActions::one(action))
}
