//! The journal: the lines of a batch that are done, in an append-only file
//! held by one process at a time.
//!
//! Its first line records the input it belongs to
//! (`{"input": {"path", "head_fnv1a", "size"}}`, see [`Fingerprint`]); every
//! other line is one done line, `{"line": N, "digest": "…"}` (FNV-1a of the
//! line's text), or one line in doubt, `{"line": N, "digest": "…",
//! "in_doubt": true}` (sent, but the answer was lost: it may have been
//! applied), written with one `write` so that a kill leaves at most one torn
//! last line, which reads as not done. A reader that does not know
//! `in_doubt` takes such a line as done, which never sends it twice. The file is locked (an OS
//! advisory lock, `fs4`, the sandbox's own) for as long as the run holds it:
//! a second process on the same journal is refused.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Error;
use crate::source::Fingerprint;

pub(crate) struct Journal {
    path: PathBuf,
    /// The lines done before this run, sorted: 16 bytes each.
    done: Vec<(usize, u64)>,
    /// The lines in doubt before this run (and not done since), sorted.
    in_doubt: Vec<(usize, u64)>,
    file: File,
}

/// What the journal says of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// Not in the journal: to send.
    New,
    /// Applied in an earlier run.
    Done,
    /// Sent in an earlier run, answer lost.
    InDoubt,
}

#[derive(Deserialize)]
struct Entry {
    line: usize,
    digest: String,
    #[serde(default)]
    in_doubt: bool,
}

#[derive(Deserialize)]
struct Head {
    input: InputRecord,
}

#[derive(Deserialize)]
struct InputRecord {
    path: String,
    #[serde(default)]
    head_fnv1a: Option<String>,
}

