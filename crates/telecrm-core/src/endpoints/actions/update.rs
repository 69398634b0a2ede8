//! **Update an action**: `POST /enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}`.
//!
//! Changes an existing action on a lead's timeline and returns its full current
//! state. A custom action is sent with its numeric code and the fields to change;
//! a payment may change its `status` only (`amount`, `currency` and `paymentid`
//! are immutable, and the service answers `400` if they are sent). Errors:
//! `400 BAD_REQUEST`, `401 NOT_AUTHORIZED`, `404 ACTION_NOT_FOUND`.
//!
//! The body allows two shapes, and the types allow exactly those:
//!
//! * a **custom action**, `{"type": "1001", "fields": {...}}`: its numeric code and,
//!   optionally, the fields to change ([`CustomUpdate`]);
//! * a **payment action**, `{"type": "PAYMENT", "status": "COMPLETED"}`: only the
//!   status may change. [`PaymentUpdate`] has no place for `amount`, `currency` or
//!   `paymentid`, so an update that the service would refuse with `400` cannot be
//!   built in code, and [`ActionUpdate::from_json`] names the field when one
//!   arrives as raw JSON.
//!
//! Built-in types (calls, messages, system events) are not writable through the
//! API, so there is no variant for them.
//!
//! Contract: `docs.telecrm.in/sync-api/actions/update`, and the project's
//! original specification of this endpoint, which wins over the docs pages
//! where they differ.

use std::collections::BTreeMap;

use http::Method;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::action::Action;
use crate::check::{InputError, Rules, Warning};
use crate::endpoint::Endpoint;
use crate::id::{ActionId, LeadId};
use crate::path::PathArgs;
use crate::token::SyncToken;
use crate::vocab::{
    BUILT_IN_TYPES, CustomActionCode, IMMUTABLE_PAYMENT_FIELDS, PAYMENT_TYPE, PaymentStatus,
    ValueError, echo,
};

/// A request to update one action.
///
/// ```
/// use telecrm_core::{Endpoint, SyncToken, UpdateAction, Workspace};
/// use telecrm_core::{ActionUpdate, PaymentStatus, PaymentUpdate};
///
/// let workspace = Workspace::new(SyncToken::new("t0k3n").unwrap(), "ent-1".parse().unwrap());
/// let request = UpdateAction::new(
///     "603d2b2f9b1e8a001c8e4f5c".parse().unwrap(),
///     "603d2b2f9b1e8a001c8e4f5e".parse().unwrap(),
///     PaymentUpdate::with_status(PaymentStatus::COMPLETED).into(),
/// )
/// .to_http_request(&workspace)
/// .unwrap();
/// assert_eq!(request.method(), "POST");
/// assert_eq!(
///     request.uri(),
///     "https://next.telecrm.in/autoupdate/v2/enterprise/ent-1/lead/603d2b2f9b1e8a001c8e4f5c/action/603d2b2f9b1e8a001c8e4f5e"
/// );
/// assert_eq!(request.body(), br#"{"type":"PAYMENT","status":"COMPLETED"}"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateAction {
    /// The lead holding the action.
    pub lead: LeadId,
    /// The action to change.
    pub action: ActionId,
    /// What to change.
    pub update: ActionUpdate,
}

impl UpdateAction {
    /// Bundles the IDs and the update.
    pub fn new(lead: LeadId, action: ActionId, update: ActionUpdate) -> Self {
        Self {
            lead,
            action,
            update,
        }
    }
}

impl UpdateAction {
    /// The same request, borrowing: what [`UpdateActionRef`] sends.
    pub fn borrowed(&self) -> UpdateActionRef<'_> {
        UpdateActionRef {
            lead: &self.lead,
            action: &self.action,
            update: &self.update,
        }
    }
}

/// [`UpdateAction`] borrowing its IDs and update, for callers that send the
/// same values in a loop and should not clone them for each call. Encodes
/// and decodes exactly as [`UpdateAction`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpdateActionRef<'a> {
    /// The lead holding the action.
    pub lead: &'a LeadId,
    /// The action to change.
    pub action: &'a ActionId,
    /// What to change.
    pub update: &'a ActionUpdate,
}

