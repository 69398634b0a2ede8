//! Golden tests of the Team members group: the literal examples of
//! `docs.telecrm.in/sync-api/team-members/{list,create,get,availability,examples,pitfalls}`.

use http::{HeaderMap, Method, StatusCode};
use telecrm_core::{
    Availability, CreateTeamMember, Endpoint, ErrorCode, GetTeamMember, ListTeamMembers,
    NewTeamMember, Password, Role, SetAvailability, SyncToken, Workspace,
};

const BASE: &str = "https://next.telecrm.in/autoupdate/v2/enterprise/ent42";
const MEMBER: &str = r#"{
  "name": "Jane Doe",
  "email": "jane.doe@example.com",
  "status": "Working",
  "phone_number": "919999999999",
  "manager_name": "John Smith",
  "manager_email": "john.smith@example.com",
  "permission_template_name": "Sales Agent",
  "license": {
    "status": "ACTIVE",
    "type": "GROWTH",
    "start_date": "2024-01-01",
    "end_date": "2025-01-01"
  }
}"#;

fn encode<E: Endpoint<Token = SyncToken>>(call: &E) -> http::Request<Vec<u8>> {
    let workspace = Workspace::new(
        SyncToken::new("YOUR_SYNC_TOKEN").unwrap(),
        "ent42".parse().unwrap(),
    );
    call.to_http_request(&workspace).unwrap()
}

fn error<E: Endpoint>(call: &E, status: u16, json: &str) -> telecrm_core::ApiError {
    call.decode(
        StatusCode::from_u16(status).unwrap(),
        &HeaderMap::new(),
        json.as_bytes(),
    )
    .err()
    .unwrap()
    .api_error()
    .unwrap()
    .clone()
}

