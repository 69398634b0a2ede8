//! A batch's input, read as a stream: JSON lines or CSV, from a file or
//! standard input, one record at a time, so memory does not grow with the
//! file.
//!
//! Every record carries its true line number (the line it starts on, counting
//! `\n`; a CRLF ending is one line, a quoted newline inside a CSV cell counts)
//! and its text as the input wrote it (for the journal's digest and the
//! rejects file). A record that cannot be read (a line over [`MAX_RECORD`], a
//! CSV row with the wrong number of cells, bytes that are not UTF-8, a JSON
//! object with a key twice, an integer past 64 bits) is a [`Content::Bad`]
//! record with its reason: the run refuses it and goes on.
//!
//! Nothing is lost silently: a UTF-8 byte-order mark is skipped (CSV and
//! JSON lines alike, so it cannot turn a `.jsonl` file into CSV), and a CSV
//! quote that never closes ends the input with a refusal naming the line
//! where it opened, instead of sending the rest of the file as one cell.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::Error;

/// The longest record accepted (1 MiB); a longer line is refused as a row.
pub const MAX_RECORD: usize = 1 << 20;

/// Where the input comes from.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Origin {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
    /// Rows handed over by a program (a binding's list of dicts or objects).
    Memory,
}

/// What a journal records about its input: the file's absolute path and an
/// FNV-1a digest of its first KiB (the header and the first rows), with the
/// size at the time for the reader's information. Standard input has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The input's absolute path.
    pub path: String,
    /// FNV-1a of its first KiB.
    pub head: u64,
    /// Its size in bytes when the run started.
    pub size: u64,
}

/// One record of the input.
#[derive(Debug)]
pub struct Record {
    /// The line it starts on, from 1.
    pub line: usize,
    /// As the input wrote it (a CSV row re-quoted only where needed).
    pub text: String,
    /// What it holds.
    pub content: Content,
}

/// What a record holds.
#[derive(Debug)]
pub enum Content {
    /// A JSON line (trimmed; checked for repeated keys and integers past
    /// 64 bits, not decoded).
    Json,
    /// A CSV row's cells, trimmed, as many as the header's columns.
    Csv(Vec<String>),
    /// Unreadable: why.
    Bad(String),
}

/// The input format, decided from the extension or the first bytes.
enum Reader {
    Lines {
        reader: BufReader<Box<dyn Read + Send>>,
        next_line: usize,
        done: bool,
    },
    Csv {
        reader: csv::Reader<Counting<BufReader<Box<dyn Read + Send>>>>,
        lines: Arc<Mutex<LineMap>>,
        record: csv::ByteRecord,
        width: usize,
        done: bool,
    },
    Memory(std::vec::IntoIter<Record>),
}

/// Where the newlines are, so that a record's start byte gives its line
/// (the csv crate's own line count is one short with CRLF endings). Only
/// the newlines read ahead of the last record are kept.
#[derive(Default)]
struct LineMap {
    passed: usize,
    ahead: VecDeque<u64>,
    /// Newlines read so far (the line of the byte being read is this + 1).
    newlines: usize,
    /// Where the reader is in CSV's quoting, byte by byte, as the csv crate
    /// parses it: a quote opens a quoted cell only at a cell's start.
    quote: Quote,
    /// The quote that opened the cell being read, while it is open: its
    /// offset and line.
    open: Option<(u64, usize)>,
    /// The input has ended.
    eof: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Quote {
    #[default]
    CellStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted cell: closes it, or is the first of `""`.
    ClosingOrDoubled,
}

impl LineMap {
    fn byte(&mut self, b: u8, offset: u64) {
        let ends_cell = matches!(b, b',' | b'\n' | b'\r');
        self.quote = match (self.quote, b) {
            (Quote::CellStart, b'"') => {
                self.open = Some((offset, self.newlines + 1));
                Quote::Quoted
            }
            (Quote::CellStart | Quote::Unquoted, _) if ends_cell => Quote::CellStart,
            (Quote::CellStart | Quote::Unquoted, _) => Quote::Unquoted,
            (Quote::Quoted, b'"') => Quote::ClosingOrDoubled,
            (Quote::Quoted, _) => Quote::Quoted,
            (Quote::ClosingOrDoubled, b'"') => Quote::Quoted,
            (Quote::ClosingOrDoubled, _) => {
                self.open = None;
                if ends_cell {
                    Quote::CellStart
                } else {
                    Quote::Unquoted
                }
            }
        };
        if b == b'\n' {
            self.ahead.push_back(offset);
            self.newlines += 1;
        }
    }

