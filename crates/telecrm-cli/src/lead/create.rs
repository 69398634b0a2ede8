//! `telecrm lead create`: one lead from flags or JSON, or a batch from JSON
//! lines or CSV.
//!
//! A batch line whose lead already exists (the API's `409
//! LEAD_ALREADY_EXISTS` for its identifier) is reported as existing and
//! journaled, not as a failure: that is what a re-run after an interruption
//! meets for the line that was in flight, and no lead is ever created twice.

use std::process::ExitCode;

use serde_json::{Map, Value};
use telecrm_core::{CreateLead, CreatedLead, ErrorCode, NewLead};

use crate::batch::{self, Item, Settings};
use crate::cli::{GlobalArgs, LeadCreateArgs};
use crate::failure::{Failure, chain};
use crate::{input, output};

pub(super) async fn run(global: &GlobalArgs, args: &LeadCreateArgs) -> Result<ExitCode, Failure> {
    if let Some(source) = &args.batch {
        return run_batch(global, args, source).await;
    }
    let lead = match &args.body {
        Some(body) => {
            NewLead::from_json(&input::read_body(body)?).map_err(|e| Failure::usage(chain(&e)))?
        }
        None => NewLead::new(super::fields_from_args(&args.fields)?),
    };
    let client = crate::client(global)?;
    if let Some(identifier) = client.lead_identifier() {
        lead.check_identifier(identifier).map_err(Failure::usage)?;
    }
    if let Some(schema) = crate::schema(&client).await? {
        for warning in schema.check_new_lead(&lead).map_err(Failure::usage)? {
            eprintln!("telecrm: warning: {}: {}", warning.field, warning.message);
        }
    }
    let call = CreateLead::new(client.enterprise().clone(), lead);
    let created = output::send_and_print(&client, &call).await?;
    for reason in ignored(&created) {
        eprintln!("telecrm: ignored: {reason}");
    }
    Ok(ExitCode::SUCCESS)
}

/// What the API ignored, one line each.
fn ignored(created: &CreatedLead) -> Vec<String> {
    created
        .remarks
        .iter()
        .map(|r| format!("{}: {}", r.field, r.remark))
        .collect()
}

async fn run_batch(
    global: &GlobalArgs,
    args: &LeadCreateArgs,
    source: &str,
) -> Result<ExitCode, Failure> {
    let text = batch::read_input(source)?;
    let lines = if is_csv(source, &text) {
        csv_lines(&text)?
    } else {
        batch::numbered_lines(&text)
    };
    let client = crate::client(global)?;
    let schema = crate::schema(&client).await?;
    let settings = Settings {
        concurrency: args.concurrency as usize,
        journal: args.journal.as_deref(),
    };
    batch::run_lines(settings, lines, |_, raw| {
        let invalid = |failure| Item::Invalid {
            context: Map::new(),
            failure,
        };
        let lead = match NewLead::from_json(raw.as_bytes()) {
            Ok(lead) => lead,
            Err(err) => return invalid(Failure::usage(chain(&err))),
        };
        if let Some(identifier) = client.lead_identifier()
            && let Err(err) = lead.check_identifier(identifier)
        {
            return invalid(Failure::usage(err));
        }
        if let Some(schema) = &schema
            && let Err(err) = schema.check_new_lead(&lead)
        {
            return invalid(Failure::usage(err));
        }
        let client = client.clone();
        let task = Box::pin(async move {
            let call = CreateLead::new(client.enterprise().clone(), lead);
            match client.send_raw(&call).await {
                Ok(response) => Ok(serde_json::from_slice(response.body()).unwrap_or(Value::Null)),
                Err(err)
                    if err
                        .api_error()
                        .is_some_and(|api| *api.code() == ErrorCode::LeadAlreadyExists) =>
                {
                    Ok(serde_json::json!({"existed": true}))
                }
                Err(err) => Err(Failure::from_call(&err)),
            }
        });
        Item::Send {
            context: Map::new(),
            task,
        }
    })
    .await
}

/// CSV by extension, or when the first line is not a JSON object.
fn is_csv(source: &str, text: &str) -> bool {
    source.to_ascii_lowercase().ends_with(".csv")
        || text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .is_some_and(|l| !l.starts_with('{'))
}

/// Each CSV record as a `{"fields": {...}}` line, numbered by its line in the
/// file. Cells are strings; a column named `name:json` reads its cells as
/// JSON (numbers, arrays of tags); empty cells are left out.
fn csv_lines(text: &str) -> Result<Vec<(usize, String)>, Failure> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<(String, bool)> = reader
        .headers()
        .map_err(|e| Failure::usage(format!("CSV header: {e}")))?
        .iter()
        .map(|h| match h.strip_suffix(":json") {
            Some(name) => (name.to_owned(), true),
            None => (h.to_owned(), false),
        })
        .collect();
    if headers.iter().any(|(name, _)| name.is_empty()) {
        return Err(Failure::usage(
            "CSV header: every column needs a field API name",
        ));
    }
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Failure::usage(format!("CSV: {e}")))?;
        let number = record.position().map_or(0, |p| p.line() as usize);
        let mut fields = Map::new();
        for ((name, json), cell) in headers.iter().zip(record.iter()) {
            if cell.is_empty() {
                continue;
            }
            let value = if *json {
                serde_json::from_str(cell).map_err(|e| {
                    Failure::usage(format!(
                        "CSV line {number}, column {name}: not valid JSON: {e}"
                    ))
                })?
            } else {
                Value::from(cell)
            };
            fields.insert(name.clone(), value);
        }
        lines.push((number, serde_json::json!({ "fields": fields }).to_string()));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records_become_leads() {
        let lines = csv_lines(
            "name,phone,deal_size:json,interests:json,city\n\
             Asha,919800000001,1000,\"[\"\"VIP\"\"]\",\n\
             \"Bala, Jr.\",919800000002,,,Pune\n",
        )
        .unwrap();
        assert_eq!(
            lines,
            [
                (2, r#"{"fields":{"deal_size":1000,"interests":["VIP"],"name":"Asha","phone":"919800000001"}}"#.to_owned()),
                (3, r#"{"fields":{"city":"Pune","name":"Bala, Jr.","phone":"919800000002"}}"#.to_owned()),
            ]
        );
        assert!(csv_lines("name,phone\nx\n").is_err(), "a short record");
        assert!(csv_lines("n:json\n{\n").is_err(), "bad JSON cell");
        assert!(is_csv("leads.CSV", "{}"));
        assert!(is_csv("-", "name,phone\n"));
        assert!(!is_csv("-", "\n{\"fields\":{}}\n"));
    }
}
