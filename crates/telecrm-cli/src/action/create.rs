//! `telecrm action create`: one action from flags, or the whole request as JSON.

use std::process::ExitCode;

use telecrm_core::vocab::PAYMENT_TYPE;
use telecrm_core::{
    Amount, CreateActions, CreatedActions, Currency, LeadId, NewAction, NewActions,
    NewCustomAction, NewPayment, PaymentStatus,
};

use crate::cli::{CreateArgs, GlobalArgs};
use crate::failure::{Failure, chain};
use crate::{input, output};

pub(super) async fn run(global: &GlobalArgs, args: &CreateArgs) -> Result<ExitCode, Failure> {
    let actions = actions_from_args(args)?;
    let lead = LeadId::new(args.lead.as_str()).map_err(Failure::usage)?;
    let client = crate::client(global)?;
    let call = CreateActions::new(lead, actions);
    let created = output::send_and_print(&client, &call).await?;
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

fn actions_from_args(args: &CreateArgs) -> Result<NewActions, Failure> {
    if let Some(body) = &args.body {
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
