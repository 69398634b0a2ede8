//! `telecrm-batch`: the one engine behind every long TeleCRM job, whatever
//! door it comes through: the CLI's `action update --batch`, `lead create
//! --batch` and `lead ingest`, Python's and Node's `Ingest`, and the jobs
//! built on them. A door only turns a record into a request ([`Prepared`])
//! and renders what happens ([`Sink`], [`Outcome`]); the engine does the rest:
//!
//! - **Streaming**: the input is read one record at a time ([`source`]); at
//!   most `concurrency` requests are in flight and at most [`MAX_HELD`]
//!   lines wait behind them, so memory does not grow with the file.
//! - **Order per key**: a line with the same key as a line in flight (the
//!   same action, the same lead) waits for it; lines with other keys go on
//!   concurrently. A line that is not applied (refused, failed, in doubt)
//!   holds back every later line with its key for the rest of the run
//!   (reported as `blocked`, not journaled), so that a re-run applies them in
//!   file order.
//! - **Stops**: on the first answer every later line would get too (401; 403
//!   other than `INVALID_LEAD`; 404 `ENTERPRISE_NOT_FOUND`), after
//!   [`MAX_TRANSPORT_FAILURES`] transport failures in a row, and when the
//!   door says so ([`StopHandle`]: Ctrl-C, SIGTERM, `KeyboardInterrupt`).
//!   Lines in flight finish and are journaled; nothing new is sent, and the
//!   rest of the input is counted for at most half a second (`remaining` is
//!   unknown past it), so that a stop is prompt whatever the input's size.
//! - **Journal**: every line applied, by line number and digest; a re-run
//!   skips those. One process per journal (an OS lock: a second one is
//!   refused, [`Error::JournalLocked`]); a journal belongs to one input.
//! - **In doubt**: a line whose request may have arrived but whose answer
//!   was lost (`telecrm_hyper::Error::is_in_doubt`), for a request that is
//!   not idempotent, is journaled as in doubt and counted as `in_doubt`; a
//!   re-run does not send it again unless [`Settings::resend_in_doubt`], and
//!   counts it as `in_doubt_skipped`.
//! - **Refusals are rows**: a record that cannot be read, is refused before
//!   sending, or is refused by the server (4xx about the row) is reported
//!   with its line, written to the rejects file, and the run goes on.
//! - **Summary**: [`Summary::to_json`], the same keys on every door.
//!
//! ```no_run
//! use telecrm_batch::{Prepared, Quiet, Settings, StopHandle, source};
//! # async fn run(client: telecrm_hyper::AsyncClient) -> Result<(), telecrm_batch::Error> {
//! let input = source::open("leads.csv", None)?;
//! let columns = input.columns().map(<[String]>::to_vec);
//! let prepare = |record: &telecrm_batch::Record, content: &telecrm_batch::Content, _: &telecrm_batch::Stop| {
//!     match telecrm_batch::rows::lead_json(columns.as_deref(), record, content) {
//!         Ok(json) => {
//!             let client = client.clone();
//!             Prepared::send(None, Default::default(), Box::pin(async move {
//!                 let lead = telecrm_hyper::NewLead::from_json(json.as_bytes());
//!                 # let _ = (lead, client);
//!                 telecrm_batch::Answer::NotSent
//!             }))
//!         }
//!         Err(reason) => Prepared::refused(None, Default::default(), reason),
//!     }
//! };
//! let settings = Settings::new(8).with_journal(Some("leads.journal".into()));
//! let outcome = telecrm_batch::run(settings, input, prepare, &StopHandle::new(), &mut Quiet).await?;
//! println!("{}", serde_json::Value::Object(outcome.to_json()));
//! # Ok(())
//! # }
//! ```

mod describe;
mod engine;
mod error;
mod ingest;
mod journal;
mod json;
mod rejects;
mod report;
pub mod rows;
pub mod source;
mod summary;

pub use describe::{Kind, LineError, chain, is_fatal};
pub use engine::{
    Answer, MAX_HELD, MAX_TRANSPORT_FAILURES, Outcome, Prepared, Quiet, Settings, Sink, Stop,
    StopHandle, Task, run,
};
pub use error::Error;
pub use ingest::IngestRows;
pub use report::{LineOutcome, LineReport};
pub use source::{Content, Input, Origin, Record};
pub use summary::{MAX_LISTED, Reason, Severity, Summary};

/// FNV-1a, 64 bits: the journal's digest of a line's text, stable across
/// builds and platforms, unlike std's hasher.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn fnv_is_stable() {
        assert_eq!(super::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