impl Endpoint for UpdateActionRef<'_> {
    type Response = Action;
    type Token = SyncToken;

    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}";
    // The body states what the action should become, so applying it twice leaves
    // the action as applying it once does: a retry after an ambiguous failure
    // cannot do harm.
    const IDEMPOTENT: bool = true;
    const USES_SCHEMA: bool = true;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::two(self.lead, self.action)
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        self.update.write_direct(body)
    }

    /// An update that changes nothing is refused; with a schema, the
    /// custom action's fields must be its own.
    fn check(&self, rules: &Rules<'_>) -> Result<Vec<Warning>, InputError> {
        if self.update.changes_nothing() {
            return Err(InputError::NothingToChange);
        }
        if let Some(schema) = rules.schema {
            schema.check_action_update(self.update)?;
        }
        Ok(Vec::new())
    }
}

impl Endpoint for UpdateAction {
    type Response = Action;
    type Token = SyncToken;

    const METHOD: Method = UpdateActionRef::METHOD;
    const ROUTE: &'static str = UpdateActionRef::ROUTE;
    const IDEMPOTENT: bool = UpdateActionRef::IDEMPOTENT;
    const USES_SCHEMA: bool = UpdateActionRef::USES_SCHEMA;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::two(&self.lead, &self.action)
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        self.borrowed().write_body(body)
    }

    fn check(&self, rules: &Rules<'_>) -> Result<Vec<Warning>, InputError> {
        self.borrowed().check(rules)
    }
}

// The body: what an update may change.

/// Why an update is invalid. Every variant is a reason the update would be
/// refused, found before anything is sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UpdateError {
    /// The input is not well-formed JSON.
    #[error("update is not valid JSON (line {line}, column {column})")]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser said.
        #[source]
        source: serde_json::Error,
    },
    /// The JSON is valid but not an object.
    #[error("update must be a JSON object")]
    NotAnObject,
    /// The object has no `type`.
    #[error("update has no `type`")]
    MissingType,
    /// `type` is not a string (`"1001"` or `"PAYMENT"`, both strings).
    #[error("`type` must be a string such as \"1001\" or \"PAYMENT\"")]
    TypeNotString,
    /// The update tries to change a payment's `amount`, `currency` or `paymentid`.
    #[error(
        "`{field}` cannot be changed on an existing payment action; only `status` can be updated"
    )]
    ImmutablePaymentField {
        /// The first immutable field found, one of [`IMMUTABLE_PAYMENT_FIELDS`].
        field: &'static str,
    },
    /// `type` names a built-in action type, which the API never writes.
    #[error("action type `{ty}` is built in and cannot be written through the API")]
    BuiltInType {
        /// The type that was given.
        ty: String,
    },
    /// `type` is neither a custom action's numeric code nor `PAYMENT`.
    #[error("action type `{ty}` is neither a custom action code (e.g. \"1001\") nor \"PAYMENT\"")]
    UnknownType {
        /// The type that was given (at most 64 bytes of it).
        ty: String,
    },
    /// `fields` is present but not a JSON object.
    #[error("`fields` must be a JSON object")]
    FieldsNotObject,
    /// `status` is present but not a string.
    #[error("`status` must be a string")]
    StatusNotString,
    /// A key the API requires is missing (e.g. a new payment's `currency`).
    #[error("`{field}` is required")]
    MissingField {
        /// The missing key.
        field: &'static str,
    },
    /// A create request with no action in it.
    #[error("at least one action is required")]
    NoActions,
    /// `actions` is present but not an array.
    #[error("`actions` must be a JSON array")]
    ActionsNotArray,
    /// One entry of a list of new actions is invalid.
    #[error("actions[{index}] is invalid")]
    Entry {
        /// The entry's position, from 0.
        index: usize,
        /// What is wrong with it.
        source: Box<UpdateError>,
    },
    /// A value of the shared vocabulary is malformed (a custom action code,
    /// a payment status, a currency, an amount).
    #[error(transparent)]
    Value(#[from] ValueError),
    /// A top-level key the update's kind does not have.
    #[error("unknown key `{key}` in a {kind} update (allowed: {allowed})")]
    UnknownKey {
        /// The key (at most 64 bytes of it).
        key: String,
        /// `"custom action"` or `"payment"`.
        kind: &'static str,
        /// The keys that kind allows.
        allowed: &'static str,
    },
}

