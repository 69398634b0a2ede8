//! The sandbox's store under load: updates with a state file against in
//! memory (on the seed alone and on 20,000 leads), lead search percentiles at
//! 1k, 10k and 100k leads, and Async payloads applied per second.
//!
//! ```sh
//! cargo run --release -p telecrm-sandbox --example store_bench
//! cargo run --release -p telecrm-sandbox --example store_bench -- --quick   # smaller, for a smoke run
//! cargo run --release -p telecrm-sandbox --example store_bench -- --updates-only
//! ```
//!
//! One client on one kept-alive loopback connection, requests one after the
//! other, so each figure is the cost of a request end to end (HTTP, checks,
//! store, commit). State files go to a temporary directory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serde_json::json;
use telecrm_sandbox::{SEED_CUSTOM_ACTION, SEED_LEAD, Sandbox, SandboxConfig};

const TOKEN: &str = "bench-token";
const ASYNC_TOKEN: &str = "bench-async-token";

type Failure = Box<dyn std::error::Error>;

/// A kept-alive HTTP/1.1 connection, written by hand.
struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: SocketAddr) -> Result<Self, Failure> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Self {
            reader: BufReader::new(stream),
        })
    }

    /// Sends a POST and returns the status (the body is read and dropped).
    fn post(&mut self, path: &str, token: &str, body: &str) -> Result<u16, Failure> {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line.get(9..12).ok_or("no status line")?.parse()?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse()?;
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok(status)
    }
}

struct Bench {
    runtime: tokio::runtime::Runtime,
    sandbox: Sandbox,
    _dir: Option<tempfile::TempDir>,
}

impl Bench {
    fn start(on_file: bool) -> Result<Self, Failure> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let mut config = SandboxConfig::new().token(TOKEN).async_token(ASYNC_TOKEN);
        let dir = if on_file {
            let dir = tempfile::tempdir()?;
            config = config.state_file(dir.path().join("state.db"));
            Some(dir)
        } else {
            None
        };
        let sandbox = runtime.block_on(Sandbox::start(config))?;
        Ok(Self {
            runtime,
            sandbox,
            _dir: dir,
        })
    }

    fn conn(&self) -> Result<Conn, Failure> {
        Conn::open(self.sandbox.local_addr())
    }

    fn path(&self, rest: &str) -> String {
        format!(
            "/autoupdate/v2/enterprise/{}{rest}",
            self.sandbox.enterprise()
        )
    }

    /// Adds `n` leads (phones from `first`), 100 cities among them.
    fn populate(&self, first: usize, n: usize) -> Result<(), Failure> {
        let mut conn = self.conn()?;
        let path = self.path("/lead");
        for i in first..first + n {
            let body = json!({"fields": {
                "phone": format!("91{:010}", 7_000_000_000u64 + i as u64),
                "name": format!("Lead {i}"),
                "city": format!("City{}", i % 100),
            }})
            .to_string();
            let status = conn.post(&path, TOKEN, &body)?;
            if status != 201 {
                return Err(format!("create answered {status}").into());
            }
        }
        Ok(())
    }

    /// `n` updates of the seed's custom action: the time they took.
    fn updates(&self, n: usize) -> Result<Duration, Failure> {
        let mut conn = self.conn()?;
        let path = self.path(&format!("/lead/{SEED_LEAD}/action/{SEED_CUSTOM_ACTION}"));
        let started = Instant::now();
        for i in 0..n {
            let body = json!({"type": "1001", "fields": {"note": format!("n{i}")}}).to_string();
            let status = conn.post(&path, TOKEN, &body)?;
            if status != 200 {
                return Err(format!("update answered {status}").into());
            }
        }
        Ok(started.elapsed())
    }

    /// Latencies of `n` searches with `body`, sorted.
    fn searches(&self, n: usize, body: &str) -> Result<Vec<Duration>, Failure> {
        let mut conn = self.conn()?;
        let path = self.path("/lead/search?limit=100");
        let mut times = Vec::with_capacity(n);
        for _ in 0..n {
            let started = Instant::now();
            let status = conn.post(&path, TOKEN, body)?;
            times.push(started.elapsed());
            if status != 200 {
                return Err(format!("search answered {status}").into());
            }
        }
        times.sort_unstable();
        Ok(times)
    }

    /// Sends `n` payloads one after the other and waits until all are
    /// applied: (`QUEUED` answers per second, payloads applied per second
    /// from the first sent to the last applied).
    fn ingest(&self, n: usize) -> Result<(f64, f64), Failure> {
        let mut conn = self.conn()?;
        let path = format!(
            "/async/enterprise/{}/autoupdatelead",
            self.sandbox.enterprise()
        );
        let started = Instant::now();
        for i in 0..n {
            let status = conn.post(&path, ASYNC_TOKEN, &payload(i))?;
            if status != 200 {
                return Err(format!("autoupdatelead answered {status}").into());
            }
        }
        let queued_in = started.elapsed();
        self.runtime.block_on(self.sandbox.drain_ingest());
        let applied_in = started.elapsed();
        Ok((
            n as f64 / queued_in.as_secs_f64(),
            n as f64 / applied_in.as_secs_f64(),
        ))
    }
}

