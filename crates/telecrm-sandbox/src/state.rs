//! The sandbox's state: each lead's timeline of actions, and its file.
//!
//! Every change is validated and applied under one lock, so concurrent writes
//! lose nothing. Saving writes a snapshot to a temporary file, flushes it to
//! disk and renames it over the state file, so a crash or kill at any moment
//! leaves the old state or the new one, never a torn file.

use std::collections::BTreeMap;
use std::collections::hash_map::RandomState;
use std::fs::File;
use std::hash::BuildHasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::SandboxError;
use crate::api::Refusal;
use crate::api::actions::update;

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

type Key = (String, String);

#[derive(Serialize, Deserialize)]
struct FileFormat {
    enterprise: String,
    #[serde(default)]
    leads: Vec<LeadEntry>,
    actions: Vec<Entry>,
    /// Absent in files of earlier versions: the seeded team then.
    #[serde(default)]
    team: Option<Vec<Member>>,
    #[serde(default)]
    options: BTreeMap<String, Vec<String>>,
}

/// A team member.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Member {
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

/// A lead in the file; files of earlier versions hold bare IDs.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum LeadEntry {
    Record {
        id: String,
        fields: Map<String, Value>,
        created_on: i64,
        modified_on: i64,
        seq: u64,
    },
    Id(String),
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

#[derive(Serialize, Deserialize)]
struct Entry {
    lead: String,
    action: String,
    #[serde(default)]
    created_on: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    performed_by: Option<String>,
    #[serde(default)]
    seq: u64,
    state: Value,
}

/// One action on a timeline.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    /// Creation time, Unix milliseconds.
    pub(crate) created_on: i64,
    /// The team member who performed it, when known.
    pub(crate) performed_by: Option<String>,
    /// Order of insertion: ties in `created_on` go newest first by this.
    pub(crate) seq: u64,
    /// The action as the API shows it.
    pub(crate) state: Value,
}

struct Data {
    actions: BTreeMap<Key, Stored>,
    leads: BTreeMap<String, LeadRecord>,
    team: Vec<Member>,
    /// Dropdown and tag options created by values sent for them.
    options: BTreeMap<String, Vec<String>>,
    next_seq: u64,
    version: u64,
}

pub(crate) struct Store {
    data: Mutex<Data>,
    file: Option<PathBuf>,
    enterprise: String,
    /// The version last written to the file; saves never go backwards.
    saved: Mutex<u64>,
    temp_counter: AtomicU64,
    /// Mixed into new action IDs so that two runs do not hand out the same ones.
    id_seed: u64,
}

pub(crate) fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Two members who perform the seeded actions, and one deleted member.
fn seed_team() -> Vec<Member> {
    let license = || {
        Some(
            json!({"status": "ACTIVE", "type": "GROWTH", "start_date": "2026-01-01", "end_date": "2027-01-01"}),
        )
    };
    vec![
        Member {
            id: "5f8a1b2c3d4e5f6a7b8c9d01".into(),
            name: "Priya Sharma".into(),
            email: "priya@example.com".into(),
            phone_number: "919800011111".into(),
            role: "ADMIN".into(),
            status: "Active".into(),
            deleted: false,
            manager_name: None,
            manager_email: None,
            permission_template_name: Some("Admin".into()),
            license: license(),
        },
        Member {
            id: "5f8a1b2c3d4e5f6a7b8c9d02".into(),
            name: "Arjun Mehta".into(),
            email: "agent@company.com".into(),
            phone_number: "919800022222".into(),
            role: "CALLER".into(),
            status: "Working".into(),
            deleted: false,
            manager_name: Some("Priya Sharma".into()),
            manager_email: Some("priya@example.com".into()),
            permission_template_name: Some("Sales Agent".into()),
            license: license(),
        },
        Member {
            id: "5f8a1b2c3d4e5f6a7b8c9d03".into(),
            name: "Rahul Verma".into(),
            email: "rahul@example.com".into(),
            phone_number: "919800033333".into(),
            role: "CALLER".into(),
            status: "Deleted".into(),
            deleted: true,
            manager_name: None,
            manager_email: None,
            permission_template_name: Some("Sales Agent".into()),
            license: None,
        },
    ]
}

