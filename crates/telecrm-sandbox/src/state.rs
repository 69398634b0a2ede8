//! The sandbox's state: actions by (lead, action), and its file.
//!
//! Every update is validated and merged under one lock, so concurrent updates
//! of one action lose nothing. Saving writes a snapshot to a temporary file,
//! flushes it to disk and renames it over the state file, so a crash or kill
//! at any moment leaves the old state or the new one, never a torn file.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::SandboxError;
use crate::rules::{self, Refusal};

/// The lead of the document's examples.
pub const SEED_LEAD: &str = "603d2b2f9b1e8a001c8e4f5c";
/// The document's custom action (type `1001`).
pub const SEED_CUSTOM_ACTION: &str = "603d2b2f9b1e8a001c8e4f5d";
/// The document's payment action (`PAYMENT`, `PENDING`, 5000 INR).
pub const SEED_PAYMENT_ACTION: &str = "603d2b2f9b1e8a001c8e4f5e";

type Key = (String, String);

#[derive(Serialize, Deserialize)]
struct FileFormat {
    enterprise: String,
    actions: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    lead: String,
    action: String,
    state: Value,
}

struct Actions {
    by_key: BTreeMap<Key, Value>,
    version: u64,
}

pub(crate) struct Store {
    actions: Mutex<Actions>,
    file: Option<PathBuf>,
    enterprise: String,
    /// The version last written to the file; saves never go backwards.
    saved: Mutex<u64>,
    temp_counter: AtomicU64,
}

fn seed() -> BTreeMap<Key, Value> {
    let mut by_key = BTreeMap::new();
    by_key.insert(
        (SEED_LEAD.to_owned(), SEED_CUSTOM_ACTION.to_owned()),
        json!({"type": "1001", "fields": {"note": "Call back next week"}}),
    );
    by_key.insert(
        (SEED_LEAD.to_owned(), SEED_PAYMENT_ACTION.to_owned()),
        json!({"type": "PAYMENT", "status": "PENDING", "currency": "INR", "amount": "5000"}),
    );
    by_key
}

impl Store {
    pub(crate) fn open(file: Option<PathBuf>, enterprise: &str) -> Result<Self, SandboxError> {
        let by_key = match &file {
            Some(path) if path.exists() => load(path)?,
            _ => seed(),
        };
        let store = Self {
            actions: Mutex::new(Actions { by_key, version: 1 }),
            file,
            enterprise: enterprise.to_owned(),
            saved: Mutex::new(0),
            temp_counter: AtomicU64::new(0),
        };
        if store.file.is_some() {
            store.save_now()?;
        }
        Ok(store)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Actions> {
        // A panic while holding the lock cannot leave a half-merged action:
        // merges happen on a copy. So a poisoned lock's data is still sound.
        self.actions.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn get(&self, lead: &str, action: &str) -> Option<Value> {
        self.lock()
            .by_key
            .get(&(lead.to_owned(), action.to_owned()))
            .cloned()
    }

    pub(crate) fn insert(&self, lead: &str, action: &str, state: Value) {
        let mut actions = self.lock();
        actions
            .by_key
            .insert((lead.to_owned(), action.to_owned()), state);
        actions.version += 1;
    }

    /// Validates and applies an update. `Ok(None)` when there is no such action.
    pub(crate) fn update(
        &self,
        lead: &str,
        action: &str,
        body: Value,
    ) -> Result<Option<(Value, u64)>, Refusal> {
        let mut actions = self.lock();
        let key = (lead.to_owned(), action.to_owned());
        let Some(stored) = actions.by_key.get(&key) else {
            return Ok(None);
        };
        let mut next = stored.clone();
        rules::apply(&mut next, body)?;
        actions.by_key.insert(key, next.clone());
        actions.version += 1;
        Ok(Some((next, actions.version)))
    }

    pub(crate) fn has_file(&self) -> bool {
        self.file.is_some()
    }

    /// Writes the current state unless a newer or equal version is on disk.
    pub(crate) fn save_now(&self) -> Result<(), SandboxError> {
        let Some(path) = &self.file else {
            return Ok(());
        };
        let mut saved = self.saved.lock().unwrap_or_else(|e| e.into_inner());
        let (bytes, version) = {
            let actions = self.lock();
            if *saved >= actions.version {
                return Ok(());
            }
            let file = FileFormat {
                enterprise: self.enterprise.clone(),
                actions: actions
                    .by_key
                    .iter()
                    .map(|((lead, action), state)| Entry {
                        lead: lead.clone(),
                        action: action.clone(),
                        state: state.clone(),
                    })
                    .collect(),
            };
            let bytes = serde_json::to_vec_pretty(&file).map_err(|e| SandboxError::StateSave {
                path: path.clone(),
                source: e.into(),
            })?;
            (bytes, actions.version)
        };
        let n = self.temp_counter.fetch_add(1, Ordering::Relaxed);
        write_atomically(path, &bytes, n).map_err(|source| SandboxError::StateSave {
            path: path.clone(),
            source,
        })?;
        *saved = version;
        Ok(())
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lock().by_key.len()
    }
}

fn load(path: &Path) -> Result<BTreeMap<Key, Value>, SandboxError> {
    let fail = |source: std::io::Error| SandboxError::StateLoad {
        path: path.to_owned(),
        source,
    };
    let bytes = std::fs::read(path).map_err(fail)?;
    let file: FileFormat = serde_json::from_slice(&bytes).map_err(|e| fail(e.into()))?;
    Ok(file
        .actions
        .into_iter()
        .map(|e| ((e.lead, e.action), e.state))
        .collect())
}

/// Temporary file, flush to disk, rename over, flush the directory.
fn write_atomically(path: &Path, bytes: &[u8], n: u64) -> std::io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".tmp-{}-{n}", std::process::id()));
    let temp = PathBuf::from(temp);
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Makes the rename itself durable; not every platform allows it.
            if let Ok(dir) = File::open(dir) {
                let _ = dir.sync_all();
            }
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_with_the_document_example() {
        let store = Store::open(None, "e").unwrap();
        assert_eq!(store.len(), 2);
        assert_eq!(
            store.get(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["amount"],
            "5000"
        );
    }

    #[test]
    fn failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, b"old").unwrap();
        // A directory where the temporary file would go makes the write fail.
        let blocker = format!("{}.tmp-{}-7", path.display(), std::process::id());
        std::fs::create_dir(&blocker).unwrap();
        assert!(write_atomically(&path, b"new", 7).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        write_atomically(&path, b"new", 8).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }
}
