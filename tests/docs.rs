//! The manual's facts that live in code: the option table of
//! docs/configuration.md is rendered from clap's own description of the
//! command line, the route table of docs/http-api.md must list exactly the
//! routes of `/api/openapi.json`, and the event tables of docs/socketio.md
//! exactly the views and the events the server listens to.
//!
//! `UPDATE_DOCS=1 cargo test --test docs` rewrites the option table after an
//! option changed; the other tables are prose and are fixed by hand.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use common::{StateDir, TestServer};
use reqwest::StatusCode;
use retroboard::config::Config;
use retroboard::manager::views::{Sent, VIEWS};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(page: &str) -> String {
    std::fs::read_to_string(root().join(page)).unwrap_or_else(|error| panic!("{page}: {error}"))
}

/// The text between `<!-- NAME:begin ... -->` and `<!-- NAME:end -->` in
/// `text`, and where it starts and ends.
fn block(text: &str, name: &str) -> (usize, usize) {
    let begin = format!("<!-- {name}:begin");
    let start = text.find(&begin).unwrap_or_else(|| panic!("no {begin} marker"));
    let start = start + text[start..].find("-->\n").expect("the begin marker closes") + "-->\n".len();
    let end = text[start..]
        .find(&format!("<!-- {name}:end -->"))
        .unwrap_or_else(|| panic!("no end marker for {name}"))
        + start;
    (start, end)
}

/// One Markdown table cell: pipes inside it escaped, lines joined.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The option table: every option a user may give, as clap describes it.
fn option_table() -> String {
    let mut command = Config::command();
    command.build();
    let mut table = String::from("| option | variable | default | meaning |\n|---|---|---|---|\n");
    for arg in command.get_arguments().filter(|arg| !arg.is_hide_set()) {
        let (Some(long), Some(env)) = (arg.get_long(), arg.get_env()) else {
            continue;
        };
        let flag = match arg.get_value_names() {
            Some(names) if arg.get_action().takes_values() => format!("--{long} {}", names.join(" ")),
            _ => format!("--{long}"),
        };
        let defaults: Vec<_> = arg
            .get_default_values()
            .iter()
            .map(|value| value.to_string_lossy())
            .collect();
        let default = if defaults.is_empty() {
            "none".to_owned()
        } else {
            format!("`{}`", defaults.join(","))
        };
        let mut meaning = arg
            .get_long_help()
            .or(arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        let choices: Vec<_> = arg
            .get_possible_values()
            .into_iter()
            .filter(|value| !value.is_hide_set())
            .map(|value| match value.get_help() {
                Some(help) => format!("`{}`: {help}", value.get_name()),
                None => format!("`{}`", value.get_name()),
            })
            .collect();
        let is_bool = choices.len() == 2 && choices.iter().all(|c| c == "`true`" || c == "`false`");
        if !choices.is_empty() && !is_bool {
            meaning = format!("{}. One of {}.", meaning.trim_end_matches('.'), choices.join("; "));
        }
        table.push_str(&format!(
            "| `{flag}` | `{}` | {default} | {} |\n",
            env.to_string_lossy(),
            cell(&meaning)
        ));
    }
    table
}

#[test]
fn the_option_table_is_what_clap_knows() {
    let page = read("docs/configuration.md");
    let (start, end) = block(&page, "options");
    let table = option_table();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let updated = format!("{}{table}{}", &page[..start], &page[end..]);
        std::fs::write(root().join("docs/configuration.md"), updated).unwrap();
        return;
    }
    assert!(
        page[start..end] == table,
        "docs/configuration.md's option table is not what `retroboard --help` says; \
         run `UPDATE_DOCS=1 cargo test --test docs` and commit the page. It should read:\n{table}"
    );
}

/// Every `METHOD /path` in backticks in the first cell of the rows of `table`.
fn documented_routes(table: &str) -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for row in table.lines().filter(|line| line.starts_with("| `")) {
        let first = row[1..].split(" | ").next().expect("a first cell");
        for code in first.split('`').skip(1).step_by(2) {
            let (method, path) = code
                .split_once(' ')
                .unwrap_or_else(|| panic!("not `METHOD /path`: {code}"));
            routes.insert((method.to_lowercase(), path.to_owned()));
        }
    }
    routes
}

