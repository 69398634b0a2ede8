//! The registry: every endpoint of the API, listed once.
//!
//! One line per endpoint: its type and a sample value. The registry drives the
//! tests that hold for every endpoint alike (each route's placeholders match
//! its path arguments, decoding never panics, `docs/architecture.md` lists
//! it), so a new endpoint is checked by them the moment it is listed here.

use http::{HeaderMap, Method, StatusCode};

use crate::endpoint::Endpoint;
use crate::error::{EncodeError, ResponseError};
use crate::path::PathArgs;
use crate::token::Credential;
use crate::workspace::Workspace;

/// One registered endpoint: what it declares, and a sample value of it to
/// encode and decode with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Registered {
    /// The type's name (`UpdateAction`).
    pub name: &'static str,
    /// Its method.
    pub method: Method,
    /// Its route template.
    pub route: &'static str,
    /// Whether a repeat is harmless.
    pub idempotent: bool,
    /// A sample value, type-erased.
    pub sample: fn() -> Sample,
}

/// Decodes an answer as an endpoint does, keeping only whether it decoded.
pub type Decode = Box<dyn Fn(StatusCode, &HeaderMap, &[u8]) -> Result<(), ResponseError>>;

/// A sample endpoint value, type-erased for the tests that hold for every
/// endpoint.
pub struct Sample {
    /// How many path arguments it gives (after the enterprise).
    pub path_args: usize,
    /// Its path arguments as they are written into the path.
    pub segments: Vec<String>,
    /// The request it encodes to, for enterprise `ent-1` and token `t0k3n`
    /// at the token's production base URL.
    pub request: Result<http::Request<Vec<u8>>, EncodeError>,
    /// The same request through [`Endpoint::to_http_request_with`], its
    /// headers cloned from the workspace's [`crate::RequestHeaders`].
    pub request_with: Result<http::Request<Vec<u8>>, EncodeError>,
    /// Decodes an answer as the endpoint does, keeping only whether it
    /// decoded.
    pub decode: Decode,
}

impl std::fmt::Debug for Sample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sample")
            .field("path_args", &self.path_args)
            .field("segments", &self.segments)
            .finish_non_exhaustive()
    }
}

fn sample<E: Endpoint + 'static>(endpoint: E) -> Sample {
    let args: PathArgs<'_> = endpoint.path_args();
    let segments = args
        .iter()
        .map(|segment| {
            let mut out = String::new();
            segment.push_to(&mut out);
            out
        })
        .collect();
    let path_args = args.len();
    let token = E::Token::parse("t0k3n").expect("a valid sample token");
    let workspace = Workspace::new(token, "ent-1".parse().expect("a valid sample enterprise"));
    let request = endpoint.to_http_request(&workspace);
    let request_with =
        endpoint.to_http_request_with(&workspace, &crate::RequestHeaders::new(&workspace));
    Sample {
        path_args,
        segments,
        request,
        request_with,
        decode: Box::new(move |status, headers, body| {
            endpoint.decode(status, headers, body).map(drop)
        }),
    }
}

macro_rules! registry {
    ($($ty:ident => $sample:expr,)*) => {
        /// Every endpoint of the API, once.
        pub static REGISTRY: &[Registered] = &[$(
            Registered {
                name: stringify!($ty),
                method: <$ty as Endpoint>::METHOD,
                route: <$ty as Endpoint>::ROUTE,
                idempotent: <$ty as Endpoint>::IDEMPOTENT,
                sample: || sample::<$ty>($sample),
            },
        )*];
    };
}

use crate::prelude::*;
use samples::*;

registry! {
    CreateActions => CreateActions::new(lead(), crate::NewActions::one(note())),
    GetAction => GetAction::new(lead(), action()),
    UpdateAction => UpdateAction::new(lead(), action(), crate::CustomUpdate::new(code()).with_field("note", "x").into()),
    SearchActions => SearchActions::new(lead(), ActionFilter::new()),
    CreateLead => CreateLead::new(NewLead::new(crate::LeadFields::new().text("name", "Jane"))),
    GetLead => GetLead::new(lead()),
    UpdateLead => UpdateLead::new(lead(), crate::LeadFields::new().text("name", "Jane")).expect("a field"),
    SearchLeads => SearchLeads::new(LeadFilter::new()),
    ListTeamMembers => ListTeamMembers::new(),
    CreateTeamMember => CreateTeamMember::new(member()),
    GetTeamMember => GetTeamMember::new(email()),
    SetAvailability => SetAvailability::new(email(), Availability::Active),
    GetMetadata => GetMetadata::new(),
    ListCustomFields => ListCustomFields::new(),
    GetCustomField => GetCustomField::new("deal_size"),
    ListCustomActions => ListCustomActions::new(),
    GetCustomAction => GetCustomAction::new(code()),
    GetPipeline => GetPipeline::new(),
    IngestLead => IngestLead::new(NewLead::new(crate::LeadFields::new().text("phone", "919999999999")), "phone").expect("the identifier"),
}

