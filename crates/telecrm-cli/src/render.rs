//! How answers are shown: `-o table|json|jsonl|csv`.
//!
//! On a terminal, lists print as aligned tables with the columns people look
//! for (IDs first) and a single object as a key/value view; when stdout is
//! not a terminal, JSON stays the default, so scripts do not break. The
//! shape of an answer (a page of leads, a timeline, team members, custom
//! fields, custom actions, the pipeline) decides the columns.

use std::io::{IsTerminal, Write};

use serde_json::Value;

/// The `-o` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Aligned columns for lists, key/value lines for one object.
    Table,
    /// The API's JSON as received (pretty on a terminal).
    Json,
    /// One JSON object per line: each item of a list.
    Jsonl,
    /// Comma-separated values with a header: the table's columns.
    Csv,
}

/// The format of a run: the flag, else a table on a terminal and JSON
/// elsewhere (so that scripts reading a pipe get what they always got).
pub(crate) fn chosen(flag: Option<Format>) -> Format {
    flag.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    })
}

/// One column: its header, and where its value is in an item (the first of
/// the paths that holds one).
struct Column {
    header: &'static str,
    paths: &'static [&'static str],
}

const fn column(header: &'static str, paths: &'static [&'static str]) -> Column {
    Column { header, paths }
}

const LEADS: &[Column] = &[
    column("ID", &["id", "_id", "lead_id"]),
    column("NAME", &["fields.name"]),
    column("PHONE", &["fields.phone"]),
    column("STATUS", &["status", "fields.status"]),
    column("ASSIGNEE", &["employeeid", "fields.assignee"]),
    column("CREATED", &["fields.created_on", "created_on"]),
];

const TIMELINE: &[Column] = &[
    column("ID", &["id", "_id", "action_id"]),
    column("TYPE", &["type"]),
    column("CREATED", &["creationTimestamp", "created_on"]),
    column("BY", &["employeeid", "performed_by"]),
    column("STATUS", &["status"]),
    column("AMOUNT", &["amount"]),
    column("CURRENCY", &["currency"]),
    column("FIELDS", &["fields"]),
];

const TEAM: &[Column] = &[
    column("ID", &["id", "_id"]),
    column("NAME", &["name"]),
    column("EMAIL", &["email"]),
    column("STATUS", &["status"]),
    column("ROLE", &["role"]),
    column("PHONE", &["phone_number"]),
    column("MANAGER", &["manager_email"]),
];

const FIELDS: &[Column] = &[
    column("API NAME", &["apiName"]),
    column("TYPE", &["type"]),
    column("ID", &["id"]),
    column("IDENTIFIER", &["isLeadid"]),
    column("OPTIONS", &["options"]),
];

const ACTIONS: &[Column] = &[
    column("CODE", &["code"]),
    column("NAME", &["displayName"]),
    column("FIELDS", &["fieldSchema"]),
];

const STAGES: &[Column] = &[
    column("STAGE", &["stageType"]),
    column("ACTIVE", &["activeStatuses"]),
    column("ARCHIVED", &["archivedStatuses"]),
];

const STATUSES: &[Column] = &[
    column("STATUS", &["label"]),
    column("ARCHIVED", &["archived", "isArchived"]),
];

/// The list an answer holds, and its columns, by its shape.
fn list(value: &Value) -> Option<(&[Value], &'static [Column])> {
    let (key, columns) = list_key(value)?;
    let Some(Value::Array(items)) = value.get(key) else {
        return None;
    };
    Some((items, columns.unwrap_or_else(|| columns_of(items))))
}

/// Under which key an answer holds its list, and the list's columns when
/// the key decides them (a page's depend on its items).
fn list_key(value: &Value) -> Option<(&'static str, Option<&'static [Column]>)> {
    let object = value.as_object()?;
    for (key, columns) in [
        ("customFields", FIELDS),
        ("customActions", ACTIONS),
        ("leadStages", STAGES),
        ("statuses", STATUSES),
    ] {
        if let Some(Value::Array(_)) = object.get(key) {
            return Some((key, Some(columns)));
        }
    }
    matches!(object.get("data"), Some(Value::Array(_))).then_some(("data", None))
}

/// `-o jsonl`: each item of the list on its own line, or the one object, as
/// the server wrote them (key order included; a `Value` would sort keys).
fn write_jsonl(out: &mut impl Write, body: &[u8], key: Option<&str>) -> std::io::Result<()> {
    let compact = |raw: &[u8]| {
        crate::output::reformat(raw, false)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    };
    let Some(key) = key else {
        out.write_all(&compact(body)?)?;
        return out.write_all(b"\n");
    };
    let object: std::collections::HashMap<String, &serde_json::value::RawValue> =
        serde_json::from_slice(body)?;
    let items: Vec<&serde_json::value::RawValue> = match object.get(key) {
        Some(raw) => serde_json::from_str(raw.get())?,
        None => Vec::new(),
    };
    for item in items {
        out.write_all(&compact(item.get().as_bytes())?)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A page's columns, by what its items look like.
fn columns_of(items: &[Value]) -> &'static [Column] {
    let first = items.first().and_then(Value::as_object);
    match first {
        Some(item) if item.contains_key("email") => TEAM,
        Some(item) if item.contains_key("type") => TIMELINE,
        _ => LEADS,
    }
}

/// Items of a `--all` run, shown at the end in the chosen format (JSON:
/// one item per line, as before).
pub(crate) fn print_items(items: &[Value], format: Format) -> std::io::Result<()> {
    let columns = columns_of(items);
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json | Format::Jsonl => {
            for item in items {
                serde_json::to_writer(&mut out, item)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Table => write_table(&mut out, items, columns)?,
        Format::Csv => write_csv(&mut out, items, columns)?,
    }
    out.flush()
}

/// Prints an answer in a format other than JSON; `false` when the body is
/// not JSON (the caller prints it as received).
pub(crate) fn print_value(body: &[u8], format: Format) -> std::io::Result<bool> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Ok(false);
    };
    let mut out = std::io::stdout().lock();
    match (format, list(&value)) {
        (Format::Json, _) => return Ok(false),
        (Format::Table, Some((items, columns))) => write_table(&mut out, items, columns)?,
        (Format::Csv, Some((items, columns))) => write_csv(&mut out, items, columns)?,
        (Format::Jsonl, _) => write_jsonl(&mut out, body, list_key(&value).map(|(key, _)| key))?,
        (Format::Table, None) => write_pairs(&mut out, &value, "  ")?,
        (Format::Csv, None) => {
            writeln!(out, "key,value")?;
            let mut pairs = Vec::new();
            flatten(&value, "", &mut pairs);
            for (key, text) in pairs {
                writeln!(out, "{},{}", csv_cell(&key), csv_cell(&text))?;
            }
        }
    }
    out.flush()?;
    Ok(true)
}

/// The text of a cell: strings as they are, times (ms) as UTC dates, lists
/// of labels joined, objects as compact JSON.
fn cell(item: &Value, column: &Column) -> String {
    let found = column.paths.iter().find_map(|path| {
        let mut at = item;
        for key in path.split('.') {
            at = at.get(key)?;
        }
        (!at.is_null()).then_some(at)
    });
    let Some(value) = found else {
        return String::new();
    };
    let is_time = matches!(column.header, "CREATED");
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) if is_time => n.as_i64().map(utc).unwrap_or_else(|| n.to_string()),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                Value::Object(o) => o
                    .get("label")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| i.to_string()),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(object) if column.header == "FIELDS" => {
            object.keys().cloned().collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

/// `2026-03-01 09:00` (UTC) from Unix milliseconds.
fn utc(millis: i64) -> String {
    let seconds = millis.div_euclid(1000);
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60
    )
}

