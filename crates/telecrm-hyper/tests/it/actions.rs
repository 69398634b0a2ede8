//! The Actions group over the wire: a create is never resent once it may have
//! arrived, and is retried when it provably did not; get sends no body; search
//! pages to the end and never loops on a server that ignores `skip`.

use std::time::Duration;

use telecrm_hyper::{
    ActionFilter, CreatedActions, Error, NewActions, NewCustomAction, SearchActions,
};

use crate::server::{Server, Step};
use crate::{CUSTOM, LEAD, builder};

const CREATED: &str = r#"{"lead_id":"603d2b2f9b1e8a001c8e4f5c","actions":[{"action_id":"603d2b2f9b1e8a001c8e4f5d","status":"CREATED"}],"remarks":[]}"#;

fn note() -> NewActions {
    NewActions::one(
        NewCustomAction::new("1001".parse().unwrap()).with_field("note", "Demo scheduled"),
    )
}

/// One create against `script`: the outcome and how many requests arrived.
async fn create(script: Vec<Step>) -> (Result<CreatedActions, Error>, usize, Server) {
    let server = Server::start(script).await;
    let client = builder(&server.base_url())
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let result = client.create_actions(LEAD.parse().unwrap(), note()).await;
    let count = server.count();
    (result, count, server)
}