/// An update of a custom action: its code and, optionally, the fields to change.
///
/// Fields are kept in a `BTreeMap`, so the encoding is deterministic. `None`
/// omits `fields` from the body; an empty map sends `"fields": {}`.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomUpdate {
    code: CustomActionCode,
    fields: Option<BTreeMap<String, Value>>,
}

impl CustomUpdate {
    /// An update that names the action's code and changes no field.
    pub fn new(code: CustomActionCode) -> Self {
        Self { code, fields: None }
    }

    /// Sets `key` to `value` in the fields to change.
    #[must_use]
    pub fn with_field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.fields
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Adds every pair of `fields` to the fields to change (and sends `fields`
    /// even when `fields` is empty).
    #[must_use]
    pub fn with_fields<K: Into<String>, V: Into<Value>>(
        mut self,
        fields: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let map = self.fields.get_or_insert_with(BTreeMap::new);
        map.extend(fields.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// The action's code.
    pub fn code(&self) -> &CustomActionCode {
        &self.code
    }

    /// The fields to change, if any were given.
    pub fn fields(&self) -> Option<&BTreeMap<String, Value>> {
        self.fields.as_ref()
    }
}

/// An update of a payment action: the new status, and nothing else.
///
/// There is deliberately no way to set `amount`, `currency` or `paymentid`:
/// they are immutable on an existing payment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaymentUpdate {
    status: Option<PaymentStatus>,
}

impl PaymentUpdate {
    /// An update that names the payment type and changes nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// An update that sets the payment's status.
    pub fn with_status(status: PaymentStatus) -> Self {
        Self {
            status: Some(status),
        }
    }

    /// The new status, if one is set.
    pub fn status(&self) -> Option<&PaymentStatus> {
        self.status.as_ref()
    }
}

impl ActionUpdate {
    /// Whether sending it would change nothing: a payment without a status,
    /// a custom action without fields (or with an empty set of them).
    pub fn changes_nothing(&self) -> bool {
        match self {
            Self::Payment(payment) => payment.status.is_none(),
            Self::Custom(custom) => custom.fields.as_ref().is_none_or(BTreeMap::is_empty),
        }
    }
}

/// The body of *Update an action*: one of the two kinds the API accepts.
///
/// ```
/// use telecrm_core::{ActionUpdate, CustomUpdate, PaymentStatus, PaymentUpdate};
///
/// let note = ActionUpdate::from(
///     CustomUpdate::new("1001".parse().unwrap()).with_field("note", "Follow-up completed"),
/// );
/// assert_eq!(
///     note.to_json(),
///     br#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#
/// );
///
/// let paid = ActionUpdate::from(PaymentUpdate::with_status(PaymentStatus::COMPLETED));
/// assert_eq!(paid.to_json(), br#"{"type":"PAYMENT","status":"COMPLETED"}"#);
///
/// // Raw JSON goes through the same rules.
/// let err = ActionUpdate::from_json(br#"{"type":"PAYMENT","amount":"1"}"#).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "`amount` cannot be changed on an existing payment action; only `status` can be updated"
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ActionUpdate {
    /// A custom action's update.
    Custom(CustomUpdate),
    /// A payment action's update.
    Payment(PaymentUpdate),
}

impl From<CustomUpdate> for ActionUpdate {
    fn from(update: CustomUpdate) -> Self {
        Self::Custom(update)
    }
}

impl From<PaymentUpdate> for ActionUpdate {
    fn from(update: PaymentUpdate) -> Self {
        Self::Payment(update)
    }
}

impl ActionUpdate {
    /// The `type` this update sends (`"1001"`, `"PAYMENT"`).
    pub fn type_str(&self) -> &str {
        match self {
            Self::Custom(custom) => custom.code.as_str(),
            Self::Payment(_) => PAYMENT_TYPE,
        }
    }

    /// Parses an update from raw JSON bytes, applying every rule the typed
    /// constructors apply.
    ///
    /// # Errors
    ///
    /// [`UpdateError`], naming what is wrong: malformed JSON (with its position),
    /// an immutable payment field, a built-in or unknown type, `fields` not an
    /// object, an unknown top-level key.
    pub fn from_json(json: &[u8]) -> Result<Self, UpdateError> {
        let value: Value = serde_json::from_slice(json).map_err(|source| UpdateError::Json {
            line: source.line(),
            column: source.column(),
            source,
        })?;
        Self::from_value(value)
    }

    /// Checks an already parsed JSON value (see [`ActionUpdate::from_json`]).
    ///
    /// # Errors
    ///
    /// [`UpdateError`], as for [`ActionUpdate::from_json`] less the JSON syntax errors.
    pub fn from_value(value: Value) -> Result<Self, UpdateError> {
        let Value::Object(mut object) = value else {
            return Err(UpdateError::NotAnObject);
        };
        let ty = match object.remove("type") {
            None => return Err(UpdateError::MissingType),
            Some(Value::String(ty)) => ty,
            Some(_) => return Err(UpdateError::TypeNotString),
        };
        if ty == PAYMENT_TYPE {
            Self::payment_from_object(object)
        } else if ty.bytes().next().is_some_and(|b| b.is_ascii_digit()) || ty.starts_with("ACTION_")
        {
            Self::custom_from_object(&ty, object)
        } else if BUILT_IN_TYPES.contains(&ty.as_str()) {
            Err(UpdateError::BuiltInType { ty })
        } else {
            Err(UpdateError::UnknownType { ty: echo(&ty) })
        }
    }

    fn payment_from_object(mut object: Map<String, Value>) -> Result<Self, UpdateError> {
        // The immutable fields are named before anything else is judged: they are
        // the mistake the API document warns about, and the one to explain.
        if let Some(field) = IMMUTABLE_PAYMENT_FIELDS
            .into_iter()
            .find(|f| object.contains_key(*f))
        {
            return Err(UpdateError::ImmutablePaymentField { field });
        }
        let status = match object.remove("status") {
            None => None,
            Some(Value::String(status)) => Some(PaymentStatus::new(status)?),
            Some(_) => return Err(UpdateError::StatusNotString),
        };
        reject_unknown(&object, "payment", "`type`, `status`")?;
        Ok(Self::Payment(PaymentUpdate { status }))
    }

    fn custom_from_object(ty: &str, mut object: Map<String, Value>) -> Result<Self, UpdateError> {
        let code = CustomActionCode::new(ty)?;
        let fields = match object.remove("fields") {
            None => None,
            Some(Value::Object(fields)) => Some(fields.into_iter().collect()),
            Some(_) => return Err(UpdateError::FieldsNotObject),
        };
        reject_unknown(&object, "custom action", "`type`, `fields`")?;
        Ok(Self::Custom(CustomUpdate { code, fields }))
    }

    /// The update as the JSON body the API expects, e.g.
    /// `{"type":"1001","fields":{"note":"Follow-up completed"}}`.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        self.write_json(&mut out);
        out
    }

    /// Appends the JSON body to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        // Serialising string-keyed maps of `Value` into a `Vec` cannot fail; should
        // serde_json ever disagree, the body is left empty and the server's 400 says
        // so, rather than this library panicking.
        if self.write_direct(out).is_err() {
            out.clear();
        }
    }
}

