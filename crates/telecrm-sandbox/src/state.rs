//! The sandbox's state, kept in SQLite: each lead with its timeline of
//! actions, the team, learnt options, and the Async API's queue.
//!
//! The tables are the truth; a copy in memory answers reads. Every request
//! runs in one [`Tx`]: its changes go to memory and, as rows, into one SQLite
//! transaction that is committed before the answer is written. When the commit
//! fails, SQLite rolls back and the memory is read again from the tables, so a
//! failed request changes nothing. Without a file the database lives in
//! memory, through the same code. A write touches only its own rows, so it
//! costs the same however many leads there are.
//!
//! A state file is held by one process: a lock on `FILE.lock` for as long as
//! the store lives. JSON state files of earlier versions are imported on open
//! (the JSON kept beside as `FILE.json-backup`); the schema's version is
//! SQLite's `user_version`.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::SandboxError;
use crate::clock::{Clock, Ticker, id_seed, object_id};
use crate::workspace::{IDENTIFIER, Workspace};

/// The lead of the docs' examples.
pub const SEED_LEAD: &str = "603d2b2f9b1e8a001c8e4f5c";
/// The docs' custom action (type `1001`).
pub const SEED_CUSTOM_ACTION: &str = "603d2b2f9b1e8a001c8e4f5d";
/// The docs' payment action (`PAYMENT`, `PENDING`, 5000 INR).
pub const SEED_PAYMENT_ACTION: &str = "603d2b2f9b1e8a001c8e4f5e";
/// A built-in `OUTGOING_CALL` on the seed lead (10 April 2026): found by
/// search, refused by get and update.
pub const SEED_OUTGOING_CALL: &str = "603d2b2f9b1e8a001c8e4f5f";
/// A built-in `INCOMING_CALL` on the seed lead (2 May 2026).
pub const SEED_INCOMING_CALL: &str = "603d2b2f9b1e8a001c8e4f60";

/// The schema this version writes (`PRAGMA user_version`).
pub(crate) const SCHEMA_VERSION: i64 = 3;

type Key = (String, String);

/// A team member.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Member {
    #[serde(default)]
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) phone_number: String,
    pub(crate) role: String,
    pub(crate) status: String,
    pub(crate) deleted: bool,
    #[serde(default)]
    pub(crate) manager_name: Option<String>,
    #[serde(default)]
    pub(crate) manager_email: Option<String>,
    #[serde(default)]
    pub(crate) permission_template_name: Option<String>,
    #[serde(default)]
    pub(crate) license: Option<Value>,
}

/// Why a member could not be added.
pub(crate) enum TeamError {
    /// A member with this email exists.
    Exists,
    /// Every licence seat is taken.
    NoSeat,
}

/// A lead: its fields and when it was created and last changed.
#[derive(Debug, Clone)]
pub(crate) struct LeadRecord {
    pub(crate) fields: Map<String, Value>,
    pub(crate) created_on: i64,
    pub(crate) modified_on: i64,
    /// Order of creation: ties in `created_on` go newest first by this.
    pub(crate) seq: u64,
}

/// Why a lead could not be created.
pub(crate) enum CreateLeadError {
    /// A lead with this identifier value exists.
    Exists,
}

/// One action on a timeline.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    /// Creation time, Unix milliseconds.
    pub(crate) created_on: i64,
    /// Last change, Unix milliseconds (the creation time until updated).
    pub(crate) modified_on: i64,
    /// The team member who performed it, when known.
    pub(crate) performed_by: Option<String>,
    /// Order of insertion: ties in `created_on` go newest first by this.
    pub(crate) seq: u64,
    /// The action as the API shows it.
    pub(crate) state: Value,
}

