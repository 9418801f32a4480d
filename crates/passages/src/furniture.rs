//! Running headers, footers and page numbers ("page furniture"): found by repetition across pages, removed from
//! passage text, and mined for the page number the page prints.

use std::collections::HashMap;

use pinpoint_pdf::{Document, Line, Page};

/// How far from the top or bottom of a page (as a share of its height) a line may stand and still be furniture.
/// Legislation.gov.uk prints carry a six-line status header, so the top band is deeper than the bottom one.
const TOP_BAND: f32 = 0.16;
const BOTTOM_BAND: f32 = 0.10;

/// What furniture analysis found on one page.
#[derive(Debug, Clone, Default)]
pub struct PageFurniture {
    /// Indices into `page.lines` that are furniture.
    pub lines: Vec<usize>,
    /// The page number printed in the furniture, where one was found.
    pub printed: Option<String>,
}

/// The shape of a line with every run of digits folded to `#`, so "92" and "93", or "1/5" and "2/5", match.
fn shape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            if !c.is_whitespace() {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// The runs of digits in a line, in order.
fn numbers(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty() && t.len() <= 6)
        .filter_map(|t| t.parse().ok())
        .collect()
}

fn in_band(page: &Page, line: &Line) -> bool {
    let h = page.height.max(1.0);
    line.y < h * TOP_BAND || line.y > h * (1.0 - BOTTOM_BAND)
}