    /// The quote still open at the end of the input, if any: its offset and line.
    fn unclosed(&self) -> Option<(u64, usize)> {
        (self.eof && self.quote == Quote::Quoted)
            .then_some(self.open)
            .flatten()
    }
}

impl LineMap {
    /// The line of a record that starts at `offset`, from 1. With CRLF
    /// endings the csv crate starts a record at the `\n` of the line before,
    /// so a newline at `offset` is counted as passed.
    fn line_of(&mut self, offset: u64) -> usize {
        while self.ahead.front().is_some_and(|at| *at <= offset) {
            self.ahead.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

/// A reader that notes every newline's offset in a [`LineMap`].
struct Counting<R> {
    inner: R,
    offset: u64,
    lines: Arc<Mutex<LineMap>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut lines = self
            .lines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if n == 0 && !buf.is_empty() {
            lines.eof = true;
        }
        for (i, b) in buf[..n].iter().enumerate() {
            lines.byte(*b, self.offset + i as u64);
        }
        self.offset += n as u64;
        // A quoted cell past the record cap: its closing quote is missing
        // (or the row is too long anyway); stop reading rather than hold the
        // rest of the input in one cell.
        if let (Quote::Quoted, Some((at, line))) = (lines.quote, lines.open)
            && self.offset.saturating_sub(at) > MAX_RECORD as u64
        {
            return Err(std::io::Error::other(format!(
                "a quote opened on line {line} is still open {MAX_RECORD} bytes later: \
                 its closing quote is missing; nothing from line {line} on is sent"
            )));
        }
        Ok(n)
    }
}

/// A batch's input: its records, one at a time ([`Iterator`]), and what the
/// journal and the rejects file need to know of it.
pub struct Input {
    origin: Origin,
    /// The CSV header's columns, as written.
    columns: Option<Vec<String>>,
    reader: Reader,
}

/// A UTF-8 byte-order mark, which some spreadsheet programs write first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Opens `source` (`-` for stdin). `csv`: `None` decides by the extension
/// and the first non-blank byte (`{` is JSON lines); `Some(false)` is always
/// JSON lines.
///
/// # Errors
/// The file cannot be opened, or a CSV header is unreadable, has an empty
/// column name or names a column twice (nothing is sent then).
pub fn open(source: &str, csv: Option<bool>) -> Result<Input, Error> {
    let cannot = |e: std::io::Error| Error::refused(format!("cannot read {source}: {e}"));
    let (origin, raw): (Origin, Box<dyn Read + Send>) = if source == "-" {
        (Origin::Stdin, Box::new(std::io::stdin()))
    } else {
        let file = File::open(source).map_err(cannot)?;
        (Origin::File(PathBuf::from(source)), Box::new(file))
    };
    let mut buffered = BufReader::with_capacity(64 * 1024, raw);
    if buffered.fill_buf().map_err(cannot)?.starts_with(BOM) {
        buffered.consume(BOM.len());
    }
    let is_csv = match csv {
        Some(csv) => csv,
        None => {
            source.to_ascii_lowercase().ends_with(".csv")
                || buffered
                    .fill_buf()
                    .map_err(cannot)?
                    .iter()
                    .find(|b| !b.is_ascii_whitespace())
                    .is_some_and(|b| *b != b'{')
        }
    };
    if !is_csv {
        return Ok(Input {
            origin,
            columns: None,
            reader: Reader::Lines {
                reader: buffered,
                next_line: 1,
                done: false,
            },
        });
    }
    let lines = Arc::new(Mutex::new(LineMap::default()));
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(Counting {
            inner: buffered,
            offset: 0,
            lines: lines.clone(),
        });
    let header = reader
        .byte_headers()
        .map_err(|e| Error::refused(format!("CSV header of {source}: {e}")))?
        .clone();
    let columns = header
        .iter()
        .map(|c| {
            std::str::from_utf8(c)
                .map(str::to_owned)
                .map_err(|_| Error::refused(format!("CSV header of {source}: not UTF-8")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    check_header(&columns)?;
    Ok(Input {
        origin,
        reader: Reader::Csv {
            reader,
            lines,
            record: csv::ByteRecord::new(),
            width: columns.len(),
            done: false,
        },
        columns: Some(columns),
    })
}

/// Refuses a header with empty or repeated column names (`name` and
/// `name:json` are the same field), naming them.
pub fn check_header(columns: &[String]) -> Result<(), Error> {
    let mut empty = Vec::new();
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for (i, column) in columns.iter().enumerate() {
        let name = column.strip_suffix(":json").unwrap_or(column).trim();
        if name.is_empty() {
            empty.push((i + 1).to_string());
        } else if !name.starts_with('#') {
            *seen.entry(name).or_default() += 1;
        }
    }
    let repeated: Vec<&str> = seen
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(name, _)| *name)
        .collect();
    let mut problems = Vec::new();
    if !empty.is_empty() {
        problems.push(format!("column {} has no name", empty.join(", ")));
    }
    if !repeated.is_empty() {
        problems.push(format!("{} named twice", repeated.join(", ")));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::refused(format!(
            "CSV header refused, nothing sent: {}",
            problems.join("; ")
        )))
    }
}

impl Input {
    /// Rows a program hands over, as JSON texts numbered from 1 (a list of
    /// dicts in Python, of objects in Node). Each is checked as a JSON line
    /// of a file is.
    pub fn from_json_rows(rows: Vec<String>) -> Self {
        let records: Vec<Record> = rows
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let content = match crate::json::check(&text) {
                    Ok(()) => Content::Json,
                    Err(reason) => Content::Bad(reason),
                };
                Record {
                    line: i + 1,
                    text,
                    content,
                }
            })
            .collect();
        Self {
            origin: Origin::Memory,
            columns: None,
            reader: Reader::Memory(records.into_iter()),
        }
    }

    /// Where the records come from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The CSV header's columns, as written (`None` for JSON lines).
    pub fn columns(&self) -> Option<&[String]> {
        self.columns.as_deref()
    }

    /// The CSV header line as written back (for a CSV rejects file).
    pub fn header_line(&self) -> Option<String> {
        self.columns.as_ref().map(|c| csv_line(c.iter()))
    }

    /// The journal's record of this input, or `None` for standard input and
    /// rows in memory.
    pub fn fingerprint(&self) -> Result<Option<Fingerprint>, Error> {
        let Origin::File(path) = &self.origin else {
            return Ok(None);
        };
        fingerprint(path).map(Some)
    }
}

fn fingerprint(path: &Path) -> Result<Fingerprint, Error> {
    let cannot = |e: std::io::Error| Error::refused(format!("cannot read {}: {e}", path.display()));
    let absolute = std::fs::canonicalize(path).map_err(cannot)?;
    let mut file = File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    let mut head = Vec::with_capacity(1024);
    file.by_ref()
        .take(1024)
        .read_to_end(&mut head)
        .map_err(cannot)?;
    Ok(Fingerprint {
        path: absolute.to_string_lossy().into_owned(),
        head: crate::fnv1a(&head),
        size,
    })
}

impl Iterator for Input {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        match &mut self.reader {
            Reader::Lines {
                reader,
                next_line,
                done,
            } => next_json_line(reader, next_line, done),
            Reader::Csv {
                reader,
                lines,
                record,
                width,
                done,
            } => next_csv_row(reader, lines, record, *width, done),
            Reader::Memory(records) => records.next(),
        }
    }
}

/// The next non-blank line, at most [`MAX_RECORD`] bytes kept. A read error
/// ends the input with one bad record saying why.
fn next_json_line(
    reader: &mut impl BufRead,
    next_line: &mut usize,
    done: &mut bool,
) -> Option<Record> {
    while !*done {
        let line = *next_line;
        let mut bytes = Vec::new();
        let mut too_long = false;
        let mut read_any = false;
        loop {
            let buf = match reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    *done = true;
                    return Some(Record {
                        line,
                        text: String::new(),
                        content: Content::Bad(format!("cannot read the input: {e}")),
                    });
                }
            };
            if buf.is_empty() {
                *done = true;
                break;
            }
            read_any = true;
            let (chunk, end) = match buf.iter().position(|b| *b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            if bytes.len() + chunk.len() > MAX_RECORD {
                too_long = true;
            } else {
                bytes.extend_from_slice(chunk);
            }
            let used = end.unwrap_or(buf.len());
            reader.consume(used);
            if end.is_some() {
                break;
            }
        }
        if !read_any {
            return None;
        }
        *next_line += 1;
        if too_long {
            return Some(Record {
                line,
                text: String::new(),
                content: Content::Bad(format!("line longer than {MAX_RECORD} bytes")),
            });
        }
        let Ok(text) = String::from_utf8(bytes) else {
            return Some(Record {
                line,
                text: String::new(),
                content: Content::Bad("not UTF-8".into()),
            });
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            continue;
        }
        let content = match crate::json::check(trimmed) {
            Ok(()) => Content::Json,
            Err(reason) => Content::Bad(reason),
        };
        return Some(Record {
            line,
            text: trimmed.to_owned(),
            content,
        });
    }
    None
}

fn next_csv_row<R: Read>(
    reader: &mut csv::Reader<R>,
    lines: &Mutex<LineMap>,
    record: &mut csv::ByteRecord,
    width: usize,
    done: &mut bool,
) -> Option<Record> {
    let map = || {
        lines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let line_of = |position: Option<&csv::Position>| {
        let offset = position.map_or(0, csv::Position::byte);
        map().line_of(offset)
    };
    loop {
        if *done {
            return None;
        }
        match reader.read_byte_record(record) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => {
                // An I/O error (the reader's own, above, for a quote left
                // open) ends the input: what follows cannot be trusted.
                let io = matches!(e.kind(), csv::ErrorKind::Io(_));
                let open = map().open;
                let line = match (io, open) {
                    (true, Some((_, line))) => line,
                    _ => line_of(e.position()),
                };
                *done |= io;
                let reason = match e.kind() {
                    csv::ErrorKind::Io(io) => format!("CSV: {io}"),
                    _ => format!("CSV: {e}"),
                };
                return Some(Record {
                    line,
                    text: String::new(),
                    content: Content::Bad(reason),
                });
            }
        }
        let line = line_of(record.position());
        // A quote that opened in this row and never closed swallowed the rest
        // of the input into one cell: refuse the row, send nothing after it.
        let unclosed = map().unclosed();
        if let Some((at, opened)) = unclosed
            && reader.position().byte() > at
        {
            *done = true;
            return Some(Record {
                line,
                text: String::new(),
                content: Content::Bad(format!(
                    "CSV: the quote opened on line {opened} never closes, so every line \
                     after it would be one cell; nothing from line {opened} on is sent \
                     (close the quote, or double a quote inside a cell: \"\")"
                )),
            });
        }
        // A blank line is no record (the reader already skips empty ones).
        if record.len() == 1 && record[0].is_empty() && width > 1 {
            continue;
        }
        let cells: Result<Vec<String>, _> = record
            .iter()
            .map(|c| std::str::from_utf8(c).map(str::to_owned))
            .collect();
        let Ok(cells) = cells else {
            return Some(Record {
                line,
                text: String::new(),
                content: Content::Bad("not UTF-8".into()),
            });
        };
        let text = csv_line(cells.iter());
        if cells.len() > MAX_RECORD || text.len() > MAX_RECORD {
            return Some(Record {
                line,
                text: String::new(),
                content: Content::Bad(format!("row longer than {MAX_RECORD} bytes")),
            });
        }
        let content = if cells.len() == width {
            Content::Csv(cells)
        } else {
            Content::Bad(format!(
                "{} cells where the header has {width} columns",
                cells.len()
            ))
        };
        return Some(Record {
            line,
            text,
            content,
        });
    }
}

/// Cells written back as one CSV line, quoted only where needed.
pub fn csv_line<'a>(cells: impl Iterator<Item = &'a String>) -> String {
    let mut line = String::new();
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            line.push(',');
        }
        push_cell(&mut line, cell);
    }
    line
}

