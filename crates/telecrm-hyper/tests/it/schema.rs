//! The workspace schema against the sandbox: fetched once and cached, checked
//! before sending, and in agreement with the sandbox's own rules: a value the
//! schema accepts is stored without a remark; a violation is refused before
//! sending, with the field named.

use std::time::Duration;

use proptest::prelude::*;
use serde_json::{Value, json};
use telecrm_hyper::{BaseUrl, Client, Dropdowns, LeadFields, NewLead, Workspace, WorkspaceClient};
use telecrm_sandbox::{Sandbox, SandboxConfig};

fn client_for(
    sandbox: &Sandbox,
    tune: impl FnOnce(WorkspaceClient) -> WorkspaceClient,
) -> WorkspaceClient {
    let workspace = Workspace::new(
        telecrm_hyper::SyncToken::new(sandbox.token()).unwrap(),
        sandbox.enterprise().parse().unwrap(),
    )
    .with_base_url(BaseUrl::parse(&sandbox.base_url()).unwrap());
    tune(Client::new().unwrap().workspace(workspace).unwrap())
}

fn lead(fields: Value) -> NewLead {
    NewLead::new(LeadFields::from_value(fields).unwrap())
}

fn posts_to_lead(sandbox: &Sandbox) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/lead"))
        .count()
}

#[tokio::test]
async fn the_schema_is_fetched_once_and_cached() {
    let sandbox = Sandbox::start(SandboxConfig::new()).await.unwrap();
    let client = client_for(&sandbox, |b| b);
    let schema = client.schema().await.unwrap();
    assert_eq!(schema.identifier(), Some("phone"));
    assert_eq!(sandbox.requests().len(), 4);
    client.schema().await.unwrap();
    assert_eq!(sandbox.requests().len(), 4, "served from the cache");
    client.refresh_schema().await.unwrap();
    assert_eq!(sandbox.requests().len(), 8);
    let stale = client_for(&sandbox, |b| b.with_schema_max_age(Duration::ZERO));
    stale.schema().await.unwrap();
    stale.schema().await.unwrap();
    assert_eq!(sandbox.requests().len(), 16, "max age 0: fetched each time");
}

#[tokio::test]
async fn violations_are_refused_before_sending() {
    let sandbox = Sandbox::start(SandboxConfig::new()).await.unwrap();
    let client = client_for(&sandbox, |b| b.with_schema_checks(true));
    let cases = [
        (
            json!({"phone": "919811111111", "nickname": "x"}),
            "nickname",
        ),
        (
            json!({"phone": "919811111111", "contact_source": "Websit"}),
            "Websit",
        ),
        (
            json!({"phone": "919811111111", "status": "Old Lead"}),
            "archived",
        ),
        (
            json!({"phone": "919811111111", "deal_size": "big"}),
            "deal_size",
        ),
        (json!({"name": "No Phone"}), "phone"),
    ];
    for (fields, named) in cases {
        let err = client.create_lead(lead(fields.clone())).await.unwrap_err();
        assert!(err.is_input(), "{fields}: {err:?}");
        let text = format!("{}", std::error::Error::source(&err).unwrap());
        assert!(text.contains(named), "{fields}: {text}");
    }
    assert_eq!(posts_to_lead(&sandbox), 0, "nothing was sent");
    let fine = client
        .create_lead(lead(
            json!({"phone": "919811111111", "contact_source": "Website", "status": "Fresh"}),
        ))
        .await
        .unwrap();
    assert!(fine.remarks.is_empty(), "{fine:?}");
    // With the warning policy a new label goes through and becomes an option.
    let lenient = client_for(&sandbox, |b| {
        b.with_schema_checks(true).with_dropdowns(Dropdowns::Warn)
    });
    lenient
        .create_lead(lead(
            json!({"phone": "919822222222", "contact_source": "Billboard"}),
        ))
        .await
        .unwrap();
    let source = client.get_custom_field("contact_source").await.unwrap();
    assert!(source.options.iter().any(|o| o.label == "Billboard"));
}

/// Values for each typed field of the sandbox's workspace, good and bad.
fn value() -> impl Strategy<Value = (String, Value)> {
    let field = prop::sample::select(vec![
        "name",
        "email",
        "rating",
        "status",
        "contact_source",
        "interests",
        "deal_size",
        "follow_up_date",
        "budget",
        "website",
        "city",
    ]);
    let value = prop_oneof![
        "[A-Za-z ]{1,12}".prop_map(Value::from),
        prop::sample::select(vec![
            "Website",
            "Referral",
            "Fresh",
            "Won",
            "Old Lead",
            "Qualified",
            "VIP",
            "1000",
            "99.50",
            "01/01/2027",
            "31/02/2027",
            "https://example.com",
            "example.com",
            "a@b.co",
            "nope@",
        ])
        .prop_map(Value::from),
        (0i64..8).prop_map(Value::from),
        (0u64..2_000_000_000_000).prop_map(Value::from),
        prop::collection::vec(prop::sample::select(vec!["VIP", "Returning", "Gold"]), 0..3)
            .prop_map(|v| json!(v)),
    ];
    (field, value).prop_map(|(f, v)| (f.to_owned(), v))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_schema_and_the_sandbox_agree((field, value) in value()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let sandbox = Sandbox::start(SandboxConfig::new()).await.unwrap();
            let client = client_for(&sandbox, |b| b.with_schema_checks(true));
            let fields = json!({"phone": "919833333333", field.clone(): value.clone()});
            // The standard fields' forms are checked when the fields are built.
            let built = match LeadFields::from_value(fields) {
                Ok(built) => built,
                Err(err) => {
                    prop_assert!(err.to_string().contains(&field), "{field}={value}: {err}");
                    return Ok(());
                }
            };
            match client.create_lead(NewLead::new(built)).await {
                Ok(created) => {
                    // Accepted by the schema: the sandbox kept the field.
                    prop_assert!(created.remarks.is_empty(), "{field}={value}: {:?}", created.remarks);
                }
                Err(err) => {
                    prop_assert!(err.is_input(), "{field}={value}: {err:?}");
                    let text = std::error::Error::source(&err).unwrap().to_string();
                    prop_assert!(text.contains(&field), "{field}={value}: {text}");
                    prop_assert_eq!(posts_to_lead(&sandbox), 0);
                }
            }
            Ok(())
        })?;
    }
}