impl Journal {
    /// Opens (creating) and locks the journal at `path` for the input
    /// `input` (`None`: standard input, which is not checked).
    pub(crate) fn open(path: &Path, input: Option<&Fingerprint>) -> Result<Self, Error> {
        let cannot = |e: std::io::Error| {
            Error::refused(format!("cannot open the journal {}: {e}", path.display()))
        };
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .map_err(cannot)?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(Error::JournalLocked(path.to_owned()));
            }
            Err(fs4::TryLockError::Error(e)) => return Err(cannot(e)),
        }
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(cannot)?;
        let mut lines = text.lines().peekable();
        let head = lines
            .peek()
            .and_then(|first| serde_json::from_str::<Head>(first).ok());
        match (&head, input) {
            (Some(head), Some(input)) => {
                let same_head = head
                    .input
                    .head_fnv1a
                    .as_deref()
                    .is_some_and(|h| h == format!("{:016x}", input.head));
                if head.input.path != input.path || !same_head {
                    return Err(Error::refused(format!(
                        "the journal {} belongs to another input ({}{}); use a new journal for {}",
                        path.display(),
                        head.input.path,
                        if head.input.path == input.path {
                            ", whose first KiB was different"
                        } else {
                            ""
                        },
                        input.path
                    )));
                }
            }
            (Some(head), None) if head.input.path != "-" => {
                return Err(Error::refused(format!(
                    "the journal {} belongs to {}, not to standard input",
                    path.display(),
                    head.input.path
                )));
            }
            _ => {}
        }
        let mut done: Vec<(usize, u64)> = Vec::new();
        let mut in_doubt: Vec<(usize, u64)> = Vec::new();
        for entry in lines.filter_map(|l| serde_json::from_str::<Entry>(l).ok()) {
            let Ok(digest) = u64::from_str_radix(&entry.digest, 16) else {
                continue;
            };
            if entry.in_doubt {
                in_doubt.push((entry.line, digest));
            } else {
                done.push((entry.line, digest));
            }
        }
        for list in [&mut done, &mut in_doubt] {
            list.sort_unstable();
            list.dedup();
            list.shrink_to_fit();
        }
        // A line resent and applied since it went in doubt is done.
        in_doubt.retain(|entry| done.binary_search(entry).is_err());
        let mut journal = Self {
            path: path.to_owned(),
            done,
            in_doubt,
            file,
        };
        // Start on a fresh line should the last run have been cut mid-line.
        if !text.is_empty() && !text.ends_with('\n') {
            journal.write(b"\n")?;
        }
        if head.is_none() {
            // A new journal (or one from before inputs were recorded): say
            // which input it is for. An old journal gets it after its entries,
            // and keeps them.
            let record = match input {
                Some(input) => serde_json::json!({"input": {
                    "path": input.path,
                    "head_fnv1a": format!("{:016x}", input.head),
                    "size": input.size,
                }}),
                None => serde_json::json!({"input": {"path": "-"}}),
            };
            if text.is_empty() {
                journal.write(format!("{record}\n").as_bytes())?;
            }
        }
        Ok(journal)
    }

    pub(crate) fn seen(&self, line: usize, digest: u64) -> Seen {
        if self.done.binary_search(&(line, digest)).is_ok() {
            Seen::Done
        } else if self.in_doubt.binary_search(&(line, digest)).is_ok() {
            Seen::InDoubt
        } else {
            Seen::New
        }
    }

    #[cfg(test)]
    pub(crate) fn is_done(&self, line: usize, digest: u64) -> bool {
        self.seen(line, digest) == Seen::Done
    }

    pub(crate) fn record(&mut self, line: usize, digest: u64) -> Result<(), Error> {
        let entry = format!("{{\"line\":{line},\"digest\":\"{digest:016x}\"}}\n");
        self.write(entry.as_bytes())
    }

    pub(crate) fn record_in_doubt(&mut self, line: usize, digest: u64) -> Result<(), Error> {
        let entry = format!("{{\"line\":{line},\"digest\":\"{digest:016x}\",\"in_doubt\":true}}\n");
        self.write(entry.as_bytes())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        // One write per entry: whole in the file or, after a kill, torn and
        // read as not done.
        self.file.write_all(bytes).map_err(|e| {
            Error::Io(format!(
                "cannot write the journal {}: {e}",
                self.path.display()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, head: u64) -> Fingerprint {
        Fingerprint {
            path: path.into(),
            head,
            size: 1,
        }
    }

    fn open(path: &Path, fp: Option<&Fingerprint>) -> Journal {
        match Journal::open(path, fp) {
            Ok(j) => j,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn survives_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        let fp = input("/in.csv", 7);
        {
            let mut journal = open(&path, Some(&fp));
            journal.record(1, 0xabc).unwrap();
            journal.record(3, 0xdef).unwrap();
        }
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"line\":4,\"dig").unwrap();
        let mut journal = open(&path, Some(&fp));
        assert!(journal.is_done(1, 0xabc));
        assert!(journal.is_done(3, 0xdef));
        assert!(!journal.is_done(3, 0xabc), "same line, other text");
        assert!(!journal.is_done(4, 0));
        journal.record(4, 0x1).unwrap();
        drop(journal);
        assert!(open(&path, Some(&fp)).is_done(4, 0x1));
    }

    #[test]
    fn refuses_another_input_and_a_second_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        let held = open(&path, Some(&input("/a.csv", 1)));
        assert!(matches!(
            Journal::open(&path, Some(&input("/a.csv", 1))),
            Err(Error::JournalLocked(_))
        ));
        drop(held);
        for other in [input("/b.csv", 1), input("/a.csv", 2)] {
            match Journal::open(&path, Some(&other)) {
                Err(Error::Refused(f)) => assert!(f.contains("another input")),
                _ => panic!("accepted {other:?}"),
            }
        }
        assert!(
            Journal::open(&path, None).is_err(),
            "stdin on a file's journal"
        );
    }

    #[test]
    fn in_doubt_lines_are_told_apart_and_done_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        let fp = input("/in.csv", 7);
        {
            let mut journal = open(&path, Some(&fp));
            journal.record_in_doubt(2, 0xa).unwrap();
            journal.record_in_doubt(3, 0xb).unwrap();
            journal.record(3, 0xb).unwrap();
        }
        let journal = open(&path, Some(&fp));
        assert_eq!(journal.seen(2, 0xa), Seen::InDoubt);
        assert_eq!(journal.seen(3, 0xb), Seen::Done, "resent and applied since");
        assert_eq!(journal.seen(2, 0xb), Seen::New, "same line, other text");
    }

    #[test]
    fn adopts_a_journal_written_before_inputs_were_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        std::fs::write(&path, "{\"line\":2,\"digest\":\"00000000000000aa\"}\n").unwrap();
        assert!(open(&path, Some(&input("/a.csv", 1))).is_done(2, 0xaa));
    }
}
