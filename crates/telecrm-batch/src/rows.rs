//! Rows of leads: JSON lines of `{"fields", "actions"}`, or CSV with a
//! header row of field API names, read by the engine's streaming source.
//! Shared by every door that sends leads: `lead create --batch` and `lead
//! ingest` in the CLI, Python's and Node's `Ingest`.
//!
//! CSV cells are strings; a column named `name:json` reads its cells as JSON
//! (numbers, arrays of tags); empty cells are left out; columns whose name
//! starts with `#` are ignored (a rejects file's `#line` and `#reason`). A
//! `:json` cell with a key twice or an integer past 64 bits is refused, as a
//! JSON line is.

use serde_json::{Map, Value};

use crate::source::{Content, Record};

/// The lead a record describes, as a JSON line, or why it cannot be one.
pub fn lead_json(
    columns: Option<&[String]>,
    record: &Record,
    content: &Content,
) -> Result<String, String> {
    let (Content::Csv(cells), Some(columns)) = (content, columns) else {
        return Ok(record.text.clone());
    };
    let mut fields = Map::new();
    for (column, cell) in columns.iter().zip(cells) {
        if cell.is_empty() || column.starts_with('#') {
            continue;
        }
        let value = match column.strip_suffix(":json") {
            Some(name) => {
                crate::json::check(cell).map_err(|e| format!("column {name}: {e}"))?;
                (
                    name,
                    serde_json::from_str(cell)
                        .map_err(|e| format!("column {name}: not valid JSON: {e}"))?,
                )
            }
            None => (column.as_str(), Value::from(cell.as_str())),
        };
        fields.insert(value.0.to_owned(), value.1);
    }
    Ok(serde_json::json!({ "fields": fields }).to_string())
}

/// A lead's key for ordering: its identifier's value, when the row has one.
pub fn identifier_key(json: &str, identifier: &str) -> Option<String> {
    let value: Value = serde_json::from_str(json).ok()?;
    match value.get("fields")?.get(identifier)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records_become_leads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leads.csv");
        std::fs::write(
            &path,
            "name,phone,deal_size:json,interests:json,city,#reason\n\
             Asha,919800000001,1000,\"[\"\"VIP\"\"]\",,x\n\
             \"Bala, Jr.\",919800000002,,,Pune,\n\
             Bad,919800000003,{,,,\n\
             Big,919800000004,123456789012345678901234,,,\n",
        )
        .unwrap();
        let mut input = crate::source::open(path.to_str().unwrap(), None).unwrap();
        let columns = input.columns().map(<[String]>::to_vec);
        let got: Vec<_> = input
            .by_ref()
            .map(|r| (r.line, lead_json(columns.as_deref(), &r, &r.content)))
            .collect();
        assert_eq!(
            got[0],
            (
                2,
                Ok(r#"{"fields":{"deal_size":1000,"interests":["VIP"],"name":"Asha","phone":"919800000001"}}"#.to_owned())
            )
        );
        assert_eq!(
            got[1],
            (
                3,
                Ok(
                    r#"{"fields":{"city":"Pune","name":"Bala, Jr.","phone":"919800000002"}}"#
                        .to_owned()
                )
            )
        );
        assert!(got[2].1.as_ref().unwrap_err().contains("column deal_size"));
        let big = got[3].1.as_ref().unwrap_err();
        assert!(big.contains("column deal_size: the integer 1234"), "{big}");
        assert_eq!(
            identifier_key(got[0].1.as_ref().unwrap(), "phone").as_deref(),
            Some("919800000001")
        );
        assert_eq!(identifier_key("{\"fields\":{}}", "phone"), None);
    }
}
