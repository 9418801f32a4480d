//! Develops `pinpoint bench extract` inside this crate: `cargo run --release -p pinpoint-pdf --example f1 -- FILES`.
#[path = "../../cli/bench_extract.rs"]
mod bench_extract;

fn main() -> anyhow::Result<()> {
    let files: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    bench_extract::run(&files, &mut std::io::stdout().lock())
}
