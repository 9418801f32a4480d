//! `pinpoint diff DOC FROM TO`: what changed between two editions of a document, paragraph by paragraph.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use pinpoint_diff::{Change, ChangeKind, EditionDiff};
use pinpoint_model::{Label, Passage, Position};
use pinpoint_web::catalog::{self, Renumbered};

use crate::cmd::open_index;
use crate::config::Config;

pub fn run(
    config: &Config,
    doc: &str,
    from: &str,
    to: &str,
    json: bool,
    all: bool,
) -> anyhow::Result<ExitCode> {
    let index = open_index(config)?;
    let started = Instant::now();
    // The same lookup and diff as `GET /api/documents/{id}/diff`.
    let diff = catalog::diff(&index, doc, Some(from), Some(to))?;
    let elapsed = started.elapsed();
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &pinpoint_wire::WireDiff::new(&diff, all))?;
        writeln!(out)?;
    } else {
        print_text(&mut out, &diff, all)?;
        writeln!(
            out,
            "\n({} → {} read and diffed in {:.0} ms)",
            diff.old.id,
            diff.new.id,
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
        Position::Pages(span) => format!("{name} ({})", span.printed_pages().cited()),
        Position::Anchor(Some(a)) => format!("{name} (#{a})"),
        Position::Anchor(None) => name,
    }
}

/// Renumbered paragraphs, with runs that shift together collapsed: `paras 156–362 → 153–359`; other labels
/// (provisions, footnotes) after them.
fn renumbered_lines(diff: &EditionDiff) -> Vec<String> {
    let mut lines = Vec::new();
    let mut others = Vec::new();
    for r in catalog::renumbered(diff) {
        match r {
            Renumbered::Run { first, len: 1, .. } => lines.push(format!(
                "para {} → para {}",
                number(&first.old),
                number(&first.new)
            )),
            Renumbered::Run { first, last, len } => lines.push(format!(
                "paras {}–{} → {}–{} ({len} paragraphs)",
                number(&first.old),
                number(&last.old),
                number(&first.new),
                number(&last.new)
            )),
            Renumbered::Other(pair) => {
                others.push(format!("{} → {}", place(&pair.old), place(&pair.new)))
            }
        }
    }
    lines.extend(others);
    lines
}

/// A run's paragraph number as printed.
fn number(p: &Passage) -> &str {
    match &p.locator.label {
        Label::Paragraph(n) => n,
        _ => "?",
    }
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