pub(crate) fn reject_unknown(
    object: &Map<String, Value>,
    kind: &'static str,
    allowed: &'static str,
) -> Result<(), UpdateError> {
    match object.keys().next() {
        Some(key) => Err(UpdateError::UnknownKey {
            key: echo(key),
            kind,
            allowed,
        }),
        None => Ok(()),
    }
}

impl ActionUpdate {
    /// Appends the request body: the same bytes as serialising with serde
    /// (a unit test and the round-trip properties hold them equal), written
    /// directly because this is the one body sent in a loop. The code is
    /// digits and `PAYMENT` is a constant, so only field names, values and
    /// the status go through the JSON escaper.
    pub(crate) fn write_direct(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        match self {
            Self::Custom(custom) => {
                out.extend_from_slice(br#"{"type":""#);
                out.extend_from_slice(custom.code.as_str().as_bytes());
                out.push(b'"');
                if let Some(fields) = &custom.fields {
                    out.extend_from_slice(br#","fields":{"#);
                    for (i, (key, value)) in fields.iter().enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        serde_json::to_writer(&mut *out, key)?;
                        out.push(b':');
                        serde_json::to_writer(&mut *out, value)?;
                    }
                    out.push(b'}');
                }
            }
            Self::Payment(payment) => {
                out.extend_from_slice(br#"{"type":"PAYMENT""#);
                if let Some(status) = &payment.status {
                    out.extend_from_slice(br#","status":"#);
                    serde_json::to_writer(&mut *out, status.as_str())?;
                }
            }
        }
        out.push(b'}');
        Ok(())
    }
}

impl Serialize for ActionUpdate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Custom(custom) => {
                let mut map =
                    serializer.serialize_map(Some(1 + custom.fields.is_some() as usize))?;
                map.serialize_entry("type", custom.code.as_str())?;
                if let Some(fields) = &custom.fields {
                    map.serialize_entry("fields", fields)?;
                }
                map.end()
            }
            Self::Payment(payment) => {
                let mut map =
                    serializer.serialize_map(Some(1 + payment.status.is_some() as usize))?;
                map.serialize_entry("type", PAYMENT_TYPE)?;
                if let Some(status) = &payment.status {
                    map.serialize_entry("status", status.as_str())?;
                }
                map.end()
            }
        }
    }
}