/// Sample values, valid by construction.
mod samples {
    use crate::field::Email;
    use crate::id::{ActionId, LeadId};
    use crate::vocab::CustomActionCode;

    pub(super) fn lead() -> LeadId {
        LeadId::new("603d2b2f9b1e8a001c8e4f5c").expect("a lead ID")
    }

    pub(super) fn action() -> ActionId {
        ActionId::new("603d2b2f9b1e8a001c8e4f5d").expect("an action ID")
    }

    pub(super) fn code() -> CustomActionCode {
        CustomActionCode::new("1001").expect("a code")
    }

    pub(super) fn email() -> Email {
        Email::new("priya@example.com").expect("an email")
    }

    pub(super) fn note() -> crate::NewCustomAction {
        crate::NewCustomAction::new(code()).with_field("note", "x")
    }

    pub(super) fn member() -> crate::NewTeamMember {
        crate::NewTeamMember::new(
            "Priya",
            email(),
            crate::field::PhoneNumber::new("919999999999").expect("a phone"),
            crate::Role::Manager,
        )
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::path::{ENTERPRISE_PLACEHOLDER, placeholders};

    #[test]
    fn every_route_fits_its_path_arguments() {
        assert_eq!(REGISTRY.len(), 19, "18 Sync endpoints and the Async ingest");
        for registered in REGISTRY {
            let sample = (registered.sample)();
            let names: Vec<_> = placeholders(registered.route).collect();
            assert_eq!(
                names.first().map(|n| format!("{{{n}}}")).as_deref(),
                Some(ENTERPRISE_PLACEHOLDER),
                "{}: every route starts below the enterprise",
                registered.name
            );
            assert_eq!(
                names.len() - 1,
                sample.path_args,
                "{}: {} has {} placeholder(s) after the enterprise, the endpoint gives {}",
                registered.name,
                registered.route,
                names.len() - 1,
                sample.path_args
            );
            // The path is the route with the enterprise and each argument in place.
            let mut expected = registered.route.replace(ENTERPRISE_PLACEHOLDER, "ent-1");
            for (name, segment) in names[1..].iter().zip(&sample.segments) {
                expected = expected.replace(&format!("/{{{name}}}"), segment);
            }
            let request = sample.request.as_ref().expect("the sample encodes");
            assert!(
                request.uri().path().ends_with(&expected),
                "{}: {} does not end with {expected}",
                registered.name,
                request.uri().path()
            );
            assert_eq!(request.method(), registered.method, "{}", registered.name);
            assert_eq!(
                request.headers().contains_key(http::header::CONTENT_TYPE),
                !request.body().is_empty(),
                "{}: Content-Type exactly when there is a body",
                registered.name
            );
        }
    }

    #[test]
    fn a_request_from_made_headers_is_the_same_request() {
        for registered in REGISTRY {
            let sample = (registered.sample)();
            let plain = sample.request.as_ref().expect("the sample encodes");
            let with = sample.request_with.as_ref().expect("the sample encodes");
            assert_eq!(plain.method(), with.method(), "{}", registered.name);
            assert_eq!(plain.uri(), with.uri(), "{}", registered.name);
            assert_eq!(plain.version(), with.version(), "{}", registered.name);
            assert_eq!(plain.headers(), with.headers(), "{}", registered.name);
            for (name, value) in plain.headers() {
                assert_eq!(
                    value.is_sensitive(),
                    with.headers()[name].is_sensitive(),
                    "{}: {name}",
                    registered.name
                );
            }
            assert_eq!(plain.body(), with.body(), "{}", registered.name);
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = REGISTRY.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len());
    }

    #[test]
    fn the_architecture_table_lists_every_endpoint() {
        let doc = include_str!("../../../../docs/architecture.md");
        for registered in REGISTRY {
            let cell = format!("`{}`", registered.name);
            assert!(
                doc.lines()
                    .any(|line| line.starts_with('|') && line.contains(&cell)),
                "docs/architecture.md's endpoint table does not list {}",
                registered.name
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn decoding_never_panics(
            status in 100u16..600,
            body in prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..256),
                "[\\{\\}\\[\\]\":,a-z0-9_ ]{0,128}".prop_map(String::into_bytes),
            ],
        ) {
            let status = StatusCode::from_u16(status).unwrap();
            for registered in REGISTRY {
                let sample = (registered.sample)();
                let _ = (sample.decode)(status, &HeaderMap::new(), &body);
            }
        }
    }
}
