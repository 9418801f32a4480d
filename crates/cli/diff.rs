//! `pinpoint diff DOC FROM TO`: what changed between two editions of a document, paragraph by paragraph.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use pinpoint_diff::{Change, ChangeKind, EditionDiff, EditionText};
use pinpoint_index::Index;
use pinpoint_model::{DocId, Edition, EditionId, Label, Passage, Position};

use crate::config::Config;

/// Opens the index as every reading command does.
pub fn open_index(config: &Config) -> anyhow::Result<Index> {
    Index::open(&config.index).with_context(|| {
        format!(
            "no usable index at {} (run `pinpoint ingest` first)",
            config.index.display()
        )
    })
}

/// The document's editions in the index, and the one `name` (a date or an unambiguous prefix of one) names.
pub fn resolve(index: &Index, doc: &DocId, name: &str) -> anyhow::Result<Edition> {
    let ids: Vec<EditionId> = index
        .editions()
        .into_iter()
        .filter(|s| s.edition.doc == *doc)
        .map(|s| s.edition.id)
        .collect();
    if ids.is_empty() {
        anyhow::bail!("no document {doc} in the index");
    }
    let id = pinpoint_diff::resolve_edition(name, ids).with_context(|| format!("{doc}"))?;
    index
        .edition(doc, id)
        .cloned()
        .with_context(|| format!("{doc} edition {id} listed but not readable"))
}

/// An edition's passages in document order.
pub fn passages(index: &Index, edition: &Edition) -> anyhow::Result<Vec<Passage>> {
    Ok(index
        .passages_of(&edition.doc, edition.id)
        .with_context(|| format!("reading {} {}", edition.doc, edition.id))?
        .into_iter()
        .map(|s| s.passage)
        .collect())
}

