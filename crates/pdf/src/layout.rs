//! Turns positioned glyphs into lines of spans with word breaks.

use crate::interp::{FontCache, Glyph};
use crate::{Line, Span};

/// A gap between one glyph's advance end and the next glyph's origin wider than this fraction of the font size is
/// a word break (explicit space glyphs always are). Why 0.15 em: a real space is 0.25–0.28 em in the corpus fonts
/// (Arial 0.278, Times 0.25) and kerning or tracking inside a word stays well under 0.1 em. Measured against
/// pdftotext on the corpus, word F1 is flat from 0.08 to 0.2 em (most producers there write real space glyphs);
/// at 0.25 em Working Together 2023 drops from 0.9993 to 0.9986, and at 0.3 em the Ofsted outcome summaries drop
/// from 0.9975 to 0.9951, as justified lines squeeze their spaces under the threshold. 0.15 sits mid-plateau, and
/// still breaks words positioned by TJ adjustments alone (see the `tj_kerning_and_word_gaps` test).
pub(crate) const WORD_GAP_EM: f32 = 0.15;

/// Glyphs whose baselines differ by less than this fraction of the larger font size share a line. Half an em keeps
/// raised footnote markers (typically raised a third of an em) on their line while consecutive lines (at least
/// one em apart) stay apart.
const BASELINE_EM: f32 = 0.45;

/// A gap wider than this many ems starts a new span (table cells, a second column on the same baseline).
const SPAN_GAP_EM: f32 = 2.0;

/// Consecutive glyphs (in drawing order) whose baselines differ by more than this fraction of the font size are
/// different words while words are built (a raised footnote marker is its own word); see `assemble` for when a
/// space separates them.
const SHIFT_EM: f32 = 0.12;

/// A glyph in its orientation frame: text runs along +x, baseline `y` grows downwards.
struct G {
    x0: f32,
    x1: f32,
    y: f32,
    idx: u32,
}

/// A run of glyphs drawn one after the other along one baseline with no word gap: words are built in drawing order
/// first (as pdftotext does), so two overlapping text layers stay two sets of whole words instead of interleaving
/// letter by letter (Lambeth information pack 2025, p. 1).
struct Word {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    font: u32,
    text: String,
    space_after: bool,
}

pub(crate) fn build_lines(glyphs: &[Glyph], text: &str, fonts: &FontCache) -> Vec<Line> {
    if glyphs.is_empty() {
        return Vec::new();
    }
    // Orientation buckets by the glyph's up vector: 0 upright, 1..3 rotated by 90° steps.
    let bucket_of = |g: &Glyph| -> usize {
        let (ux, uy) = (g.ux, g.uy);
        if uy.abs() >= ux.abs() {
            if uy <= 0.0 {
                0
            } else {
                2
            }
        } else if ux > 0.0 {
            1
        } else {
            3
        }
    };
    // Up vectors per bucket, and the writing direction r = up rotated clockwise.
    const UP: [(f32, f32); 4] = [(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)];
    let mut buckets: [Vec<G>; 4] = Default::default();
    for (i, g) in glyphs.iter().enumerate() {
        let b = bucket_of(g);
        let (ux, uy) = UP[b];
        let (rx, ry) = (-uy, ux);
        let x0 = g.x * rx + g.y * ry;
        let mut x1 = g.ex * rx + g.ey * ry;
        if x1 < x0 {
            x1 = x0;
        }
        let y = -(g.x * ux + g.y * uy);
        buckets[b].push(G {
            x0,
            x1,
            y,
            idx: i as u32,
        });
    }
    // The dominant orientation first (a /Rotate page's text is upright after rotation, but a sideways table in
    // an upright document is not).
    let mut order: Vec<usize> = (0..4).filter(|&b| !buckets[b].is_empty()).collect();
    order.sort_by_key(|&b| std::cmp::Reverse(buckets[b].len()));
    let mut lines = Vec::new();
    for b in order {
        let gs = std::mem::take(&mut buckets[b]);
        let mut words = words_of(&gs, glyphs, text);
        lines_of(&mut words, fonts, &mut lines);
    }
    lines
}

