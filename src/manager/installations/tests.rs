use serde_json::json;

use super::*;
use crate::manager::commands::{Command, apply};
use crate::manager::state::{CarouselEntry, StateFile};

fn fresh() -> (Registry, State) {
    let registry = Registry::builtin();
    let state = State::from_file(StateFile::default(), &registry, Some("clock"), |w| panic!("{w}"));
    (registry, state)
}

fn config(value: serde_json::Value) -> StarlarkConfig {
    check_config(value.as_object().unwrap()).unwrap()
}

fn install_weather(registry: &Registry, state: &mut State, name: &str) {
    let command = Command::Install {
        name: name.into(),
        app: "weather".into(),
        config: config(json!({"units": "metric"})),
        interval: None,
    };
    apply(registry, state, command).unwrap();
}

fn entry(app: &str) -> CarouselEntry {
    CarouselEntry {
        app: app.into(),
        duration: 10.into(),
        schedule: Default::default(),
    }
}

#[test]
fn names_keep_the_custom_app_rules_and_never_shadow_another_app() {
    let (registry, mut state) = fresh();
    let body = json!({"text": "hi"});
    let posted = crate::manager::custom::Posted::read(body.as_object().unwrap().clone()).unwrap();
    state.custom.put("ticker", posted);
    install_weather(&registry, &mut state, "home");
    let refusals = [
        ("clock", "is a built-in app"),
        ("ticker", "is a custom app"),
        ("home", "is installed already"),
        ("a b", "Installation names are 1 to 32"),
        (&"n".repeat(33), "Installation names are 1 to 32"),
    ];
    for (name, message) in refusals {
        let command = Command::Install {
            name: name.to_owned(),
            app: "weather".into(),
            config: StarlarkConfig::new(),
            interval: None,
        };
        let error = apply(&registry, &mut state.clone(), command).unwrap_err().to_string();
        assert!(error.contains(message), "{name}: {error}");
    }
    // Nor may a custom app take an installation's name.
    let update = crate::manager::custom::read_body("home", json!({"text": "x"})).unwrap();
    let error = apply(&registry, &mut state, Command::SetCustom(update)).unwrap_err();
    assert!(matches!(error, CommandError::NameTaken(_)), "{error}");
}

#[test]
fn configs_are_pixlets_string_maps() {
    assert!(check_config(json!({"units": "metric", "n": "5"}).as_object().unwrap()).is_ok());
    let refusals = [
        (json!({"n": 5}), "'n' must be a string"),
        (json!({"on": true}), "'on' must be a string"),
        (json!({"$tz": "UTC"}), "'$tz' is set by the board"),
        (json!({"": "x"}), "is not a config key"),
        (json!({"big": "x".repeat(MAX_VALUE_LENGTH + 1)}), "is longer than"),
    ];
    for (patch, message) in refusals {
        let error = check_config(patch.as_object().unwrap()).unwrap_err().to_string();
        assert!(error.contains(message), "{patch}: {error}");
    }
}

#[test]
fn an_installation_is_an_app_switched_to_configured_and_listed_like_the_others() {
    let (registry, mut state) = fresh();
    install_weather(&registry, &mut state, "home");
    let switch = Command::Switch {
        app: "home".into(),
        config: Some(json!({"units": "imperial"}).as_object().unwrap().clone()),
    };
    apply(&registry, &mut state, switch).unwrap();
    assert_eq!(state.current.as_deref(), Some("home"));
    let views = crate::manager::views::CurrentApp::of(&registry, &state);
    assert_eq!(serde_json::Value::Object(views.config), json!({"units": "imperial"}));
    let apps = crate::manager::views::AppsList::of(&registry, &state).apps;
    assert_eq!(apps.last().map(String::as_str), Some("home"));
    let bad = Command::Configure {
        app: "home".into(),
        patch: json!({"units": 3}).as_object().unwrap().clone(),
    };
    let before = state.clone();
    assert!(apply(&registry, &mut state, bad).is_err());
    assert_eq!(state, before, "a refused config changes nothing");
}

