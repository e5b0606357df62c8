//! The axum router: server functions under `/api`, `/healthz`, and the two built browser apps
//! (the console under `/staff`, the portal everywhere else), each with its own SPA fallback and
//! served from the brotli and gzip files made at build time; sessions, security headers,
//! cross-site refusal, compression of the API's answers and tracing.

use super::auth::throttle::ClientAddress;
use super::auth::Accounts;
use super::AppState;
use crate::domain::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_login::AuthManagerLayerBuilder;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use std::time::SystemTime;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The server functions that take a picture (an order's or a complaint's): their route has the
/// photo body limit.
pub const PHOTO_ENDPOINTS: [&str; 2] = ["orders/photo", "complaints/photo"];

/// A photo upload's request: the largest picture base64-encoded, and room for the JSON around it.
const PHOTO_BODY_LIMIT: usize = crate::domain::photo::PhotoUpload::MAX_ENCODED + 64 * 1024;

/// Sessions end after this long without a request.
const SESSION_IDLE: tower_sessions::cookie::time::Duration =
    tower_sessions::cookie::time::Duration::hours(12);

pub fn router(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(state.db.sessions.clone())
        .with_name("aftersales_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.cookie_secure)
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE))
        // Saving on every request is what moves the idle deadline on.
        .with_always_save(true);
    let accounts = Accounts {
        repo: state.db.repo.clone(),
    };
    let auth = AuthManagerLayerBuilder::new(accounts, sessions).build();
    // Event streams stay open: they are outside the request timeout below.
    let live = super::live::routes().layer(auth.clone());
    let photos = super::photos::routes().layer(auth.clone());
    let personal_data = super::personal_data::routes().layer(auth.clone());
    let exports = super::exports::routes().layer(auth.clone());
    // A photo upload (an order's or a complaint's) is larger than anything else the browser
    // sends.
    let photo_upload = PHOTO_ENDPOINTS
        .iter()
        .fold(Router::new(), |router, endpoint| {
            router.route(&format!("/api/{endpoint}"), post(server_fn))
        })
        .layer(RequestBodyLimitLayer::new(PHOTO_BODY_LIMIT))
        // Above axum's own 2 MB default for buffered bodies, which server functions use.
        .layer(axum::extract::DefaultBodyLimit::max(PHOTO_BODY_LIMIT))
        .layer(auth.clone());
    let apps = BuiltApps::in_dir(&state.config.static_dir);
    let csp = Arc::new(Csp::new(vec![apps.portal_index(), apps.console_index()]));

    let api = Router::new()
        .route("/api/{*fn_name}", post(server_fn))
        // Large enough for a signature pad's PNG (`ApprovalForm::SIGNATURE_MAX_BYTES`).
        .layer(RequestBodyLimitLayer::new(256 * 1024))
        .layer(auth);

    let timed = Router::new()
        .merge(photo_upload)
        .merge(api)
        .merge(photos)
        .merge(personal_data)
        .merge(exports)
        .route("/healthz", get(healthz))
        .route("/livez", get(livez))
        .route("/dev/outbox", get(super::sender::demo_page))
        .nest_service("/staff", apps.console())
        .fallback_service(apps.portal())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ));

    Router::new()
        .merge(timed)
        .merge(live)
        // Outside the timeout and the session layer: what they answer empty gets typed too.
        .layer(middleware::from_fn(typed_errors))
        .with_state(state)
        // A bug that panics answers 500 (with every header below) instead of dropping the
        // connection; the panic itself is logged.
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(refuse_cross_site))
        .layer(middleware::from_fn(cache_control))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            let csp = csp.clone();
            async move {
                let mut response = next.run(request).await;
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, csp.current());
                response
            }
        }))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
        .layer(TraceLayer::new_for_http())
}

