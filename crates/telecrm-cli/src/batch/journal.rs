//! The journal: the lines of a batch that are done, in an append-only file
//! held by one process at a time.
//!
//! Its first line records the input it belongs to
//! (`{"input": {"path", "head_fnv1a", "size"}}`, see [`Fingerprint`]); every
//! other line is one done line, `{"line": N, "digest": "…"}` (FNV-1a of the
//! line's text), written with one `write` so that a kill leaves at most one
//! torn last line, which reads as not done. The file is locked (an OS
//! advisory lock, `fs4`, the sandbox's own) for as long as the run holds it:
//! a second process on the same journal is refused.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::source::Fingerprint;
use crate::failure::Failure;

pub(crate) struct Journal {
    path: PathBuf,
    /// The lines done before this run, sorted: 16 bytes each.
    done: Vec<(usize, u64)>,
    file: File,
}

/// Why a journal cannot be used.
pub(crate) enum Refusal {
    /// Another process holds it (exit 1).
    Locked(PathBuf),
    /// It belongs to another input, or cannot be read (exit 2).
    Other(Failure),
}

#[derive(Deserialize)]
struct Entry {
    line: usize,
    digest: String,
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
    pub(crate) fn open(path: &Path, input: Option<&Fingerprint>) -> Result<Self, Refusal> {
        let cannot = |e: std::io::Error| {
            Refusal::Other(Failure::usage(format!(
                "cannot open the journal {}: {e}",
                path.display()
            )))
        };
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .map_err(cannot)?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => return Err(Refusal::Locked(path.to_owned())),
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
                    return Err(Refusal::Other(Failure::usage(format!(
                        "the journal {} belongs to another input ({}{}); use a new journal for {}",
                        path.display(),
                        head.input.path,
                        if head.input.path == input.path {
                            ", whose first KiB was different"
                        } else {
                            ""
                        },
                        input.path
                    ))));
                }
            }
            (Some(head), None) if head.input.path != "-" => {
                return Err(Refusal::Other(Failure::usage(format!(
                    "the journal {} belongs to {}, not to standard input",
                    path.display(),
                    head.input.path
                ))));
            }
            _ => {}
        }
        let mut done: Vec<(usize, u64)> = lines
            .filter_map(|l| serde_json::from_str::<Entry>(l).ok())
            .filter_map(|e| Some((e.line, u64::from_str_radix(&e.digest, 16).ok()?)))
            .collect();
        done.sort_unstable();
        done.dedup();
        done.shrink_to_fit();
        let mut journal = Self {
            path: path.to_owned(),
            done,
            file,
        };
        // Start on a fresh line should the last run have been cut mid-line.
        if !text.is_empty() && !text.ends_with('\n') {
            journal.write(b"\n").map_err(Refusal::Other)?;
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
                journal
                    .write(format!("{record}\n").as_bytes())
                    .map_err(Refusal::Other)?;
            }
        }
        Ok(journal)
    }

    pub(crate) fn is_done(&self, line: usize, digest: u64) -> bool {
        self.done.binary_search(&(line, digest)).is_ok()
    }

    pub(crate) fn record(&mut self, line: usize, digest: u64) -> Result<(), Failure> {
        let entry = format!("{{\"line\":{line},\"digest\":\"{digest:016x}\"}}\n");
        self.write(entry.as_bytes())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        // One write per entry: whole in the file or, after a kill, torn and
        // read as not done.
        self.file.write_all(bytes).map_err(|e| {
            Failure::Transport(format!(
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
            Err(Refusal::Locked(_)) => panic!("locked"),
            Err(Refusal::Other(f)) => panic!("{}", f.message()),
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
            Err(Refusal::Locked(_))
        ));
        drop(held);
        for other in [input("/b.csv", 1), input("/a.csv", 2)] {
            match Journal::open(&path, Some(&other)) {
                Err(Refusal::Other(f)) => assert!(f.message().contains("another input")),
                _ => panic!("accepted {other:?}"),
            }
        }
        assert!(
            Journal::open(&path, None).is_err(),
            "stdin on a file's journal"
        );
    }

    #[test]
    fn adopts_a_journal_written_before_inputs_were_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        std::fs::write(&path, "{\"line\":2,\"digest\":\"00000000000000aa\"}\n").unwrap();
        assert!(open(&path, Some(&input("/a.csv", 1))).is_done(2, 0xaa));
    }
}