/// Why a request's changes could not be kept.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum StoreError {
    /// Writing or committing failed; nothing of the request was kept.
    #[error("the state could not be written")]
    Write(#[source] rusqlite::Error),
    /// The state could not be read back after a failed write.
    #[error("the state could not be read back after a failed write")]
    Reload(#[source] rusqlite::Error),
    /// The enterprise is not one this store serves.
    #[error("the enterprise is not served")]
    NotServed,
}

/// Everything, as in the tables.
#[derive(Default)]
struct Data {
    enterprise: String,
    /// The lead identifier field, indexed in `by_identifier`.
    identifier: String,
    actions: BTreeMap<Key, Stored>,
    leads: HashMap<String, LeadRecord>,
    /// `(created_on, seq, id)` of every lead, oldest first.
    order: BTreeSet<(i64, u64, String)>,
    /// The identifier's value (see [`identifier_key`]) → the lead's ID.
    by_identifier: HashMap<String, String>,
    team: Vec<Member>,
    /// Dropdown and tag options created by values sent for them.
    options: BTreeMap<String, Vec<String>>,
    /// Async payloads answered `QUEUED` and not applied yet, oldest first.
    queue: VecDeque<(u64, Value)>,
    next_seq: u64,
    next_ingest: u64,
}

/// Where a store keeps its state and how it makes times and IDs.
pub(crate) struct StoreOptions {
    pub(crate) file: Option<PathBuf>,
    /// The enterprises served, in order.
    pub(crate) tenants: Vec<TenantOptions>,
    pub(crate) clock: Clock,
    pub(crate) seed: Option<u64>,
}

/// One enterprise of a store.
pub(crate) struct TenantOptions {
    pub(crate) enterprise: String,
    /// How values are judged; its identifier field names a lead.
    pub(crate) workspace: Arc<Workspace>,
    /// What it holds the first time: the built-in seed when `None`.
    pub(crate) initial: Option<Initial>,
}

/// A new store's team and leads (from a seed file).
#[derive(Debug, Clone, Default)]
pub(crate) struct Initial {
    pub(crate) team: Vec<Member>,
    /// Each lead's fields, oldest first.
    pub(crate) leads: Vec<Map<String, Value>>,
}

pub(crate) struct Store {
    inner: Mutex<Inner>,
    workspaces: HashMap<String, Arc<Workspace>>,
    file: Option<PathBuf>,
    /// Held for the store's life: one process per state file.
    _lock: Option<File>,
    ticker: Ticker,
    id_seed: u64,
    /// Turns every commit into a rollback (tests of the failure path).
    fail_commits: Arc<AtomicBool>,
}

struct Inner {
    /// Each enterprise's state.
    tenants: HashMap<String, Data>,
    db: Connection,
}

/// Two identifier values name the same lead when their keys are equal:
/// strings compared case-insensitively, anything else exactly.
pub(crate) fn identifier_key(value: &Value) -> String {
    match value {
        Value::String(s) => format!("s:{}", s.to_ascii_lowercase()),
        other => format!("j:{other}"),
    }
}

/// Two members who perform the seeded actions, and one deleted member.
pub(crate) fn seed_team() -> Vec<Member> {
    let license = || {
        Some(
            json!({"status": "ACTIVE", "type": "GROWTH", "start_date": "2026-01-01", "end_date": "2027-01-01"}),
        )
    };
    let member =
        |id: &str, name: &str, email: &str, phone: &str, role: &str, status: &str| Member {
            id: id.into(),
            name: name.into(),
            email: email.into(),
            phone_number: phone.into(),
            role: role.into(),
            status: status.into(),
            deleted: false,
            manager_name: None,
            manager_email: None,
            permission_template_name: None,
            license: license(),
        };
    vec![
        Member {
            permission_template_name: Some("Admin".into()),
            ..member(
                "5f8a1b2c3d4e5f6a7b8c9d01",
                "Priya Sharma",
                "priya@example.com",
                "919800011111",
                "ADMIN",
                "Active",
            )
        },
        Member {
            manager_name: Some("Priya Sharma".into()),
            manager_email: Some("priya@example.com".into()),
            permission_template_name: Some("Sales Agent".into()),
            ..member(
                "5f8a1b2c3d4e5f6a7b8c9d02",
                "Arjun Mehta",
                "agent@company.com",
                "919800022222",
                "CALLER",
                "Working",
            )
        },
        Member {
            deleted: true,
            permission_template_name: Some("Sales Agent".into()),
            license: None,
            ..member(
                "5f8a1b2c3d4e5f6a7b8c9d03",
                "Rahul Verma",
                "rahul@example.com",
                "919800033333",
                "CALLER",
                "Deleted",
            )
        },
    ]
}

/// The docs' examples: one lead with four actions, and the team.
fn seed(enterprise: &str, identifier: &str) -> Data {
    let member = |n: u8| Some(format!("5f8a1b2c3d4e5f6a7b8c9d0{n}"));
    let rows = [
        (
            SEED_CUSTOM_ACTION,
            1_772_445_600_000, // 2026-03-02 10:00:00 UTC
            member(1),
            json!({"type": "1001", "fields": {"note": "Call back next week"}}),
        ),
        (
            SEED_PAYMENT_ACTION,
            1_773_576_000_000, // 2026-03-15 12:00:00 UTC
            member(1),
            json!({"type": "PAYMENT", "status": "PENDING", "currency": "INR", "amount": "5000"}),
        ),
        (
            SEED_OUTGOING_CALL,
            1_775_813_400_000, // 2026-04-10 09:30:00 UTC
            member(2),
            json!({"type": "OUTGOING_CALL"}),
        ),
        (
            SEED_INCOMING_CALL,
            1_777_708_800_000, // 2026-05-02 08:00:00 UTC
            member(2),
            json!({"type": "INCOMING_CALL"}),
        ),
    ];
    let mut data = Data {
        enterprise: enterprise.to_owned(),
        identifier: identifier.to_owned(),
        team: seed_team(),
        ..Data::default()
    };
    for (seq, (action, created_on, performed_by, state)) in rows.into_iter().enumerate() {
        data.actions.insert(
            (SEED_LEAD.to_owned(), action.to_owned()),
            Stored {
                created_on,
                modified_on: created_on,
                performed_by,
                seq: seq as u64,
                state,
            },
        );
    }
    let fields = json!({
        "name": "Jane Doe",
        "phone": "919999999999",
        "email": "jane.doe@example.com",
        "status": "Fresh",
        "rating": 4
    });
    data.put_lead(
        SEED_LEAD.to_owned(),
        LeadRecord {
            fields: fields.as_object().cloned().unwrap_or_default(),
            created_on: 1_772_355_600_000, // 2026-03-01 09:00:00 UTC
            modified_on: 1_772_355_600_000,
            seq: data.actions.len() as u64,
        },
    );
    data.next_seq = data.actions.len() as u64 + 1;
    data
}

/// What a new store holds: the built-in seed, or the seed file's team and
/// leads (IDs made by the store's clock and seed).
fn initial_data(
    enterprise: &str,
    identifier: &str,
    initial: Option<Initial>,
    ticker: &Ticker,
    id_seed: u64,
) -> Data {
    let Some(initial) = initial else {
        return seed(enterprise, identifier);
    };
    let mut data = Data {
        enterprise: enterprise.to_owned(),
        identifier: identifier.to_owned(),
        team: initial.team,
        ..Data::default()
    };
    for i in 0..data.team.len() {
        if data.team[i].id.is_empty() {
            let seq = data.take_seq();
            data.team[i].id = object_id(ticker.now_millis(), id_seed, seq);
        }
    }
    for fields in initial.leads {
        let now = ticker.now_millis();
        let seq = data.take_seq();
        let id = object_id(now, id_seed, seq);
        let record = LeadRecord {
            fields,
            created_on: now,
            modified_on: now,
            seq,
        };
        data.put_lead(id, record);
    }
    data
}

impl Data {
    /// Inserts or replaces a lead, keeping the order and identifier indexes.
    fn put_lead(&mut self, id: String, record: LeadRecord) {
        if let Some(old) = self.leads.get(&id) {
            self.order.remove(&(old.created_on, old.seq, id.clone()));
            if let Some(key) = old.fields.get(&self.identifier).map(identifier_key)
                && self.by_identifier.get(&key) == Some(&id)
            {
                self.by_identifier.remove(&key);
            }
        }
        self.order
            .insert((record.created_on, record.seq, id.clone()));
        if let Some(key) = record.fields.get(&self.identifier).map(identifier_key) {
            self.by_identifier.entry(key).or_insert_with(|| id.clone());
        }
        self.leads.insert(id, record);
    }

    fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }
}

/// The tables of schema version 3 (documented in `docs/sandbox.md`): every
/// row belongs to an enterprise; version 3 added `actions.modified_on`.
const SCHEMA: &str = "
CREATE TABLE meta (
    enterprise TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (enterprise, key)
);
CREATE TABLE leads (
    enterprise TEXT NOT NULL,
    id TEXT NOT NULL,
    fields TEXT NOT NULL,
    created_on INTEGER NOT NULL,
    modified_on INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (enterprise, id)
);
CREATE TABLE actions (
    enterprise TEXT NOT NULL,
    lead TEXT NOT NULL,
    id TEXT NOT NULL,
    state TEXT NOT NULL,
    created_on INTEGER NOT NULL,
    performed_by TEXT,
    seq INTEGER NOT NULL,
    modified_on INTEGER,
    PRIMARY KEY (enterprise, lead, id)
);
CREATE TABLE team (
    enterprise TEXT NOT NULL,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    deleted INTEGER NOT NULL,
    manager_name TEXT,
    manager_email TEXT,
    permission_template_name TEXT,
    license TEXT,
    PRIMARY KEY (enterprise, position)
);
CREATE TABLE options (
    enterprise TEXT NOT NULL,
    field TEXT NOT NULL,
    label TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (enterprise, field, label)
);
CREATE TABLE ingest_queue (
    enterprise TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    queued_on INTEGER NOT NULL,
    PRIMARY KEY (enterprise, seq)
);
";

/// Version 1 (one enterprise per file, named in `meta`) to version 2: each
/// table rebuilt with that enterprise on every row.
const MIGRATE_V1_TO_V2: &str = "
ALTER TABLE meta RENAME TO meta_v1;
ALTER TABLE leads RENAME TO leads_v1;
ALTER TABLE actions RENAME TO actions_v1;
ALTER TABLE team RENAME TO team_v1;
ALTER TABLE options RENAME TO options_v1;
ALTER TABLE ingest_queue RENAME TO ingest_queue_v1;
CREATE TEMP TABLE v1 AS SELECT value AS e FROM meta_v1 WHERE key = 'enterprise';
";

/// Version 2 to version 3: when each action last changed.
const MIGRATE_V2_TO_V3: &str = "
ALTER TABLE actions ADD COLUMN modified_on INTEGER;
UPDATE actions SET modified_on = created_on;
";

const MIGRATE_V1_TO_V2_COPY: &str = "
INSERT INTO meta SELECT (SELECT e FROM temp.v1), key, value FROM meta_v1 WHERE key <> 'enterprise';
INSERT INTO leads SELECT (SELECT e FROM temp.v1), id, fields, created_on, modified_on, seq FROM leads_v1;
INSERT INTO actions (enterprise, lead, id, state, created_on, performed_by, seq, modified_on)
    SELECT (SELECT e FROM temp.v1), lead, id, state, created_on, performed_by, seq, created_on FROM actions_v1;
INSERT INTO team SELECT (SELECT e FROM temp.v1), position, id, name, email, phone_number, role, status,
    deleted, manager_name, manager_email, permission_template_name, license FROM team_v1;