fn seed() -> Data {
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
    let mut actions = BTreeMap::new();
    for (seq, (action, created_on, performed_by, state)) in rows.into_iter().enumerate() {
        actions.insert(
            (SEED_LEAD.to_owned(), action.to_owned()),
            Stored {
                created_on,
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
    let seed_lead = LeadRecord {
        fields: fields.as_object().cloned().unwrap_or_default(),
        created_on: 1_772_355_600_000, // 2026-03-01 09:00:00 UTC
        modified_on: 1_772_355_600_000,
        seq: actions.len() as u64,
    };
    Data {
        next_seq: actions.len() as u64 + 1,
        actions,
        leads: BTreeMap::from([(SEED_LEAD.to_owned(), seed_lead)]),
        team: seed_team(),
        options: BTreeMap::new(),
        version: 1,
    }
}

impl Store {
    pub(crate) fn open(file: Option<PathBuf>, enterprise: &str) -> Result<Self, SandboxError> {
        let data = match &file {
            Some(path) if path.exists() => load(path)?,
            _ => seed(),
        };
        let store = Self {
            data: Mutex::new(data),
            file,
            enterprise: enterprise.to_owned(),
            saved: Mutex::new(0),
            temp_counter: AtomicU64::new(0),
            id_seed: RandomState::new().hash_one(0x1d5_u64),
        };
        if store.file.is_some() {
            store.save_now()?;
        }
        Ok(store)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Data> {
        // A panic while holding the lock cannot leave a half-applied change:
        // changes are built on copies and inserted whole. So a poisoned lock's
        // data is still sound.
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn get(&self, lead: &str, action: &str) -> Option<Value> {
        self.lock()
            .actions
            .get(&(lead.to_owned(), action.to_owned()))
            .map(|stored| stored.state.clone())
    }

    pub(crate) fn has_lead(&self, lead: &str) -> bool {
        self.lock().leads.contains_key(lead)
    }

    pub(crate) fn insert_lead(&self, lead: &str) {
        let mut data = self.lock();
        data.ensure_lead(lead);
        data.version += 1;
    }

    /// The team, in stored order.
    pub(crate) fn team(&self) -> Vec<Member> {
        self.lock().team.clone()
    }

    /// Adds a member if no undeleted member has the email and a seat is free
    /// (every undeleted member takes one, active or not).
    pub(crate) fn add_member(&self, mut member: Member, seats: usize) -> Result<Member, TeamError> {
        let mut data = self.lock();
        let live = data.team.iter().filter(|m| !m.deleted);
        if live
            .clone()
            .any(|m| m.email.eq_ignore_ascii_case(&member.email))
        {
            return Err(TeamError::Exists);
        }
        if live.count() >= seats {
            return Err(TeamError::NoSeat);
        }
        member.id = self.new_id(&mut data);
        data.team.push(member.clone());
        data.version += 1;
        Ok(member)
    }

    /// Sets an undeleted member's status: the member now, or `None`.
    pub(crate) fn set_member_status(&self, email: &str, status: &str) -> Option<Member> {
        let mut data = self.lock();
        let member = data
            .team
            .iter_mut()
            .find(|m| !m.deleted && m.email.eq_ignore_ascii_case(email))?;
        member.status = status.to_owned();
        let member = member.clone();
        data.version += 1;
        Some(member)
    }

    /// Options created for `field` by values sent for it.
    pub(crate) fn learnt_options(&self, field: &str) -> Vec<String> {
        self.lock().options.get(field).cloned().unwrap_or_default()
    }

    /// Records labels sent for a dropdown or tags field as its options.
    pub(crate) fn learn_options(&self, field: &str, labels: &[String]) {
        let mut data = self.lock();
        let known = data.options.entry(field.to_owned()).or_default();
        for label in labels {
            if !known.contains(label) {
                known.push(label.clone());
            }
        }
        data.version += 1;
    }

    /// A lead, by ID.
    pub(crate) fn lead(&self, lead: &str) -> Option<LeadRecord> {
        self.lock().leads.get(lead).cloned()
    }

    /// Every lead, newest first.
    pub(crate) fn leads(&self) -> Vec<(String, LeadRecord)> {
        let data = self.lock();
        let mut leads: Vec<_> = data
            .leads
            .iter()
            .map(|(id, lead)| (id.clone(), lead.clone()))
            .collect();
        leads.sort_by_key(|(_, lead)| std::cmp::Reverse((lead.created_on, lead.seq)));
        leads
    }

    /// Creates a lead and its first actions under one lock, unless a lead with
    /// the same `identifier` value exists (compared by `same`).
    pub(crate) fn create_lead(
        &self,
        identifier: &str,
        fields: Map<String, Value>,
        actions: Vec<Option<Value>>,
        same: impl Fn(&Value, &Value) -> bool,
    ) -> Result<(String, Vec<Option<String>>), CreateLeadError> {
        let mut data = self.lock();
        if let Some(key) = fields.get(identifier)
            && data
                .leads
                .values()
                .any(|lead| lead.fields.get(identifier).is_some_and(|v| same(v, key)))
        {
            return Err(CreateLeadError::Exists);
        }
        let now = now_millis();
        let id = self.store_new_lead(&mut data, fields, now);
        let ids = self.append(&mut data, &id, actions, now);
        data.version += 1;
        Ok((id, ids))
    }

    /// Creates or updates the lead whose `identifier` equals the fields' (as
    /// `same` compares), then appends the actions: `(lead ID, created)`.
    pub(crate) fn upsert_lead(
        &self,
        identifier: &str,
        fields: Map<String, Value>,
        actions: Vec<Option<Value>>,
        same: impl Fn(&Value, &Value) -> bool,
    ) -> (String, bool) {
        let mut data = self.lock();
        let existing = fields.get(identifier).and_then(|key| {
            data.leads
                .iter()
                .find(|(_, lead)| lead.fields.get(identifier).is_some_and(|v| same(v, key)))
                .map(|(id, _)| id.clone())
        });
        let now = now_millis();
        let (id, created) = match existing {
            Some(id) => {
                if let Some(lead) = data.leads.get_mut(&id) {
                    lead.fields.extend(fields);
                    lead.modified_on = now;
                }
                (id, false)
            }
            None => (self.store_new_lead(&mut data, fields, now), true),
        };
        self.append(&mut data, &id, actions, now);
        data.version += 1;
        (id, created)
    }

    /// Merges `fields` into a lead's: its new state, or `None` when there is no
    /// such lead.
    pub(crate) fn update_lead(&self, lead: &str, fields: Map<String, Value>) -> Option<LeadRecord> {
        let mut data = self.lock();
        let record = data.leads.get_mut(lead)?;
        record.fields.extend(fields);
        record.modified_on = now_millis();
        let record = record.clone();
        data.version += 1;
        Some(record)
    }

    /// Stores a new lead under a fresh ID, created and modified `now`.
    fn store_new_lead(&self, data: &mut Data, fields: Map<String, Value>, now: i64) -> String {
        let id = loop {
            let id = self.new_id(data);
            if !data.leads.contains_key(&id) {
                break id;
            }
        };
        let seq = data.take_seq();
        data.leads.insert(
            id.clone(),
            LeadRecord {
                fields,
                created_on: now,
                modified_on: now,
                seq,
            },
        );
        id
    }

    fn new_id(&self, data: &mut Data) -> String {
        let n = data.take_seq();
        format!("{:016x}{:08x}", self.id_seed ^ n.rotate_left(32), n as u32)
    }

    /// Appends actions to a lead's timeline: `None` entries are skipped
    /// (ignored), the others get fresh IDs, returned in order.
    fn append(
        &self,
        data: &mut Data,
        lead: &str,
        states: Vec<Option<Value>>,
        created_on: i64,
    ) -> Vec<Option<String>> {
        states
            .into_iter()
            .map(|state| {
                let state = state?;
                let id = loop {
                    let id = self.new_id(data);
                    if !data.actions.contains_key(&(lead.to_owned(), id.clone())) {
                        break id;
                    }
                };
                let seq = data.take_seq();
                data.actions.insert(
                    (lead.to_owned(), id.clone()),
                    Stored {
                        created_on,
                        performed_by: None,
                        seq,
                        state,
                    },
                );
                Some(id)
            })
            .collect()
    }

    pub(crate) fn insert(&self, lead: &str, action: &str, state: Value) {
        let mut data = self.lock();
        let seq = data.take_seq();
        data.ensure_lead(lead);
        data.actions.insert(
            (lead.to_owned(), action.to_owned()),
            Stored {
                created_on: now_millis(),
                performed_by: None,
                seq,
                state,
            },
        );
        data.version += 1;
    }

    /// Validates and applies an update. `Ok(None)` when there is no such action.
    pub(crate) fn update(
        &self,
        lead: &str,
        action: &str,
        body: Value,
    ) -> Result<Option<(Value, u64)>, Refusal> {
        let mut data = self.lock();
        let key = (lead.to_owned(), action.to_owned());
        let Some(stored) = data.actions.get(&key) else {
            return Ok(None);
        };
        let mut next = stored.state.clone();
        update::apply(&mut next, body)?;
        if let Some(stored) = data.actions.get_mut(&key) {
            stored.state = next.clone();
        }
        data.version += 1;
        Ok(Some((next, data.version)))
    }

    /// Appends actions to a lead's timeline under one lock: `None` entries are
    /// skipped (ignored), the others get fresh IDs, returned in order.
    pub(crate) fn create(&self, lead: &str, states: Vec<Option<Value>>) -> Vec<Option<String>> {
        let mut data = self.lock();
        let ids = self.append(&mut data, lead, states, now_millis());
        data.version += 1;
        ids
    }

    /// A lead's actions, newest first (by creation time, then insertion).
    pub(crate) fn timeline(&self, lead: &str) -> Vec<(String, Stored)> {
        let data = self.lock();
        let mut actions: Vec<(String, Stored)> = data
            .actions
            .range((lead.to_owned(), String::new())..)
            .take_while(|((l, _), _)| l == lead)
            .map(|((_, id), stored)| (id.clone(), stored.clone()))
            .collect();
        actions.sort_by_key(|(_, stored)| std::cmp::Reverse((stored.created_on, stored.seq)));
        actions
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
            let data = self.lock();
            if *saved >= data.version {
                return Ok(());
            }
            let file = FileFormat {
                enterprise: self.enterprise.clone(),
                leads: data
                    .leads
                    .iter()
                    .map(|(id, lead)| LeadEntry::Record {
                        id: id.clone(),
                        fields: lead.fields.clone(),
                        created_on: lead.created_on,
                        modified_on: lead.modified_on,
                        seq: lead.seq,
                    })
                    .collect(),
                actions: data
                    .actions
                    .iter()
                    .map(|((lead, action), stored)| Entry {
                        lead: lead.clone(),
                        action: action.clone(),
                        created_on: stored.created_on,
                        performed_by: stored.performed_by.clone(),
                        seq: stored.seq,
                        state: stored.state.clone(),
                    })
                    .collect(),
                team: Some(data.team.clone()),
                options: data.options.clone(),
            };
            let bytes = serde_json::to_vec_pretty(&file).map_err(|e| SandboxError::StateSave {
                path: path.clone(),
                source: e.into(),
            })?;
            (bytes, data.version)
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
        self.lock().actions.len()
    }
}

impl Data {
    fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// Makes a lead known (with no fields) if it is not.
    fn ensure_lead(&mut self, lead: &str) {
        if !self.leads.contains_key(lead) {
            let seq = self.take_seq();
            let now = now_millis();
            self.leads.insert(
                lead.to_owned(),
                LeadRecord {
                    fields: Map::new(),
                    created_on: now,
                    modified_on: now,
                    seq,
                },
            );
        }
    }
}

fn load(path: &Path) -> Result<Data, SandboxError> {
    let fail = |source: std::io::Error| SandboxError::StateLoad {
        path: path.to_owned(),
        source,
    };
    let bytes = std::fs::read(path).map_err(fail)?;
    let file: FileFormat = serde_json::from_slice(&bytes).map_err(|e| fail(e.into()))?;
    let mut leads = BTreeMap::new();
    for entry in file.leads {
        let (id, record) = match entry {
            LeadEntry::Record {
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
            LeadEntry::Id(id) => (
                id,
                LeadRecord {
                    fields: Map::new(),
                    created_on: 0,
                    modified_on: 0,
                    seq: 0,
                },
            ),
        };
        leads.insert(id, record);
    }
    let mut actions = BTreeMap::new();
    for entry in file.actions {
        leads
            .entry(entry.lead.clone())
            .or_insert_with(|| LeadRecord {
                fields: Map::new(),
                created_on: 0,
                modified_on: 0,
                seq: 0,
            });
        actions.insert(
            (entry.lead, entry.action),
            Stored {
                created_on: entry.created_on,
                performed_by: entry.performed_by,
                seq: entry.seq,
                state: entry.state,
            },
        );
    }
    let next_seq = actions
        .values()
        .map(|s: &Stored| s.seq + 1)
        .max()
        .unwrap_or(0);
    Ok(Data {
        actions,
        leads,
        team: file.team.unwrap_or_else(seed_team),
        options: file.options,
        next_seq,
        version: 1,
    })
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
    fn seeded_with_the_docs_examples() {
        let store = Store::open(None, "e").unwrap();
        assert_eq!(store.len(), 4);
        let timeline: Vec<_> = store
            .timeline(SEED_LEAD)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(
            timeline,
            [
                SEED_INCOMING_CALL,
                SEED_OUTGOING_CALL,
                SEED_PAYMENT_ACTION,
                SEED_CUSTOM_ACTION
            ]
        );
        assert_eq!(
            store.get(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["amount"],
            "5000"
        );
    }

    #[test]
    fn created_actions_get_fresh_ids_newest_first() {
        let store = Store::open(None, "e").unwrap();
        let ids = store.create(
            SEED_LEAD,
            vec![
                Some(json!({"type": "1001"})),
                None,
                Some(json!({"type": "1002"})),
            ],
        );
        assert!(ids[1].is_none());
        let (a, b) = (ids[0].clone().unwrap(), ids[2].clone().unwrap());
        assert_ne!(a, b);
        assert!(
            a.len() == 24 && a.bytes().all(|c| c.is_ascii_hexdigit()),
            "{a}"
        );
        let timeline: Vec<_> = store
            .timeline(SEED_LEAD)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(timeline[..2], [b, a]);
        assert!(store.timeline("other").is_empty());
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