fn words_of(gs: &[G], glyphs: &[Glyph], text: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    for g in gs {
        let gl = &glyphs[g.idx as usize];
        if gl.space {
            if let Some(mut w) = cur.take() {
                w.space_after = true;
                words.push(w);
            } else if let Some(last) = words.last_mut() {
                last.space_after = true;
            }
            continue;
        }
        let t = text.get(gl.t0 as usize..gl.t1 as usize).unwrap_or("");
        if t.is_empty() {
            continue;
        }
        if let Some(w) = cur.as_mut() {
            let gap = g.x0 - w.x1;
            let size = gl.size.max(w.size);
            let same = (g.y - w.y).abs() <= SHIFT_EM * size
                && gap <= WORD_GAP_EM * size
                && gap >= -0.6 * size
                && (gl.size - w.size).abs() <= 0.15 * size;
            if same {
                w.text.push_str(t);
                w.x1 = w.x1.max(g.x1);
                continue;
            }
            if let Some(w) = cur.take() {
                words.push(w);
            }
        }
        cur = Some(Word {
            x0: g.x0,
            x1: g.x1.max(g.x0),
            y: g.y,
            size: gl.size,
            font: gl.font,
            text: t.to_string(),
            space_after: false,
        });
    }
    if let Some(w) = cur.take() {
        words.push(w);
    }
    words
}

fn lines_of(words: &mut [Word], fonts: &FontCache, out: &mut Vec<Line>) {
    if words.is_empty() {
        return;
    }
    let mut order: Vec<usize> = (0..words.len()).collect();
    order.sort_by(|&a, &b| words[a].y.total_cmp(&words[b].y).then(a.cmp(&b)));
    // Cluster by baseline; the line's baseline is that of its largest text.
    let mut clusters: Vec<(usize, usize, f32)> = Vec::new();
    let mut start = 0;
    let mut base = words[order[0]].y;
    let mut base_size = words[order[0]].size;
    for k in 1..order.len() {
        let w = &words[order[k]];
        if (w.y - base).abs() < BASELINE_EM * w.size.max(base_size) {
            if w.size > base_size * 1.05 {
                base = w.y;
                base_size = w.size;
            }
            continue;
        }
        clusters.push((start, k, base));
        start = k;
        base = w.y;
        base_size = w.size;
    }
    clusters.push((start, order.len(), base));

    let mut rows: Vec<Row> = Vec::with_capacity(clusters.len());
    for (a, b, y) in clusters {
        let mut line: Vec<usize> = order[a..b].to_vec();
        line.sort_by(|&p, &q| words[p].x0.total_cmp(&words[q].x0).then(p.cmp(&q)));
        rows.push(Row { y, words: line });
    }
    let mut ordered = Vec::with_capacity(rows.len());
    order_columns(rows, words, 0, &mut ordered);
    for row in ordered {
        if let Some(l) = assemble(&row.words, words, row.y, fonts) {
            out.push(l);
        }
    }
}

/// One baseline's words, left to right.
struct Row {
    y: f32,
    words: Vec<usize>,
}

/// A vertical gutter must be at least this wide (points) to split columns: wider than any word space in
/// justified text, narrower than the 12–18 pt gutters of real multi-column layouts.
const MIN_GUTTER: f32 = 10.0;

/// Reading order for columns. Looks for a vertical gutter, an x-range that (almost) no row's text crosses, with
/// text on both sides in several rows; rows that cross it (running heads, full-width headings) stay where they
/// are, and each run of rows between them is read left column first, then right (recursively, so three columns
/// work). Deliberately conservative: a single-column page has no such gutter, because nearly every line crosses
/// its middle. No PDF of the corpus is set in columns; the Federal Register page of the hostile fixtures
/// (plumber__federal-register-p2-three-column.pdf) is, and reads column by column with this.
fn order_columns(rows: Vec<Row>, words: &[Word], depth: u32, out: &mut Vec<Row>) {
    let Some(gutter) = (depth < 4).then(|| find_gutter(&rows, words)).flatten() else {
        out.extend(rows);
        return;
    };
    let mut left: Vec<Row> = Vec::new();
    let mut right: Vec<Row> = Vec::new();
    let flush = |left: &mut Vec<Row>, right: &mut Vec<Row>, out: &mut Vec<Row>| {
        if is_label_column(left, right) {
            read_rows_of_table(std::mem::take(left), std::mem::take(right), out);
            return;
        }
        order_columns(std::mem::take(left), words, depth + 1, out);
        order_columns(std::mem::take(right), words, depth + 1, out);
    };
    for row in rows {
        let crosses = row
            .words
            .iter()
            .any(|&w| words[w].x0 < gutter && words[w].x1 > gutter);
        if crosses {
            flush(&mut left, &mut right, out);
            out.push(row);
            continue;
        }
        let (l, r): (Vec<usize>, Vec<usize>) =
            row.words.iter().partition(|&&w| words[w].x1 <= gutter);
        if !l.is_empty() {
            left.push(Row { y: row.y, words: l });
        }
        if !r.is_empty() {
            right.push(Row { y: row.y, words: r });
        }
    }
    flush(&mut left, &mut right, out);
}