/// An API failure that some layer answered with an empty body (the session store when the
/// database is unreachable, a timeout) gets the usual typed error, so the browser shows its
/// message and support gets an id to look up.
async fn typed_errors(request: Request, next: Next) -> Response {
    use axum::body::HttpBody;
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !api {
        return response;
    }
    let status = response.status();
    let empty = response.body().size_hint().exact() == Some(0);
    if !(empty && (status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT)) {
        return response;
    }
    let error = super::error::internal(format!("{status} with an empty body from a layer"));
    let body = serde_json::to_vec(&error).unwrap_or_default();
    let mut typed = Response::new(Body::from(body));
    *typed.status_mut() = status;
    typed.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    typed
}

/// Runs a server function with the application state in its reactive context.
///
/// server_fn answers every error with 500; this sets the status that matches the `AppError`
/// in the body (422 for a validation error, 404 for not found, 400 for undecodable arguments…).
async fn server_fn(State(state): State<AppState>, request: Request<Body>) -> Response {
    let client = client_address(&state, &request);
    let response = leptos_axum::handle_server_fns_with_context(
        move || {
            leptos::prelude::provide_context(state.clone());
            if let Some(client) = client {
                leptos::prelude::provide_context(client);
            }
        },
        request,
    )
    .await
    .into_response();
    if !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 256 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = super::error::status_of(&error);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Where the request came from: the connection's peer, or behind a trusted proxy the address
/// it appended last to `X-Forwarded-For` (what the client sent before it is not trusted).
fn client_address(state: &AppState, request: &Request<Body>) -> Option<ClientAddress> {
    let forwarded = state
        .config
        .trust_forwarded_for
        .then(|| request.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|value| value.to_str().ok())
        .and_then(|list| list.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok());
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    forwarded.or(peer).map(ClientAddress)
}

/// Readiness, for load balancers: 200 when the database answers, 503 within 2 s when not.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    // A short check of its own: the pool would wait up to its acquire timeout (30 s) for a
    // database that is gone, and a load balancer needs the answer now.
    match tokio::time::timeout(HEALTH_CHECK_WAIT, state.repo().outlets()).await {
        Ok(Ok(_)) => (StatusCode::OK, "ok"),
        Ok(Err(error)) => {
            tracing::error!(%error, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
        Err(_) => {
            tracing::error!("health check: no answer from the database within 2 s");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// How long readiness waits for the database before answering 503.
const HEALTH_CHECK_WAIT: Duration = Duration::from_secs(2);

/// Liveness: the process answers, whatever the database (restart it only if this fails).
async fn livez() -> &'static str {
    "ok"
}

type StaticApp = SetResponseHeader<ServeDir<ServeFile>, HeaderValue>;

/// The two Trunk builds under `STATIC_DIR`: `portal/` (served at `/`) and `console/` (served at
/// `/staff`, where its files are addressed). A file is served as it is, or as the `.br` / `.gz`
/// twin `make` wrote beside it when the browser accepts that encoding; every other path gets the
/// app's `index.html` (client routing).
struct BuiltApps {
    dir: PathBuf,
}

impl BuiltApps {
    fn in_dir(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
        }
    }

    fn portal_index(&self) -> PathBuf {
        self.dir.join("portal").join("index.html")
    }

    fn console_index(&self) -> PathBuf {
        self.dir.join("console").join("index.html")
    }

    fn portal(&self) -> StaticApp {
        Self::app(self.dir.join("portal"))
    }

    fn console(&self) -> StaticApp {
        Self::app(self.dir.join("console"))
    }

    fn app(dir: PathBuf) -> StaticApp {
        let index = ServeFile::new(dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        let files = ServeDir::new(dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(index);
        // The answer depends on Accept-Encoding: shared caches must keep the variants apart.
        SetResponseHeader::overriding(
            files,
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        )
    }
}

/// Built assets are named `name-<hash>.ext` (by Trunk: a 64-bit hash in hex, without leading
/// zeros, so sometimes shorter than 16 digits; by tools/split-wasm: 16 digits of a SHA-256 of
/// the content, after names like `portal-chunk_12` or `portal-split_portal_home`): those never
/// change, so browsers may keep them for a year. An app's page (`index.html`, which names the current assets) is never stored, so a
/// new release reaches everyone at their next load; anything else is revalidated on each load.
async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    // A handler that chose its own caching (photos: private, for a day) keeps it.
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    // A hashed file that is not there (another release's) is not found: the app's page in its
    // place would fail the browser's type check with no word of why.
    if hashed && html {
        let mut gone = StatusCode::NOT_FOUND.into_response();
        gone.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return gone;
    }
    let value = if html {
        "no-store"
    } else if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, extension)) = file.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    matches!(
        extension,
        "js" | "wasm" | "pack" | "css" | "svg" | "png" | "woff2"
    ) && stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Refuses state-changing requests that a browser says come from another site: the `Origin`
/// header must name this host, or `Sec-Fetch-Site` must not be `cross-site`. (Together with
/// SameSite cookies this stops cross-site request forgery. Requests from non-browser clients,
/// which send neither header, carry no ambient session cookie of a victim.)
async fn refuse_cross_site(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let same_origin = match headers
        .get(header::ORIGIN)
        .map(|o| o.to_str().unwrap_or("null"))
    {
        Some(origin) => origin
            .split_once("://")
            .map(|(_, authority)| Some(authority) == host)
            .unwrap_or(false),
        None => headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) != Some("cross-site"),
    };
    if same_origin {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

/// The Content-Security-Policy, kept in step with the built apps' `index.html` files: re-read
/// when one changes (a new client deployed next to a running server keeps working).
struct Csp {
    indexes: Vec<PathBuf>,
    cached: Mutex<Option<(Vec<SystemTime>, HeaderValue)>>,
}

impl Csp {
    fn new(indexes: Vec<PathBuf>) -> Self {
        Self {
            indexes,
            cached: Mutex::new(None),
        }
    }

    fn current(&self) -> HeaderValue {
        let modified: Vec<SystemTime> = self
            .indexes
            .iter()
            .map(|index| {
                std::fs::metadata(index)
                    .and_then(|m| m.modified())
                    .unwrap_or(SystemTime::UNIX_EPOCH)
            })
            .collect();
        let mut cached = self
            .cached
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match cached.as_ref() {
            Some((at, value)) if *at == modified => value.clone(),
            _ => {
                let value = content_security_policy(&self.indexes);
                *cached = Some((modified, value.clone()));
                value
            }
        }
    }
}

/// The CSP: only our own origin; WebAssembly allowed; the inline scripts of the apps'
/// `index.html` (Trunk's module loader, the page's modules, the saved-language line, the early
/// answers) allowed by their hashes.
fn content_security_policy(indexes: &[PathBuf]) -> HeaderValue {
    let html: String = indexes
        .iter()
        .map(|index| std::fs::read_to_string(index).unwrap_or_default())
        .collect();
    let hashes: String = inline_scripts(&html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// The bodies of `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        let (body, _) = rest.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(body)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trunk_hashed_names_count_as_immutable_assets() {
        assert!(is_hashed_asset("/aftersales-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_asset("/aftersales-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(is_hashed_asset("/staff/console-4af00d2464d5e3.js"));
        assert!(is_hashed_asset("/portal-chunk_12-3e1da994c0e723ef.wasm"));
        assert!(is_hashed_asset(
            "/portal-split_portal_home-2dca651922ec711c.wasm"
        ));
        assert!(is_hashed_asset("/portal-split-6d433010972fe4cf.js"));
        assert!(is_hashed_asset("/portal_repair-f049354b09b19a08.pack"));
        assert!(!is_hashed_asset("/staff/check-in"));
        assert!(!is_hashed_asset("/book-service.js"));
        assert!(!is_hashed_asset("/orders/WO-12345678"));
        assert!(!is_hashed_asset("/track/abc-0123456789abcdef"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/staff/day"));
        assert!(!is_hashed_asset("/favicon.svg"));
    }

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = r#"<script type="module">import init from '/a.js';</script><script src="/b.js"></script>"#;
        assert_eq!(
            inline_scripts(html).collect::<Vec<_>>(),
            ["import init from '/a.js';"]
        );
    }
}
