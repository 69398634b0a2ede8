//! Reading what commands are given: `--field` pairs, `--body` (inline, a
//! file or stdin, bounded). Every rule is telecrm-core's; this module only
//! gathers the input.

use std::io::Read;

use serde_json::Value;
use telecrm_core::vocab::PAYMENT_TYPE;

use crate::failure::Failure;

/// `--field KEY=VALUE` (a string) and `--field-json KEY=JSON` (any value), in order.
pub(crate) fn fields_from_args(
    fields: &[String],
    field_json: &[String],
) -> Result<Vec<(String, Value)>, Failure> {
    let mut out = Vec::with_capacity(fields.len() + field_json.len());
    for pair in fields {
        let (key, value) = split_pair(pair, "--field")?;
        out.push((key.to_owned(), Value::from(value)));
    }
    for pair in field_json {
        let (key, json) = split_pair(pair, "--field-json")?;
        let value: Value = serde_json::from_str(json)
            .map_err(|e| Failure::usage(format!("--field-json {key}: not valid JSON: {e}")))?;
        out.push((key.to_owned(), value));
    }
    Ok(out)
}

fn split_pair<'a>(pair: &'a str, flag: &str) -> Result<(&'a str, &'a str), Failure> {
    match pair.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key, value)),
        _ => Err(Failure::usage(format!(
            "{flag} expects KEY=VALUE, got `{pair}`"
        ))),
    }
}

/// `--type` a letter or two from `PAYMENT` (`paymnt`): said, with the fix,
/// rather than refused as a malformed custom action code.
pub(crate) fn misspelt_payment(ty: &str) -> Result<(), Failure> {
    let upper = ty.to_ascii_uppercase();
    let custom =
        ty.bytes().next().is_some_and(|b| b.is_ascii_digit()) || upper.starts_with("ACTION_");
    let distance = telecrm_core::vocab::edit_distance(&upper, PAYMENT_TYPE);
    if !custom && (1..=2).contains(&distance) {
        return Err(Failure::usage(format!(
            "--type `{ty}`: did you mean PAYMENT? (or a custom action's code, such as 1001)"
        )));
    }
    Ok(())
}

/// The largest `--body` read from standard input or a file (1 MiB): one
/// request, never a whole export piped in by mistake.
pub(crate) const MAX_BODY: u64 = 1 << 20;

/// The bytes of `--body`: inline JSON, `@FILE`, or `-` for standard input,
/// at most [`MAX_BODY`] from a file or stdin (read no further).
pub(crate) fn read_body(body: &str) -> Result<Vec<u8>, Failure> {
    let (source, reader): (&str, Box<dyn Read>) = if body == "-" {
        ("stdin", Box::new(std::io::stdin()))
    } else if let Some(path) = body.strip_prefix('@') {
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::usage(format!("cannot read the body from {path}: {e}")))?;
        (path, Box::new(file))
    } else {
        return Ok(body.as_bytes().to_vec());
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_BODY + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::usage(format!("cannot read the body from {source}: {e}")))?;
    if bytes.len() as u64 > MAX_BODY {
        return Err(Failure::usage(format!(
            "the body from {source} is larger than {} MiB, the limit for --body; \
             for many requests use --batch",
            MAX_BODY >> 20
        )));
    }
    Ok(bytes)
}
