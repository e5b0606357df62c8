//! The server (feature `ssr`). The two browser apps have their own entry points in `src/bin/`.

#[tokio::main]
async fn main() {
    use aftersales::server::clock::Clock;
    use aftersales::server::config::Config;
    use aftersales::server::startup::{shutdown_signal, Application};

    let filter = match std::env::var("RUST_LOG") {
        Ok(value) if !value.trim().is_empty() => {
            match tracing_subscriber::EnvFilter::try_new(&value) {
                Ok(filter) => filter,
                Err(error) => {
                    eprintln!("aftersales: configuration error in RUST_LOG: {error}");
                    std::process::exit(2);
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
            std::process::exit(2);
        }
    };
    tracing::info!(?config, "starting");
    // The server functions are the API layer's; the server serves whatever is registered.
    aftersales::api::register_server_functions();
    let app = match Application::build(config, Clock::system()).await {
        Ok(app) => app,
        Err(error) => {
            eprintln!("aftersales: cannot start: {error:#}");
            std::process::exit(1);
        }
    };
    tracing::info!(port = app.port(), "listening");
    if let Err(error) = app.run(shutdown_signal()).await {
        eprintln!("aftersales: {error:#}");
        std::process::exit(1);
    }
}
