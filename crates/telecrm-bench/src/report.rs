//! The summary (`--json`) and the table.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Options;
use crate::load::{Cell, Mode};
use crate::micro::Micro;
use crate::stats::Spread;

/// Per mode and concurrency: medians over the repetitions.
#[derive(Debug, Serialize)]
pub(crate) struct Row {
    pub(crate) mode: &'static str,
    pub(crate) concurrency: usize,
    pub(crate) requests_per_s: Option<Spread>,
    pub(crate) p50_us: Option<Spread>,
    pub(crate) p99_us: Option<Spread>,
    pub(crate) cpu_us_per_req: Option<Spread>,
    pub(crate) errors: u64,
}

/// What `--json` writes. Every ratio is taken within one repetition, then the
/// median (and min, max) over repetitions is reported.
#[derive(Debug, Serialize)]
pub(crate) struct Summary {
    pub(crate) sdk_vs_hyper_c1: Option<Spread>,
    pub(crate) sdk_vs_hyper_c8: Option<Spread>,
    pub(crate) sdk_vs_hyper_c64: Option<Spread>,
    pub(crate) sdk_vs_reqwest_c8: Option<Spread>,
    pub(crate) sdk_vs_reqwest_c64: Option<Spread>,
    /// Against the client a careful user writes (issue 24's anchors).
    pub(crate) sdk_vs_handrolled_c1: Option<Spread>,
    pub(crate) sdk_vs_handrolled_c8: Option<Spread>,
    pub(crate) sdk_vs_handrolled_c64: Option<Spread>,
    pub(crate) sdk_vs_handrolled_timeout_c1: Option<Spread>,
    pub(crate) sdk_vs_handrolled_timeout_c8: Option<Spread>,
    pub(crate) sdk_vs_handrolled_timeout_c64: Option<Spread>,
    pub(crate) sdk_cpu_us_per_req_over_hyper_c8: Option<Spread>,
    pub(crate) sdk_cpu_us_per_req_over_hyper_c64: Option<Spread>,
    pub(crate) sandbox_vs_minimal_c8: Option<Spread>,
    pub(crate) tls_sdk_vs_hyper_c8: Option<Spread>,
    pub(crate) tls_sdk_vs_reqwest_c8: Option<Spread>,
    pub(crate) tls_sdk_cpu_us_per_req_over_hyper_c8: Option<Spread>,
    pub(crate) tls_sdk_vs_hyper_c64: Option<Spread>,
    pub(crate) tls_sdk_vs_reqwest_c64: Option<Spread>,
    pub(crate) tls_sdk_vs_handrolled_c8: Option<Spread>,
    pub(crate) tls_sdk_vs_handrolled_c64: Option<Spread>,
    pub(crate) tls_sdk_vs_handrolled_timeout_c8: Option<Spread>,
    pub(crate) tls_sdk_vs_handrolled_timeout_c64: Option<Spread>,
    /// Milliseconds from nothing to the first response over TLS, per client.
    pub(crate) tls_cold_first_response_ms: BTreeMap<&'static str, Option<Spread>>,
    pub(crate) encode_ns: Option<Spread>,
    pub(crate) decode_ns: Option<Spread>,
    pub(crate) floor_serde_json_value_decode_ns: Option<Spread>,
    pub(crate) reps: usize,
    pub(crate) seconds_per_cell: f64,
    pub(crate) pinned: bool,
    pub(crate) cores: usize,
    pub(crate) rows: Vec<Row>,
}

type Key = (usize, Mode, usize);