#[test]
fn uninstalling_takes_it_out_of_the_carousel_and_off_the_panel() {
    let (registry, mut state) = fresh();
    install_weather(&registry, &mut state, "home");
    state.carousel.entries = vec![entry("clock"), entry("home"), entry("stars")];
    state.carousel.enabled = true;
    state.carousel.index = 1;
    state.current = Some("home".into());
    apply(&registry, &mut state, Command::Uninstall { name: "home".into() }).unwrap();
    let apps: Vec<_> = state.carousel.entries.iter().map(|e| e.app.as_str()).collect();
    assert_eq!(apps, ["clock", "stars"]);
    assert_eq!(state.current.as_deref(), Some("stars"));
    let error = apply(&registry, &mut state, Command::Uninstall { name: "home".into() }).unwrap_err();
    assert!(matches!(error, CommandError::UnknownInstallation(_)));
}

#[test]
fn a_push_replaces_the_picture_of_its_name_and_a_new_one_joins_a_rotating_carousel() {
    let (registry, mut state) = fresh();
    state.carousel.entries = vec![entry("clock")];
    state.carousel.enabled = true;
    let push = |image: &str, show| Command::Push {
        name: "doorbell".into(),
        image: image.into(),
        at: 1,
        placement: Placement { show, rotate: true },
    };
    apply(&registry, &mut state, push("AAAA", false)).unwrap();
    let apps: Vec<_> = state.carousel.entries.iter().map(|e| e.app.as_str()).collect();
    assert_eq!(apps, ["clock", "doorbell"]);
    assert_eq!(state.carousel.entries[1].seconds(), PUSHED_SECONDS);
    assert_eq!(state.current.as_deref(), Some("clock"), "background: not shown now");
    apply(&registry, &mut state, push("BBBB", true)).unwrap();
    assert_eq!(state.carousel.entries.len(), 2, "placed once");
    assert_eq!(state.current.as_deref(), Some("doorbell"));
    assert!(matches!(
        &state.installations["doorbell"].source,
        Source::Pushed { image, .. } if image.as_ref() == "BBBB"
    ));
    // A pushed picture has no config.
    let configure = Command::Configure {
        app: "doorbell".into(),
        patch: json!({"a": "b"}).as_object().unwrap().clone(),
    };
    assert!(matches!(
        apply(&registry, &mut state, configure),
        Err(CommandError::PushedHasNoSettings(_))
    ));
    // An installed app's name cannot be pushed over.
    install_weather(&registry, &mut state, "home");
    let over_app = Command::Push {
        name: "home".into(),
        image: "AAAA".into(),
        at: 2,
        placement: Placement {
            show: true,
            rotate: false,
        },
    };
    assert!(matches!(
        apply(&registry, &mut state, over_app),
        Err(CommandError::NameTaken(_))
    ));
}

#[test]
fn a_render_is_recorded_only_for_the_app_it_rendered() {
    let (registry, mut state) = fresh();
    install_weather(&registry, &mut state, "home");
    let status = RenderStatus {
        rendered_at: 5,
        took_ms: 1,
        frames: 3,
        delay_ms: 50,
        last_success_at: Some(5),
        error: None,
        failing_since: None,
    };
    let record = |app: &str| Command::RecordRender {
        name: "home".into(),
        app: Some(app.into()),
        status: status.clone(),
    };
    apply(&registry, &mut state, record("clockface")).unwrap();
    assert_eq!(state.installations["home"].status, None);
    apply(&registry, &mut state, record("weather")).unwrap();
    assert_eq!(state.installations["home"].status.as_ref(), Some(&status));
}

#[test]
fn installations_survive_the_state_file_and_bad_ones_are_dropped_alone() {
    let (registry, mut state) = fresh();
    install_weather(&registry, &mut state, "home");
    apply(&registry, &mut state, Command::RenderNow { name: "home".into() }).unwrap();
    state.carousel.entries = vec![entry("home")];
    state.carousel.enabled = true;
    state.current = Some("home".into());
    let mut file: serde_json::Value = serde_json::to_value(state.to_file()).unwrap();
    assert_eq!(
        file["installations"]["home"],
        json!({"app": "weather", "config": {"units": "metric"}, "refresh": 1})
    );
    file["installations"]["broken"] = json!({"app": "weather", "config": {"n": 5}});
    file["installations"]["clock"] = json!({"app": "weather"});
    let mut warnings = Vec::new();
    let read: StateFile = serde_json::from_value(file).unwrap();
    let back = State::from_file(read, &registry, None, |warning| warnings.push(warning));
    assert_eq!(back.installations, state.installations);
    assert_eq!(back.current.as_deref(), Some("home"));
    assert_eq!(back.carousel.entries.len(), 1, "the carousel entry naming it stays");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
}