#[tokio::test]
async fn the_http_reference_lists_exactly_the_routes_of_the_openapi_document() {
    let page = read("docs/http-api.md");
    assert!(
        page.contains("`GET /api/openapi.json`"),
        "the page points at the document"
    );
    let (start, end) = block(&page, "routes");
    let documented = documented_routes(&page[start..end]);

    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let (status, document) = server.get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let mut served = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                served.insert((method.clone(), path.clone()));
            }
        }
    }
    server.stop().await;
    assert!(served.len() >= 40, "too few operations in the document: {served:?}");

    let missing: Vec<_> = served.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&served).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "docs/http-api.md and /api/openapi.json disagree: \
         routes not in the page {missing:?}; routes the server does not have {unknown:?}"
    );
}

/// `(event, the rest of its row)` of each row of an event table.
fn event_rows(table: &str) -> Vec<(String, String)> {
    table
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|row| {
            let event = row.split('`').nth(1).expect("an event in backticks").to_owned();
            (event, row.to_owned())
        })
        .collect()
}

/// Every Rust source file under `dir`.
fn sources(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(std::fs::read_to_string(path).unwrap());
        }
    }
    files
}

/// The string literals that open calls to `.NAME(` in the server's source,
/// as in `socket.on("request_state", ...)`.
fn literal_arguments(method: &str) -> BTreeSet<String> {
    let call = format!(".{method}(");
    let mut found = BTreeSet::new();
    for source in sources(&root().join("src")) {
        for (at, _) in source.match_indices(&call) {
            let rest = source[at + call.len()..].trim_start();
            if let Some(literal) = rest.strip_prefix('"') {
                found.insert(literal.split('"').next().unwrap().to_owned());
            }
        }
    }
    found
}

#[test]
fn the_socketio_events_sent_are_the_views_and_the_preview_frame() {
    let page = read("docs/socketio.md");
    let (start, end) = block(&page, "events-sent");
    let rows = event_rows(&page[start..end]);

    let mut sent: BTreeSet<String> = VIEWS.iter().map(|view| view.event.to_owned()).collect();
    sent.extend(literal_arguments("emit"));
    let documented: BTreeSet<String> = rows.iter().map(|(event, _)| event.clone()).collect();
    assert_eq!(
        documented, sent,
        "docs/socketio.md's events against VIEWS and the emits in src/"
    );
    assert!(sent.contains("frame") && sent.len() > VIEWS.len());

    for view in VIEWS {
        let (_, row) = rows.iter().find(|(event, _)| event == view.event).unwrap();
        let only_when_asked = row.contains("only to clients that ask");
        match view.sent {
            Sent::OnChangeAndWhenAsked => assert!(only_when_asked, "{}: {row}", view.event),
            Sent::OnConnect | Sent::OnConnectAndChange => {
                assert!(row.contains("on connect") && !only_when_asked, "{}: {row}", view.event)
            }
        }
    }
}

#[test]
fn the_socketio_events_received_are_those_the_server_listens_to() {
    let page = read("docs/socketio.md");
    let (start, end) = block(&page, "events-received");
    let documented: BTreeSet<String> = event_rows(&page[start..end])
        .into_iter()
        .map(|(event, _)| event)
        .collect();
    let listened = literal_arguments("on");
    assert!(listened.contains("request_state"), "{listened:?}");
    assert_eq!(
        documented, listened,
        "docs/socketio.md's events against the handlers in src/"
    );
}

#[test]
fn every_page_of_the_manual_is_in_its_table_of_contents() {
    let summary = read("docs/SUMMARY.md");
    let pages: Vec<_> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md") && name != "SUMMARY.md")
        .collect();
    assert!(pages.len() >= 12, "{pages:?}");
    for page in pages {
        assert!(
            summary.contains(&format!("]({page})")),
            "docs/{page} is not in docs/SUMMARY.md"
        );
    }
}