pub fn run(
    config: &Config,
    doc: &str,
    from: &str,
    to: &str,
    json: bool,
    all: bool,
) -> anyhow::Result<ExitCode> {
    let index = open_index(config)?;
    let doc: DocId = doc.parse()?;
    let (old, new) = (resolve(&index, &doc, from)?, resolve(&index, &doc, to)?);
    let (old_passages, new_passages) = (passages(&index, &old)?, passages(&index, &new)?);
    let started = Instant::now();
    let diff = pinpoint_diff::diff_editions(
        EditionText {
            edition: &old,
            passages: &old_passages,
        },
        EditionText {
            edition: &new,
            passages: &new_passages,
        },
    );
    let elapsed = started.elapsed();
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &pinpoint_wire::WireDiff::new(&diff, all))?;
        writeln!(out)?;
    } else {
        print_text(&mut out, &diff, all)?;
        writeln!(
            out,
            "\n({} → {} passages diffed in {:.0} ms)",
            old_passages.len(),
            new_passages.len(),
            elapsed.as_secs_f64() * 1000.0
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `para 360 (p. 94)`, `fn 12 (p. 3)`, or for unnumbered text its heading.
fn place(p: &Passage) -> String {
    let name = p.locator.label.cited().unwrap_or_else(|| {
        format!(
            "text under “{}”",
            p.locator.heading.last().unwrap_or("(no heading)")
        )
    });
    match &p.locator.position {
        Position::Pages(span) => format!(
            "{name} (p. {})",
            span.label()
                .map_or_else(|| span.start().to_string(), str::to_owned)
        ),
        Position::Anchor(Some(a)) => format!("{name} (#{a})"),
        Position::Anchor(None) => name,
    }
}

fn para_number(p: &Passage) -> Option<u64> {
    match &p.locator.label {
        Label::Paragraph(n) => n.parse().ok(),
        _ => None,
    }
}

/// Renumbered paragraphs, with runs that shift together collapsed: `paras 156–362 → 153–359`.
fn renumbered_lines(diff: &EditionDiff) -> Vec<String> {
    let pairs: Vec<(&Passage, &Passage)> = diff
        .changes
        .iter()
        .filter(|c| c.kind() == ChangeKind::Renumbered)
        .filter_map(|c| c.pair().map(|p| (&p.old, &p.new)))
        .collect();
    let mut lines = Vec::new();
    let mut run: Vec<(u64, u64)> = Vec::new();
    let flush = |run: &mut Vec<(u64, u64)>, lines: &mut Vec<String>| {
        match run.as_slice() {
            [] => {}
            [(a, b)] => lines.push(format!("para {a} → para {b}")),
            [(a0, b0), .., (a1, b1)] => lines.push(format!(
                "paras {a0}–{a1} → {b0}–{b1} ({} paragraphs)",
                run.len()
            )),
        }
        run.clear();
    };
    let mut others = Vec::new();
    for (old, new) in pairs {
        match (para_number(old), para_number(new)) {
            (Some(a), Some(b)) => {
                if run.last().is_some_and(|&(x, y)| x + 1 != a || y + 1 != b) {
                    flush(&mut run, &mut lines);
                }
                run.push((a, b));
            }
            _ => others.push(format!("{} → {}", place(old), place(new))),
        }
    }
    flush(&mut run, &mut lines);
    lines.extend(others);
    lines
}

fn print_text(out: &mut impl Write, diff: &EditionDiff, all: bool) -> io::Result<()> {
    let c = diff.counts();
    writeln!(
        out,
        "{} ({}) → {} ({}, in force from {})",
        diff.old.cite_as, diff.old.id, diff.new.cite_as, diff.new.id, diff.new.in_force_from
    )?;
    writeln!(
        out,
        "{} unchanged, {} renumbered, {} moved, {} changed ({} of them also renumbered), {} merged, {} split, \
         {} added, {} removed",
        c.unchanged,
        c.renumbered,
        c.moved,
        c.changed,
        c.changed_and_relabelled,
        c.merged,
        c.split,
        c.added,
        c.removed
    )?;
    let of = |kind: ChangeKind| diff.changes.iter().filter(move |ch| ch.kind() == kind);

    let renumbered = renumbered_lines(diff);
    if !renumbered.is_empty() {
        writeln!(out, "\nRenumbered, text unchanged ({}):", c.renumbered)?;
        for line in renumbered {
            writeln!(out, "  {line}")?;
        }
    }
    let section =
        |out: &mut dyn Write, title: &str, n: usize, kind: ChangeKind| -> io::Result<()> {
            if n == 0 {
                return Ok(());
            }
            writeln!(out, "\n{title} ({n}):")?;
            for ch in of(kind) {
                let names = |ps: &[Passage]| ps.iter().map(place).collect::<Vec<_>>().join(" + ");
                let relabelled = ch.pair().is_none_or(|p| p.relabelled());
                let head = match (ch.olds(), ch.news()) {
                    ([], news) => names(news),
                    (olds, []) => names(olds),
                    (olds, news) if relabelled => format!("{} → {}", names(olds), names(news)),
                    (_, news) => names(news),
                };
                writeln!(out, "  {head}")?;
                let body = match ch {
                    Change::Changed { words, .. }
                    | Change::Merged { words, .. }
                    | Change::Split { words, .. }
                    | Change::Moved {
                        words: Some(words), ..
                    } => words.inline(),
                    Change::Added(p) | Change::Removed(p) => p.text.clone(),
                    Change::Unchanged(p) | Change::Renumbered(p) => p.new.text.clone(),
                    Change::Moved { words: None, .. } => "(text unchanged)".into(),
                };
                writeln!(out, "      {body}")?;
            }
            Ok(())
        };
    section(out, "Moved", c.moved, ChangeKind::Moved)?;
    section(out, "Changed", c.changed, ChangeKind::Changed)?;
    section(out, "Merged", c.merged, ChangeKind::Merged)?;
    section(out, "Split", c.split, ChangeKind::Split)?;
    section(out, "Added", c.added, ChangeKind::Added)?;
    section(out, "Removed", c.removed, ChangeKind::Removed)?;
    if all {
        section(out, "Unchanged", c.unchanged, ChangeKind::Unchanged)?;
    }
    Ok(())
}
