//! The chromedriver process: started on a free port, killed when dropped, and killed
//! as well when the test process ends without dropping it (it is shared through a
//! `static`, which is never dropped) or dies on a signal.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// chromedriver runs under this shell, which kills it as soon as its standard input
/// reaches end of file: that happens when our end of the pipe is closed, by `Drop` or
/// by the operating system when the test process exits for any reason.
const WATCHDOG: &str = r#""$0" "$@" </dev/null & pid=$!
cat >/dev/null
kill "$pid" 2>/dev/null
wait "$pid""#;

pub struct Chromedriver {
    /// `http://127.0.0.1:<port>`
    pub url: String,
    watchdog: Child,
    pipe: Option<ChildStdin>,
}

impl Chromedriver {
    /// The chromedriver that all scenarios of this test process share.
    pub fn shared() -> &'static Chromedriver {
        static SHARED: OnceLock<Chromedriver> = OnceLock::new();
        SHARED.get_or_init(Chromedriver::start)
    }

    /// Starts `$CHROMEDRIVER` (default `/usr/bin/chromedriver`) and waits until it is ready.
    pub fn start() -> Chromedriver {
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        assert!(Path::new(&binary).exists(), "chromedriver not found at {binary} (set CHROMEDRIVER)");
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let log = super::artifacts_dir().join("chromedriver.log");
        let output = std::fs::File::create(log.with_extension("out")).expect("target/e2e is writable");
        let mut watchdog = Command::new("sh")
            .args(["-c", WATCHDOG, &binary])
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::piped())
            .stdout(output.try_clone().expect("a file handle"))
            .stderr(output)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        let pipe = watchdog.stdin.take();
        let url = format!("http://127.0.0.1:{port}");
        let driver = Chromedriver { url, watchdog, pipe };
        driver.wait_ready(Duration::from_secs(20), &log);
        driver
    }

    fn wait_ready(&self, timeout: Duration, log: &Path) {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(2))).build().into();
        let started = Instant::now();
        loop {
            let status = agent.get(&format!("{}/status", self.url)).call();
            if let Ok(mut response) = status {
                if let Ok(body) = response.body_mut().read_json::<serde_json::Value>() {
                    if body["value"]["ready"] == true {
                        return;
                    }
                }
            }
            assert!(
                started.elapsed() < timeout,
                "chromedriver at {} not ready after {timeout:?}; see {} and {}",
                self.url,
                log.display(),
                log.with_extension("out").display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        self.pipe = None; // closing the pipe makes the watchdog kill chromedriver
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.watchdog.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.watchdog.kill();
        let _ = self.watchdog.wait();
    }
}
