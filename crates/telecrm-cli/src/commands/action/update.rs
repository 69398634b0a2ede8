//! `telecrm action update`: one update from flags or JSON, or a batch of
//! `{"lead", "action", "update"}` lines, where lines for the same action go
//! in file order.

use std::process::ExitCode;

use serde::Deserialize;
use serde_json::{Map, Value};
use telecrm_core::vocab::PAYMENT_TYPE;
use telecrm_core::{
    ActionId, ActionUpdate, CustomActionCode, CustomUpdate, LeadId, PaymentStatus, PaymentUpdate,
    UpdateAction,
};

use crate::batch::{self, Answer, Content, Prepared, Record, Settings, Stop};
use crate::cli::{BatchArgs, BodyArgs, OutputArgs, SchemaArgs, SyncArgs};
use crate::context::{Context, lead_and_action};
use crate::failure::Failure;
use crate::input;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["type", "body", "batch"])))]
pub(crate) struct Args {
    /// The lead's ID.
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "batch",
        conflicts_with = "batch"
    )]
    pub(crate) lead: Option<String>,

    /// The action's ID.
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "batch",
        conflicts_with = "batch"
    )]
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

    #[command(flatten)]
    pub(crate) body: BodyArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) batch: BatchArgs,

    #[command(flatten)]
    pub(crate) schema: SchemaArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    if let Some(source) = &args.batch.batch {
        return run_batch(context, &args.batch, source).await;
    }
    // Everything is checked before the client exists, let alone a connection.
    let update = update_from_args(args)?;
    let (lead, action) = lead_and_action(
        args.lead.as_deref().unwrap_or_default(),
        args.action.as_deref().unwrap_or_default(),
    )?;
    context
        .print(&UpdateAction::new(lead, action, update))
        .await
}

/// The update described by `--type`/`--field`/`--field-json`/`--status` or `--body`.
fn update_from_args(args: &Args) -> Result<ActionUpdate, Failure> {
    for (flag, given) in [
        ("amount", &args.immutable_amount),
        ("currency", &args.immutable_currency),
        ("paymentid", &args.immutable_paymentid),
    ] {
        if given.is_some() {
            return Err(Failure::usage(format!(
                "--{flag}: a payment's {flag} cannot change after creation; only --status can be updated"
            )));
        }
    }
    if let Some(body) = &args.body.body {
        let bytes = input::read_body(body)?;
        return ActionUpdate::from_json(&bytes).map_err(Failure::usage);
    }
    let Some(ty) = &args.r#type else {
        return Err(Failure::usage(
            "one of --type, --body or --batch is required",
        ));
    };
    input::misspelt_payment(ty)?;
    // `payment` and `Payment` mean the one type there is: compared without case.
    if ty.eq_ignore_ascii_case(PAYMENT_TYPE) {
        if !args.fields.is_empty() || !args.field_json.is_empty() {
            return Err(Failure::usage(
                "a payment has no fields; only --status can be changed",
            ));
        }
        return Ok(match &args.status {
            Some(status) => PaymentUpdate::with_status(
                PaymentStatus::new(status.as_str()).map_err(Failure::usage)?,
            ),
            None => PaymentUpdate::new(),
        }
        .into());
    }
    if args.status.is_some() {
        return Err(Failure::usage(
            "--status applies to payments only (--type PAYMENT)",
        ));
    }
    // Through the core's parser, so that a built-in or unknown type gets the same
    // precise error as it would in a --body.
    let code = match ActionUpdate::from_value(serde_json::json!({ "type": ty })) {
        Ok(ActionUpdate::Custom(custom)) => custom.code().clone(),
        Ok(_) => CustomActionCode::new(ty).map_err(Failure::usage)?,
        Err(err) => return Err(Failure::usage(err)),
    };
    let update = input::fields_from_args(&args.fields, &args.field_json)?
        .into_iter()
        .fold(CustomUpdate::new(code), |update, (k, v)| {
            update.with_field(k, v)
        });
    Ok(update.into())
}

/// One line of an `action update` batch.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateLine {
    lead: LeadId,
    action: ActionId,
    update: ActionUpdate,
}

async fn run_batch(
    context: &Context,
    batch: &BatchArgs,
    source: &str,
) -> Result<ExitCode, Failure> {
    let input = batch::source::open(source, Some(false))?;
    let client = context.checked_client().await?;
    let settings = Settings::from_args(batch, true);
    let prepare =
        |record: &Record, _: &Content, _: &Stop| {
            let raw = record.text.as_str();
            let line: UpdateLine = match serde_json::from_str(raw) {
                Ok(line) => line,
                Err(err) => {
                    // The IDs, where the line is JSON enough to have them.
                    let ids: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
                    let id = |name: &str| ids.get(name).cloned().unwrap_or(Value::Null);
                    let key = match (id("lead"), id("action")) {
                        (Value::String(lead), Value::String(action)) => {
                            Some(format!("{lead}/{action}"))
                        }
                        _ => None,
                    };
                    let mut context = Map::new();
                    context.insert("lead".into(), id("lead"));
                    context.insert("action".into(), id("action"));
                    return Prepared::refused(key, context, err.to_string());
                }
            };
            let mut context = Map::new();
            context.insert("lead".into(), line.lead.as_str().into());
            context.insert("action".into(), line.action.as_str().into());
            // `lead/action`, without the formatting machinery (about 1,500
            // instructions a line for `format!`).
            let (lead, action) = (line.lead.as_str(), line.action.as_str());
            let mut key = String::with_capacity(lead.len() + 1 + action.len());
            key.push_str(lead);
            key.push('/');
            key.push_str(action);
            let key = Some(key);
            let client = client.clone();
            // The schema check runs in the send itself (the one door); a refusal
            // comes back as an input error, reported as refused.
            let task =
                Box::pin(async move {
                    let call = UpdateAction::new(line.lead, line.action, line.update);
                    Answer::Done(client.send_full(&call).await.map(|response| {
                        serde_json::from_slice(response.body()).unwrap_or(Value::Null)
                    }))
                });
            // An update sets the same values again when repeated: an answer
            // lost is a failure a re-run retries, not a line in doubt.
            Prepared::send_idempotent(key, context, task)
        };
    batch::run_records(settings, input, prepare, |_, _| {}).await
}
