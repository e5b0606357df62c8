//! The two browser apps as the server hands them out: the console under `/staff`, the portal
//! everywhere else, each with its own page for client routes; the brotli or gzip twin `make`
//! wrote when the browser accepts it; hashed files kept for a year, the apps' pages never
//! stored; a CSP that allows the inline scripts of both pages. (Files only: the database
//! behind the app plays no part, so this runs on SQLite.)

use crate::helpers::{Backend, TestApp};
use base64::Engine;
use reqwest::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, VARY};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const PORTAL_SCRIPT: &str = "import init from '/portal-0123456789abcdef.js';init();";
const CONSOLE_SCRIPT: &str = "import init from '/staff/console-89abcdef01234567.js';init();";
const WASM: &[u8] = b"\0asm pretend portal module";

/// A `dist/` as `make client` leaves it: both apps, with compressed twins of the portal's files.
fn built_apps(dir: &Path) {
    let portal = dir.join("portal");
    let console = dir.join("console");
    std::fs::create_dir_all(&portal).unwrap();
    std::fs::create_dir_all(&console).unwrap();
    let page = |app: &str, script: &str| {
        format!("<!DOCTYPE html><html><head><script type=\"module\">{script}</script></head><body>{app}</body></html>")
    };
    write_with_twins(
        &portal.join("index.html"),
        page("the portal", PORTAL_SCRIPT).as_bytes(),
    );
    write_with_twins(&portal.join("portal-0123456789abcdef_bg.wasm"), WASM);
    std::fs::write(
        console.join("index.html"),
        page("the console", CONSOLE_SCRIPT),
    )
    .unwrap();
    std::fs::write(
        console.join("console-89abcdef01234567.js"),
        "export default function init() {}",
    )
    .unwrap();
}

fn write_with_twins(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
    std::fs::write(twin(path, "br"), brotli_of(bytes)).unwrap();
    std::fs::write(twin(path, "gz"), format!("gzip of {}", path.display())).unwrap();
}

fn twin(path: &Path, extension: &str) -> PathBuf {
    PathBuf::from(format!("{}.{extension}", path.display()))
}

fn brotli_of(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &Default::default()).unwrap();
    out
}

fn csp_hash(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

async fn spawn_with_built_apps() -> (TestApp, PathBuf) {
    let dir = std::env::temp_dir().join(format!("aftersales-dist-{}", uuid::Uuid::new_v4()));
    built_apps(&dir);
    let env = [("STATIC_DIR", dir.display().to_string())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = TestApp::try_spawn_with(Backend::Sqlite, &env)
        .await
        .expect("SQLite always runs");
    (app, dir)
}

async fn get(app: &TestApp, path: &str, accept_encoding: &str) -> reqwest::Response {
    // The test client decompresses nothing: it reads what travels.
    let client = reqwest::Client::new();
    let mut request = client.get(format!("{}{path}", app.address));
    if !accept_encoding.is_empty() {
        request = request.header("accept-encoding", accept_encoding);
    }
    request.send().await.expect("the server answers")
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> &str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_app_answers_its_own_paths_with_its_own_page() {
    // Arrange
    let (app, dir) = spawn_with_built_apps().await;

    // Act & Assert: client routes of each app get that app's page.
    for path in [
        "/",
        "/book",
        "/track/some-token",
        "/orders/WO-12345678",
        "/stafff",
    ] {
        let response = get(&app, path, "").await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.text().await.unwrap().contains("the portal"),
            "{path}"
        );
    }
    for path in [
        "/staff",
        "/staff/",
        "/staff/jobs",
        "/staff/orders/WO1/sheet",
    ] {
        let response = get(&app, path, "").await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.text().await.unwrap().contains("the console"),
            "{path}"
        );
    }
    // The console's files are addressed under /staff; a portal file asked for there is not one
    // of the console's: a hashed file that is not there is not found (never an app's page,
    // which the browser would refuse as the wrong type, with no word of why).
    let script = get(&app, "/staff/console-89abcdef01234567.js", "").await;
    assert!(script.text().await.unwrap().contains("export default"));
    let misplaced = get(&app, "/staff/portal-0123456789abcdef_bg.wasm", "").await;
    assert_eq!(misplaced.status(), StatusCode::NOT_FOUND);
    assert!(!misplaced.text().await.unwrap().contains("the console"));
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compressed_twins_made_at_build_time_are_sent_to_browsers_that_accept_them() {
    // Arrange
    let (app, dir) = spawn_with_built_apps().await;
    let wasm = "/portal-0123456789abcdef_bg.wasm";

    // Act
    let brotli = get(&app, wasm, "gzip, deflate, br").await;
    let gzip = get(&app, wasm, "gzip").await;
    let plain = get(&app, wasm, "").await;
    let page = get(&app, "/book", "br").await;

    // Assert
    assert_eq!(header(&brotli, CONTENT_ENCODING), "br");
    assert_eq!(header(&brotli, VARY), "accept-encoding");
    assert_eq!(brotli.bytes().await.unwrap().as_ref(), brotli_of(WASM));
    assert_eq!(header(&gzip, CONTENT_ENCODING), "gzip");
    assert!(gzip.text().await.unwrap().starts_with("gzip of"));
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    assert_eq!(plain.bytes().await.unwrap().as_ref(), WASM);
    assert_eq!(header(&page, CONTENT_ENCODING), "br", "the SPA page too");
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashed_files_are_kept_for_a_year_and_the_apps_pages_never_stored() {
    // Arrange
    let (app, dir) = spawn_with_built_apps().await;

    // Act
    let wasm = get(&app, "/portal-0123456789abcdef_bg.wasm", "br").await;
    let script = get(&app, "/staff/console-89abcdef01234567.js", "").await;
    let portal_page = get(&app, "/", "br").await;
    let console_page = get(&app, "/staff/jobs", "").await;
    let missing_file = get(&app, "/portal-fedcba9876543210.js", "").await;

    // Assert
    let immutable = "public, max-age=31536000, immutable";
    assert_eq!(header(&wasm, CACHE_CONTROL), immutable);
    assert_eq!(header(&script, CACHE_CONTROL), immutable);
    assert_eq!(header(&portal_page, CACHE_CONTROL), "no-store");
    assert_eq!(header(&console_page, CACHE_CONTROL), "no-store");
    // A hashed name that is not there gets the portal's page, which is never kept.
    assert_eq!(header(&missing_file, CACHE_CONTROL), "no-store");
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_content_security_policy_allows_the_inline_scripts_of_both_pages_only() {
    // Arrange
    let (app, dir) = spawn_with_built_apps().await;

    // Act
    let response = get(&app, "/", "").await;

    // Assert
    let policy = header(&response, CONTENT_SECURITY_POLICY);
    assert!(policy.contains(&csp_hash(PORTAL_SCRIPT)), "{policy}");
    assert!(policy.contains(&csp_hash(CONSOLE_SCRIPT)), "{policy}");
    assert!(!policy.contains("'unsafe-inline'"), "{policy}");
    std::fs::remove_dir_all(dir).ok();
}
