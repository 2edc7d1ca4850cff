#!/usr/bin/env python3
"""Prints the licences of every crate linked into a retroboard binary.

MIT, BSD and Apache licences ask that their notices travel with binaries, so
scripts/package.sh ships this text in each package's documentation. The crates
are the ones `cargo metadata` resolves as normal (not build or dev)
dependencies for the given target and features; each is listed with its
licence expression, then every licence file their sources carry (a text shared
by several crates once).

    scripts/third_party_licenses.py --target aarch64-unknown-linux-gnu [--features rpi]
"""

import argparse
import json
import pathlib
import subprocess
import sys

LICENCE_FILE_PREFIXES = ("license", "licence", "copying", "notice", "unlicense")


def linked_packages(target, features):
    command = ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", target]
    if features:
        command += ["--features", features]
    metadata = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    packages = {p["id"]: p for p in metadata["packages"]}
    nodes = {n["id"]: n for n in metadata["resolve"]["nodes"]}
    root = next(p["id"] for p in metadata["packages"] if p["name"] == "retroboard")
    seen, queue = {root}, [root]
    while queue:
        for dep in nodes[queue.pop()]["deps"]:
            normal = any(kind["kind"] is None for kind in dep["dep_kinds"])
            if normal and dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                queue.append(dep["pkg"])
    return sorted((packages[i] for i in seen if i != root), key=lambda p: (p["name"], p["version"]))


def licence_texts(package):
    folder = pathlib.Path(package["manifest_path"]).parent
    files = sorted(f for f in folder.iterdir() if f.is_file() and f.name.lower().startswith(LICENCE_FILE_PREFIXES))
    if package.get("license_file"):
        named = folder / package["license_file"]
        if named.is_file() and named not in files:
            files.append(named)
    return [(f.name, f.read_text(errors="replace").strip()) for f in files]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True, help="the Rust target triple the binary is built for")
    parser.add_argument("--features", default="", help="cargo features the binary is built with")
    args = parser.parse_args()
    packages = linked_packages(args.target, args.features)
    out = sys.stdout
    out.write(f"Crates linked into retroboard for {args.target}"
              f"{' with features ' + args.features if args.features else ''}: {len(packages)}.\n\n")
    for package in packages:
        out.write(f"{package['name']} {package['version']}: {package.get('license') or 'see its licence file'}\n")
    # The same text (most MIT and Apache-2.0 copies) is printed once, under every crate that carries it.
    texts = {}
    for package in packages:
        for name, text in licence_texts(package):
            texts.setdefault(" ".join(text.split()), (text, []))[1].append(f"{package['name']} {package['version']} ({name})")
    for text, carriers in texts.values():
        out.write(f"\n{'=' * 78}\n" + "\n".join(carriers) + f"\n{'=' * 78}\n\n{text}\n")

if __name__ == "__main__":
    main()
