use super::*;

const APP: &str = "def main():\n    return []\n";

fn app(parent: &Path, name: &str, manifest: Option<&str>) -> PathBuf {
    let folder = parent.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join(format!("{name}.star")), APP).unwrap();
    if let Some(manifest) = manifest {
        std::fs::write(folder.join("manifest.yaml"), manifest).unwrap();
    }
    folder
}

#[test]
fn every_folder_holding_a_star_file_is_an_app_named_by_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (apps, uploads) = (dir.path().join("apps"), dir.path().join("uploads"));
    app(
        &apps,
        "weather",
        Some("id: weather-app\nname: Weather\nrecommendedInterval: 10\n"),
    );
    app(&apps, "clock2", None);
    std::fs::create_dir_all(apps.join("empty")).unwrap();
    app(&apps, "bad name", None);
    app(&apps, "rescan", None);
    app(&apps, "broken-manifest", Some("name: [unclosed\n"));
    app(&apps, ".git", None);
    std::fs::write(apps.join("README.md"), "not an app").unwrap();
    app(&uploads, "mine", None);
    app(&uploads, "weather", None);

    let library = Library::open(&apps, &uploads).unwrap();
    let all = library.all();
    let ids: Vec<&str> = all.keys().map(String::as_str).collect();
    assert_eq!(ids, ["clock2", "mine", "weather"]);
    let weather = library.get("weather").unwrap();
    assert!(
        !weather.uploaded,
        "the library folder wins over an upload of the same name"
    );
    assert_eq!(weather.manifest.name.as_deref(), Some("Weather"));
    assert_eq!(weather.manifest.recommended_interval, Some(10));
    assert!(library.get("mine").unwrap().uploaded);

    let scan = library.last_scan();
    let skipped: Vec<&str> = scan.skipped.iter().map(|skip| skip.folder.as_str()).collect();
    for folder in ["empty", "bad name", "rescan", "broken-manifest", "weather"] {
        assert!(skipped.contains(&folder), "{folder} in {skipped:?}");
    }
    assert!(!skipped.contains(&".git"), "hidden folders are passed over silently");
}

#[test]
fn a_rescan_follows_the_folders_and_a_change_moves_the_revision() {
    let dir = tempfile::tempdir().unwrap();
    let (apps, uploads) = (dir.path().join("apps"), dir.path().join("uploads"));
    let folder = app(&apps, "ticker", None);
    let library = Library::open(&apps, &uploads).unwrap();
    let mut changes = library.watch();
    let before = library.get("ticker").unwrap().revision;
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(folder.join("ticker.star"), "def main():\n    return None\n").unwrap();
    app(&apps, "later", None);
    std::fs::write(folder.join("ticker.webp"), b"RIFF").unwrap();
    let scan = library.rescan();
    assert_eq!(scan.apps, 2);
    assert!(changes.has_changed().unwrap());
    changes.mark_unchanged();
    let ticker = library.get("ticker").unwrap();
    assert_ne!(ticker.revision, before);
    assert_eq!(ticker.preview.as_deref(), Some(folder.join("ticker.webp").as_path()));
    std::fs::remove_dir_all(folder).unwrap();
    library.rescan();
    assert!(library.get("ticker").is_none());
}