#[tokio::test]
async fn a_create_that_may_have_arrived_is_sent_exactly_once() {
    let cases = [
        ("dropped after the request was read", Step::Drop),
        ("reset mid-answer", Step::ResetMidBody),
        ("truncated answer", Step::Truncate),
        ("stalled until the attempt timeout", Step::Stall),
        (
            "500",
            Step::json(500, r#"{"error":{"code":"INTERNAL","message":"x"}}"#),
        ),
        ("502", Step::json(502, "<html>bad gateway</html>")),
        ("504", Step::json(504, "<html>gateway timeout</html>")),
    ];
    for (what, step) in cases {
        // The second step would succeed: a resend would be seen and counted.
        let (result, count, server) = create(vec![step, Step::json(200, CREATED)]).await;
        let err = result.expect_err(what);
        assert_eq!(count, 1, "{what}: the create was sent {count} times");
        assert_eq!(err.attempts(), 1, "{what}: {err:?}");
        assert!(server.requests()[0].head.starts_with("POST "), "{what}");
    }
}

#[tokio::test]
async fn the_same_failures_are_retried_for_an_update() {
    // The contrast that makes the test above meaningful: the same script
    // resends an idempotent update.
    let server = Server::start(vec![Step::Drop, Step::json(200, crate::DOC_200)]).await;
    let client = builder(&server.base_url()).build().unwrap();
    crate::update_payment(&client).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_create_refused_with_nothing_done_is_retried() {
    for refusal in [
        Step::json(
            503,
            r#"{"error":{"code":"SERVICE_UNAVAILABLE","message":"later"}}"#,
        ),
        Step::json(503, "").with_header("retry-after", "0"),
        Step::json(429, r#"{"error":{"code":"RATE_LIMITED","message":"slow"}}"#)
            .with_header("retry-after", "0"),
    ] {
        let (result, count, server) = create(vec![refusal, Step::json(200, CREATED)]).await;
        let created = result.unwrap();
        assert_eq!(count, 2);
        assert_eq!(created.created().count(), 1);
        // Both attempts carried the same bytes.
        let requests = server.requests();
        assert_eq!(requests[0].body, requests[1].body);
    }
}

#[tokio::test]
async fn a_create_that_could_not_connect_is_retried() {
    // A port with nothing listening: every attempt fails before sending a byte.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = builder(&format!("http://127.0.0.1:{port}/autoupdate/v2"))
        .build()
        .unwrap();
    let err = client
        .create_actions(LEAD.parse().unwrap(), note())
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(err.attempts(), 3);
}

#[tokio::test]
async fn get_sends_no_body() {
    let server = Server::start(vec![Step::json(
        200,
        r#"{"type":"1001","fields":{"note":"Site visit completed"}}"#,
    )])
    .await;
    let client = builder(&server.base_url()).build().unwrap();
    let action = client
        .get_action(LEAD.parse().unwrap(), CUSTOM.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        action.as_custom().unwrap().fields["note"],
        "Site visit completed"
    );
    let request = &server.requests()[0];
    assert!(
        request.head.starts_with(&format!(
            "GET /autoupdate/v2/enterprise/ent/lead/{LEAD}/action/{CUSTOM} HTTP/1.1"
        )),
        "{}",
        request.head
    );
    assert!(request.body.is_empty());
    assert!(!request.head.to_ascii_lowercase().contains("content-type"));
    // Nor a length: the headers of a request with a body are not a GET's.
    assert!(!request.head.to_ascii_lowercase().contains("content-length"));
}

fn page(ids: &[&str], total: Option<u64>, skip: Option<u64>) -> Step {
    let data: Vec<_> = ids
        .iter()
        .map(|id| serde_json::json!({"id": id, "type": "OUTGOING_CALL"}))
        .collect();
    let mut body = serde_json::json!({"data": data, "limit": 2});
    if let Some(total) = total {
        body["total_count"] = total.into();
    }
    if let Some(skip) = skip {
        body["skip"] = skip.into();
    }
    Step::json(200, &body.to_string())
}

async fn all_ids(server: &Server) -> Result<Vec<String>, Error> {
    let client = builder(&server.base_url()).build().unwrap();
    let items = client
        .search_actions_pages(
            LEAD.parse().unwrap(),
            ActionFilter::new(),
            SearchActions::paging(0, 2).unwrap(),
        )
        .collect_all()
        .await?;
    Ok(items
        .into_iter()
        .map(|item| item.id.unwrap().into_string())
        .collect())
}

fn queries(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| {
            let line = r.head.lines().next().unwrap();
            line.split_once('?')
                .unwrap()
                .1
                .split(' ')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn pages_are_followed_to_the_end() {
    // Without total_count the short page ends it.
    let server = Server::start(vec![
        page(&["a", "b"], None, Some(0)),
        page(&["c", "d"], None, Some(2)),
        page(&["e"], None, Some(4)),
        page(&["never"], None, None),
    ])
    .await;
    assert_eq!(all_ids(&server).await.unwrap(), ["a", "b", "c", "d", "e"]);
    assert_eq!(
        queries(&server),
        ["skip=0&limit=2", "skip=2&limit=2", "skip=4&limit=2"]
    );

    // With total_count, a full last page is not followed by an empty request.
    let server = Server::start(vec![
        page(&["a", "b"], Some(6), None),
        page(&["c", "d"], Some(6), None),
        page(&["e", "f"], Some(6), None),
        page(&["never"], None, None),
    ])
    .await;
    assert_eq!(all_ids(&server).await.unwrap().len(), 6);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_server_that_ignores_skip_does_not_loop_forever() {
    // The same full page, forever.
    let server = Server::start(vec![page(&["a", "b"], None, None)]).await;
    let err = all_ids(&server).await.unwrap_err();
    assert!(err.is_pagination(), "{err:?}");
    assert_eq!(server.count(), 2);

    // The same, but it says so: skip echoed as 0.
    let server = Server::start(vec![page(&["a", "b"], Some(100), Some(0))]).await;
    let err = all_ids(&server).await.unwrap_err();
    assert!(err.is_pagination(), "{err:?}");
    assert_eq!(server.count(), 2);
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn a_failed_page_ends_the_pages() {
    let server = Server::start(vec![
        page(&["a", "b"], None, None),
        Step::json(
            404,
            r#"{"error":{"code":"LEAD_NOT_FOUND","message":"gone"}}"#,
        ),
    ])
    .await;
    let client = builder(&server.base_url()).build().unwrap();
    let mut pages = client.search_actions_pages(
        LEAD.parse().unwrap(),
        ActionFilter::new(),
        SearchActions::paging(0, 2).unwrap(),
    );
    assert_eq!(pages.next_page().await.unwrap().unwrap().data.len(), 2);
    let err = pages.next_page().await.unwrap().unwrap_err();
    assert_eq!(err.api_error().unwrap().code().as_str(), "LEAD_NOT_FOUND");
    assert!(pages.next_page().await.is_none());
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn pages_through_the_sandbox_timeline() {
    use telecrm_hyper::{BaseUrl, Client, NewAction, SyncToken, Workspace};
    use telecrm_sandbox::{SEED_LEAD, Sandbox, SandboxConfig};

    let sandbox = Sandbox::start(SandboxConfig::new()).await.unwrap();
    let client = Client::new()
        .unwrap()
        .workspace(
            Workspace::new(
                SyncToken::new(sandbox.token()).unwrap(),
                sandbox.enterprise().parse().unwrap(),
            )
            .with_base_url(BaseUrl::parse(&sandbox.base_url()).unwrap()),
        )
        .unwrap();
    let actions: Vec<NewAction> = (0..9)
        .map(|n| {
            NewCustomAction::new("1001".parse().unwrap())
                .with_field("note", n)
                .into()
        })
        .collect();
    let created = client
        .create_actions(
            SEED_LEAD.parse().unwrap(),
            NewActions::new(actions).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(created.created().count(), 9);
    // Nine created and the four seeded, four at a time: four pages.
    let items = client
        .search_actions_pages(
            SEED_LEAD.parse().unwrap(),
            ActionFilter::new(),
            SearchActions::paging(0, 4).unwrap(),
        )
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<_> = items.iter().map(|i| i.id.clone().unwrap()).collect();
    let expected: Vec<_> = sandbox
        .timeline(SEED_LEAD)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(
        ids.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
        expected.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(ids.len(), 13);
    let searches = sandbox
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/search"))
        .count();
    assert_eq!(searches, 4);
    // What search found, get reads.
    let first = client
        .get_action(SEED_LEAD.parse().unwrap(), ids[0].clone())
        .await
        .unwrap();
    assert_eq!(first.as_custom().unwrap().fields["note"], 8);
}
