//! One function per subcommand. Each turns resolved configuration into library calls and prints the result.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use pinpoint_ingest::{DocOutcome, DocReport, Event};
use pinpoint_sources::{Mirror, SourceList};

use crate::config::{BenchWhat, Cli, Command, Config, SearchArgs};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::resolve(&cli.global)?;
    match cli.command {
        Command::Ingest { json } => ingest(&config, json),
        Command::Sync(args) => crate::sync::run(&config, &args),
        Command::Bench {
            what: BenchWhat::Reingest,
        } => crate::sync::bench_reingest(&config, &mut io::stdout().lock()),
        Command::Extract { file, page, layout } => extract(&file, page, layout),
        Command::Search(args) => search(&config, &args),
        Command::Eval {
            set,
            corpus,
            floors,
            halves,
        } => {
            let searcher = open_searcher(&config)?;
            let corpus = corpus.unwrap_or_else(|| config.mirror.clone());
            let m = crate::eval::run(&set, &searcher, &corpus, halves, &mut io::stdout().lock())?;
            Ok(match crate::eval::check_floors(&m, floors) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("pinpoint eval: {e}");
                    ExitCode::from(1)
                }
            })
        }
        Command::Bench {
            what: BenchWhat::Extract { files },
        } => {
            let files = if files.is_empty() {
                pdfs_in(&config.mirror)?
            } else {
                files
            };
            crate::bench_extract::run(&files, &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => crate::serve::run(&config, &args),
        Command::Diff {
            doc,
            from,
            to,
            json,
            all,
        } => crate::diff::run(&config, &doc, &from, &to, json, all),
        Command::CheckCitations { file, json } => crate::check_citations::run(&config, &file, json),
        Command::Bench {
            what: BenchWhat::Query { set, repeat },
        } => {
            let searcher = open_searcher(&config)?;
            crate::bench_query::run(&searcher, &set, repeat, &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            what:
                BenchWhat::Scale {
                    max,
                    set,
                    dir,
                    repeat,
                    seed,
                },
        } => {
            let real = open_index(&config)?;
            let args = crate::bench_scale::ScaleArgs {
                max,
                set,
                dir,
                repeat,
                seed,
            };
            let thesaurus = load_thesaurus(&config)?;
            let searcher_for = |index| {
                let s = pinpoint_search::Searcher::new(index, Default::default());
                match &thesaurus {
                    Some(t) => s.with_thesaurus(t.clone()),
                    None => s,
                }
            };
            crate::bench_scale::run(&real, searcher_for, &args, &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            what: BenchWhat::Locators,
        } => {
            let index = open_index(&config)?;
            crate::bench_locators::run(&index, &config.mirror, &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Opens the index as every reading command does.
pub(crate) fn open_index(config: &Config) -> anyhow::Result<pinpoint_index::Index> {
    pinpoint_index::Index::open(&config.index).with_context(|| {
        format!(
            "no usable index at {} (run `pinpoint ingest` first)",
            config.index.display()
        )
    })
}

fn pdfs_in(dir: &std::path::Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading mirror {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
        .collect();
    files.sort();
    Ok(files)
}

/// One word for an edition's outcome, as `ingest --json` reports it, and whether the live index's passages of it
/// were kept.
fn outcome_words(outcome: &DocOutcome) -> (&'static str, bool) {
    match outcome {
        DocOutcome::Ingested => ("ingested", false),
        DocOutcome::Unchanged => ("unchanged", false),
        DocOutcome::Failed { kept_previous, .. } => ("failed", *kept_previous),
        DocOutcome::Missing {
            listed: true,
            kept_previous,
            ..
        } => ("missing", *kept_previous),
        DocOutcome::Missing { listed: false, .. } => ("not-mirrored", false),
    }
}

fn report_line(r: &DocReport) -> String {
    let status = match &r.outcome {
        DocOutcome::Ingested => "ok",
        DocOutcome::Unchanged => "unchanged",
        DocOutcome::Failed { .. } => "FAILED",
        DocOutcome::Missing { listed: true, .. } => "MISSING",
        DocOutcome::Missing { listed: false, .. } => "not mirrored",
    };
    let status = match outcome_words(&r.outcome) {
        (_, true) => format!("{status} (previous copy kept)"),
        (_, false) => status.to_owned(),
    };
    let pages = r
        .pages
        .map(|p| format!("{p:>4} pages"))
        .unwrap_or_else(|| "          ".into());
    let mut line = format!(
        "{status:<12} {:<44} {:<10} {pages} {:>5} passages {:>3} warnings {:>6.2} s",
        r.doc.as_str(),
        r.edition.to_string(),
        r.passages,
        r.warnings.len(),
        r.elapsed.as_secs_f64()
    );
    match &r.outcome {
        DocOutcome::Failed { reason, .. } => {
            line.push_str(&format!("\n             {}: {reason}", r.source))
        }
        DocOutcome::Missing { reason, .. } => line.push_str(&format!("\n             {reason}")),
        DocOutcome::Ingested | DocOutcome::Unchanged => {}
    }
    line
}

pub(crate) fn ingest(config: &Config, json: bool) -> anyhow::Result<ExitCode> {
    let list = SourceList::load(&config.sources)?;
    let mirror = Mirror::new(&config.mirror);
    // Progress bar only for a person at a terminal; CI logs and pipes get plain lines.
    let interactive = !json && io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    let bar = if interactive {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{bar:30}] {pos}/{len} documents {elapsed_precise} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let on_event = |event: &Event| match event {
        Event::Started { total } => bar.set_length(*total as u64),
        Event::Document(r) => {
            if json {
                let (outcome, kept_previous) = outcome_words(&r.outcome);
                let reason = match &r.outcome {
                    DocOutcome::Failed { reason, .. } | DocOutcome::Missing { reason, .. } => {
                        Some(reason.as_str())
                    }
                    DocOutcome::Ingested | DocOutcome::Unchanged => None,
                };
                let v = serde_json::json!({
                    "doc_id": r.doc.as_str(), "edition": r.edition.to_string(), "source": r.source,
                    "pages": r.pages, "passages": r.passages, "warnings": r.warnings,
                    "seconds": r.elapsed.as_secs_f64(), "outcome": outcome,
                    "kept_previous": kept_previous, "reason": reason,
                });
                println!("{v}");
            } else {
                bar.suspend(|| println!("{}", report_line(r)));
            }
            bar.inc(1);
        }
        Event::Indexing => bar.set_message("indexing"),
    };
    let summary = pinpoint_ingest::ingest(&list, &mirror, &config.index, workers, &on_event)
        .with_context(|| format!("ingest into {}", config.index.display()))?;
    bar.finish_and_clear();
    let ingested = summary
        .reports
        .iter()
        .filter(|r| r.outcome == DocOutcome::Ingested)
        .count();
    let rejected = summary.rejected().count();
    let not_mirrored = summary.reports.len() - ingested - rejected;
    let warnings: usize = summary.reports.iter().map(|r| r.warnings.len()).sum();
    let pages: usize = summary.reports.iter().filter_map(|r| r.pages).sum();
    if !json {
        println!(
            "\n{ingested} editions ingested ({pages} PDF pages, {} passages, {warnings} warnings), {rejected} rejected, \
             {not_mirrored} listed without a local copy; snapshot {} live in {:.1} s",
            summary.snapshot.passages,
            summary.snapshot.name,
            summary.elapsed.as_secs_f64()
        );
    }
    Ok(if rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn extract(file: &std::path::Path, page: Option<u32>, layout: bool) -> anyhow::Result<ExitCode> {
    let limits = pinpoint_pdf::Limits::default();
    let doc = pinpoint_pdf::extract_file(file, &limits)
        .with_context(|| format!("extracting {}", file.display()))?;
    let mut out = io::stdout().lock();
    let pages: Vec<&pinpoint_pdf::Page> = match page {
        Some(n) => vec![doc.pages.iter().find(|p| p.number == n).with_context(|| {
            format!(
                "{} has {} pages; there is no page {n}",
                file.display(),
                doc.pages.len()
            )
        })?],
        None => doc.pages.iter().collect(),
    };
    for (i, p) in pages.iter().enumerate() {
        if i > 0 {
            // pdftotext separates pages with a form feed; doing the same lets the outputs be diffed.
            write!(out, "\x0c")?;
        }
        if layout {
            for line in &p.lines {
                writeln!(
                    out,
                    "{:7.1} {:6.1} {:5.1}{} | {}",
                    line.y,
                    line.x0(),
                    line.font_size(),
                    if line.bold() { "b" } else { " " },
                    line.text()
                )?;
            }
        } else {
            write!(out, "{}", p.text())?;
        }
    }
    for w in &doc.warnings {
        eprintln!(
            "warning: {}{}",
            w.page.map(|p| format!("p. {p}: ")).unwrap_or_default(),
            w.message
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The index with the thesaurus `corpus/thesaurus.toml` (next to the source list) when there is one.
pub(crate) fn open_searcher(config: &Config) -> anyhow::Result<pinpoint_search::Searcher> {
    let searcher = pinpoint_search::Searcher::new(open_index(config)?, Default::default());
    Ok(match load_thesaurus(config)? {
        Some(t) => searcher.with_thesaurus(t),
        None => searcher,
    })
}

/// The thesaurus beside the source list (`corpus/thesaurus.toml`), if there is one.
fn load_thesaurus(config: &Config) -> anyhow::Result<Option<pinpoint_search::Thesaurus>> {
    let path = config.sources.with_file_name("thesaurus.toml");
    Ok(if path.exists() {
        Some(pinpoint_search::Thesaurus::load(&path)?)
    } else {
        None
    })
}

fn search(config: &Config, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    use pinpoint_search::{SearchFilter, SearchOptions, Searcher};
    let searcher: Searcher = open_searcher(config)?;
    let docs = if args.docs.is_empty() {
        None
    } else {
        Some(
            args.docs
                .iter()
                .map(|d| d.parse())
                .collect::<Result<Vec<_>, _>>()?,
        )
    };
    // Editions are named as the API names them (`edition=`, `as_of=`), by the same code.
    let edition = if args.all_editions {
        Some("all")
    } else {
        args.edition.as_deref()
    };
    let editions = pinpoint_web::catalog::EditionSpec::from_params(edition, args.as_of.as_deref())?
        .scope(searcher.index(), docs.as_deref())?;
    let options = SearchOptions {
        limit: args.limit,
        filter: SearchFilter {
            docs,
            kinds: None,
            editions,
        },
        ..Default::default()
    };
    let answer = |question: &str| -> pinpoint_wire::WireAnswer {
        match searcher.search(question, &options) {
            Ok(answer) => pinpoint_web::catalog::wire_answer(question, &answer, 0),
            Err(e) => pinpoint_wire::WireAnswer {
                query: question.to_owned(),
                no_answer: true,
                hits: vec![],
                corrections: vec![],
                error: Some(e.to_string()),
                not_in_force: vec![],
            },
        }
    };

    let mut out = io::stdout().lock();
    let mut failed = false;
    if let Some(batch) = &args.batch {
        // One question per line in, one JSON object per line out, in order: the contract `score.py` reads.
        let reader: Box<dyn BufRead> = if batch.as_os_str() == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(io::BufReader::new(
                std::fs::File::open(batch)
                    .with_context(|| format!("opening {}", batch.display()))?,
            ))
        };
        for line in reader.lines() {
            let line = line.context("reading questions")?;
            let a = answer(line.trim());
            failed |= a.error.is_some();
            serde_json::to_writer(&mut out, &a)?;
            writeln!(out)?;
        }
    } else {
        let Some(question) = &args.query else {
            anyhow::bail!("give a question, or --batch FILE");
        };
        let a = answer(question);
        failed |= a.error.is_some();
        if args.json {
            serde_json::to_writer_pretty(&mut out, &a)?;
            writeln!(out)?;
        } else {
            print_answer(&mut out, &a)?;
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The human form of an answer: citation, link and the passage with its answering sentences marked.
fn print_answer(out: &mut impl Write, a: &pinpoint_wire::WireAnswer) -> io::Result<()> {
    if let Some(e) = &a.error {
        writeln!(out, "cannot search: {e}")?;
        return Ok(());
    }
    for c in &a.corrections {
        writeln!(
            out,
            "The documents do not use ‘{}’; searched for ‘{}’ instead.\n",
            c.typed, c.searched
        )?;
    }
    if !a.not_in_force.is_empty() {
        let left_out: Vec<String> = a
            .not_in_force
            .iter()
            .map(|e| format!("{} (in force from {})", e.cite_as, e.in_force_from))
            .collect();
        writeln!(
            out,
            "Not searched, because no edition held was in force on that date: {}.\n",
            left_out.join("; ")
        )?;
    }
    if a.no_answer {
        writeln!(
            out,
            "No passage clearly answers this. The nearest passages:\n"
        )?;
    }
    for (k, hit) in a.hits.iter().enumerate() {
        writeln!(out, "{}. {}", k + 1, hit.citation)?;
        if !hit.locator.heading.is_empty() {
            writeln!(out, "   {}", hit.locator.heading.join(" › "))?;
        }
        writeln!(out, "   {}", hit.url)?;
        // Highlighted sentences between »…«, the rest as is.
        let mut text = String::new();
        let mut at = 0;
        for [start, end] in &hit.highlights {
            if *start >= at
                && *end <= hit.text.len()
                && hit.text.is_char_boundary(*start)
                && hit.text.is_char_boundary(*end)
            {
                text.push_str(&hit.text[at..*start]);
                text.push('»');
                text.push_str(&hit.text[*start..*end]);
                text.push('«');
                at = *end;
            }
        }
        text.push_str(&hit.text[at..]);
        writeln!(out, "   {text}\n")?;
    }
    Ok(())
}
