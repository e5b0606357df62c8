//! Configuration from the environment, with documented defaults (README, "Configuration").
//!
//! A wrong value stops the server at start with a message that names the variable.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Every variable the server reads, with its default and meaning (also the README table).
pub const VARIABLES: &[(&str, &str, &str)] = &[
    (
        "DATABASE_URL",
        "sqlite://data/aftersales.db",
        "sqlite:… (embedded) or postgres://… (shared, for several instances)",
    ),
    (
        "APP_ADDR",
        "127.0.0.1:3000",
        "address and port to listen on",
    ),
    (
        "DEMO_DATA",
        "false",
        "true: load the demo dealer group, staff and customer into an empty database",
    ),
    (
        "DEMO_HISTORY_ORDERS",
        "0",
        "with DEMO_DATA: this many delivered orders over the two years before today (0-100000)",
    ),
    (
        "STATIC_DIR",
        "dist",
        "the built browser app (Trunk's output)",
    ),
    (
        "COOKIE_SECURE",
        "false",
        "true: session cookie only over HTTPS (set it behind TLS)",
    ),
    (
        "DB_MAX_CONNECTIONS",
        "10",
        "database pool size per instance",
    ),
    (
        "MAX_CONNECTIONS",
        "auto",
        "open client connections per instance; more wait to be accepted. auto: the process's open-files limit less 128 (for the database and files)",
    ),
    (
        "HEADER_READ_TIMEOUT_MS",
        "10000",
        "a new connection (or the next request on one) must send its whole request head within this time",
    ),
    (
        "IDLE_TIMEOUT_MS",
        "60000",
        "a connection on which nothing is read or written for this long is closed (live streams send a keep-alive every 15 s)",
    ),
    (
        "TRUST_FORWARDED_FOR",
        "false",
        "true behind a load balancer that appends the client's address to X-Forwarded-For: throttles count per client address from it",
    ),
    (
        "PUBLIC_URL",
        "",
        "the address customers reach, e.g. https://service.example.com: puts the tracking link in messages and on the check-in sheet",
    ),
    (
        "NOTIFY_WEBHOOK_URL",
        "",
        "empty: customer messages are written to the log (dev sender); else each is POSTed there as JSON (SMS/WeChat gateway)",
    ),
    (
        "NOTIFY_WEBHOOK_TOKEN",
        "",
        "sent as `Authorization: Bearer …` to the webhook (never logged)",
    ),
    (
        "NOTIFY_INTERVAL_MS",
        "5000",
        "how often the outbox sender, the delay check and the daily figures' recount run (the sender also after every change)",
    ),
    (
        "RUST_LOG",
        "info,aftersales=info",
        "log filter (tracing-subscriber EnvFilter syntax)",
    ),
];

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub addr: SocketAddr,
    pub demo_data: bool,
    /// With the demo data: delivered orders generated over the two years before today.
    pub demo_history_orders: usize,
    pub static_dir: PathBuf,
    pub cookie_secure: bool,
    /// Read the client's address from the last `X-Forwarded-For` entry (behind our proxy).
    pub trust_forwarded_for: bool,
    pub db_max_connections: u32,
    /// Client connections served at once; `MAX_CONNECTIONS`.
    pub max_connections: usize,
    /// `HEADER_READ_TIMEOUT_MS`.
    pub header_read_timeout: std::time::Duration,
    /// `IDLE_TIMEOUT_MS`.
    pub idle_timeout: std::time::Duration,
    /// Without a trailing slash; `None` when not set.
    pub public_url: Option<String>,
    pub notify_webhook_url: Option<String>,
    pub notify_webhook_token: Option<String>,
    pub notify_interval: std::time::Duration,
}

/// A configuration problem, naming the variable.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "configuration error in {}: {}",
            self.variable, self.problem
        )
    }
}

impl std::error::Error for ConfigError {}