#[test]
fn list_page_example() {
    let list = ListTeamMembers::new();
    let request = encode(&list);
    assert_eq!(request.method(), Method::GET);
    assert_eq!(
        request.uri().to_string(),
        format!("{BASE}/team-members?skip=0&limit=10")
    );
    let page = list
        .decode(
            StatusCode::OK,
            &HeaderMap::new(),
            format!(r#"{{"data": [{MEMBER}], "total_count": 42, "skip": 0, "limit": 10}}"#)
                .as_bytes(),
        )
        .unwrap();
    assert_eq!(page.total_count, Some(42));
    let jane = &page.data[0];
    assert_eq!(jane.status, Some(telecrm_core::MemberStatus::Working));
    let license = jane.license.as_ref().unwrap();
    assert_eq!(
        (license.license_type.as_deref(), license.end_date.as_deref()),
        (Some("GROWTH"), Some("2025-01-01"))
    );
    // `license` may be null.
    let page = list
        .decode(
        StatusCode::OK,
        &HeaderMap::new(),
        br#"{"data":[{"name":"A","email":"a@x.io","status":"Invited","license":null,"new_key":1}],"total_count":1}"#,
    )
    .unwrap();
    assert_eq!(page.data[0].license, None);
    assert_eq!(page.data[0].extra["new_key"], 1);
    let api = error(
        &list,
        400,
        r#"{"error":{"code":"BAD_REQUEST","message":"Limit should be between 1 and 10"}}"#,
    );
    assert_eq!(api.message(), "Limit should be between 1 and 10");
    // The pitfall: a limit above 10 cannot be built.
    assert!(ListTeamMembers::paging(0, 50).is_err());
}

#[test]
fn create_examples() {
    let invite = NewTeamMember::new(
        "John Doe",
        "john.doe@example.com".parse().unwrap(),
        "919876543210".parse().unwrap(),
        Role::Caller,
    );
    let request = encode(&CreateTeamMember::new(invite));
    assert_eq!(request.method(), Method::POST);
    assert_eq!(request.uri().to_string(), format!("{BASE}/team-members"));
    assert_eq!(
        request.body(),
        br#"{"name":"John Doe","email":"john.doe@example.com","phone_number":"919876543210","role":"CALLER"}"#
    );
    let with_password = NewTeamMember::new(
        "John Doe",
        "john.doe@example.com".parse().unwrap(),
        "919876543210".parse().unwrap(),
        Role::Manager,
    )
    .with_password(Password::new("TempPass!Reset@FirstLogin"));
    let call = CreateTeamMember::new(with_password);
    assert_eq!(
        encode(&call).body(),
        br#"{"name":"John Doe","email":"john.doe@example.com","phone_number":"919876543210","role":"MANAGER","password":"TempPass!Reset@FirstLogin"}"#
    );
    assert!(!format!("{call:?}").contains("TempPass"));
    assert_eq!(CreateTeamMember::SUCCESS, StatusCode::CREATED);

    let created = call
        .decode(
        StatusCode::CREATED,
        &HeaderMap::new(),
        br#"{"name":"John Doe","email":"john.doe@example.com","phone_number":"919876543210","role":"CALLER","status":"INVITED"}"#,
    )
    .unwrap();
    // `INVITED` on create, `Invited` in the list's enum: one status.
    assert_eq!(
        (created.role.as_deref(), created.status.as_ref()),
        (Some("CALLER"), Some(&telecrm_core::MemberStatus::Invited))
    );

    let api = error(
        &call,
        400,
        r#"{"error":{"code":"BAD_REQUEST","message":"Validation failed","details":[{ "field": "role", "message": "Invalid role. Allowed roles: ADMIN, MANAGER, CALLER, MARKETING_USER" }]}}"#,
    );
    assert_eq!(api.details()[0].field.as_deref(), Some("role"));
    assert_eq!(
        api.details()[0].message,
        "Invalid role. Allowed roles: ADMIN, MANAGER, CALLER, MARKETING_USER"
    );
    assert_eq!(
        error(
            &call,
            402,
            r#"{"error":{"code":"BUY_LICENSE","message":"No license seat"}}"#
        )
        .code(),
        &ErrorCode::BuyLicense
    );
    // The pitfall's rejected phone forms cannot be built.
    for phone in ["+91 98765 43210", "91-9876-5432-10", "+919876543210"] {
        assert!(
            phone.parse::<telecrm_core::field::PhoneNumber>().is_err(),
            "{phone}"
        );
    }
    assert!("OWNER".parse::<Role>().is_err());
}

#[test]
fn get_page_example() {
    let get = GetTeamMember::new("jane.doe@example.com".parse().unwrap());
    let request = encode(&get);
    assert_eq!(
        request.uri().to_string(),
        format!("{BASE}/team-members/jane.doe%40example.com")
    );
    let deleted = encode(&get.clone().including_deleted());
    assert_eq!(deleted.uri().query(), Some("includeDeleted=true"));
    let jane = get
        .decode(StatusCode::OK, &HeaderMap::new(), MEMBER.as_bytes())
        .unwrap();
    assert_eq!(
        jane.manager_email.as_deref(),
        Some("john.smith@example.com")
    );
    assert_eq!(
        error(
            &get,
            404,
            r#"{"error":{"code":"TEAM_MEMBER_NOT_FOUND","message":"Team member not found"}}"#
        )
        .code(),
        &ErrorCode::TeamMemberNotFound
    );
    assert_eq!(
        error(
            &get,
            400,
            r#"{"error":{"code":"BAD_REQUEST","message":"Invalid email format"}}"#
        )
        .message(),
        "Invalid email format"
    );
}

#[test]
fn availability_examples() {
    for (state, body) in [
        (
            Availability::OnLeave,
            r#"{"state":"On Leave","email":"jane.doe@example.com"}"#,
        ),
        (
            Availability::Working,
            r#"{"state":"Working","email":"jane.doe@example.com"}"#,
        ),
    ] {
        let call = SetAvailability::new("jane.doe@example.com".parse().unwrap(), state);
        let request = encode(&call);
        assert_eq!(request.method(), Method::POST);
        assert_eq!(
            request.uri().to_string(),
            format!("{BASE}/teammember/state_change")
        );
        assert_eq!(std::str::from_utf8(request.body()).unwrap(), body);
    }
    let changed = SetAvailability::new(
        "jane.doe@example.com".parse().unwrap(),
        Availability::Working,
    )
    .decode(
        StatusCode::OK,
        &HeaderMap::new(),
        br#"{"email":"jane.doe@example.com","status":"Working"}"#,
    )
    .unwrap();
    assert_eq!(changed.status, "Working");
    assert!("Busy".parse::<Availability>().is_err());
}