INSERT INTO options SELECT (SELECT e FROM temp.v1), field, label, position FROM options_v1;
INSERT INTO ingest_queue SELECT enterprise, seq, body, queued_on FROM ingest_queue_v1;
DROP TABLE meta_v1;
DROP TABLE leads_v1;
DROP TABLE actions_v1;
DROP TABLE team_v1;
DROP TABLE options_v1;
DROP TABLE ingest_queue_v1;
DROP TABLE temp.v1;
";

/// What a state file holds, judged by its first bytes.
enum Kind {
    /// No file, or an empty one: a new store.
    New,
    Sqlite,
    /// A state file of earlier versions.
    Json,
    Unknown,
}

fn sniff(path: &Path) -> std::io::Result<Kind> {
    let mut head = Vec::with_capacity(64);
    match File::open(path) {
        Ok(file) => {
            file.take(64).read_to_end(&mut head)?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Kind::New),
        Err(e) => return Err(e),
    }
    Ok(if head.is_empty() {
        Kind::New
    } else if head.starts_with(b"SQLite format 3\0") {
        Kind::Sqlite
    } else if head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        Kind::Json
    } else {
        Kind::Unknown
    })
}

/// `FILE` + `suffix`, beside it.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn invalid(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message)
}

impl Store {
    pub(crate) fn open(options: StoreOptions) -> Result<Self, SandboxError> {
        let StoreOptions {
            file,
            tenants,
            clock,
            seed,
        } = options;
        let ticker = Ticker::new(clock);
        let id_seed = id_seed(seed);
        // A JSON file of earlier versions holds one enterprise, judged by the
        // first's workspace.
        let identifier = tenants
            .first()
            .map_or_else(|| IDENTIFIER.to_owned(), |t| t.workspace.identifier.clone());
        let fail = |path: &Path| {
            let path = path.to_owned();
            move |source: std::io::Error| SandboxError::StateLoad { path, source }
        };
        let (db, lock) = match &file {
            None => {
                let db = Connection::open_in_memory().map_err(|e| SandboxError::StateLoad {
                    path: PathBuf::from(":memory:"),
                    source: std::io::Error::other(e),
                })?;
                (db, None)
            }
            Some(path) => {
                let lock = lock_file(path)?;
                let kind = sniff(path).map_err(fail(path))?;
                match kind {
                    Kind::Unknown => {
                        return Err(fail(path)(invalid(
                            "neither a SQLite database nor a JSON state file".into(),
                        )));
                    }
                    Kind::Json => import_json(path, &identifier).map_err(fail(path))?,
                    Kind::New | Kind::Sqlite => {}
                }
                let db =
                    Connection::open(path).map_err(|e| fail(path)(std::io::Error::other(e)))?;
                (db, Some(lock))
            }
        };
        let label = file.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        prepare(&db).map_err(fail(&label))?;
        let mut workspaces = HashMap::new();
        let mut loaded = HashMap::new();
        for tenant in tenants {
            let identifier = tenant.workspace.identifier.clone();
            let new = || {
                initial_data(
                    &tenant.enterprise,
                    &identifier,
                    tenant.initial,
                    &ticker,
                    id_seed,
                )
            };
            let data = open_tenant(&db, &tenant.enterprise, &identifier, new)
                .map_err(|e| fail(&label)(std::io::Error::other(e)))?;
            loaded.insert(tenant.enterprise.clone(), data);
            workspaces.insert(tenant.enterprise, tenant.workspace);
        }
        let fail_commits = Arc::new(AtomicBool::new(false));
        let flag = fail_commits.clone();
        db.commit_hook(Some(move || flag.load(Ordering::SeqCst)))
            .map_err(|e| fail(&label)(std::io::Error::other(e)))?;
        Ok(Self {
            inner: Mutex::new(Inner {
                tenants: loaded,
                db,
            }),
            workspaces,
            file,
            _lock: lock,
            ticker,
            id_seed,
            fail_commits,
        })
    }

    /// The state file, if any.
    pub(crate) fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Makes every commit fail (or not), for tests of the failure path.
    pub(crate) fn fail_commits(&self, on: bool) {
        self.fail_commits.store(on, Ordering::SeqCst);
    }

    /// Now, by the store's clock.
    pub(crate) fn now_millis(&self) -> i64 {
        self.ticker.now_millis()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                // A request panicked inside its transaction: undo it, and read
                // the memory back from the tables.
                let mut guard = poisoned.into_inner();
                let enterprises: Vec<String> = guard.tenants.keys().cloned().collect();
                for enterprise in enterprises {
                    let _ = guard.recover(&enterprise);
                }
                self.inner.clear_poison();
                guard
            }
        }
    }

    /// Runs `f` as one transaction of `enterprise`'s state: its changes are
    /// committed together before this returns, or none of them is kept.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when writing or committing failed (the changes are
    /// gone, from the tables and from memory), or the enterprise is not
    /// served.
    pub(crate) fn with_tx<R>(
        &self,
        enterprise: &str,
        f: impl FnOnce(&mut Tx<'_>) -> R,
    ) -> Result<R, StoreError> {
        let workspace = self
            .workspaces
            .get(enterprise)
            .ok_or(StoreError::NotServed)?;
        let mut guard = self.lock();
        let Inner { tenants, db } = &mut *guard;
        let data = tenants.get_mut(enterprise).ok_or(StoreError::NotServed)?;
        let mut tx = Tx {
            seq_at_start: data.next_seq,
            enterprise: data.enterprise.clone(),
            data,
            db,
            store: self,
            workspace,
            begun: false,
            error: None,
        };
        let result = f(&mut tx);
        match tx.finish() {
            Ok(()) => Ok(result),
            Err(error) => {
                guard.recover(enterprise).map_err(StoreError::Reload)?;
                Err(StoreError::Write(error))
            }
        }
    }

    /// Reads `enterprise`'s state without writing; `None` when it is not
    /// served.
    pub(crate) fn read<R>(&self, enterprise: &str, f: impl FnOnce(&Tx<'_>) -> R) -> Option<R> {
        let workspace = self.workspaces.get(enterprise)?;
        let mut guard = self.lock();
        let Inner { tenants, db } = &mut *guard;
        let data = tenants.get_mut(enterprise)?;
        let tx = Tx {
            seq_at_start: data.next_seq,
            enterprise: String::new(),
            data,
            db,
            store: self,
            workspace,
            begun: false,
            error: None,
        };
        Some(f(&tx))
    }

    /// Folds the WAL into the database file (at a stop), so the file alone
    /// holds everything; best effort.
    pub(crate) fn checkpoint(&self) {
        let guard = self.lock();
        if let Err(err) = guard.db.pragma_update(None, "wal_checkpoint", "TRUNCATE") {
            tracing::warn!("sandbox: checkpoint failed: {err}");
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self, enterprise: &str) -> usize {
        self.lock().tenants[enterprise].actions.len()
    }
}

impl Inner {
    /// Rolls back an open transaction and reads the memory from the tables.
    fn recover(&mut self, enterprise: &str) -> rusqlite::Result<()> {
        if !self.db.is_autocommit() {
            self.db.execute_batch("ROLLBACK")?;
        }
        if let Some(data) = self.tenants.get_mut(enterprise) {
            let identifier = data.identifier.clone();
            *data = load(&self.db, enterprise.to_owned(), identifier)?;
        }
        Ok(())
    }
}

/// Takes `FILE.lock`, or says which sandbox... that another one holds it.
fn lock_file(path: &Path) -> Result<File, SandboxError> {
    let lock_path = beside(path, ".lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|source| SandboxError::StateLoad {
            path: lock_path.clone(),
            source,
        })?;
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => Ok(file),
        Err(fs4::TryLockError::WouldBlock) => Err(SandboxError::StateLocked {
            path: path.to_owned(),
        }),
        Err(fs4::TryLockError::Error(source)) => Err(SandboxError::StateLoad {
            path: lock_path,
            source,
        }),
    }
}

