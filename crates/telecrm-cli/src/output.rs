//! Writing JSON to stdout: pretty on a terminal, one line otherwise, and in
//! the order the API wrote it.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::failure::Failure;
use crate::render::Format;

/// Re-serialises `body` without going through a map, so keys stay in the
/// server's order (a `serde_json::Value` would sort them).
pub(crate) fn reformat(body: &[u8], pretty: bool) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(body.len() + 16);
    let mut de = serde_json::Deserializer::from_slice(body);
    if pretty {
        let mut ser = serde_json::Serializer::pretty(&mut out);
        serde_transcode::transcode(&mut de, &mut ser)?;
    } else {
        let mut ser = serde_json::Serializer::new(&mut out);
        serde_transcode::transcode(&mut de, &mut ser)?;
    }
    de.end()?;
    Ok(out)
}

/// Prints an API answer in `format`: JSON reformatted (pretty on a
/// terminal), a body that is not JSON as it came.
pub(crate) fn print_body(body: &[u8], format: Format) -> std::io::Result<()> {
    if crate::render::print_value(body, format)? {
        return Ok(());
    }
    let pretty = std::io::stdout().is_terminal();
    let text = reformat(body, pretty).unwrap_or_else(|_| body.to_vec());
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&text)?;
    stdout.write_all(b"\n")?;
    stdout.flush()
}

/// Writes generated text (a completion script, the manual) to stdout.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<ExitCode, Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::Transport(format!("cannot write stdout: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// `value` as one line of JSON, newline included.
pub(crate) fn json_line<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut line = Vec::with_capacity(256);
    serde_json::to_writer(&mut line, value)?;
    line.push(b'\n');
    Ok(line)
}

/// Prints one JSON value on one line (batch results) in one write.
///
/// The line is serialised into a buffer first, then handed to stdout whole:
/// serialising straight into stdout makes one small write per token, each
/// through stdout's lock and line buffer (about 9,000 instructions for a
/// batch result line). stdout stays line-buffered, so the line is on its way
/// when this returns, and lines from concurrent tasks never interleave.
/// Any `Serialize` value will do: a struct borrowing the line's parts costs
/// less than building a `serde_json::Value` to print.
pub(crate) fn print_line<T: serde::Serialize + ?Sized>(value: &T) -> std::io::Result<()> {
    let line = json_line(value)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&line)?;
    stdout.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_values() {
        let body =
            br#"{ "type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000" }"#;
        assert_eq!(
            reformat(body, false).unwrap(),
            br#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}"#
        );
        let pretty = String::from_utf8(reformat(body, true).unwrap()).unwrap();
        assert!(
            pretty.starts_with("{\n  \"type\": \"PAYMENT\",\n  \"status\""),
            "{pretty}"
        );
    }

    #[test]
    fn a_line_is_the_compact_json_and_one_newline() {
        let value = serde_json::json!({"line": 3, "ok": true, "result": {"type": "1001"}});
        let line = json_line(&value).unwrap();
        assert_eq!(
            line,
            b"{\"line\":3,\"ok\":true,\"result\":{\"type\":\"1001\"}}\n"
        );
        assert_eq!(line.iter().filter(|b| **b == b'\n').count(), 1);
    }

    #[test]
    fn refuses_trailing_garbage() {
        assert!(reformat(b"{} x", false).is_err());
    }
}

#[derive(serde::Deserialize)]
struct RawPage<'a> {
    #[serde(borrow)]
    data: Vec<&'a serde_json::value::RawValue>,
}

/// Follows every page and prints each item on its own line, as the server
/// wrote it (key order and all).
pub(crate) async fn print_all_pages<E, T>(
    mut pages: telecrm_hyper::Pages<E, T>,
    format: Format,
) -> Result<(), Failure>
where
    E: telecrm_core::Paginated<T> + telecrm_core::Endpoint<Token = telecrm_core::SyncToken> + Sync,
    T: PartialEq + Clone,
{
    let cannot_write =
        |e: std::io::Error| Failure::Transport(format!("cannot write the answer: {e}"));
    if !matches!(format, Format::Json | Format::Jsonl) {
        // A table's columns are as wide as their widest cell: shown at the end.
        let mut items = Vec::new();
        while let Some(page) = pages.next_response().await {
            let response = page.map_err(|e| Failure::from_call(&e))?;
            let page: serde_json::Value = serde_json::from_slice(response.body())
                .map_err(|e| Failure::Transport(format!("cannot read the page: {e}")))?;
            if let Some(serde_json::Value::Array(data)) = page.get("data") {
                items.extend(data.iter().cloned());
            }
        }
        return crate::render::print_items(&items, format).map_err(cannot_write);
    }
    let mut stdout = std::io::stdout().lock();
    while let Some(page) = pages.next_response().await {
        let response = page.map_err(|e| Failure::from_call(&e))?;
        let raw: RawPage<'_> = serde_json::from_slice(response.body())
            .map_err(|e| Failure::Transport(format!("cannot read the page: {e}")))?;
        for item in raw.data {
            // One line each, whatever the server's spacing; keys in its order.
            let line = reformat(item.get().as_bytes(), false)
                .map_err(|e| Failure::Transport(format!("cannot read the page: {e}")))?;
            stdout.write_all(&line).map_err(cannot_write)?;
            stdout.write_all(b"\n").map_err(cannot_write)?;
        }
    }
    stdout.flush().map_err(cannot_write)
}