/// One cell appended to a CSV line, quoted only where needed.
pub fn push_cell(line: &mut String, cell: &str) {
    if cell.contains([',', '"', '\n', '\r']) {
        line.push('"');
        line.push_str(&cell.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str, csv: bool) -> Vec<(usize, String, Option<String>)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(if csv { "in.csv" } else { "in.jsonl" });
        std::fs::write(&path, text).unwrap();
        open(path.to_str().unwrap(), None)
            .unwrap()
            .map(|r| {
                let bad = match r.content {
                    Content::Bad(reason) => Some(reason),
                    _ => None,
                };
                (r.line, r.text, bad)
            })
            .collect()
    }

    #[test]
    fn json_lines_count_crlf_and_blank_lines() {
        let got = records("{\"a\":1}\r\n\r\n{\"b\":2}\r\n  \n{\"c\":3}", false);
        let lines: Vec<_> = got.iter().map(|(l, t, _)| (*l, t.as_str())).collect();
        assert_eq!(
            lines,
            [(1, "{\"a\":1}"), (3, "{\"b\":2}"), (5, "{\"c\":3}")]
        );
    }

    #[test]
    fn csv_counts_crlf_and_quoted_newlines_and_goes_on_after_a_bad_row() {
        let got = records(
            "name,phone\r\nA,1\r\n\"B\nsecond line\",2\r\nshort\r\nC,3,extra\r\nD,4\r\n",
            true,
        );
        let lines: Vec<_> = got.iter().map(|(l, _, b)| (*l, b.is_some())).collect();
        assert_eq!(
            lines,
            [(2, false), (3, false), (5, true), (6, true), (7, false)]
        );
        assert_eq!(got[1].1, "\"B\nsecond line\",2");
        assert!(
            got[2]
                .2
                .as_ref()
                .unwrap()
                .contains("1 cells where the header has 2")
        );
    }

    #[test]
    fn headers_with_empty_or_repeated_names_are_refused_by_name() {
        let refuse = |h: &[&str]| {
            check_header(&h.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .unwrap_err()
                .to_string()
        };
        assert!(refuse(&["name", "phone", "phone:json"]).contains("phone named twice"));
        assert!(refuse(&["name", "", "x"]).contains("column 2 has no name"));
        assert!(check_header(&["a".into(), "b:json".into(), "#reason".into()]).is_ok());
    }

    #[test]
    fn a_line_over_the_cap_is_a_bad_record_and_the_next_is_read() {
        let long = "x".repeat(MAX_RECORD + 10);
        let got = records(&format!("{{\"a\":\"{long}\"}}\n{{\"b\":1}}\n"), false);
        assert_eq!(got.len(), 2);
        assert!(got[0].2.as_ref().unwrap().contains("longer than"));
        assert_eq!((got[1].0, got[1].2.is_none()), (2, true));
    }

    #[test]
    fn a_quote_left_open_past_the_cap_ends_the_input_naming_its_line() {
        let mut text = String::from("name,phone\nA,1\n\"B,2\n");
        for i in 0..100_000 {
            text.push_str(&format!("row{i},{i}\n"));
        }
        let got = records(&text, true);
        assert_eq!(got.len(), 2, "{:?}", got.last());
        assert_eq!((got[0].0, got[0].2.is_none()), (2, true));
        assert_eq!(got[1].0, 3);
        let reason = got[1].2.as_ref().unwrap();
        assert!(reason.contains("a quote opened on line 3"), "{reason}");
    }

    #[test]
    fn a_byte_order_mark_does_not_make_json_lines_csv() {
        let got = records("\u{feff}{\"a\":1}\n{\"b\":2}\n", false);
        let lines: Vec<_> = got
            .iter()
            .map(|(l, t, b)| (*l, t.as_str(), b.is_none()))
            .collect();
        assert_eq!(lines, [(1, "{\"a\":1}", true), (2, "{\"b\":2}", true)]);
    }

    #[test]
    fn cells_are_quoted_only_where_needed() {
        let cells = ["a".to_string(), "b,c".into(), "d\"e".into(), String::new()];
        assert_eq!(csv_line(cells.iter()), "a,\"b,c\",\"d\"\"e\",");
    }
}