impl fmt::Debug for Config {
    /// The database URL may hold a password: show only its scheme.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = self.database_url.split(':').next().unwrap_or_default();
        f.debug_struct("Config")
            .field("database", &format!("{scheme}:***"))
            .field("addr", &self.addr)
            .field("demo_data", &self.demo_data)
            .field("demo_history_orders", &self.demo_history_orders)
            .field("static_dir", &self.static_dir)
            .field("cookie_secure", &self.cookie_secure)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("db_max_connections", &self.db_max_connections)
            .field("max_connections", &self.max_connections)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("public_url", &self.public_url)
            .field("notify_webhook_url", &self.notify_webhook_url)
            .field(
                "notify_webhook_token",
                &self.notify_webhook_token.as_ref().map(|_| "***"),
            )
            .field("notify_interval", &self.notify_interval)
            .finish()
    }
}

impl Config {
    /// The demo's message page (`/dev/outbox`, texted codes readable by anyone) only for a
    /// local demo: demo data, no SMS gateway, and nothing that marks a public deployment (a
    /// public address, secure cookies).
    pub fn demo_outbox(&self) -> bool {
        self.demo_data
            && self.notify_webhook_url.is_none()
            && self.public_url.is_none()
            && !self.cookie_secure
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_map(&std::env::vars().collect())
    }

    pub fn from_map(env: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &'static str| -> String {
            env.get(name)
                .cloned()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| {
                    VARIABLES
                        .iter()
                        .find(|(n, _, _)| *n == name)
                        .map(|(_, d, _)| d.to_string())
                        .unwrap_or_default()
                })
        };
        let database_url = get("DATABASE_URL");
        if !["sqlite:", "postgres:", "postgresql:"]
            .iter()
            .any(|s| database_url.starts_with(s))
        {
            return Err(ConfigError {
                variable: "DATABASE_URL",
                problem: "must start with sqlite: or postgres:".into(),
            });
        }
        let addr = get("APP_ADDR").parse().map_err(|_| ConfigError {
            variable: "APP_ADDR",
            problem: format!(
                "{:?} is not an address like 127.0.0.1:3000",
                get("APP_ADDR")
            ),
        })?;
        let db_max_connections = match get("DB_MAX_CONNECTIONS").parse::<u32>() {
            Ok(n) if (1..=1000).contains(&n) => n,
            _ => {
                return Err(ConfigError {
                    variable: "DB_MAX_CONNECTIONS",
                    problem: "must be a whole number from 1 to 1000".into(),
                })
            }
        };
        let number = |name: &'static str, range: std::ops::RangeInclusive<u64>| {
            get(name)
                .parse::<u64>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| ConfigError {
                    variable: name,
                    problem: format!(
                        "must be a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                })
        };
        let demo_history_orders = number("DEMO_HISTORY_ORDERS", 0..=100_000)? as usize;
        let max_connections = match get("MAX_CONNECTIONS").trim() {
            "auto" => open_files_limit().map_or(768, |limit| limit.saturating_sub(128).max(64)),
            _ => number("MAX_CONNECTIONS", 8..=1_000_000)? as usize,
        };
        let header_read_timeout =
            std::time::Duration::from_millis(number("HEADER_READ_TIMEOUT_MS", 100..=300_000)?);
        let idle_timeout =
            std::time::Duration::from_millis(number("IDLE_TIMEOUT_MS", 100..=3_600_000)?);
        let optional = |name: &'static str| Some(get(name)).filter(|v| !v.trim().is_empty());
        let url = |name: &'static str| -> Result<Option<String>, ConfigError> {
            match optional(name) {
                Some(v) if !(v.starts_with("http://") || v.starts_with("https://")) => {
                    Err(ConfigError {
                        variable: name,
                        problem: "must start with http:// or https://".into(),
                    })
                }
                v => Ok(v.map(|v| v.trim().trim_end_matches('/').to_string())),
            }
        };
        let notify_interval = match get("NOTIFY_INTERVAL_MS").parse::<u64>() {
            Ok(ms) if (50..=3_600_000).contains(&ms) => std::time::Duration::from_millis(ms),
            _ => {
                return Err(ConfigError {
                    variable: "NOTIFY_INTERVAL_MS",
                    problem: "must be a whole number of milliseconds from 50 to 3600000".into(),
                })
            }
        };
        let public_url = url("PUBLIC_URL")?;
        let notify_webhook_url = url("NOTIFY_WEBHOOK_URL")?;
        // A message sent outside the app carries its page's link at the public address; the
        // portal's own inbox links within the app and needs none.
        if notify_webhook_url.is_some() && public_url.is_none() {
            return Err(ConfigError {
                variable: "PUBLIC_URL",
                problem: "must be set when NOTIFY_WEBHOOK_URL is: messages sent to customers \
                          carry links at the address customers reach the app at"
                    .into(),
            });
        }
        Ok(Self {
            public_url,
            notify_webhook_url,
            notify_webhook_token: optional("NOTIFY_WEBHOOK_TOKEN"),
            notify_interval,
            database_url,
            addr,
            demo_data: flag(&get("DEMO_DATA"), "DEMO_DATA")?,
            demo_history_orders,
            static_dir: PathBuf::from(get("STATIC_DIR")),
            cookie_secure: flag(&get("COOKIE_SECURE"), "COOKIE_SECURE")?,
            trust_forwarded_for: flag(&get("TRUST_FORWARDED_FOR"), "TRUST_FORWARDED_FOR")?,
            db_max_connections,
            max_connections,
            header_read_timeout,
            idle_timeout,
        })
    }
}