/// The schema version a store file records (`PRAGMA user_version`; 0 in a
/// database no sandbox made).
fn user_version(db: &Connection) -> rusqlite::Result<i64> {
    db.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Sets the connection up, and creates or migrates the schema.
fn prepare(db: &Connection) -> std::io::Result<()> {
    let sql = std::io::Error::other;
    // WAL: readers (a user's `sqlite3`) do not block the sandbox. NORMAL: a
    // commit is in the WAL before the answer, so a killed process loses
    // nothing; only a power cut may lose the last commits.
    db.pragma_update(None, "journal_mode", "WAL").map_err(sql)?;
    db.pragma_update(None, "synchronous", "NORMAL")
        .map_err(sql)?;
    db.pragma_update(None, "foreign_keys", "OFF").map_err(sql)?;
    db.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(sql)?;
    let version = user_version(db).map_err(sql)?;
    match version {
        0 => {
            let tables: i64 = db
                .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
                .map_err(sql)?;
            if tables > 0 {
                return Err(invalid(
                    "a SQLite database, but not a sandbox's (user_version 0)".into(),
                ));
            }
            in_transaction(db, |db| db.execute_batch(SCHEMA)).map_err(sql)
        }
        1 => in_transaction(db, |db| {
            db.execute_batch(MIGRATE_V1_TO_V2)?;
            db.execute_batch(SCHEMA)?;
            db.execute_batch(MIGRATE_V1_TO_V2_COPY)
        })
        .map_err(sql),
        2 => in_transaction(db, |db| db.execute_batch(MIGRATE_V2_TO_V3)).map_err(sql),
        SCHEMA_VERSION => Ok(()),
        newer => Err(invalid(format!(
            "schema version {newer}, newer than this sandbox's {SCHEMA_VERSION}"
        ))),
    }
}

/// Runs `f` in one transaction that also sets the schema version.
fn in_transaction(
    db: &Connection,
    f: impl FnOnce(&Connection) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    db.execute_batch("BEGIN IMMEDIATE")?;
    let result = f(db)
        .and_then(|()| db.pragma_update(None, "user_version", SCHEMA_VERSION))
        .and_then(|()| db.execute_batch("COMMIT"));
    if result.is_err() && !db.is_autocommit() {
        let _ = db.execute_batch("ROLLBACK");
    }
    result
}

/// An enterprise's state: loaded if the file has it, else written new.
fn open_tenant(
    db: &Connection,
    enterprise: &str,
    identifier: &str,
    new: impl FnOnce() -> Data,
) -> rusqlite::Result<Data> {
    let known: Option<String> = db
        .query_row(
            "SELECT value FROM meta WHERE enterprise = ?1 AND key = 'next_seq'",
            [enterprise],
            |row| row.get(0),
        )
        .optional()?;
    if known.is_none() {
        let data = new();
        in_transaction(db, |db| write_all(db, &data))?;
    }
    load(db, enterprise.to_owned(), identifier.to_owned())
}

/// Creates the tables and writes `data` into them, in one transaction.
fn create(db: &Connection, data: &Data) -> rusqlite::Result<()> {
    in_transaction(db, |db| {
        db.execute_batch(SCHEMA)?;
        write_all(db, data)
    })
}

fn write_all(db: &Connection, data: &Data) -> rusqlite::Result<()> {
    let e = data.enterprise.as_str();
    put_meta(db, e, "next_seq", &data.next_seq.to_string())?;
    put_meta(db, e, "next_ingest", &data.next_ingest.to_string())?;
    for (id, lead) in &data.leads {
        put_lead_row(db, e, id, lead)?;
    }
    for ((lead, id), stored) in &data.actions {
        put_action_row(db, e, lead, id, stored)?;
    }
    for (position, member) in data.team.iter().enumerate() {
        put_member_row(db, e, position, member)?;
    }
    for (field, labels) in &data.options {
        for (position, label) in labels.iter().enumerate() {
            put_option_row(db, e, field, label, position)?;
        }
    }
    for (seq, body) in &data.queue {
        put_queue_row(db, e, *seq, body, 0)?;
    }
    Ok(())
}

fn put_meta(db: &Connection, e: &str, key: &str, value: &str) -> rusqlite::Result<()> {
    db.prepare_cached("INSERT OR REPLACE INTO meta (enterprise, key, value) VALUES (?1, ?2, ?3)")?
        .execute(params![e, key, value])
        .map(drop)
}

fn put_lead_row(db: &Connection, e: &str, id: &str, lead: &LeadRecord) -> rusqlite::Result<()> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO leads (enterprise, id, fields, created_on, modified_on, seq) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        e,
        id,
        Value::Object(lead.fields.clone()).to_string(),
        lead.created_on,
        lead.modified_on,
        lead.seq as i64
    ])
    .map(drop)
}

fn put_action_row(
    db: &Connection,
    e: &str,
    lead: &str,
    id: &str,
    stored: &Stored,
) -> rusqlite::Result<()> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO actions (enterprise, lead, id, state, created_on, performed_by, seq, modified_on) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        e,
        lead,
        id,
        stored.state.to_string(),
        stored.created_on,
        stored.performed_by,
        stored.seq as i64,
        stored.modified_on
    ])
    .map(drop)
}

fn put_member_row(db: &Connection, e: &str, position: usize, m: &Member) -> rusqlite::Result<()> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO team (enterprise, position, id, name, email, phone_number, role, \
         status, deleted, manager_name, manager_email, permission_template_name, license) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        e,
        position as i64,
        m.id,
        m.name,
        m.email,
        m.phone_number,
        m.role,
        m.status,
        m.deleted,
        m.manager_name,
        m.manager_email,
        m.permission_template_name,
        m.license.as_ref().map(Value::to_string)
    ])
    .map(drop)
}

fn put_option_row(
    db: &Connection,
    e: &str,
    field: &str,
    label: &str,
    position: usize,
) -> rusqlite::Result<()> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO options (enterprise, field, label, position) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![e, field, label, position as i64])
    .map(drop)
}

fn put_queue_row(
    db: &Connection,
    e: &str,
    seq: u64,
    body: &Value,
    queued_on: i64,
) -> rusqlite::Result<()> {
    db.prepare_cached(
        "INSERT INTO ingest_queue (enterprise, seq, body, queued_on) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![e, seq as i64, body.to_string(), queued_on])
    .map(drop)
}

/// A JSON column, or a conversion error naming it.
fn json_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Value> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, e.into())
    })
}