/// The median distance between consecutive baselines of `rows` (which are in reading order, top first).
fn median_gap(rows: &[Row]) -> Option<f32> {
    let mut gaps: Vec<f32> = rows
        .windows(2)
        .map(|w| w[1].y - w[0].y)
        .filter(|g| *g > 0.0)
        .collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_by(f32::total_cmp);
    Some(gaps[gaps.len() / 2])
}

/// True when the left side of a gutter is a table's label column rather than a column of prose: a few short cells
/// ("Page 47", "Part three") spaced far apart beside denser text, as in KCSIE 2025's table of changes (p. 185).
/// Prose columns have the same leading on both sides; a label column's rows are at least twice as far apart.
fn is_label_column(left: &[Row], right: &[Row]) -> bool {
    if left.len() < 2 || right.len() < 4 || left.len() * 2 > right.len() {
        return false;
    }
    match (median_gap(left), median_gap(right)) {
        (Some(l), Some(r)) => l > 2.0 * r,
        _ => false,
    }
}

/// Reads a table with a label column row by row: each label cell comes just before the text cell it labels, so
/// "Page 47" is followed by "Para 169 …" and not by the next label. A label labels the text cell holding the text
/// row nearest its baseline (at or below it); text cells are runs of rows split where the gap between baselines is
/// wider than the text's ordinary leading.
fn read_rows_of_table(left: Vec<Row>, right: Vec<Row>, out: &mut Vec<Row>) {
    let leading = right
        .windows(2)
        .map(|w| w[1].y - w[0].y)
        .filter(|g| *g > 0.0)
        .fold(f32::INFINITY, f32::min);
    let leading = if leading.is_finite() { leading } else { 12.0 };
    // Index of the first row of the cell each text row belongs to.
    let mut cell_start = Vec::with_capacity(right.len());
    for (k, row) in right.iter().enumerate() {
        let start = match k.checked_sub(1) {
            Some(p) if row.y - right[p].y <= 1.15 * leading => cell_start[p],
            _ => k,
        };
        cell_start.push(start);
    }
    let mut before: Vec<Vec<Row>> = (0..right.len()).map(|_| Vec::new()).collect();
    let mut after_all = Vec::new();
    for label in left {
        match right.iter().position(|r| r.y >= label.y - 0.5 * leading) {
            Some(k) => before[cell_start[k]].push(label),
            None => after_all.push(label),
        }
    }
    for (labels, row) in before.into_iter().zip(right) {
        out.extend(labels);
        out.push(row);
    }
    out.extend(after_all);
}