/// Finds furniture on every page.
///
/// A line in the top or bottom band is furniture when its shape recurs in the bands of at least three pages (a
/// document of one or two pages has no detectable furniture, only page numbers) and nothing but furniture stands
/// between it and the page edge. A lone
/// number, "n/m" or "Page n of m" in a band is furniture whatever its repetition. The printed page number is the
/// digit run, within furniture of one shape, whose difference from the physical page number is the same on most
/// pages that carry it: this finds "92" in a KCSIE footer, "40" at the start of a legislation header and "3" in a
/// browser print's "3/61", without mistaking "2004" or the "61" of "3/61" for it.
pub fn analyse(doc: &Document) -> Vec<PageFurniture> {
    let n_pages = doc.pages.len();
    let mut shape_pages: HashMap<String, usize> = HashMap::new();
    for page in &doc.pages {
        let mut seen: Vec<String> = page
            .lines
            .iter()
            .filter(|l| in_band(page, l))
            .map(|l| shape(&l.text()))
            .collect();
        seen.sort();
        seen.dedup();
        for s in seen {
            *shape_pages.entry(s).or_default() += 1;
        }
    }
    // Three pages suffice: only lines contiguous with the page edge can be furniture, and a legislation print's
    // "Part 1 – Children's Commissioner" header repeats only over the pages of that Part.
    let threshold = 3;
    let is_page_number = |s: &str| {
        matches!(
            s,
            "#" | "#/#" | "page#" | "page#of#" | "-#-" | "–#–" | "#of#"
        ) || s.chars().all(|c| "ivxlc".contains(c)) && !s.is_empty() && s.len() <= 5
    };

    let mut result: Vec<PageFurniture> = Vec::with_capacity(n_pages);
    // (shape, digit index, offset) -> pages on which that digit run equals physical page + offset.
    let mut offsets: HashMap<(String, usize, i64), usize> = HashMap::new();
    for page in &doc.pages {
        let mut furniture = PageFurniture::default();
        // Furniture is contiguous from the page edges: walk in from the top and from the bottom while lines are
        // furniture-like, so a footnote number alone on its line above the folio (KCSIE 2024 p. 92, "128") is
        // not mistaken for a page number.
        // Lines off the page (rotated text of a figure, read in its own orientation, can have a negative
        // baseline) are no edge: they neither count as furniture nor stop the walk (IRO handbook p. 23's header
        // stood under a rotated figure's labels and was read into para 3.45).
        let on_page = |i: &usize| (0.0..=page.height).contains(&page.lines[*i].y);
        let mut order: Vec<usize> = (0..page.lines.len()).filter(on_page).collect();
        order.sort_by(|&a, &b| page.lines[a].y.total_cmp(&page.lines[b].y));
        let furniture_like = |i: usize| {
            let line = &page.lines[i];
            let s = shape(&line.text());
            in_band(page, line)
                && (s.is_empty()
                    || shape_pages.get(&s).copied().unwrap_or(0) >= threshold
                    || is_page_number(&s))
        };
        // A header line that most pages carry (legislation prints' "Document Generated: …") takes with it the
        // top-band lines above it that recur on another page too: the name of the part or schedule the page is in,
        // which repeats only over that part's pages (two, for the Children Act 2004's Schedule 3).
        let common = |i: usize| {
            let s = shape(&page.lines[i].text());
            s.chars().filter(|c| c.is_alphabetic()).count() >= 10
                && shape_pages.get(&s).copied().unwrap_or(0) * 2 > n_pages
        };
        let recurs = |i: usize| {
            shape_pages
                .get(&shape(&page.lines[i].text()))
                .copied()
                .unwrap_or(0)
                >= 2
        };
        let in_top = order
            .iter()
            .take_while(|&&i| {
                in_band(page, &page.lines[i]) && page.lines[i].y < page.height * TOP_BAND
            })
            .count();
        let under_common = order[..in_top]
            .iter()
            .rposition(|&i| common(i))
            .filter(|&k| order[..k].iter().all(|&i| recurs(i) || furniture_like(i)))
            .map_or(0, |k| k + 1);
        let top = order
            .iter()
            .take_while(|&&i| furniture_like(i))
            .count()
            .max(under_common);
        let bottom = order[top..]
            .iter()
            .rev()
            .take_while(|&&i| furniture_like(i))
            .count();
        let mut chosen: Vec<usize> = order[..top].to_vec();
        chosen.extend(order[order.len() - bottom..].iter().copied());
        chosen.sort_unstable();
        for i in chosen {
            let text = page.lines[i].text();
            let s = shape(&text);
            furniture.lines.push(i);
            for (k, n) in numbers(&text).into_iter().enumerate() {
                *offsets
                    .entry((s.clone(), k, n as i64 - page.number as i64))
                    .or_default() += 1;
            }
        }
        result.push(furniture);
    }

    // Furniture frames content; it is never most of it. When the lines taken as furniture are all that most pages
    // hold (a one-line-per-page document: a label set, a table split page by page), they are the content.
    let with_text = doc.pages.iter().filter(|p| !p.lines.is_empty()).count();
    let emptied = doc
        .pages
        .iter()
        .zip(&result)
        .filter(|(p, f)| !p.lines.is_empty() && f.lines.len() == p.lines.len())
        .count();
    if emptied * 2 > with_text {
        return doc.pages.iter().map(|_| PageFurniture::default()).collect();
    }

    // The (shape, index, offset) triples that explain most pages carrying that shape are page numbers.
    let mut best: HashMap<(String, usize), (i64, usize)> = HashMap::new();
    for ((s, k, off), count) in &offsets {
        let entry = best.entry((s.clone(), *k)).or_insert((*off, 0));
        if *count > entry.1 {
            *entry = (*off, *count);
        }
    }
    for (page, furniture) in doc.pages.iter().zip(result.iter_mut()) {
        for &i in &furniture.lines {
            let text = page.lines[i].text();
            let s = shape(&text);
            let carrying = shape_pages.get(&s).copied().unwrap_or(1).max(1);
            for (k, n) in numbers(&text).into_iter().enumerate() {
                let Some(&(off, count)) = best.get(&(s.clone(), k)) else {
                    continue;
                };
                let explains =
                    count * 2 >= carrying && (count >= 2 || n_pages <= 2 || is_page_number(&s));
                if explains && n as i64 - page.number as i64 == off {
                    furniture.printed = Some(n.to_string());
                }
            }
            if furniture.printed.is_some() {
                break;
            }
        }
        // A roman-numeral folio ("iv") alone in a band.
        if furniture.printed.is_none() {
            for &i in &furniture.lines {
                let t = page.lines[i].text().trim().to_lowercase();
                if !t.is_empty() && t.len() <= 5 && t.chars().all(|c| "ivxlc".contains(c)) {
                    furniture.printed = Some(t);
                }
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{doc, line, page};

    #[test]
    fn finds_repeated_footer_and_page_number() {
        let pages: Vec<Page> = (1..=6)
            .map(|n| {
                page(
                    n,
                    vec![
                        line("Running title of the guidance", 30.0, 10.0),
                        line(&format!("Body text on page {n}"), 300.0, 11.0),
                        line(&format!("{}", n + 2), 820.0, 9.0),
                    ],
                )
            })
            .collect();
        let found = analyse(&doc(pages));
        for (n, f) in found.iter().enumerate() {
            assert_eq!(f.lines, vec![0, 2], "page {}", n + 1);
            assert_eq!(f.printed.as_deref(), Some((n + 3).to_string().as_str()));
        }
    }

    #[test]
    fn a_part_name_above_a_header_every_page_carries_is_furniture() {
        // A legislation print: every page carries "Document Generated: …"; above it, the name of the schedule the
        // page is in, which only its two pages repeat.
        let pages: Vec<Page> = (1..=6)
            .map(|n| {
                let mut lines = Vec::new();
                if n >= 5 {
                    lines.push(line(
                        "SCHEDULE 3 – Advisory and support services",
                        20.0,
                        9.0,
                    ));
                }
                lines.push(line("Document Generated: 2025-04-11", 32.0, 9.0));
                lines.push(line(&format!("Body text of provision {n}"), 300.0, 11.0));
                page(n, lines)
            })
            .collect();
        let found = analyse(&doc(pages));
        assert_eq!(found[4].lines, vec![0, 1], "{:?}", found[4]);
        assert_eq!(found[0].lines, vec![0], "{:?}", found[0]);
    }

    #[test]
    fn rotated_text_off_the_page_does_not_hide_the_header() {
        let pages: Vec<Page> = (1..=6)
            .map(|n| {
                let mut lines = vec![
                    line("Running title of the guidance", 30.0, 10.0),
                    line(&format!("Body text on page {n}"), 300.0, 11.0),
                ];
                if n == 4 {
                    // A figure's rotated label, placed in its own orientation above the page.
                    lines.push(line("Parenting capacity", -380.0, 9.0));
                }
                page(n, lines)
            })
            .collect();
        let found = analyse(&doc(pages));
        assert_eq!(found[3].lines, vec![0], "{:?}", found[3]);
    }

    #[test]
    fn a_document_of_one_line_per_page_keeps_its_lines() {
        // pdf.js's "Potato" fixtures: each page holds one line near the top ("Potato 1", "Potato 2", …). Taken as
        // running headers they would leave nothing; furniture never makes up most of a document.
        let pages: Vec<Page> = (1..=30)
            .map(|n| page(n, vec![line(&format!("Potato {n}"), 30.0, 12.0)]))
            .collect();
        let found = analyse(&doc(pages));
        assert!(found.iter().all(|f| f.lines.is_empty()), "{found:?}");
    }

    #[test]
    fn browser_print_footer_gives_n_of_m() {
        let pages: Vec<Page> = (1..=5)
            .map(|n| {
                page(
                    n,
                    vec![
                        line("04/08/2025, 14:23 Children's homes: recruiting staff - GOV.UK", 15.0, 8.0),
                        line("Body", 300.0, 11.0),
                        line(&format!("https://www.gov.uk/guidance/childrens-homes-recruiting-staff {n}/5"), 830.0, 8.0),
                    ],
                )
            })
            .collect();
        let found = analyse(&doc(pages));
        assert_eq!(found[3].printed.as_deref(), Some("4"));
        assert_eq!(found[3].lines, vec![0, 2]);
    }
}
