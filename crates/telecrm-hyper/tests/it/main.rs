//! End-to-end tests of telecrm-hyper against scripted servers on loopback.

mod actions;
mod faults;
mod fixtures;
mod ingest;
mod pki;
mod plain;
mod schema;
mod server;
mod structure;
mod tls;

pub(crate) use fixtures::{
    CUSTOM, DOC_200, LEAD, PAYMENT, TOKEN, builder, payment_completed, update_payment,
};
