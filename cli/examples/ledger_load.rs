//! Load for a running `clausewrap serve`: posts signed sample records from several
//! threads, one attempt each, and prints a JSON summary (used by `bench/ledger`).
//!
//! ```sh
//! cargo run --release -p clausewrap-cli --example ledger_load -- \
//!   --url http://127.0.0.1:8080 --records 2000 --concurrency 16 [--nonces]
//! ```
//!
//! `records_per_second` counts accepted (2xx) records over the whole run; the latencies
//! are those of the `POST /v1/acceptances` requests, nonce requests excluded.
#![forbid(unsafe_code)]

#[path = "../tests/support/load.rs"]
mod load;

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

const USAGE: &str = "usage: ledger_load --url URL [--records N] [--concurrency C] [--nonces]";

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)).and_then(|config| run(&config)) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("ledger_load: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<load::Config, String> {
    let mut config = load::Config { url: String::new(), records: 1000, concurrency: 8, nonces: false, retry_for: None };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value; {USAGE}"));
        match arg.as_str() {
            "--url" => config.url = value()?.trim_end_matches('/').to_owned(),
            "--records" => config.records = value()?.parse().map_err(|_| format!("--records needs a number; {USAGE}"))?,
            "--concurrency" => config.concurrency = value()?.parse().map_err(|_| format!("--concurrency needs a number; {USAGE}"))?,
            "--nonces" => config.nonces = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument '{other}'; {USAGE}")),
        }
    }
    if config.url.is_empty() || config.concurrency == 0 {
        return Err(USAGE.to_owned());
    }
    Ok(config)
}

fn run(config: &load::Config) -> Result<String, String> {
    let report = load::run(config, &AtomicUsize::new(0))?;
    let mut accepted = 0;
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    let mut latencies: Vec<Duration> = Vec::new();
    for outcome in report.acceptances() {
        latencies.push(outcome.latency);
        if outcome.status.is_success() {
            accepted += 1;
        } else {
            *errors.entry(outcome.status.label()).or_default() += 1;
        }
    }
    let nonce_errors = report.outcomes.iter().filter(|o| o.request == load::Request::Nonce && !o.status.is_success()).count();
    latencies.sort_unstable();
    let elapsed = report.elapsed.as_secs_f64();
    let summary = serde_json::json!({
        "url": config.url,
        "records": config.records,
        "concurrency": config.concurrency,
        "nonces": config.nonces,
        "accepted": accepted,
        "errors": errors,
        "nonce_errors": nonce_errors,
        "elapsed_s": round(elapsed),
        "records_per_second": round(if elapsed > 0.0 { accepted as f64 / elapsed } else { 0.0 }),
        "latency_ms": {
            "p50": percentile(&latencies, 0.50),
            "p99": percentile(&latencies, 0.99),
            "max": percentile(&latencies, 1.0),
        },
    });
    serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())
}

/// The nearest-rank percentile `p` (0 to 1) of sorted `latencies`, in ms.
fn percentile(latencies: &[Duration], p: f64) -> f64 {
    let rank = ((p * latencies.len() as f64).ceil() as usize).clamp(1, latencies.len().max(1));
    latencies.get(rank - 1).map_or(0.0, |d| round(d.as_secs_f64() * 1000.0))
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