/// Reads the whole state from the tables.
fn load(db: &Connection, enterprise: String, identifier: String) -> rusqlite::Result<Data> {
    let mut data = Data {
        enterprise,
        identifier,
        ..Data::default()
    };
    let e = data.enterprise.clone();
    let meta = |key: &str| -> rusqlite::Result<u64> {
        let value: Option<String> = db
            .query_row(
                "SELECT value FROM meta WHERE enterprise = ?1 AND key = ?2",
                [e.as_str(), key],
                |row| row.get(0),
            )
            .optional()?;
        Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
    };
    let mut next_seq = meta("next_seq")?;
    data.next_ingest = meta("next_ingest")?;
    let mut leads = db.prepare(
        "SELECT id, fields, created_on, modified_on, seq FROM leads WHERE enterprise = ?1",
    )?;
    let rows = leads.query_map([&e], |row| {
        let fields = match json_column(row, 1)? {
            Value::Object(fields) => fields,
            _ => Map::new(),
        };
        Ok((
            row.get::<_, String>(0)?,
            LeadRecord {
                fields,
                created_on: row.get(2)?,
                modified_on: row.get(3)?,
                seq: row.get::<_, i64>(4)? as u64,
            },
        ))
    })?;
    for row in rows {
        let (id, lead) = row?;
        next_seq = next_seq.max(lead.seq + 1);
        data.put_lead(id, lead);
    }
    let mut actions = db.prepare(
        "SELECT lead, id, state, created_on, performed_by, seq, modified_on FROM actions WHERE enterprise = ?1",
    )?;
    let rows = actions.query_map([&e], |row| {
        Ok(((row.get::<_, String>(0)?, row.get::<_, String>(1)?), {
            let created_on: i64 = row.get(3)?;
            Stored {
                state: json_column(row, 2)?,
                created_on,
                modified_on: row.get::<_, Option<i64>>(6)?.unwrap_or(created_on),
                performed_by: row.get(4)?,
                seq: row.get::<_, i64>(5)? as u64,
            }
        }))
    })?;
    for row in rows {
        let (key, stored) = row?;
        next_seq = next_seq.max(stored.seq + 1);
        data.actions.insert(key, stored);
    }
    let mut team = db.prepare(
        "SELECT id, name, email, phone_number, role, status, deleted, manager_name, \
         manager_email, permission_template_name, license FROM team WHERE enterprise = ?1 \
         ORDER BY position",
    )?;
    let rows = team.query_map([&e], |row| {
        let license: Option<String> = row.get(10)?;
        Ok(Member {
            id: row.get(0)?,
            name: row.get(1)?,
            email: row.get(2)?,
            phone_number: row.get(3)?,
            role: row.get(4)?,
            status: row.get(5)?,
            deleted: row.get(6)?,
            manager_name: row.get(7)?,
            manager_email: row.get(8)?,
            permission_template_name: row.get(9)?,
            license: license.and_then(|l| serde_json::from_str(&l).ok()),
        })
    })?;
    for row in rows {
        data.team.push(row?);
    }
    let mut options = db.prepare(
        "SELECT field, label FROM options WHERE enterprise = ?1 ORDER BY field, position",
    )?;
    let rows = options.query_map([&e], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (field, label) = row?;
        data.options.entry(field).or_default().push(label);
    }
    let mut queue =
        db.prepare("SELECT seq, body FROM ingest_queue WHERE enterprise = ?1 ORDER BY seq")?;
    let rows = queue.query_map([&e], |row| {
        Ok((row.get::<_, i64>(0)? as u64, json_column(row, 1)?))
    })?;
    for row in rows {
        let (seq, body) = row?;
        data.next_ingest = data.next_ingest.max(seq + 1);
        data.queue.push_back((seq, body));
    }
    data.next_seq = next_seq;
    Ok(data)
}

/// One request's view of the store: reads from memory; each change goes to
/// memory and, as rows, into the request's SQLite transaction (begun at the
/// first change, committed by [`Store::with_tx`]).
pub(crate) struct Tx<'a> {
    data: &'a mut Data,
    db: &'a Connection,
    store: &'a Store,
    workspace: &'a Workspace,
    /// The enterprise, for the rows written.
    enterprise: String,
    begun: bool,
    seq_at_start: u64,
    /// The first write that failed: the transaction is rolled back.
    error: Option<rusqlite::Error>,
}

impl<'a> Tx<'a> {
    /// Runs one write in the transaction, unless one failed already.
    fn write(&mut self, f: impl FnOnce(&Connection, &str) -> rusqlite::Result<()>) {
        if self.error.is_some() {
            return;
        }
        if !self.begun {
            if let Err(e) = self.db.execute_batch("BEGIN IMMEDIATE") {
                self.error = Some(e);
                return;
            }
            self.begun = true;
        }
        if let Err(e) = f(self.db, &self.enterprise) {
            self.error = Some(e);
        }
    }

