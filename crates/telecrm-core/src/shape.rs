//! What the SDK expects answers to look like, key by key: for `telecrm
//! doctor`, which compares real answers against it and names every key the
//! SDK did not expect and every expected key that was missing (names and
//! paths only, never values). This is how a user, and this project, learn
//! that the live service drifted from what the models read.
//!
//! Each [`Shape`] lists, for one kind of object, the keys the models read
//! (documented and live spellings both), the keys a real answer is expected
//! to carry (`a|b`: either), and the shapes of nested objects and arrays.

use serde_json::Value;

/// One kind of JSON object.
#[derive(Debug)]
pub struct Shape {
    /// Keys the SDK reads. `None`: any key (a free map, such as a lead's
    /// custom fields).
    pub known: Option<&'static [&'static str]>,
    /// Keys a real answer carries; `a|b` is satisfied by either.
    pub expected: &'static [&'static str],
    /// Nested objects (`key`) and arrays of objects (`key[]`), and their shapes.
    pub children: &'static [(&'static str, &'static Shape)],
}

/// What [`inspect`] found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Findings {
    /// Paths of keys the SDK did not expect (`data[].lostReasonid`).
    pub unknown: Vec<String>,
    /// Paths of expected keys that were absent (`data[].fields.created_on`).
    pub missing: Vec<String>,
}

impl Findings {
    /// Whether everything was as expected.
    pub fn is_clean(&self) -> bool {
        self.unknown.is_empty() && self.missing.is_empty()
    }
}

/// Compares `value` with `shape`. Each path is reported once however many
/// array items show it; values are never copied.
///
/// ```
/// use serde_json::json;
/// use telecrm_core::shape::{LEAD_PAGE, inspect};
///
/// let found = inspect(&json!({"data": [{"id": "x", "fields": {"created_on": 1}, "score": 9}]}), &LEAD_PAGE);
/// assert_eq!(found.unknown, ["data[].score"]);
/// assert_eq!(found.missing, ["data[].fields.modified_on"]);
/// ```
pub fn inspect(value: &Value, shape: &Shape) -> Findings {
    let mut findings = Findings::default();
    walk(value, shape, "", &mut findings);
    findings.unknown.sort();
    findings.unknown.dedup();
    findings.missing.sort();
    findings.missing.dedup();
    findings
}

fn walk(value: &Value, shape: &Shape, path: &str, findings: &mut Findings) {
    let Some(object) = value.as_object() else {
        findings.missing.push(if path.is_empty() {
            ".".to_owned()
        } else {
            path.to_owned()
        });
        return;
    };
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    if let Some(known) = shape.known {
        for key in object.keys() {
            let child = shape
                .children
                .iter()
                .any(|(name, _)| name.trim_end_matches("[]") == key);
            if !child && !known.contains(&key.as_str()) {
                findings.unknown.push(join(key));
            }
        }
    }
    for expected in shape.expected {
        if !expected.split('|').any(|key| object.contains_key(key)) {
            findings.missing.push(join(expected));
        }
    }
    for (name, child) in shape.children {
        match name.strip_suffix("[]") {
            Some(key) => {
                if let Some(Value::Array(items)) = object.get(key) {
                    for item in items {
                        walk(item, child, &format!("{}[]", join(key)), findings);
                    }
                }
            }
            None => {
                if let Some(nested) = object.get(*name) {
                    walk(nested, child, &join(name), findings);
                }
            }
        }
    }
}

/// A lead's custom fields: any key; `created_on` and `modified_on` expected.
pub static LEAD_FIELDS: Shape = Shape {
    known: None,
    expected: &["created_on", "modified_on"],
    children: &[],
};

/// One item of a lead search, or a lead from *Get a lead*.
pub static LEAD: Shape = Shape {
    known: Some(&[
        "_id",
        "id",
        "lead_id",
        "status",
        "employeeid",
        "lostReasonid",
        "created_on",
        "modified_on",
        "actions_skip",
        "actions_limit",
    ]),
    expected: &["id|_id|lead_id"],
    children: &[("fields", &LEAD_FIELDS), ("actions[]", &TIMELINE_ITEM)],
};

/// *Search leads*' page.
pub static LEAD_PAGE: Shape = Shape {
    known: Some(&["total_count", "skip", "limit"]),
    expected: &["data"],
    children: &[("data[]", &LEAD)],
};

/// A custom action's or a payment's own fields: any key.
pub static FREE: Shape = Shape {
    known: None,
    expected: &[],
    children: &[],
};

/// One item of a lead's timeline (search, or *Get a lead* with actions).
pub static TIMELINE_ITEM: Shape = Shape {
    known: Some(&[
        "_id",
        "id",
        "action_id",
        "type",
        "created_on",
        "creationTimestamp",
        "modified_on",
        "modificationTimestamp",
        "performed_by",
        "employeeid",
        "status",
        "currency",
        "amount",
        "paymentid",
        "text",
        "note",
        "feedback",
        "duration",
        "assignedto",
    ]),
    expected: &["id|_id|action_id", "type", "creationTimestamp|created_on"],
    children: &[("fields", &FREE)],
};

