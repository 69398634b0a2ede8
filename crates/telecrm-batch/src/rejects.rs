//! The rejects file: every refused row, with its line and why, in the
//! input's format, so that the file can be fixed and run again.
//!
//! CSV rows get two more columns, `#line` and `#reason` (columns whose name
//! starts with `#` are ignored when read back); JSON lines are written as
//! `{"line", "reason", "row"}`, plus `"status"`, `"code"` and `"message"`
//! when the server refused the row (the CSV `#reason` then holds the same
//! status, code and message in its text).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::json;

use crate::Error;
use crate::source::push_cell;

/// What the server said of a row it refused.
pub(crate) struct ServerRefusal {
    pub(crate) status: Option<u16>,
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
}

pub(crate) struct Rejects {
    file: Option<BufWriter<File>>,
    csv: bool,
}

impl Rejects {
    pub(crate) fn open(path: Option<&Path>, header: Option<&str>) -> Result<Self, Error> {
        let Some(path) = path else {
            return Ok(Self {
                file: None,
                csv: false,
            });
        };
        let cannot =
            |e: std::io::Error| Error::refused(format!("cannot write {}: {e}", path.display()));
        let mut file = BufWriter::new(File::create(path).map_err(cannot)?);
        if let Some(header) = header {
            writeln!(file, "{header},#line,#reason").map_err(cannot)?;
        }
        Ok(Self {
            file: Some(file),
            csv: header.is_some(),
        })
    }

    pub(crate) fn write(
        &mut self,
        line: usize,
        text: &str,
        reason: &str,
        refusal: Option<&ServerRefusal>,
    ) -> Result<(), Error> {
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        let written = if self.csv {
            let mut row = text.to_owned();
            row.push_str(&format!(",{line},"));
            push_cell(&mut row, reason);
            writeln!(file, "{row}")
        } else {
            let mut entry = json!({"line": line, "reason": reason, "row": text});
            if let Some(refusal) = refusal {
                entry["status"] = json!(refusal.status);
                entry["code"] = json!(refusal.code);
                entry["message"] = json!(refusal.message);
            }
            writeln!(file, "{entry}")
        };
        written.map_err(|e| Error::Io(format!("cannot write the rejects: {e}")))
    }

    pub(crate) fn flush(&mut self) -> Result<(), Error> {
        match &mut self.file {
            Some(file) => file
                .flush()
                .map_err(|e| Error::Io(format!("cannot write the rejects: {e}"))),
            None => Ok(()),
        }
    }
}
