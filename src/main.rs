//! The `retroboard` binary: parse the configuration, run the server (or the
//! tool named instead), stop on SIGINT or SIGTERM.

use std::process::ExitCode;

use clap::Parser;
use retroboard::Application;
use retroboard::config::Config;

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
    });
    match app.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("server failed: {error}");
            ExitCode::FAILURE
        }
    }
}