/// *Search actions*' page.
pub static TIMELINE_PAGE: Shape = Shape {
    known: Some(&["total_count", "skip", "limit"]),
    expected: &["data"],
    children: &[("data[]", &TIMELINE_ITEM)],
};

/// *Enterprise metadata*.
pub static METADATA: Shape = Shape {
    known: Some(&[
        "name",
        "id",
        "creationTimeStamp",
        "teamSize",
        "industry",
        "website",
        "leadIdentifierFieldId",
        "integrations",
    ]),
    expected: &["leadIdentifierFieldId"],
    children: &[],
};

/// An option of a dropdown or tags field.
pub static FIELD_OPTION: Shape = Shape {
    known: Some(&["id", "label"]),
    expected: &["label"],
    children: &[],
};

/// One custom field (detailed).
pub static CUSTOM_FIELD: Shape = Shape {
    known: Some(&[
        "id",
        "type",
        "apiName",
        "name",
        "description",
        "lockAfterCreate",
        "isLeadid",
    ]),
    expected: &["type", "apiName"],
    children: &[("options[]", &FIELD_OPTION)],
};

/// *List custom fields* (detailed).
pub static CUSTOM_FIELDS: Shape = Shape {
    known: Some(&[]),
    expected: &["customFields"],
    children: &[("customFields[]", &CUSTOM_FIELD)],
};

/// One custom action (detailed).
pub static CUSTOM_ACTION: Shape = Shape {
    known: Some(&[
        "code",
        "displayName",
        "score",
        "source",
        "id",
        "description",
        "fieldSchema",
        "displaySchema",
        "definitionType",
        "quickAdd",
        "allowPredatedActivity",
        "createdBy",
        "createdOn",
        "modifiedBy",
        "modifiedOn",
    ]),
    expected: &["code"],
    children: &[],
};

/// *List custom actions* (detailed).
pub static CUSTOM_ACTIONS: Shape = Shape {
    known: Some(&[]),
    expected: &["customActions"],
    children: &[("customActions[]", &CUSTOM_ACTION)],
};

/// A status of the pipeline, in either shape.
pub static PIPELINE_STATUS: Shape = Shape {
    known: Some(&["statusid", "label", "color", "archived", "isArchived"]),
    expected: &["label"],
    children: &[],
};

/// A stage of the pipeline.
pub static LEAD_STAGE: Shape = Shape {
    known: Some(&["stageid", "stageType", "visibility"]),
    expected: &[],
    children: &[
        ("activeStatuses[]", &PIPELINE_STATUS),
        ("archivedStatuses[]", &PIPELINE_STATUS),
    ],
};

/// A lost reason, in either shape.
pub static LOST_REASON: Shape = Shape {
    known: Some(&["reasonid", "reasonLabel", "label", "isDefault"]),
    expected: &["reasonLabel|label"],
    children: &[],
};

/// *Lead stage pipeline*, in either shape.
pub static PIPELINE: Shape = Shape {
    known: Some(&[
        "createdOn",
        "modifiedOn",
        "version",
        "creationTimestamp",
        "modificationTimestamp",
        "lastModifiedBy",
    ]),
    expected: &["leadStages|statuses"],
    children: &[
        ("leadStages[]", &LEAD_STAGE),
        ("statuses[]", &PIPELINE_STATUS),
        ("activeLeadLostReasons[]", &LOST_REASON),
        ("archivedLeadLostReasons[]", &LOST_REASON),
        ("lostReasons[]", &LOST_REASON),
    ],
};

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn both_spellings_are_known_and_either_satisfies() {
        let live = json!({"data": [{"id": "a", "type": "1001", "creationTimestamp": 1, "employeeid": "m"}]});
        let documented =
            json!({"data": [{"_id": "a", "type": "1001", "created_on": 1, "performed_by": "m"}]});
        assert!(inspect(&live, &TIMELINE_PAGE).is_clean());
        assert!(inspect(&documented, &TIMELINE_PAGE).is_clean());
    }

    #[test]
    fn paths_are_reported_once_and_values_never() {
        let page = json!({"data": [
            {"id": "a", "fields": {"secret_field": "s3cr3t"}, "score": "hidden-value"},
            {"id": "b", "fields": {}, "score": 1}
        ], "cursor": "opaque"});
        let found = inspect(&page, &LEAD_PAGE);
        assert_eq!(found.unknown, ["cursor", "data[].score"]);
        assert_eq!(
            found.missing,
            ["data[].fields.created_on", "data[].fields.modified_on"]
        );
        let text = format!("{found:?}");
        assert!(
            !text.contains("s3cr3t") && !text.contains("hidden-value") && !text.contains("opaque")
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_is_missing_whole() {
        assert_eq!(inspect(&json!([1, 2]), &METADATA).missing, ["."]);
    }
}