/// The `i`-th Async payload: a new lead with one custom action.
fn payload(i: usize) -> String {
    json!({
        "fields": {"phone": format!("91{:010}", 8_000_000_000u64 + i as u64), "city": "Pune"},
        "actions": [{"type": "ACTION_1001", "fields": {"note": format!("a{i}")}}]
    })
    .to_string()
}

/// Applying alone: `n` payloads written into a stopped sandbox's queue table,
/// then the time a start takes to apply them all (payloads per second).
fn apply_only(n: usize) -> Result<f64, Failure> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("state.db");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let config = || SandboxConfig::new().token(TOKEN).state_file(&file);
    runtime.block_on(async { Sandbox::start(config()).await?.shutdown().await })?;
    let db = rusqlite::Connection::open(&file)?;
    db.execute_batch("BEGIN")?;
    for i in 0..n {
        db.execute(
            "INSERT INTO ingest_queue (seq, enterprise, body, queued_on) VALUES (?1, ?2, ?3, 0)",
            rusqlite::params![i as i64, telecrm_sandbox::DEFAULT_ENTERPRISE, payload(i)],
        )?;
    }
    db.execute_batch("COMMIT")?;
    drop(db);
    let started = Instant::now();
    let sandbox = runtime.block_on(Sandbox::start(config()))?;
    runtime.block_on(sandbox.drain_ingest());
    let rate = n as f64 / started.elapsed().as_secs_f64();
    runtime.block_on(sandbox.shutdown())?;
    Ok(rate)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Failure> {
    let quick = std::env::args().any(|a| a == "--quick");
    let scale = |n: usize| if quick { n / 10 } else { n };
    let updates = scale(10_000);
    let big = scale(20_000);

    println!("## {updates} updates, one client, one connection");
    println!("| store | in memory | --state | ratio |");
    println!("| --- | --- | --- | --- |");
    for leads in [0, big] {
        let memory = Bench::start(false)?;
        let file = Bench::start(true)?;
        memory.populate(0, leads)?;
        file.populate(0, leads)?;
        // Paired: memory, file, memory, file; the better of two each.
        let m = memory.updates(updates)?.min(memory.updates(updates)?);
        let f = file.updates(updates)?.min(file.updates(updates)?);
        println!(
            "| seed + {leads} leads | {:.2} s ({:.0} µs each) | {:.2} s ({:.0} µs each) | {:.2}× |",
            m.as_secs_f64(),
            m.as_secs_f64() * 1e6 / updates as f64,
            f.as_secs_f64(),
            f.as_secs_f64() * 1e6 / updates as f64,
            f.as_secs_f64() / m.as_secs_f64()
        );
    }

    if std::env::args().any(|a| a == "--updates-only") {
        return Ok(());
    }
    println!();
    println!("## Lead search (--state), limit 100, one client");
    println!(
        "| leads | by city (1% match) p50 / p95 | everything (`{{}}`) p50 / p95 | creates/s while filling |"
    );
    println!("| --- | --- | --- | --- |");
    let file = Bench::start(true)?;
    let mut have = 0;
    for target in [scale(1_000), scale(10_000), scale(100_000)] {
        let started = Instant::now();
        file.populate(have, target - have)?;
        let rate = (target - have) as f64 / started.elapsed().as_secs_f64();
        have = target;
        let n = if target >= 100_000 { 100 } else { 300 };
        let city = file.searches(n, r#"{"fields":{"city":"City7"}}"#)?;
        let all = file.searches(n, "{}")?;
        println!(
            "| {target} | {:.2} / {:.2} ms | {:.2} / {:.2} ms | {rate:.0} |",
            ms(percentile(&city, 0.5)),
            ms(percentile(&city, 0.95)),
            ms(percentile(&all, 0.5)),
            ms(percentile(&all, 0.95)),
        );
    }
    drop(file);

    println!();
    println!("## Async API");
    println!("| store | payloads | QUEUED answers/s | applied/s, first sent to last applied |");
    println!("| --- | --- | --- | --- |");
    let n = scale(20_000);
    for on_file in [false, true] {
        let bench = Bench::start(on_file)?;
        let (queued, applied) = bench.ingest(n)?;
        println!(
            "| {} | {n} | {queued:.0} | {applied:.0} |",
            if on_file { "--state" } else { "in memory" }
        );
    }
    println!();
    println!(
        "Applying alone (--state, {n} payloads queued before a start): {:.0} payloads/s",
        apply_only(n)?
    );
    Ok(())
}