/// The process's soft limit of open files (Linux: `/proc/self/limits`), if it can be read.
fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

fn flag(value: &str, variable: &'static str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(ConfigError {
            variable,
            problem: format!("{other:?} is not true or false"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_give_sqlite_on_localhost_without_demo_data() {
        let config = Config::from_map(&env(&[])).unwrap();
        assert_eq!(config.database_url, "sqlite://data/aftersales.db");
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert!(!config.demo_data);
    }

    #[test]
    fn a_wrong_value_names_its_variable() {
        let error = Config::from_map(&env(&[("APP_ADDR", "localhost")])).unwrap_err();
        assert_eq!(error.variable, "APP_ADDR");
        let error = Config::from_map(&env(&[("DEMO_DATA", "maybe")])).unwrap_err();
        assert_eq!(error.variable, "DEMO_DATA");
        let error = Config::from_map(&env(&[("DATABASE_URL", "mysql://x")])).unwrap_err();
        assert_eq!(error.variable, "DATABASE_URL");
        assert!(error.to_string().contains("DATABASE_URL"));
    }

    #[test]
    fn debug_output_hides_the_database_password() {
        let config = Config::from_map(&env(&[(
            "DATABASE_URL",
            "postgres://app:secret@db/aftersales",
        )]))
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("secret"), "{shown}");
        let config = Config::from_map(&env(&[
            ("NOTIFY_WEBHOOK_URL", "https://sms.example/hook"),
            ("NOTIFY_WEBHOOK_TOKEN", "token-123"),
            ("PUBLIC_URL", "https://service.example.com"),
        ]))
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("token-123"), "{shown}");
        assert!(shown.contains("sms.example"), "{shown}");
    }

    #[test]
    fn addresses_must_be_http_urls_and_lose_their_trailing_slash() {
        let config =
            Config::from_map(&env(&[("PUBLIC_URL", "https://service.example.com/")])).unwrap();
        assert_eq!(
            config.public_url.as_deref(),
            Some("https://service.example.com")
        );
        let error = Config::from_map(&env(&[("NOTIFY_WEBHOOK_URL", "sms.example")])).unwrap_err();
        assert_eq!(error.variable, "NOTIFY_WEBHOOK_URL");
        let error = Config::from_map(&env(&[("NOTIFY_INTERVAL_MS", "0")])).unwrap_err();
        assert_eq!(error.variable, "NOTIFY_INTERVAL_MS");
    }

    #[test]
    fn a_real_sender_needs_the_public_address_for_its_links() {
        let error = Config::from_map(&env(&[("NOTIFY_WEBHOOK_URL", "https://sms.example/hook")]))
            .unwrap_err();
        assert_eq!(error.variable, "PUBLIC_URL");
    }
}
