//! The server (feature `ssr`), and the operator's commands beside it. The two browser apps
//! have their own entry points in `src/bin/`.
//!
//! ```text
//! aftersales                       serve (configured by the environment: README)
//! aftersales audit verify [SEQ:HASH]
//!                                  check the audit log's chain of seals; with the head an
//!                                  earlier check printed, also prove nothing before it was rewritten
//! aftersales backup FILE           copy the SQLite database, consistently, while it serves
//! aftersales restore FILE          restore a backup as DATABASE_URL's new database
//! ```

use aftersales::server::config::Config;
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage: aftersales [audit verify [SEQ:HASH] | backup FILE | restore FILE | demo-history --orders N | outcomes check]";

#[tokio::main]
async fn main() -> ExitCode {
    let filter = match std::env::var("RUST_LOG") {
        Ok(value) if !value.trim().is_empty() => {
            match tracing_subscriber::EnvFilter::try_new(&value) {
                Ok(filter) => filter,
                Err(error) => {
                    eprintln!("aftersales: configuration error in RUST_LOG: {error}");
                    return ExitCode::from(2);
                }
            }
        }
        _ => tracing_subscriber::EnvFilter::new("info,aftersales=info"),
    };
    tracing_subscriber::fmt().with_env_filter(filter).init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("aftersales: {error}");
            return ExitCode::from(2);
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => serve(config).await,
        ["audit", "verify"] => audit_verify(&config, None).await,
        ["audit", "verify", anchor] => match anchor.parse() {
            Ok(anchor) => audit_verify(&config, Some(anchor)).await,
            Err(problem) => {
                eprintln!("aftersales: {problem}");
                ExitCode::from(2)
            }
        },
        ["backup", file] => {
            match aftersales::server::db::backup(&config.database_url, Path::new(file)).await {
                Ok(()) => {
                    println!("backed up to {file}");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("aftersales: backup failed: {error:#}");
                    ExitCode::FAILURE
                }
            }
        }
        ["restore", file] => restore(&config, Path::new(file)).await,
        ["demo-history", "--orders", n] => match n.parse::<usize>() {
            Ok(n) if n > 0 => demo_history(config, n).await,
            _ => {
                eprintln!("aftersales: --orders takes a whole number above 0");
                ExitCode::from(2)
            }
        },
        ["outcomes", "check"] => outcomes_check(config).await,
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

async fn serve(config: Config) -> ExitCode {
    use aftersales::server::clock::Clock;
    use aftersales::server::startup::{shutdown_signal, Application};

    tracing::info!(?config, "starting");
    // The server functions are the API layer's; the server serves whatever is registered.
    aftersales::api::register_server_functions();
    let app = match Application::build(config, Clock::system()).await {
        Ok(app) => app,
        Err(error) => {
            eprintln!("aftersales: cannot start: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(port = app.port(), "listening");
    if let Err(error) = app.run(shutdown_signal()).await {
        eprintln!("aftersales: {error:#}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Loads the demo group if the database is empty, then adds `orders` past orders to it.
async fn demo_history(mut config: aftersales::server::config::Config, orders: usize) -> ExitCode {
    use aftersales::server::{clock::Clock, demo_history, startup};
    config.demo_data = true;
    config.demo_history_orders = 0;
    let started = std::time::Instant::now();
    let state = match startup::open(config, Clock::system()).await {
        Ok(state) => state,
        Err(error) => {
            eprintln!("aftersales: cannot open the database: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    match demo_history::generate(&state, orders, orders as u64).await {
        Ok(written) => {
            println!(
                "wrote {written} delivered orders in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("aftersales: demo history failed: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Recomputes every delivered order's stored outcome from its events, then every stored day of
/// the indicators from the records; fails (exit 1) when one differs.
async fn outcomes_check(config: aftersales::server::config::Config) -> ExitCode {
    use aftersales::server::services::{kpi_days, kpis};
    use aftersales::server::{clock::Clock, startup};
    let state = match startup::open(config, Clock::system()).await {
        Ok(state) => state,
        Err(error) => {
            eprintln!("aftersales: cannot open the database: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let outcomes = recheck_report(
        kpis::recheck(&state).await,
        "stored outcomes equal their recomputation from the events",
        "stored outcomes differ from the events (orders",
    );
    if outcomes != ExitCode::SUCCESS {
        return outcomes;
    }
    recheck_report(
        kpi_days::recheck(&state).await,
        "stored outlet-days equal their recount from the records",
        "stored outlet-days differ from the records (",
    )
}

/// Prints a recheck's outcome (how many were checked, those that differ); fails (exit 1) when
/// one differs.
fn recheck_report<T: std::fmt::Debug>(
    result: Result<(usize, Vec<T>), aftersales::domain::AppError>,
    equal: &str,
    differ_from: &str,
) -> ExitCode {
    match result {
        Ok((checked, differ)) if differ.is_empty() => {
            println!("{checked} {equal}");
            ExitCode::SUCCESS
        }
        Ok((checked, differ)) => {
            eprintln!(
                "{} of {checked} {differ_from}{:?}…)",
                differ.len(),
                &differ[..differ.len().min(10)]
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("aftersales: {error:?}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the check's outcome; fails (exit 1) when the chain is broken.
async fn audit_verify(
    config: &Config,
    anchor: Option<aftersales::server::audit::Anchor>,
) -> ExitCode {
    let repo = match aftersales::server::db::open_as_is(&config.database_url).await {
        Ok(repo) => repo,
        Err(error) => {
            eprintln!("aftersales: cannot open the database: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    report_chain(&*repo, anchor).await
}

async fn restore(config: &Config, file: &Path) -> ExitCode {
    match aftersales::server::db::restore(file, &config.database_url).await {
        Ok(database) => {
            println!("restored {} as {}", file.display(), config.database_url);
            // A backup from before the audit chain: seal its lines as the server would.
            if let Err(error) = database.repo.seal_unsealed_audit_lines().await {
                eprintln!("aftersales: cannot seal the restored audit log: {error}");
                return ExitCode::FAILURE;
            }
            report_chain(&*database.repo, None).await
        }
        Err(error) => {
            eprintln!("aftersales: restore failed: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn report_chain(
    repo: &dyn aftersales::server::db::Repository,
    anchor: Option<aftersales::server::audit::Anchor>,
) -> ExitCode {
    match aftersales::server::audit::verify(repo, anchor).await {
        Ok(report) => match report.first_break {
            None => {
                println!(
                    "audit chain intact: {} lines; head {}:{}",
                    report.lines, report.head_seq, report.head_hash
                );
                println!("(keep the head elsewhere: `aftersales audit verify {}:{}` later proves nothing up to it was rewritten)", report.head_seq, report.head_hash);
                ExitCode::SUCCESS
            }
            Some(found) => {
                println!(
                    "audit chain BROKEN after {} intact lines: {found}",
                    report.lines
                );
                ExitCode::FAILURE
            }
        },
        Err(error) => {
            eprintln!("aftersales: cannot read the audit log (has the server run this version once, to migrate it?): {error}");
            ExitCode::FAILURE
        }
    }
}