// Deserialising applies the same rules as `from_value`, so an update read from a
// batch file is exactly as checked as one built in code.
impl<'de> Deserialize<'de> for ActionUpdate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Self::from_value(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(json: &str) -> Result<ActionUpdate, UpdateError> {
        ActionUpdate::from_json(json.as_bytes())
    }

    #[test]
    fn the_direct_writer_matches_serde() {
        let updates = [
            ActionUpdate::from(CustomUpdate::new(CustomActionCode::new("1001").unwrap())),
            ActionUpdate::from(
                CustomUpdate::new(CustomActionCode::new("42").unwrap())
                    .with_field("note", "a \"quoted\"\n line")
                    .with_field("é", json!({"nested": [1, 2.5, null, true]}))
                    .with_field("a", json!([])),
            ),
            ActionUpdate::from(
                CustomUpdate::new(CustomActionCode::new("7").unwrap())
                    .with_field("ctl\u{1f}\u{0}", "del\u{7f} /slash\\ ü€😀")
                    .with_field("k\"q", "tab\there")
                    .with_field("plain", "Follow-up completed"),
            ),
            ActionUpdate::from(PaymentUpdate::new()),
            ActionUpdate::from(PaymentUpdate::with_status(PaymentStatus::COMPLETED)),
        ];
        for update in updates {
            let mut direct = Vec::new();
            update.write_direct(&mut direct).unwrap();
            assert_eq!(direct, serde_json::to_vec(&update).unwrap(), "{update:?}");
        }
    }

    #[test]
    fn document_examples_encode_exactly() {
        let note = ActionUpdate::from(
            CustomUpdate::new(CustomActionCode::new("1001").unwrap())
                .with_field("note", "Follow-up completed"),
        );
        assert_eq!(
            String::from_utf8(note.to_json()).unwrap(),
            r#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#
        );
        let paid = ActionUpdate::from(PaymentUpdate::with_status(PaymentStatus::COMPLETED));
        assert_eq!(
            String::from_utf8(paid.to_json()).unwrap(),
            r#"{"type":"PAYMENT","status":"COMPLETED"}"#
        );
        assert_eq!(
            ActionUpdate::from(PaymentUpdate::new()).to_json(),
            br#"{"type":"PAYMENT"}"#
        );
        assert_eq!(
            ActionUpdate::from(CustomUpdate::new("7".parse().unwrap())).to_json(),
            br#"{"type":"7"}"#
        );
    }

    #[test]
    fn fields_are_sorted() {
        let update = ActionUpdate::from(
            CustomUpdate::new("1001".parse().unwrap())
                .with_field("z", 1)
                .with_field("a", json!({"y": [1, 2], "b": null})),
        );
        assert_eq!(
            update.to_json(),
            br#"{"type":"1001","fields":{"a":{"b":null,"y":[1,2]},"z":1}}"#
        );
    }

    #[test]
    fn parses_documented_bodies() {
        let note =
            parse(r#"{ "type": "1001", "fields": { "note": "Follow-up completed" } }"#).unwrap();
        let ActionUpdate::Custom(custom) = &note else {
            panic!("expected custom: {note:?}")
        };
        assert_eq!(custom.code().as_str(), "1001");
        assert_eq!(
            custom.fields().unwrap()["note"],
            json!("Follow-up completed")
        );
        let paid = parse(r#"{"type":"PAYMENT","status":"COMPLETED"}"#).unwrap();
        assert_eq!(
            paid,
            ActionUpdate::from(PaymentUpdate::with_status(PaymentStatus::COMPLETED))
        );
    }

    #[test]
    fn action_prefix_is_normalised() {
        let update = parse(r#"{"type":"ACTION_1001","fields":{}}"#).unwrap();
        assert_eq!(update.type_str(), "1001");
        assert_eq!(update.to_json(), br#"{"type":"1001","fields":{}}"#);
    }

    #[test]
    fn names_each_immutable_payment_field() {
        for (body, field) in [
            (r#"{"type":"PAYMENT","amount":"6000"}"#, "amount"),
            (
                r#"{"type":"PAYMENT","currency":"USD","status":"X"}"#,
                "currency",
            ),
            (r#"{"type":"PAYMENT","paymentid":"p1"}"#, "paymentid"),
            (
                r#"{"type":"PAYMENT","paymentid":"p1","amount":1,"zzz":1}"#,
                "amount",
            ),
        ] {
            match parse(body) {
                Err(UpdateError::ImmutablePaymentField { field: got }) => {
                    assert_eq!(got, field, "{body}")
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn says_exactly_what_is_wrong() {
        let cases: &[(&str, &str)] = &[
            (r#"{"type":"INCOMING_CALL"}"#, "BuiltInType"),
            (r#"{"type":"payment","status":"X"}"#, "UnknownType"),
            (r#"{"type":"HELLO"}"#, "UnknownType"),
            (r#"{"type":""}"#, "UnknownType"),
            (r#"{"type":"1001","fields":[1]}"#, "FieldsNotObject"),
            (r#"{"type":"1001","fields":"note"}"#, "FieldsNotObject"),
            (r#"{"type":"1001","note":"x"}"#, "UnknownKey"),
            (r#"{"type":"1001","status":"x"}"#, "UnknownKey"),
            (r#"{"type":"PAYMENT","fields":{}}"#, "UnknownKey"),
            (r#"{"type":"PAYMENT","status":3}"#, "StatusNotString"),
            (r#"{"type":"PAYMENT","status":""}"#, "InvalidStatus"),
            (r#"{"type":"PAYMENT","status":" PAID"}"#, "InvalidStatus"),
            (r#"{"type":1001}"#, "TypeNotString"),
            (r#"{"fields":{}}"#, "MissingType"),
            (r#"["type"]"#, "NotAnObject"),
            (r#"{"type":"01001"}"#, "InvalidCode"),
            (r#"{"type":"1001x"}"#, "InvalidCode"),
            (r#"{"type":"ACTION_"}"#, "InvalidCode"),
            (r#"{"type":"1234567890123456789"}"#, "InvalidCode"),
            (r#"{"type":"1001""#, "Json"),
        ];
        for (body, expected) in cases {
            let err = parse(body).expect_err(body);
            let name = format!("{err:?}");
            // Values of the shared vocabulary fail with their own error, inside.
            let reason = name.strip_prefix("Value(").unwrap_or(&name);
            assert!(reason.starts_with(expected), "{body}: {name}");
        }
    }

    #[test]
    fn json_errors_carry_position() {
        match parse("{\n  \"type\": \"1001\",\n  oops\n}") {
            Err(UpdateError::Json { line, column, .. }) => {
                assert_eq!((line, column), (3, 3));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn long_values_are_not_echoed_whole() {
        let ty = "X".repeat(10_000);
        let err = parse(&format!(r#"{{"type":"{ty}"}}"#)).unwrap_err();
        assert!(err.to_string().len() < 300, "{}", err.to_string().len());
    }

    #[test]
    fn deserialize_applies_the_rules() {
        assert!(
            serde_json::from_str::<ActionUpdate>(r#"{"type":"PAYMENT","amount":"1"}"#).is_err()
        );
        let update: ActionUpdate =
            serde_json::from_str(r#"{"type":"PAYMENT","status":"PENDING"}"#).unwrap();
        assert_eq!(
            update,
            PaymentUpdate::with_status(PaymentStatus::PENDING).into()
        );
    }
}
