//! The `retroboard` binary: parse the configuration, run the server (or the
//! tool named instead), stop on SIGINT or SIGTERM (and at once on a second one).

use std::process::ExitCode;

use clap::Parser;
use retroboard::Application;
use retroboard::config::Config;

/// The exit status of a stop forced by a second signal: 128 + SIGINT, as a shell reports it.
const EXIT_FORCED: i32 = 130;

#[tokio::main]
async fn main() -> ExitCode {
    let mut config = Config::parse();
    if let Some(command) = config.command.take() {
        return command.run();
    }
    retroboard::telemetry::init(config.log_format);
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!("cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let shutdown = app.shutdown_token();
    tokio::spawn(async move {
        retroboard::shutdown_signal().await;
        shutdown.cancel();
        // Once the server handles the signal, the default of dying on it is gone: a
        // second one is the way out of a stop that takes too long.
        retroboard::shutdown_signal().await;
        tracing::warn!("asked to stop again; exiting at once, without waiting for requests or saving");
        std::process::exit(EXIT_FORCED);
    });
    match app.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("server failed: {error}");
            ExitCode::FAILURE
        }
    }
}
