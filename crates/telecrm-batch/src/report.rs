//! One line's report, as the CLI prints it for each line of a batch and any
//! door may render it.

use serde_json::{Map, Value};

/// What a line came to, in its report: the answer, or an error.
#[derive(Debug, Clone, Copy)]
pub enum LineOutcome<'a> {
    /// Applied: the API's answer (JSON `null` when the door keeps none).
    Result(&'a Value),
    /// Not applied: the kind (`invalid`, `api`, `transport`, `in_doubt`,
    /// `blocked`) and one line saying why.
    Error {
        /// The kind, as a word.
        kind: &'a str,
        /// Why, in a line.
        message: &'a str,
    },
}

/// The `{kind, message}` of a line's error, keys in the order a `Map`
/// prints them.
#[derive(serde::Serialize)]
struct ErrorEntry<'a> {
    kind: &'a str,
    message: &'a str,
}

/// One line's report: its number, its context (the IDs), `ok`, and the
/// answer or the error, printed straight from borrowed parts, with nothing
/// built, cloned or dropped per line.
///
/// The bytes are those of the `Map` it stands for (`line`, the context's
/// entries over it, then `ok` and `result` or `error` over those): the keys
/// in a `Map`'s order, which is sorted (serde_json without
/// `preserve_order`; the context is a sorted `Map` too, so one merge keeps
/// the order). A test compares the two for every kind of key.
#[derive(Debug, Clone, Copy)]
pub struct LineReport<'a> {
    /// The line the record starts on.
    pub line: usize,
    /// What the door said of the line when it prepared it (its IDs).
    pub context: &'a Map<String, Value>,
    /// The answer or the error.
    pub outcome: LineOutcome<'a>,
}

/// One of the report's own entries.
enum Own<'a> {
    Line(usize),
    Ok(bool),
    Result(&'a Value),
    Error(ErrorEntry<'a>),
}

impl Own<'_> {
    fn key(&self) -> &'static str {
        match self {
            Self::Line(_) => "line",
            Self::Ok(_) => "ok",
            Self::Result(_) => "result",
            Self::Error(_) => "error",
        }
    }
}

impl serde::Serialize for LineReport<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        // The report's own entries, sorted by key; `line` gives way to a
        // context entry of that name, the others override the context's.
        let (ok, last) = match &self.outcome {
            LineOutcome::Result(value) => (true, Own::Result(value)),
            LineOutcome::Error { kind, message } => {
                (false, Own::Error(ErrorEntry { kind, message }))
            }
        };
        let line = (!self.context.contains_key("line")).then_some(Own::Line(self.line));
        let own: [Option<Own<'_>>; 3] = match last {
            Own::Error(error) => [Some(Own::Error(error)), line, Some(Own::Ok(ok))],
            other => [line, Some(Own::Ok(ok)), Some(other)],
        };
        let mut own = own.into_iter().flatten().peekable();
        let overridden = |key: &str| key == "ok" || key == "result" && ok || key == "error" && !ok;
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in self.context {
            if overridden(key) {
                continue;
            }
            while let Some(entry) = own.next_if(|entry| entry.key() < key.as_str()) {
                serialize_own(&mut map, &entry)?;
            }
            map.serialize_entry(key, value)?;
        }
        for entry in own {
            serialize_own(&mut map, &entry)?;
        }
        map.end()
    }
}

fn serialize_own<M: serde::ser::SerializeMap>(
    map: &mut M,
    entry: &Own<'_>,
) -> Result<(), M::Error> {
    match entry {
        Own::Line(line) => map.serialize_entry("line", line),
        Own::Ok(ok) => map.serialize_entry("ok", ok),
        Own::Result(value) => map.serialize_entry("result", value),
        Own::Error(error) => map.serialize_entry("error", error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn json_line<T: serde::Serialize>(value: &T) -> Vec<u8> {
        serde_json::to_vec(value).unwrap()
    }

    /// The report as it was built before: a `Map` per line.
    fn as_map(line: usize, context: &Map<String, Value>, outcome: &LineOutcome<'_>) -> Value {
        let mut map = Map::new();
        map.insert("line".into(), line.into());
        map.extend(context.clone());
        match outcome {
            LineOutcome::Result(value) => {
                map.insert("ok".into(), true.into());
                map.insert("result".into(), (*value).clone());
            }
            LineOutcome::Error { kind, message } => {
                map.insert("ok".into(), false.into());
                map.insert("error".into(), json!({"kind": kind, "message": message}));
            }
        }
        Value::Object(map)
    }

    #[test]
    fn a_line_report_prints_as_the_map_it_replaces() {
        let result = json!({"type": "1001", "fields": {"note": "x"}, "a": [1, 2.5, null]});
        let outcomes = [
            LineOutcome::Result(&result),
            LineOutcome::Result(&Value::Null),
            LineOutcome::Error {
                kind: "api",
                message: "404 ACTION_NOT_FOUND: \"quoted\"",
            },
        ];
        let contexts = [
            json!({}),
            json!({"lead": "603d2b2f9b1e8a001c8e4f5c", "action": "603d2b2f9b1e8a001c8e4f5e"}),
            json!({"lead": null, "action": 7}),
            // Keys before, between and after the report's own, and equal to them.
            json!({"a": 1, "f": 2, "m": 3, "p": 4, "z": 5, "": 6}),
            json!({"line": "mine", "ok": "mine", "result": "mine", "error": "mine"}),
            json!({"errors": 1, "lines": 2, "oks": 3, "results": 4, "l": 5}),
        ];
        for context in &contexts {
            let context = context.as_object().unwrap();
            for outcome in &outcomes {
                let report = LineReport {
                    line: 42,
                    context,
                    outcome: *outcome,
                };
                assert_eq!(
                    json_line(&report),
                    json_line(&as_map(42, context, outcome)),
                    "{context:?}"
                );
            }
        }
    }
}