    /// Commits what was written, or rolls it back and says why.
    fn finish(mut self) -> Result<(), rusqlite::Error> {
        if self.data.next_seq != self.seq_at_start {
            let next = self.data.next_seq.to_string();
            self.write(|db, e| put_meta(db, e, "next_seq", &next));
        }
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        if self.begun {
            self.db.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    fn now(&self) -> i64 {
        self.store.now_millis()
    }

    /// How values are judged (the enterprise's fields, pipeline, actions).
    /// Borrowed from the store, not from this transaction.
    pub(crate) fn workspace(&self) -> &'a Workspace {
        self.workspace
    }

    fn new_id(&mut self, now: i64) -> String {
        let n = self.data.take_seq();
        object_id(now, self.store.id_seed, n)
    }

    fn save_lead(&mut self, id: &str) {
        if let Some(lead) = self.data.leads.get(id).cloned() {
            self.write(|db, e| put_lead_row(db, e, id, &lead));
        }
    }

    fn save_action(&mut self, lead: &str, action: &str) {
        let key = (lead.to_owned(), action.to_owned());
        if let Some(stored) = self.data.actions.get(&key).cloned() {
            self.write(|db, e| put_action_row(db, e, lead, action, &stored));
        }
    }

    pub(crate) fn get(&self, lead: &str, action: &str) -> Option<Value> {
        self.data
            .actions
            .get(&(lead.to_owned(), action.to_owned()))
            .map(|stored| stored.state.clone())
    }

    pub(crate) fn has_lead(&self, lead: &str) -> bool {
        self.data.leads.contains_key(lead)
    }

    /// Makes a lead known (with no fields) if it is not.
    pub(crate) fn insert_lead(&mut self, lead: &str) {
        if !self.data.leads.contains_key(lead) {
            let seq = self.data.take_seq();
            let now = self.now();
            self.data.put_lead(
                lead.to_owned(),
                LeadRecord {
                    fields: Map::new(),
                    created_on: now,
                    modified_on: now,
                    seq,
                },
            );
            self.save_lead(lead);
        }
    }

    /// The team, in stored order.
    pub(crate) fn team(&self) -> &[Member] {
        &self.data.team
    }

    /// Adds a member if no undeleted member has the email and a seat is free
    /// (every undeleted member takes one, active or not).
    pub(crate) fn add_member(
        &mut self,
        mut member: Member,
        seats: usize,
    ) -> Result<Member, TeamError> {
        let live = self.data.team.iter().filter(|m| !m.deleted);
        if live
            .clone()
            .any(|m| m.email.eq_ignore_ascii_case(&member.email))
        {
            return Err(TeamError::Exists);
        }
        if live.count() >= seats {
            return Err(TeamError::NoSeat);
        }
        let now = self.now();
        member.id = self.new_id(now);
        let position = self.data.team.len();
        self.data.team.push(member.clone());
        self.write(|db, e| put_member_row(db, e, position, &member));
        Ok(member)
    }

    /// Sets an undeleted member's status: the member now, or `None`.
    pub(crate) fn set_member_status(&mut self, email: &str, status: &str) -> Option<Member> {
        let position = self
            .data
            .team
            .iter()
            .position(|m| !m.deleted && m.email.eq_ignore_ascii_case(email))?;
        let member = &mut self.data.team[position];
        member.status = status.to_owned();
        let member = member.clone();
        self.write(|db, e| put_member_row(db, e, position, &member));
        Some(member)
    }

    /// Options created for `field` by values sent for it.
    pub(crate) fn learnt_options(&self, field: &str) -> &[String] {
        self.data.options.get(field).map_or(&[], Vec::as_slice)
    }

    /// Records labels sent for a dropdown or tags field as its options.
    pub(crate) fn learn_options(&mut self, field: &str, labels: &[String]) {
        let known = self.data.options.entry(field.to_owned()).or_default();
        let mut new = Vec::new();
        for label in labels {
            if !known.contains(label) {
                new.push((label.clone(), known.len()));
                known.push(label.clone());
            }
        }
        for (label, position) in new {
            self.write(|db, e| put_option_row(db, e, field, &label, position));
        }
    }

    /// A lead, by ID.
    pub(crate) fn lead(&self, lead: &str) -> Option<&LeadRecord> {
        self.data.leads.get(lead)
    }

    /// Every lead, newest first (by creation time, then order of creation).
    pub(crate) fn leads(&self) -> impl Iterator<Item = (&str, &LeadRecord)> {
        self.data
            .order
            .iter()
            .rev()
            .filter_map(|(_, _, id)| Some((id.as_str(), self.data.leads.get(id)?)))
    }

    /// The lead whose identifier has this value, compared as
    /// [`identifier_key`] does.
    fn lead_by_identifier(&self, fields: &Map<String, Value>) -> Option<String> {
        let key = identifier_key(fields.get(&self.data.identifier)?);
        self.data.by_identifier.get(&key).cloned()
    }

    /// Creates a lead and its first actions, unless a lead with the same
    /// identifier value exists.
    pub(crate) fn create_lead(
        &mut self,
        fields: Map<String, Value>,
        actions: Vec<Option<Value>>,
    ) -> Result<(String, Vec<Option<String>>), CreateLeadError> {
        if self.lead_by_identifier(&fields).is_some() {
            return Err(CreateLeadError::Exists);
        }
        let now = self.now();
        let id = self.store_new_lead(fields, now);
        let ids = self.append(&id, actions, now);
        Ok((id, ids))
    }

    /// Creates or updates the lead whose identifier equals the fields', then
    /// appends the actions: `(lead ID, created)`.
    pub(crate) fn upsert_lead(
        &mut self,
        fields: Map<String, Value>,
        actions: Vec<Option<Value>>,
    ) -> (String, bool) {
        let now = self.now();
        let (id, created) = match self.lead_by_identifier(&fields) {
            Some(id) => {
                if let Some(mut lead) = self.data.leads.get(&id).cloned() {
                    lead.fields.extend(fields);
                    lead.modified_on = now;
                    self.data.put_lead(id.clone(), lead);
                    self.save_lead(&id);
                }
                (id, false)
            }
            None => (self.store_new_lead(fields, now), true),
        };
        self.append(&id, actions, now);
        (id, created)
    }

    /// Merges `fields` into a lead's: its new state, or `None` when there is no
    /// such lead.
    pub(crate) fn update_lead(
        &mut self,
        lead: &str,
        fields: Map<String, Value>,
    ) -> Option<LeadRecord> {
        let mut record = self.data.leads.get(lead)?.clone();
        record.fields.extend(fields);
        record.modified_on = self.now();
        self.data.put_lead(lead.to_owned(), record.clone());
        self.save_lead(lead);
        Some(record)
    }

    /// Stores a new lead under a fresh ID, created and modified `now`.
    fn store_new_lead(&mut self, fields: Map<String, Value>, now: i64) -> String {
        let id = loop {
            let id = self.new_id(now);
            if !self.data.leads.contains_key(&id) {
                break id;
            }
        };
        let seq = self.data.take_seq();
        self.data.put_lead(
            id.clone(),
            LeadRecord {
                fields,
                created_on: now,
                modified_on: now,
                seq,
            },
        );
        self.save_lead(&id);
        id
    }

    /// Appends actions to a lead's timeline: `None` entries are skipped
    /// (ignored), the others get fresh IDs, returned in order.
    fn append(
        &mut self,
        lead: &str,
        states: Vec<Option<Value>>,
        created_on: i64,
    ) -> Vec<Option<String>> {
        states
            .into_iter()
            .map(|state| {
                let state = state?;
                let id = loop {
                    let id = self.new_id(created_on);
                    if !self
                        .data
                        .actions
                        .contains_key(&(lead.to_owned(), id.clone()))
                    {
                        break id;
                    }
                };
                let seq = self.data.take_seq();
                self.data.actions.insert(
                    (lead.to_owned(), id.clone()),
                    Stored {
                        created_on,
                        modified_on: created_on,
                        performed_by: None,
                        seq,
                        state,
                    },
                );
                self.save_action(lead, &id);
                Some(id)
            })
            .collect()
    }

    /// Adds or replaces an action, created now; its lead becomes known.
    pub(crate) fn insert(&mut self, lead: &str, action: &str, state: Value) {
        let seq = self.data.take_seq();
        self.insert_lead(lead);
        let created_on = self.now();
        self.data.actions.insert(
            (lead.to_owned(), action.to_owned()),
            Stored {
                created_on,
                modified_on: created_on,
                performed_by: None,
                seq,
                state,
            },
        );
        self.save_action(lead, action);
    }

    /// Changes an action's state by `change`, which sees a copy and may
    /// refuse: `Ok(None)` when there is no such action.
    pub(crate) fn update<E>(
        &mut self,
        lead: &str,
        action: &str,
        change: impl FnOnce(&mut Value) -> Result<(), E>,
    ) -> Result<Option<Value>, E> {
        let key = (lead.to_owned(), action.to_owned());
        let Some(stored) = self.data.actions.get_mut(&key) else {
            return Ok(None);
        };
        let mut next = stored.state.clone();
        change(&mut next)?;
        stored.state = next.clone();
        stored.modified_on = self.store.now_millis();
        self.save_action(lead, action);
        Ok(Some(next))
    }

    /// Appends actions to a lead's timeline: `None` entries are skipped
    /// (ignored), the others get fresh IDs, returned in order.
    pub(crate) fn create(&mut self, lead: &str, states: Vec<Option<Value>>) -> Vec<Option<String>> {
        let now = self.now();
        self.append(lead, states, now)
    }

    /// A lead's actions, newest first (by creation time, then insertion).
    pub(crate) fn timeline(&self, lead: &str) -> Vec<(&str, &Stored)> {
        let mut actions: Vec<(&str, &Stored)> = self
            .data
            .actions
            .range((lead.to_owned(), String::new())..)
            .take_while(|((l, _), _)| l == lead)
            .map(|((_, id), stored)| (id.as_str(), stored))
            .collect();
        actions.sort_by_key(|(_, stored)| std::cmp::Reverse((stored.created_on, stored.seq)));
        actions
    }

    /// Queues an Async payload: its place in the queue.
    pub(crate) fn enqueue(&mut self, body: Value) -> u64 {
        let seq = self.data.next_ingest;
        self.data.next_ingest += 1;
        let now = self.now();
        self.write(|db, e| {
            put_queue_row(db, e, seq, &body, now)?;
            put_meta(db, e, "next_ingest", &(seq + 1).to_string())
        });
        self.data.queue.push_back((seq, body));
        seq
    }

    /// The oldest queued payload, taken off the queue: applied and removed
    /// in the same transaction, so exactly once.
    pub(crate) fn dequeue(&mut self) -> Option<(u64, Value)> {
        let (seq, body) = self.data.queue.pop_front()?;
        self.write(|db, e| {
            db.prepare_cached("DELETE FROM ingest_queue WHERE enterprise = ?1 AND seq = ?2")?
                .execute(params![e, seq as i64])
                .map(drop)
        });
        Some((seq, body))
    }

    /// How many payloads wait.
    pub(crate) fn queued(&self) -> usize {
        self.data.queue.len()
    }
}

/// The JSON state file of earlier versions.
#[derive(Deserialize)]
struct JsonState {
    enterprise: String,
    #[serde(default)]
    leads: Vec<JsonLead>,
    #[serde(default)]
    actions: Vec<JsonAction>,
    /// Absent in the oldest files: the seeded team then.
    #[serde(default)]
    team: Option<Vec<Member>>,
    #[serde(default)]
    options: BTreeMap<String, Vec<String>>,
}

/// A lead in a JSON file; the oldest files hold bare IDs.
#[derive(Deserialize)]
#[serde(untagged)]
enum JsonLead {
    Record {
        id: String,
        fields: Map<String, Value>,
        created_on: i64,
        modified_on: i64,
        seq: u64,
    },
    Id(String),
}

#[derive(Deserialize)]
struct JsonAction {
    lead: String,
    action: String,
    #[serde(default)]
    created_on: i64,
    #[serde(default)]
    performed_by: Option<String>,
    #[serde(default)]
    seq: u64,
    state: Value,
}

/// Reads a JSON state file into the state it describes.
fn read_json(bytes: &[u8], identifier: &str) -> std::io::Result<Data> {
    let file: JsonState = serde_json::from_slice(bytes).map_err(std::io::Error::other)?;
    let mut data = Data {
        enterprise: file.enterprise,
        identifier: identifier.to_owned(),
        team: file.team.unwrap_or_else(seed_team),
        options: file.options,
        ..Data::default()
    };
    let bare = || LeadRecord {
        fields: Map::new(),
        created_on: 0,
        modified_on: 0,
        seq: 0,
    };
    for entry in file.leads {
        let (id, record) = match entry {
            JsonLead::Record {
                id,
                fields,
                created_on,
                modified_on,
                seq,
            } => (
                id,
                LeadRecord {
                    fields,
                    created_on,
                    modified_on,
                    seq,
                },
            ),
            JsonLead::Id(id) => (id, bare()),
        };
        data.next_seq = data.next_seq.max(record.seq + 1);
        data.put_lead(id, record);
    }
    for entry in file.actions {
        if !data.leads.contains_key(&entry.lead) {
            data.put_lead(entry.lead.clone(), bare());
        }
        data.next_seq = data.next_seq.max(entry.seq + 1);
        data.actions.insert(
            (entry.lead, entry.action),
            Stored {
                created_on: entry.created_on,
                modified_on: entry.created_on,
                performed_by: entry.performed_by,
                seq: entry.seq,
                state: entry.state,
            },
        );
    }
    Ok(data)
}

/// Replaces a JSON state file by a SQLite database holding the same state,
/// keeping the JSON as `FILE.json-backup`. A crash at any moment leaves the
/// JSON file (imported again at the next start) or the database.
fn import_json(path: &Path, identifier: &str) -> std::io::Result<()> {
    let bytes = std::fs::read(path)?;
    let data = read_json(&bytes, identifier)?;
    std::fs::write(beside(path, ".json-backup"), &bytes)?;
    let temp = beside(path, ".import");
    let _ = std::fs::remove_file(&temp);
    let result = (|| {
        let db = Connection::open(&temp).map_err(std::io::Error::other)?;
        create(&db, &data).map_err(std::io::Error::other)?;
        db.close().map_err(|(_, e)| std::io::Error::other(e))?;
        File::open(&temp)?.sync_all()?;
        std::fs::rename(&temp, path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(dir) = File::open(dir)
        {
            // Makes the rename itself durable; not every platform allows it.
            let _ = dir.sync_all();
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

    fn memory() -> Store {
        Store::open(StoreOptions {
            file: None,
            tenants: vec![TenantOptions {
                enterprise: "e".into(),
                workspace: Arc::new(Workspace::builtin()),
                initial: None,
            }],
            clock: Clock::Real,
            seed: None,
        })
        .unwrap()
    }

    fn on_file(path: &Path) -> Result<Store, SandboxError> {
        Store::open(StoreOptions {
            file: Some(path.to_owned()),
            tenants: vec![TenantOptions {
                enterprise: "e".into(),
                workspace: Arc::new(Workspace::builtin()),
                initial: None,
            }],
            clock: Clock::Real,
            seed: None,
        })
    }

    fn ids(store: &Store, lead: &str) -> Vec<String> {
        store
            .read("e", |tx| {
                tx.timeline(lead)
                    .into_iter()
                    .map(|(id, _)| id.to_owned())
                    .collect()
            })
            .unwrap()
    }

    #[test]
    fn seeded_with_the_docs_examples() {
        let store = memory();
        assert_eq!(store.len("e"), 4);
        assert_eq!(
            ids(&store, SEED_LEAD),
            [
                SEED_INCOMING_CALL,
                SEED_OUTGOING_CALL,
                SEED_PAYMENT_ACTION,
                SEED_CUSTOM_ACTION
            ]
        );
        let amount = store.read("e", |tx| {
            tx.get(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["amount"].clone()
        });
        assert_eq!(amount.unwrap(), "5000");
    }

    #[test]
    fn created_actions_get_fresh_ids_newest_first() {
        let store = memory();
        let ids_made = store
            .with_tx("e", |tx| {
                tx.create(
                    SEED_LEAD,
                    vec![
                        Some(json!({"type": "1001"})),
                        None,
                        Some(json!({"type": "1002"})),
                    ],
                )
            })
            .unwrap();
        assert!(ids_made[1].is_none());
        let (a, b) = (ids_made[0].clone().unwrap(), ids_made[2].clone().unwrap());
        assert_ne!(a, b);
        assert!(
            a.len() == 24 && a.bytes().all(|c| c.is_ascii_hexdigit()),
            "{a}"
        );
        assert_eq!(ids(&store, SEED_LEAD)[..2], [b, a]);
        assert!(ids(&store, "other").is_empty());
    }

    #[test]
    fn committed_changes_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let (lead, action) = {
            let store = on_file(&path).unwrap();
            store
                .with_tx("e", |tx| {
                    let mut fields = Map::new();
                    fields.insert("phone".into(), json!("919000000001"));
                    let (lead, ids) = tx
                        .create_lead(fields, vec![Some(json!({"type": "1001"}))])
                        .ok()
                        .unwrap();
                    tx.enqueue(json!({"fields": {"phone": "919000000002"}}));
                    (lead, ids[0].clone().unwrap())
                })
                .unwrap()
        };
        let store = on_file(&path).unwrap();
        store.read("e", |tx| {
            assert_eq!(tx.lead(&lead).unwrap().fields["phone"], "919000000001");
            assert_eq!(tx.get(&lead, &action).unwrap(), json!({"type": "1001"}));
            assert_eq!(tx.queued(), 1);
        });
        // The identifier index is rebuilt: the same phone is a duplicate.
        let again = store.with_tx("e", |tx| {
            let mut fields = Map::new();
            fields.insert("phone".into(), json!("919000000001"));
            tx.create_lead(fields, vec![]).is_err()
        });
        assert!(again.unwrap());
    }

    #[test]
    fn a_failed_commit_changes_nothing() {
        let store = memory();
        store.fail_commits(true);
        let before = ids(&store, SEED_LEAD);
        let failed = store.with_tx("e", |tx| {
            tx.update(SEED_LEAD, SEED_PAYMENT_ACTION, |state| {
                state["status"] = json!("COMPLETED");
                Ok::<_, ()>(())
            })
            .unwrap();
            tx.create(SEED_LEAD, vec![Some(json!({"type": "1001"}))]);
            tx.enqueue(json!({}));
        });
        assert!(matches!(failed, Err(StoreError::Write(_))));
        assert_eq!(ids(&store, SEED_LEAD), before);
        store.read("e", |tx| {
            assert_eq!(
                tx.get(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["status"],
                "PENDING"
            );
            assert_eq!(tx.queued(), 0);
        });
        store.fail_commits(false);
        store.with_tx("e", |tx| tx.enqueue(json!({}))).unwrap();
        assert_eq!(store.read("e", |tx| tx.queued()), Some(1));
    }

    #[test]
    fn one_store_per_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let first = on_file(&path).unwrap();
        let second = on_file(&path).err().unwrap();
        assert!(matches!(&second, SandboxError::StateLocked { path: p } if *p == path));
        assert!(
            second.to_string().contains("another sandbox holds"),
            "{second}"
        );
        drop(first);
        on_file(&path).unwrap();
    }

    #[test]
    fn json_state_files_are_imported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let json = json!({
            "enterprise": "e",
            "leads": [
                {"id": "L1", "fields": {"phone": "919000000009"}, "created_on": 5, "modified_on": 6, "seq": 9},
                "L2"
            ],
            "actions": [
                {"lead": "L1", "action": "A1", "created_on": 7, "seq": 10, "state": {"type": "1001", "fields": {}}}
            ],
            "options": {"contact_source": ["TV"]}
        });
        std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
        let store = on_file(&path).unwrap();
        store.read("e", |tx| {
            assert_eq!(tx.lead("L1").unwrap().fields["phone"], "919000000009");
            assert!(tx.has_lead("L2"));
            assert_eq!(tx.get("L1", "A1").unwrap()["type"], "1001");
            assert_eq!(tx.learnt_options("contact_source"), ["TV"]);
            assert_eq!(tx.team().len(), 3);
        });
        drop(store);
        assert!(matches!(sniff(&path).unwrap(), Kind::Sqlite));
        assert_eq!(
            std::fs::read(beside(&path, ".json-backup")).unwrap(),
            serde_json::to_vec_pretty(&json).unwrap()
        );
        // Opened again, it is the database, not an import.
        let store = on_file(&path).unwrap();
        assert_eq!(store.read("e", |tx| tx.has_lead("L1")), Some(true));
    }

    #[test]
    fn a_version_1_file_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        let db = Connection::open(&path).unwrap();
        // The first schema, as commit 4a2a032 wrote it: one enterprise, named in meta.
        db.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE leads (id TEXT PRIMARY KEY, fields TEXT NOT NULL, created_on INTEGER NOT NULL,
                 modified_on INTEGER NOT NULL, seq INTEGER NOT NULL);
             CREATE TABLE actions (lead TEXT NOT NULL, id TEXT NOT NULL, state TEXT NOT NULL,
                 created_on INTEGER NOT NULL, performed_by TEXT, seq INTEGER NOT NULL, PRIMARY KEY (lead, id));
             CREATE TABLE team (position INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL,
                 email TEXT NOT NULL, phone_number TEXT NOT NULL, role TEXT NOT NULL, status TEXT NOT NULL,
                 deleted INTEGER NOT NULL, manager_name TEXT, manager_email TEXT,
                 permission_template_name TEXT, license TEXT);
             CREATE TABLE options (field TEXT NOT NULL, label TEXT NOT NULL, position INTEGER NOT NULL,
                 PRIMARY KEY (field, label));
             CREATE TABLE ingest_queue (seq INTEGER PRIMARY KEY, enterprise TEXT NOT NULL,
                 body TEXT NOT NULL, queued_on INTEGER NOT NULL);
             INSERT INTO meta VALUES ('enterprise', 'e'), ('next_seq', '20'), ('next_ingest', '8');
             INSERT INTO leads VALUES ('L1', '{\"phone\":\"919000000001\"}', 1, 2, 3);
             INSERT INTO actions VALUES ('L1', 'A1', '{\"type\":\"1001\"}', 4, NULL, 5);
             INSERT INTO team VALUES (0, 'M1', 'Asha', 'asha@example.com', '919800000001', 'ADMIN',
                 'Active', 0, NULL, NULL, NULL, NULL);
             INSERT INTO options VALUES ('contact_source', 'TV', 0);
             INSERT INTO ingest_queue VALUES (7, 'e', '{\"fields\":{}}', 0);
             PRAGMA user_version = 1;",
        )
        .unwrap();
        drop(db);
        let store = on_file(&path).unwrap();
        store
            .read("e", |tx| {
                assert_eq!(tx.lead("L1").unwrap().fields["phone"], "919000000001");
                assert_eq!(tx.get("L1", "A1").unwrap()["type"], "1001");
                assert_eq!(tx.timeline("L1")[0].1.modified_on, 4);
                assert_eq!(tx.team()[0].email, "asha@example.com");
                assert_eq!(tx.learnt_options("contact_source"), ["TV"]);
                assert_eq!(tx.queued(), 1);
            })
            .unwrap();
        // Not seeded again: the file's enterprise was found.
        assert_eq!(store.len("e"), 1);
        drop(store);
        let db = Connection::open(&path).unwrap();
        assert_eq!(user_version(&db).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn a_version_2_file_gets_action_modification_times() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.db");
        drop(on_file(&path).unwrap());
        // Back to version 2: no `actions.modified_on`.
        let db = Connection::open(&path).unwrap();
        db.execute_batch("ALTER TABLE actions DROP COLUMN modified_on; PRAGMA user_version = 2;")
            .unwrap();
        drop(db);
        let store = on_file(&path).unwrap();
        store
            .read("e", |tx| {
                let timeline = tx.timeline(SEED_LEAD);
                assert_eq!(timeline.len(), 4);
                for (_, stored) in timeline {
                    assert_eq!(stored.modified_on, stored.created_on);
                }
            })
            .unwrap();
        drop(store);
        let db = Connection::open(&path).unwrap();
        assert_eq!(user_version(&db).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn enterprises_share_a_file_not_their_state() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.db");
        let open = |names: &[&str]| {
            Store::open(StoreOptions {
                file: Some(path.clone()),
                tenants: names
                    .iter()
                    .map(|e| TenantOptions {
                        enterprise: (*e).to_owned(),
                        workspace: Arc::new(Workspace::builtin()),
                        initial: None,
                    })
                    .collect(),
                clock: Clock::Real,
                seed: None,
            })
            .unwrap()
        };
        let store = open(&["a", "b"]);
        store
            .with_tx("a", |tx| {
                tx.create(SEED_LEAD, vec![Some(json!({"type": "1001"}))]);
            })
            .unwrap();
        assert_eq!((store.len("a"), store.len("b")), (5, 4));
        assert!(matches!(
            store.with_tx("c", |_| ()),
            Err(StoreError::NotServed)
        ));
        drop(store);
        // Started for b alone (as `--enterprise b` would): a's rows stay.
        let store = open(&["b"]);
        assert_eq!(store.len("b"), 4);
        drop(store);
        let store = open(&["a"]);
        assert_eq!(store.len("a"), 5);
    }

    #[test]
    fn bad_files_are_errors_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [("a", &b"not json"[..]), ("b", b"{\"enterprise\": 1}")] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            assert!(matches!(
                on_file(&path),
                Err(SandboxError::StateLoad { .. })
            ));
            assert_eq!(std::fs::read(&path).unwrap(), bytes);
        }
        let other = dir.path().join("other.db");
        let db = Connection::open(&other).unwrap();
        db.execute_batch("CREATE TABLE t (x)").unwrap();
        drop(db);
        assert!(matches!(
            on_file(&other),
            Err(SandboxError::StateLoad { .. })
        ));
        let newer = dir.path().join("newer.db");
        drop(on_file(&newer).unwrap());
        let db = Connection::open(&newer).unwrap();
        db.pragma_update(None, "user_version", 99).unwrap();
        drop(db);
        let err = on_file(&newer).err().unwrap();
        assert!(format!("{:?}", err).contains("newer"), "{err:?}");
    }
}