fn bold(text: &str) -> String {
    if std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
    {
        format!("\u{1b}[1m{text}\u{1b}[0m")
    } else {
        text.to_owned()
    }
}

fn write_table(out: &mut impl Write, items: &[Value], columns: &[Column]) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| columns.iter().map(|c| one_line(&cell(item, c))).collect())
        .collect();
    // Columns no row fills are left out.
    let shown: Vec<usize> = (0..columns.len())
        .filter(|&i| i == 0 || rows.iter().any(|r| !r[i].is_empty()))
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([columns[i].header.len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = shown.iter().map(|&i| width(i)).collect();
    let line = |cells: Vec<String>| {
        let mut text = String::new();
        for (n, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if n + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let pad = w.saturating_sub(cell.chars().count()) + 2;
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
        }
        text.trim_end().to_owned()
    };
    let header = line(
        shown
            .iter()
            .map(|&i| columns[i].header.to_owned())
            .collect(),
    );
    writeln!(out, "{}", bold(&header))?;
    for row in &rows {
        writeln!(
            out,
            "{}",
            line(shown.iter().map(|&i| row[i].clone()).collect())
        )?;
    }
    if rows.is_empty() {
        writeln!(out, "(none)")?;
    }
    Ok(())
}

fn write_csv(out: &mut impl Write, items: &[Value], columns: &[Column]) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(columns.iter().map(|c| c.header))?;
    for item in items {
        writer.write_record(columns.iter().map(|c| cell(item, c)))?;
    }
    writer.flush()
}

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r', '\t'], " ")
}