/// The centre of the widest usable gutter, if any (see [`order_columns`]).
fn find_gutter(rows: &[Row], words: &[Word]) -> Option<f32> {
    if rows.len() < 6 {
        return None;
    }
    let lo = rows
        .iter()
        .flat_map(|r| r.words.iter())
        .map(|&w| words[w].x0)
        .fold(f32::INFINITY, f32::min);
    let hi = rows
        .iter()
        .flat_map(|r| r.words.iter())
        .map(|&w| words[w].x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let span = hi - lo;
    if span.is_nan() || span <= 4.0 * MIN_GUTTER || span > 20_000.0 {
        return None;
    }
    let bins = ((hi - lo).ceil() as usize).min(4000);
    let scale = bins as f32 / (hi - lo);
    let mut cover = vec![0u32; bins + 1];
    let mut seen = vec![u32::MAX; bins + 1];
    for (ri, row) in rows.iter().enumerate() {
        // A row covers its words and the ordinary gaps between them.
        let mut k = 0;
        while k < row.words.len() {
            let start = words[row.words[k]].x0;
            let mut end = words[row.words[k]].x1;
            while k + 1 < row.words.len() {
                let next = &words[row.words[k + 1]];
                if next.x0 - end < (1.5 * next.size).min(MIN_GUTTER) {
                    end = end.max(next.x1);
                    k += 1;
                } else {
                    break;
                }
            }
            let a = (((start - lo) * scale) as usize).min(bins);
            let b = (((end - lo) * scale) as usize).min(bins);
            for i in a..=b {
                if seen[i] != ri as u32 {
                    seen[i] = ri as u32;
                    cover[i] += 1;
                }
            }
            k += 1;
        }
    }
    let allowed = (rows.len() as u32 / 10).max(2);
    let min_bins = (MIN_GUTTER * scale).ceil() as usize;
    let (from, to) = ((bins as f32 * 0.15) as usize, (bins as f32 * 0.85) as usize);
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i <= bins {
        if cover[i] <= allowed {
            let start = i;
            while i <= bins && cover[i] <= allowed {
                i += 1;
            }
            let (a, b) = (start, i);
            let mid = (a + b) / 2;
            if b - a >= min_bins
                && mid >= from
                && mid <= to
                && best.is_none_or(|(x, y)| b - a > y - x)
            {
                best = Some((a, b));
            }
        } else {
            i += 1;
        }
    }
    let (a, b) = best?;
    let gutter = lo + ((a + b) as f32 / 2.0) / scale;
    // Text on both sides in several rows.
    let left = rows
        .iter()
        .filter(|r| r.words.iter().any(|&w| words[w].x1 <= gutter))
        .count();
    let right = rows
        .iter()
        .filter(|r| r.words.iter().any(|&w| words[w].x0 >= gutter))
        .count();
    (left >= 3 && right >= 3).then_some(gutter)
}

/// Smallest font size, in points, of text a reader can see (footnote markers are 6–8 pt).
const MIN_LEGIBLE_SIZE: f32 = 2.0;

fn assemble(line: &[usize], words: &[Word], y: f32, fonts: &FontCache) -> Option<Line> {
    let mut spans: Vec<Span> = Vec::new();
    let mut cur: Option<Span> = None;
    let mut prev: Option<&Word> = None;
    let mut kept: Vec<usize> = Vec::with_capacity(line.len());
    for &wi in line {
        let w = &words[wi];
        // Text too small to read is not on the page for a reader: Word leaves bookmark residue at 1 pt beside
        // footnote markers ("harassment" "9F" "10" in KCSIE 2024), which pdftotext does not print either.
        if w.size < MIN_LEGIBLE_SIZE {
            continue;
        }
        // Overprinted duplicates (fake bold, shadows): the same word again at (almost) the same place.
        if kept.iter().rev().take(3).any(|&k| {
            let o = &words[k];
            (o.x0 - w.x0).abs() < 0.1 * w.size
                && (o.y - w.y).abs() < 0.1 * w.size
                && o.text == w.text
        }) {
            continue;
        }
        kept.push(wi);
        let word_break = match prev {
            None => false,
            Some(p) => {
                let size = p.size.max(w.size);
                // A size or baseline change (footnote marker) is a word break at a much smaller gap: pdftotext
                // writes "violence9" for a 0.05 pt gap but "harassment 10" for 0.5 pt (KCSIE 2024 p. 14).
                let shifted =
                    (w.y - p.y).abs() > SHIFT_EM * size || (w.size - p.size).abs() > 0.15 * size;
                let threshold = if shifted { 0.02 } else { WORD_GAP_EM };
                p.space_after || w.x0 - p.x1 > threshold * size
            }
        };
        let gap = prev.map_or(0.0, |p| w.x0 - p.x1);
        let (bold, italic) = fonts
            .get(w.font)
            .map_or((false, false), |f| (f.bold, f.italic));
        let rsize = (w.size * 2.0).round() / 2.0;
        let new_span = match &cur {
            None => true,
            Some(s) => {
                s.bold != bold
                    || s.italic != italic
                    || s.font_size != rsize
                    || gap > SPAN_GAP_EM * w.size
            }
        };
        if new_span {
            if let Some(mut s) = cur.take() {
                if word_break {
                    s.text.push(' ');
                }
                spans.push(s);
            }
            cur = Some(Span {
                text: String::new(),
                x0: w.x0,
                x1: w.x1,
                font_size: rsize,
                bold,
                italic,
            });
        } else if word_break {
            if let Some(s) = cur.as_mut() {
                s.text.push(' ');
            }
        }
        if let Some(s) = cur.as_mut() {
            s.text.push_str(&w.text);
            s.x1 = s.x1.max(w.x1);
        }
        prev = Some(w);
    }
    if let Some(s) = cur.take() {
        spans.push(s);
    }
    if let Some(last) = spans.last_mut() {
        while last.text.ends_with(' ') {
            last.text.pop();
        }
    }
    spans.retain(|s| !s.text.is_empty());
    if spans.is_empty() {
        return None;
    }
    for s in &mut spans {
        crate::text::normalize_in_place(&mut s.text);
    }
    Some(Line { spans, y })
}
