//! `clausewrap serve`: the HTTP server in front of the ledger (axum on tokio).

mod limits;
mod respond;
mod routes;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use clausewrap_core::base64url;
use ed25519_dalek::SigningKey;
use tower_http::services::ServeDir;

use crate::documents::Published;
use crate::store::{Sealer, StorageConfig, Store};
pub use limits::RateLimiter;
use respond::LogNote;

/// Everything `clausewrap serve` is told.
pub struct ServeConfig {
    pub listen: SocketAddr,
    pub storage: StorageConfig,
    pub key: SigningKey,
    /// Documents to publish at start-up (already published ones stay published).
    pub documents: Vec<Published>,
    /// Static files served at `/`.
    pub site: Option<PathBuf>,
    pub max_body: usize,
    pub rate_limit: u32,
    pub nonce_ttl_seconds: u64,
    pub require_nonce: bool,
}

pub struct AppState {
    store: Store,
    sealer: Sealer,
    /// Every published document, for checking records against.
    documents: Vec<Published>,
    max_body: usize,
    nonce_ttl: chrono::Duration,
    limiter: RateLimiter,
}

/// Runs the server until SIGTERM or SIGINT; then finishes the requests in flight and
/// returns. Calls `ready` with the address once it accepts connections; logs JSON lines on
/// standard error.
pub fn serve(config: ServeConfig, ready: &mut dyn FnMut(SocketAddr)) -> Result<(), String> {
    let _ = tracing_subscriber::fmt().json().with_writer(std::io::stderr).with_target(false).with_max_level(tracing::Level::INFO).try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(async {
        let running = start(config).await?;
        ready(running.address);
        shutdown_signal().await;
        running.stop().await
    })
}

/// A server accepting connections.
pub struct Running {
    pub address: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting connections, waits for the requests in flight, and returns.
    pub async fn stop(self) -> Result<(), String> {
        let _ = self.stop.send(());
        self.task.await.map_err(|e| format!("the server stopped: {e}"))?.map_err(|e| format!("the server stopped: {e}"))?;
        tracing::info!("stopped: every request in flight was answered");
        Ok(())
    }
}

/// Opens the storage, publishes the documents and starts serving on the runtime this is
/// called on.
pub async fn start(config: ServeConfig) -> Result<Running, String> {
    let store = Store::open(&config.storage).await?;
    let documents = store.publish(config.documents, Utc::now()).await?;
    let public_key = base64url::encode(&config.key.verifying_key().to_bytes());
    let state = Arc::new(AppState {
        store,
        sealer: Sealer { key: config.key, clock: Arc::new(Utc::now), require_nonce: config.require_nonce },
        documents,
        max_body: config.max_body,
        nonce_ttl: routes::ttl(config.nonce_ttl_seconds),
        limiter: RateLimiter::new(config.rate_limit),
    });
    let app = router(Arc::clone(&state), config.site.as_ref());
    let listener = tokio::net::TcpListener::bind(config.listen).await.map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let address = listener.local_addr().map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    for document in &state.documents {
        tracing::info!(document = %document.id, version = %document.version, sha256 = %document.sha256, "published");
    }
    tracing::info!(address = %address, storage = state.store.kind(), ledger_key = %public_key, "listening");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(async move {
        let _ = stopped.await;
        tracing::info!("shutting down: finishing the requests in flight");
    });
    let task = tokio::spawn(async move { server.await });
    Ok(Running { address, stop, task })
}

fn router(state: Arc<AppState>, site: Option<&PathBuf>) -> Router {
    let api = Router::new()
        .route("/v1/acceptances", post(routes::post_acceptance))
        .route("/v1/acceptances/{record_id}", get(routes::get_acceptance))
        .route("/v1/nonces", post(routes::post_nonce))
        .route("/v1/subjects/{subject}/status", get(routes::get_status))
        .route("/v1/keys", get(routes::get_keys))
        .route("/v1/documents", get(routes::get_documents))
        .route("/v1/documents/{id}/{version}", get(routes::get_document))
        .route("/v1/health", get(routes::get_health))
        .route("/v1/{*rest}", axum::routing::any(routes::not_found));
    let app = match site {
        Some(dir) => api.fallback_service(ServeDir::new(dir).not_found_service(axum::routing::any(routes::not_found).with_state(Arc::clone(&state)))),
        None => api.fallback(routes::not_found),
    };
    app.layer(middleware::from_fn_with_state(Arc::clone(&state), rate_limit)).layer(middleware::from_fn(log_request)).with_state(state)
}

async fn rate_limit(State(state): State<Arc<AppState>>, ConnectInfo(client): ConnectInfo<SocketAddr>, request: Request, next: Next) -> Response {
    match state.limiter.check(client.ip(), Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(problem) => problem.into_response(),
    }
}

/// One JSON log line per request. Never the body: records are personal data, and the
/// ledger is where they are kept.
async fn log_request(ConnectInfo(client): ConnectInfo<SocketAddr>, request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let note = response.extensions().get::<LogNote>().cloned().unwrap_or_default();
    tracing::info!(
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        latency_ms = start.elapsed().as_secs_f64() * 1000.0,
        client = %client.ip(),
        record_id = note.record_id.as_deref(),
        sequence = note.sequence,
        code = note.code,
        "request"
    );
    response
}

async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}