/// `key  value` lines for one object, nested keys as `a.b`.
fn write_pairs(out: &mut impl Write, value: &Value, gap: &str) -> std::io::Result<()> {
    let mut pairs = Vec::new();
    flatten(value, "", &mut pairs);
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, text) in pairs {
        writeln!(
            out,
            "{}{gap}{}",
            bold(&format!("{key:<width$}")),
            one_line(&text)
        )?;
    }
    Ok(())
}

fn flatten(value: &Value, prefix: &str, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Object(object) if !object.is_empty() => {
            for (key, inner) in object {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(inner, &path, pairs);
            }
        }
        Value::String(s) => pairs.push((prefix.to_owned(), s.clone())),
        other => pairs.push((prefix.to_owned(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn dates_are_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00");
        assert_eq!(utc(1_772_355_600_000), "2026-03-01 09:00");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00");
    }

    #[test]
    fn lead_pages_show_the_columns_people_look_for() {
        let page = json!({"data": [
            {"id": "69a3ff90a1b2c3d4e5f60718", "status": "Contacted",
             "fields": {"name": "Jane", "phone": "919999999999", "created_on": 1_772_355_600_000_i64}},
            {"_id": "603d2b2f9b1e8a001c8e4f5c", "fields": {"name": "Ravi\nKumar", "status": "Won"}}
        ]});
        let (items, columns) = list(&page).unwrap();
        let mut out = Vec::new();
        write_table(&mut out, items, columns).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(
            lines[0],
            "ID                        NAME        PHONE         STATUS     CREATED"
        );
        assert_eq!(
            lines[1],
            "69a3ff90a1b2c3d4e5f60718  Jane        919999999999  Contacted  2026-03-01 09:00"
        );
        assert_eq!(
            lines[2],
            "603d2b2f9b1e8a001c8e4f5c  Ravi Kumar                Won"
        );
    }

    #[test]
    fn csv_quotes_what_it_must() {
        let page = json!({"data": [{"email": "a@b.c", "name": "Doe, Jane", "status": "Active"}]});
        let (items, columns) = list(&page).unwrap();
        let mut out = Vec::new();
        write_csv(&mut out, items, columns).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().nth(1).unwrap(),
            ",\"Doe, Jane\",a@b.c,Active,,,"
        );
    }
}