/// The machine's cores (not this process's affinity, which pinning narrows).
fn machine_cores() -> usize {
    std::fs::read_to_string("/proc/cpuinfo")
        .map(|text| text.lines().filter(|l| l.starts_with("processor")).count())
        .ok()
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn index(cells: &[Cell]) -> BTreeMap<Key, &Cell> {
    cells
        .iter()
        .map(|c| ((c.rep, c.mode, c.concurrency), c))
        .collect()
}

/// Per repetition, `f(a, b)` of the two modes' cells at concurrency `c`.
fn paired(
    cells: &BTreeMap<Key, &Cell>,
    reps: usize,
    (a, b): (Mode, Mode),
    c: usize,
    f: impl Fn(&Cell, &Cell) -> f64,
) -> Option<Spread> {
    Spread::of(
        (0..reps).filter_map(|rep| Some(f(cells.get(&(rep, a, c))?, cells.get(&(rep, b, c))?))),
    )
}

pub(crate) fn summarise(
    cells: &[Cell],
    cold: &[(usize, Mode, std::time::Duration)],
    micro: &Micro,
    options: &Options,
) -> Summary {
    let by = index(cells);
    let reps = options.reps;
    let rps_ratio = |a: &Cell, b: &Cell| a.rps() / b.rps();
    let cpu_over = |a: &Cell, b: &Cell| a.cpu_us_per_request() - b.cpu_us_per_request();
    let mut rows = Vec::new();
    let mut keys: Vec<(Mode, usize)> = cells.iter().map(|c| (c.mode, c.concurrency)).collect();
    keys.sort();
    keys.dedup();
    for (mode, concurrency) in keys {
        let of = |f: &dyn Fn(&Cell) -> f64| {
            Spread::of(
                cells
                    .iter()
                    .filter(|c| c.mode == mode && c.concurrency == concurrency)
                    .map(f),
            )
        };
        rows.push(Row {
            mode: mode.name(),
            concurrency,
            requests_per_s: of(&Cell::rps),
            p50_us: of(&|c| f64::from(c.percentile_us(0.5))),
            p99_us: of(&|c| f64::from(c.percentile_us(0.99))),
            cpu_us_per_req: of(&Cell::cpu_us_per_request),
            errors: cells
                .iter()
                .filter(|c| c.mode == mode && c.concurrency == concurrency)
                .map(|c| c.errors)
                .sum(),
        });
    }
    Summary {
        sdk_vs_hyper_c1: paired(&by, reps, (Mode::Sdk, Mode::Hyper), 1, rps_ratio),
        sdk_vs_hyper_c8: paired(&by, reps, (Mode::Sdk, Mode::Hyper), 8, rps_ratio),
        sdk_vs_hyper_c64: paired(&by, reps, (Mode::Sdk, Mode::Hyper), 64, rps_ratio),
        sdk_vs_reqwest_c8: paired(&by, reps, (Mode::Sdk, Mode::Reqwest), 8, rps_ratio),
        sdk_vs_reqwest_c64: paired(&by, reps, (Mode::Sdk, Mode::Reqwest), 64, rps_ratio),
        sdk_vs_handrolled_c1: paired(&by, reps, (Mode::Sdk, Mode::Handrolled), 1, rps_ratio),
        sdk_vs_handrolled_c8: paired(&by, reps, (Mode::Sdk, Mode::Handrolled), 8, rps_ratio),
        sdk_vs_handrolled_c64: paired(&by, reps, (Mode::Sdk, Mode::Handrolled), 64, rps_ratio),
        sdk_vs_handrolled_timeout_c1: paired(
            &by,
            reps,
            (Mode::Sdk, Mode::HandrolledTimeout),
            1,
            rps_ratio,
        ),
        sdk_vs_handrolled_timeout_c8: paired(
            &by,
            reps,
            (Mode::Sdk, Mode::HandrolledTimeout),
            8,
            rps_ratio,
        ),
        sdk_vs_handrolled_timeout_c64: paired(
            &by,
            reps,
            (Mode::Sdk, Mode::HandrolledTimeout),
            64,
            rps_ratio,
        ),
        sdk_cpu_us_per_req_over_hyper_c8: paired(&by, reps, (Mode::Sdk, Mode::Hyper), 8, cpu_over),
        sdk_cpu_us_per_req_over_hyper_c64: paired(
            &by,
            reps,
            (Mode::Sdk, Mode::Hyper),
            64,
            cpu_over,
        ),
        sandbox_vs_minimal_c8: paired(&by, reps, (Mode::SdkOnSandbox, Mode::Sdk), 8, rps_ratio),
        tls_sdk_vs_hyper_c8: paired(&by, reps, (Mode::SdkTls, Mode::HyperTls), 8, rps_ratio),
        tls_sdk_vs_reqwest_c8: paired(&by, reps, (Mode::SdkTls, Mode::ReqwestTls), 8, rps_ratio),
        tls_sdk_cpu_us_per_req_over_hyper_c8: paired(
            &by,
            reps,
            (Mode::SdkTls, Mode::HyperTls),
            8,
            cpu_over,
        ),
        tls_sdk_vs_hyper_c64: paired(&by, reps, (Mode::SdkTls, Mode::HyperTls), 64, rps_ratio),
        tls_sdk_vs_reqwest_c64: paired(&by, reps, (Mode::SdkTls, Mode::ReqwestTls), 64, rps_ratio),
        tls_sdk_vs_handrolled_c8: paired(
            &by,
            reps,
            (Mode::SdkTls, Mode::HandrolledTls),
            8,
            rps_ratio,
        ),
        tls_sdk_vs_handrolled_c64: paired(
            &by,
            reps,
            (Mode::SdkTls, Mode::HandrolledTls),
            64,
            rps_ratio,
        ),
        tls_sdk_vs_handrolled_timeout_c8: paired(
            &by,
            reps,
            (Mode::SdkTls, Mode::HandrolledTimeoutTls),
            8,
            rps_ratio,
        ),
        tls_sdk_vs_handrolled_timeout_c64: paired(
            &by,
            reps,
            (Mode::SdkTls, Mode::HandrolledTimeoutTls),
            64,
            rps_ratio,
        ),
        tls_cold_first_response_ms: [
            Mode::HyperTls,
            Mode::SdkTls,
            Mode::ReqwestTls,
            Mode::HandrolledTimeoutTls,
        ]
        .into_iter()
        .map(|mode| {
            let times = cold
                .iter()
                .filter(|(_, m, _)| *m == mode)
                .map(|(_, _, d)| d.as_secs_f64() * 1000.0);
            (mode.name(), Spread::of(times))
        })
        .collect(),
        encode_ns: micro.encode(),
        decode_ns: micro.decode(),
        floor_serde_json_value_decode_ns: micro.floor_decode(),
        reps,
        seconds_per_cell: options.seconds,
        pinned: crate::server::pinned(),
        cores: machine_cores(),
        rows,
    }
}

fn fmt(spread: Option<Spread>, digits: usize) -> String {
    match spread {
        Some(s) => format!("{:.d$} [{:.d$}–{:.d$}]", s.median, s.min, s.max, d = digits),
        None => "n/a".into(),
    }
}

pub(crate) fn print(summary: &Summary, options: &Options) {
    println!();
    println!(
        "telecrm-bench: {} reps × {:.1} s per cell; medians [min–max]; {} cores; pinned: {}",
        options.reps, options.seconds, summary.cores, summary.pinned
    );
    println!();
    println!("| client | c | req/s | p50 µs | p99 µs | client CPU µs/req |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for row in &summary.rows {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            row.mode,
            row.concurrency,
            fmt(row.requests_per_s, 0),
            fmt(row.p50_us, 0),
            fmt(row.p99_us, 0),
            fmt(row.cpu_us_per_req, 2),
        );
    }
    println!();
    println!("| figure | median [min–max] | target |");
    println!("| --- | ---: | --- |");
    let lines: &[(&str, Option<Spread>, usize, &str)] = &[
        ("sdk_vs_hyper_c1", summary.sdk_vs_hyper_c1, 3, ""),
        ("sdk_vs_hyper_c8", summary.sdk_vs_hyper_c8, 3, "≥ 0.92"),
        ("sdk_vs_hyper_c64", summary.sdk_vs_hyper_c64, 3, "≥ 0.92"),
        ("sdk_vs_reqwest_c8", summary.sdk_vs_reqwest_c8, 3, "≥ 1.5"),
        ("sdk_vs_reqwest_c64", summary.sdk_vs_reqwest_c64, 3, "≥ 1.5"),
        ("sdk_vs_handrolled_c1", summary.sdk_vs_handrolled_c1, 3, ""),
        ("sdk_vs_handrolled_c8", summary.sdk_vs_handrolled_c8, 3, ""),
        (
            "sdk_vs_handrolled_c64",
            summary.sdk_vs_handrolled_c64,
            3,
            "",
        ),
        (
            "sdk_vs_handrolled_timeout_c1",
            summary.sdk_vs_handrolled_timeout_c1,
            3,
            "",
        ),
        (
            "sdk_vs_handrolled_timeout_c8",
            summary.sdk_vs_handrolled_timeout_c8,
            3,
            "≥ 1.03",
        ),
        (
            "sdk_vs_handrolled_timeout_c64",
            summary.sdk_vs_handrolled_timeout_c64,
            3,
            "≥ 1.03",
        ),
        (
            "sdk_cpu_us_per_req_over_hyper_c8",
            summary.sdk_cpu_us_per_req_over_hyper_c8,
            2,
            "",
        ),
        (
            "sdk_cpu_us_per_req_over_hyper_c64",
            summary.sdk_cpu_us_per_req_over_hyper_c64,
            2,
            "",
        ),
        (
            "sandbox_vs_minimal_c8",
            summary.sandbox_vs_minimal_c8,
            3,
            "≥ 0.7",
        ),
        (
            "tls_sdk_vs_hyper_c8",
            summary.tls_sdk_vs_hyper_c8,
            3,
            "≥ 0.92",
        ),
        (
            "tls_sdk_vs_hyper_c64",
            summary.tls_sdk_vs_hyper_c64,
            3,
            "≥ 0.92",
        ),
        (
            "tls_sdk_vs_reqwest_c8",
            summary.tls_sdk_vs_reqwest_c8,
            3,
            "≥ 1.5",
        ),
        (
            "tls_sdk_vs_reqwest_c64",
            summary.tls_sdk_vs_reqwest_c64,
            3,
            "≥ 1.5",
        ),
        (
            "tls_sdk_vs_handrolled_c8",
            summary.tls_sdk_vs_handrolled_c8,
            3,
            "",
        ),
        (
            "tls_sdk_vs_handrolled_c64",
            summary.tls_sdk_vs_handrolled_c64,
            3,
            "",
        ),
        (
            "tls_sdk_vs_handrolled_timeout_c8",
            summary.tls_sdk_vs_handrolled_timeout_c8,
            3,
            "≥ 1.03",
        ),
        (
            "tls_sdk_vs_handrolled_timeout_c64",
            summary.tls_sdk_vs_handrolled_timeout_c64,
            3,
            "≥ 1.03",
        ),
        (
            "tls_sdk_cpu_us_per_req_over_hyper_c8",
            summary.tls_sdk_cpu_us_per_req_over_hyper_c8,
            2,
            "",
        ),
        ("encode_ns", summary.encode_ns, 0, ""),
        ("decode_ns", summary.decode_ns, 0, ""),
        (
            "floor: serde_json::Value decode ns",
            summary.floor_serde_json_value_decode_ns,
            0,
            "",
        ),
    ];
    for &(name, spread, digits, target) in lines {
        println!("| {name} | {} | {target} |", fmt(spread, digits));
    }
    println!();
    println!("| TLS, cold client to first response | ms, median [min–max] |");
    println!("| --- | ---: |");
    for (mode, spread) in &summary.tls_cold_first_response_ms {
        println!("| {mode} | {} |", fmt(*spread, 2));
    }
}
