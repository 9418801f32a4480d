//! What the tests of the built `pinpoint` binary share (`mod support;` in each): where the real corpus is, and how
//! to run the binary on an index, a mirror and a sources list.

// Each test binary compiles its own copy of this module and uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared`, beside the repository: the real corpus, fixtures and evaluation questions.
pub fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))
}

/// The mirror of the real corpus: `../shared/corpus/raw`.
pub fn raw() -> PathBuf {
    shared().join("corpus/raw")
}

/// The repository's own sources list, naming every edition of the real corpus.
pub fn real_sources() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/sources.toml"))
}

/// The built binary, deaf to any `PINPOINT_*` setting of the environment the tests run in (a test names what it
/// uses), and with `CI` set so that it never draws progress bars.
pub fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pinpoint"));
    for var in [
        "PINPOINT_INDEX",
        "PINPOINT_MIRROR",
        "PINPOINT_SOURCES",
        "PINPOINT_STORE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CI", "1");
    cmd
}

/// `pinpoint --index <index> --mirror <mirror> --sources <sources> <args>`.
pub fn pinpoint(index: &Path, mirror: &Path, sources: &Path, args: &[&str]) -> Command {
    let mut cmd = binary();
    cmd.arg("--index")
        .arg(index)
        .arg("--mirror")
        .arg(mirror)
        .arg("--sources")
        .arg(sources)
        .args(args);
    cmd
}

/// [`pinpoint`] on `index` with the real corpus's mirror and sources list.
pub fn on_real_corpus(index: &Path, args: &[&str]) -> Command {
    pinpoint(index, &raw(), &real_sources(), args)
}

/// Runs `cmd` to the end.
pub fn run(mut cmd: Command) -> Output {
    cmd.output().expect("runs pinpoint")
}

/// Writes `toml` as `dir/sources.toml` and returns its path.
pub fn write_sources(dir: &Path, toml: &str) -> PathBuf {
    let path = dir.join("sources.toml");
    std::fs::write(&path, toml).expect("writes sources.toml");
    path
}

/// Standard output and standard error, for an assertion's message.
pub fn both(o: &Output) -> String {
    format!(
        "{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
