//! **Create a team member**: `POST …/team-members`. Every field is checked and
//! each problem reported in `details`; `402 BUY_LICENSE` when no seat is
//! left; `201` with the member, `INVITED` without a password.

use serde_json::Value;

use super::validation_failed;
use crate::api::Refusal;
use crate::state::{Member, TeamError, Tx};
use crate::workspace::is_email;

const ROLES: [&str; 4] = ["ADMIN", "MANAGER", "CALLER", "MARKETING_USER"];

/// The answer: `(status, body)`; validation failures carry `details`, so
/// they are answered here rather than as a [`Refusal`].
pub(crate) fn answer(
    store: &mut Tx<'_>,
    seats: usize,
    body: Value,
) -> Result<(u16, String), Refusal> {
    let Value::Object(mut body) = body else {
        return Ok((
            400,
            validation_failed(&[("body", "must be a JSON object".into())]),
        ));
    };
    let mut details = Vec::new();
    let mut text = |key: &'static str, details: &mut Vec<(&str, String)>| match body.remove(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        None => {
            details.push((key, format!("{key} is required")));
            None
        }
        Some(_) => {
            details.push((key, format!("{key} must be a non-empty string")));
            None
        }
    };
    let name = text("name", &mut details);
    let email = text("email", &mut details);
    let phone = text("phone_number", &mut details);
    let role = text("role", &mut details);
    let password = match body.remove("password") {
        None => None,
        Some(Value::String(p)) if !p.is_empty() => Some(p),
        Some(_) => {
            details.push(("password", "password must be a non-empty string".into()));
            None
        }
    };
    if email.as_deref().is_some_and(|e| !is_email(e)) {
        details.push(("email", "Invalid email format".into()));
    }
    let phone_ok = |p: &str| (7..=15).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if phone.as_deref().is_some_and(|p| !phone_ok(p)) {
        details.push(("phone_number", "Invalid phone_number format".into()));
    }
    if role.as_deref().is_some_and(|r| !ROLES.contains(&r)) {
        details.push((
            "role",
            "Invalid role. Allowed roles: ADMIN, MANAGER, CALLER, MARKETING_USER".into(),
        ));
    }
    let unknown: Vec<String> = body.keys().cloned().collect();
    for key in &unknown {
        details.push(("body", format!("Unknown field {key}")));
    }
    let (Some(name), Some(email), Some(phone_number), Some(role), true) =
        (name, email, phone, role, details.is_empty())
    else {
        return Ok((400, validation_failed(&details)));
    };
    let member = Member {
        id: String::new(),
        name,
        email,
        phone_number,
        role,
        status: if password.is_some() {
            "Active"
        } else {
            "INVITED"
        }
        .into(),
        deleted: false,
        manager_name: None,
        manager_email: None,
        permission_template_name: None,
        license: None,
    };
    match store.add_member(member, seats) {
        Ok(member) => Ok((
            201,
            format!(
                r#"{{"name":{},"email":{},"phone_number":{},"role":{},"status":{}}}"#,
                Value::from(member.name),
                Value::from(member.email),
                Value::from(member.phone_number),
                Value::from(member.role),
                Value::from(member.status)
            ),
        )),
        Err(TeamError::Exists) => Ok((
            400,
            validation_failed(&[(
                "email",
                "A team member with this email already exists".into(),
            )]),
        )),
        Err(TeamError::NoSeat) => Err(Refusal {
            status: 402,
            code: "BUY_LICENSE",
            message: "No licence seat is available. Buy more licences or delete a team member."
                .into(),
        }),
    }
}
