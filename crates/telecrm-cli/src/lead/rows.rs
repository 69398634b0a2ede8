//! Rows of leads from a file: JSON lines of `{"fields", "actions"}`, or CSV
//! with a header row of field API names. Shared by `lead create --batch` and
//! `lead ingest`.

use serde_json::{Map, Value};

use crate::batch;
use crate::failure::Failure;

/// One row: its line number, the lead as a JSON line, and the row as the
/// input wrote it (for a rejects file in the input's format).
pub(crate) struct Row {
    pub(crate) number: usize,
    pub(crate) json: String,
    pub(crate) original: String,
}

/// The rows, and the CSV header line when the input is CSV.
pub(crate) struct Rows {
    pub(crate) header: Option<String>,
    pub(crate) rows: Vec<Row>,
}

/// CSV by extension, or when the first line is not a JSON object.
pub(crate) fn is_csv(source: &str, text: &str) -> bool {
    source.to_ascii_lowercase().ends_with(".csv")
        || text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .is_some_and(|l| !l.starts_with('{'))
}

pub(crate) fn read(source: &str, text: &str) -> Result<Rows, Failure> {
    if is_csv(source, text) {
        return csv_rows(text);
    }
    Ok(Rows {
        header: None,
        rows: batch::numbered_lines(text)
            .into_iter()
            .map(|(number, line)| Row {
                number,
                original: line.clone(),
                json: line,
            })
            .collect(),
    })
}

/// One CSV record written back as a line.
fn csv_line(record: &csv::StringRecord) -> Result<String, Failure> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(record)
        .map_err(|e| Failure::usage(format!("CSV: {e}")))?;
    let bytes = writer
        .into_inner()
        .map_err(|e| Failure::usage(format!("CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).trim_end().to_owned())
}

/// Each CSV record as a `{"fields": {...}}` line, numbered by its line in the
/// file. Cells are strings; a column named `name:json` reads its cells as
/// JSON (numbers, arrays of tags); empty cells are left out.
fn csv_rows(text: &str) -> Result<Rows, Failure> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| Failure::usage(format!("CSV header: {e}")))?
        .clone();
    let columns: Vec<(String, bool)> = header
        .iter()
        .map(|h| match h.strip_suffix(":json") {
            Some(name) => (name.to_owned(), true),
            None => (h.to_owned(), false),
        })
        .collect();
    if columns.iter().any(|(name, _)| name.is_empty()) {
        return Err(Failure::usage(
            "CSV header: every column needs a field API name",
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Failure::usage(format!("CSV: {e}")))?;
        let number = record.position().map_or(0, |p| p.line() as usize);
        let mut fields = Map::new();
        for ((name, json), cell) in columns.iter().zip(record.iter()) {
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
        rows.push(Row {
            number,
            json: serde_json::json!({ "fields": fields }).to_string(),
            original: csv_line(&record)?,
        });
    }
    Ok(Rows {
        header: Some(csv_line(&header)?),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records_become_leads() {
        let rows = read(
            "leads.csv",
            "name,phone,deal_size:json,interests:json,city\n\
             Asha,919800000001,1000,\"[\"\"VIP\"\"]\",\n\
             \"Bala, Jr.\",919800000002,,,Pune\n",
        )
        .unwrap();
        let lines: Vec<_> = rows
            .rows
            .iter()
            .map(|r| (r.number, r.json.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (
                    2,
                    r#"{"fields":{"deal_size":1000,"interests":["VIP"],"name":"Asha","phone":"919800000001"}}"#
                ),
                (
                    3,
                    r#"{"fields":{"city":"Pune","name":"Bala, Jr.","phone":"919800000002"}}"#
                ),
            ]
        );
        assert_eq!(
            rows.header.as_deref(),
            Some("name,phone,deal_size:json,interests:json,city")
        );
        assert_eq!(rows.rows[1].original, "\"Bala, Jr.\",919800000002,,,Pune");
        assert!(read("-", "name,phone\nx\n").is_err(), "a short record");
        assert!(read("-", "n:json\n{\n").is_err(), "bad JSON cell");
        assert!(is_csv("leads.CSV", "{}"));
        assert!(is_csv("-", "name,phone\n"));
        assert!(!is_csv("-", "\n{\"fields\":{}}\n"));
        let jsonl = read("-", "\n{\"fields\":{}}\n").unwrap();
        assert_eq!((jsonl.header, jsonl.rows[0].number), (None, 2));
    }
}
