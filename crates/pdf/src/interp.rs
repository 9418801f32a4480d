//! Runs a page's content stream far enough to know where every glyph lands: graphics state (q/Q/cm), text state
//! (Tc Tw Tz TL Ts Tf Tr), text matrices and text-showing operators, and form XObjects (Do).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::font::{deref, Font, Uni};
use crate::lex::{Lexer, Operand};
use crate::Limits;

pub(crate) type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

#[inline]
pub(crate) fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// One positioned glyph, in display space (top-left origin, y down, page rotation applied).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    /// Origin.
    pub x: f32,
    pub y: f32,
    /// Origin plus advance (the glyph's far edge along the writing direction).
    pub ex: f32,
    pub ey: f32,
    /// Unit "up" vector of the glyph (for orientation); upright text has (0, -1).
    pub ux: f32,
    pub uy: f32,
    pub size: f32,
    pub font: u32,
    /// Range in the page text buffer.
    pub t0: u32,
    pub t1: u32,
    pub space: bool,
}

#[derive(Clone)]
struct Gs {
    ctm: Matrix,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    ts: f32,
    font: Option<(u32, Rc<Font>)>,
    fs: f32,
    /// The clipping region's bounding box in display space (x0, y0, x1, y1), once a path has been used to clip.
    clip: Option<[f32; 4]>,
}

/// More discs than this on a page are not list bullets.
const MAX_BULLETS: usize = 300;

/// On a page of more glyphs than this no disc is read as a bullet: matching each disc to its item's text is
/// discs × glyphs, and a real page of list items has a few thousand glyphs (an adversarial one could have a million).
const MAX_GLYPHS_FOR_BULLETS: usize = 20_000;

/// Glyphs near a disc's baseline looked at for its item's text: a bound on the work per disc.
const MAX_ITEM_SCAN: usize = 4096;

/// How far (points) a glyph's centre may stand outside the clipping box and still be drawn.
const CLIP_SLACK: f32 = 1.0;

/// The path being built (between the first path operator and the one that paints or discards it), in display
/// space: its bounding box, for clipping.
#[derive(Default)]
struct PathBox {
    bbox: Option<[f32; 4]>,
    /// A point was not finite (after the CTM): the path's extent is unknown, so it clips nothing.
    unbounded: bool,
    /// `W` or `W*` was given: the path clips when it ends.
    clips: bool,
    /// Bézier segments, and straight segments or rectangles, in the path.
    curves: u32,
    straight: u32,
}

impl PathBox {
    fn add(&mut self, ctm: &Matrix, x: f32, y: f32) {
        let (dx, dy) = (
            x * ctm[0] + y * ctm[2] + ctm[4],
            x * ctm[1] + y * ctm[3] + ctm[5],
        );
        if !(dx.is_finite() && dy.is_finite()) {
            self.unbounded = true;
            return;
        }
        self.bbox = Some(match self.bbox {
            None => [dx, dy, dx, dy],
            Some([x0, y0, x1, y1]) => [x0.min(dx), y0.min(dy), x1.max(dx), y1.max(dy)],
        });
    }
}

/// The intersection of two boxes (an empty one stays empty: x0 > x1).
fn intersect(a: Option<[f32; 4]>, b: [f32; 4]) -> [f32; 4] {
    match a {
        None => b,
        Some(a) => [
            a[0].max(b[0]),
            a[1].max(b[1]),
            a[2].min(b[2]),
            a[3].min(b[3]),
        ],
    }
}

/// Fonts are shared across pages, so they are cached per document, keyed by the address of the font dictionary
/// inside the loaded lopdf document (stable for the document's lifetime, and works for direct dictionaries too).
#[derive(Default)]
pub(crate) struct FontCache {
    by_addr: HashMap<usize, u32>,
    pub(crate) fonts: Vec<Rc<Font>>,
}

impl FontCache {
    pub(crate) fn get(&self, idx: u32) -> Option<&Font> {
        self.fonts.get(idx as usize).map(|f| &**f)
    }
}

pub(crate) struct PageRun<'d, 'c> {
    doc: &'d Document,
    limits: &'c Limits,
    cache: &'c mut FontCache,
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) text: String,
    pub(crate) warnings: Vec<String>,
    ops: u64,
    stopped: bool,
    form_stack: Vec<ObjectId>,
    width: f32,
    height: f32,
    /// Indices into `glyphs` of the discs read as bullets (see `bullet`), until `keep_list_bullets` has decided.
    bullets: Vec<usize>,
}

impl<'d, 'c> PageRun<'d, 'c> {
    pub(crate) fn new(
        doc: &'d Document,
        limits: &'c Limits,
        cache: &'c mut FontCache,
        width: f32,
        height: f32,
    ) -> Self {
        PageRun {
            doc,
            limits,
            cache,
            glyphs: Vec::new(),
            text: String::new(),
            warnings: Vec::new(),
            ops: 0,
            stopped: false,
            form_stack: Vec::new(),
            width,
            height,
            bullets: Vec::new(),
        }
    }

    pub(crate) fn cache(&self) -> &FontCache {
        self.cache
    }

    fn warn(&mut self, msg: String) {
        if self.warnings.len() < 50 && !self.warnings.contains(&msg) {
            self.warnings.push(msg);
        }
    }

    /// Runs one content stream with `resources`, starting from `ctm` (which already maps to display space).
    pub(crate) fn run(&mut self, content: &[u8], resources: Option<&'d Dictionary>, ctm: Matrix) {
        let gs = Gs {
            ctm,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            ts: 0.0,
            font: None,
            fs: 0.0,
            clip: None,
        };
        self.run_with(content, resources, gs);
    }

    fn font_for(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
    ) -> Option<(u32, Rc<Font>)> {
        let doc = self.doc;
        let dict = resources
            .and_then(|r| r.get(b"Font").ok())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|fonts| fonts.get(name).ok())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let Some(dict) = dict else {
            let msg = format!(
                "font /{} not found in resources; using a fallback",
                String::from_utf8_lossy(name)
            );
            self.warn(msg);
            return None;
        };
        let addr = dict as *const Dictionary as usize;
        if let Some(&idx) = self.cache.by_addr.get(&addr) {
            return Some((idx, Rc::clone(&self.cache.fonts[idx as usize])));
        }
        let mut msgs = Vec::new();
        let font = Rc::new(Font::load(
            doc,
            dict,
            self.limits.max_stream_bytes,
            &mut |m| msgs.push(m),
        ));
        for m in msgs {
            self.warn(m);
        }
        let idx = self.cache.fonts.len() as u32;
        self.cache.fonts.push(Rc::clone(&font));
        self.cache.by_addr.insert(addr, idx);
        Some((idx, font))
    }

    fn fallback_font(&mut self) -> (u32, Rc<Font>) {
        const KEY: usize = 1; // never a real address
        if let Some(&idx) = self.cache.by_addr.get(&KEY) {
            return (idx, Rc::clone(&self.cache.fonts[idx as usize]));
        }
        let idx = self.cache.fonts.len() as u32;
        let f = Rc::new(Font::fallback());
        self.cache.fonts.push(Rc::clone(&f));
        self.cache.by_addr.insert(KEY, idx);
        (idx, f)
    }

    fn run_with(&mut self, content: &[u8], resources: Option<&'d Dictionary>, gs0: Gs) {
        let mut lx = Lexer::new(content);
        let mut gs = gs0;
        let mut stack: Vec<Gs> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut path = PathBox::default();
        let max_ops = self.limits.max_operators_per_page;
        while let Some(op) = lx.next_op() {
            if self.stopped {
                return;
            }
            self.ops += 1;
            if self.ops > max_ops {
                self.stopped = true;
                self.warn(format!(
                    "more than {max_ops} operators; the rest of the page is skipped"
                ));
                return;
            }
            let n = lx.operands.len();
            // Numbers at the end of the operand stack, as most operators take.
            let f = |k: usize| -> f32 {
                if k < n {
                    match lx.operands[n - k - 1] {
                        Operand::Num(v) => v,
                        _ => 0.0,
                    }
                } else {
                    0.0
                }
            };
            match op {
                b"q" if stack.len() < 256 => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                b"cm" if n >= 6 => {
                    let m = [f(5), f(4), f(3), f(2), f(1), f(0)];
                    gs.ctm = mul(&m, &gs.ctm);
                }
                // Paths are followed only for their extent, so that text outside a clipping path is not read: a
                // browser prints a line cut by a page break on both pages, clipped to each page's content box
                // (Ofsted's prints carry the descenders of one page's last line, "g … g", into the next page's
                // running header).
                b"re" if n >= 4 => {
                    path.straight += 1;
                    // All four corners: under a rotated or sheared CTM two opposite ones do not bound it.
                    let (x, y, w, h) = (f(3), f(2), f(1), f(0));
                    path.add(&gs.ctm, x, y);
                    path.add(&gs.ctm, x + w, y);
                    path.add(&gs.ctm, x, y + h);
                    path.add(&gs.ctm, x + w, y + h);
                }
                b"m" if n >= 2 => path.add(&gs.ctm, f(1), f(0)),
                b"l" if n >= 2 => {
                    path.straight += 1;
                    path.add(&gs.ctm, f(1), f(0));
                }
                b"c" if n >= 6 => {
                    path.curves += 1;
                    path.add(&gs.ctm, f(5), f(4));
                    path.add(&gs.ctm, f(3), f(2));
                    path.add(&gs.ctm, f(1), f(0));
                }
                b"v" | b"y" if n >= 4 => {
                    path.curves += 1;
                    path.add(&gs.ctm, f(3), f(2));
                    path.add(&gs.ctm, f(1), f(0));
                }
                b"W" | b"W*" => path.clips = true,
                b"n" | b"f" | b"F" | b"f*" | b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*" => {
                    if path.clips && !path.unbounded {
                        if let Some(bbox) = path.bbox {
                            gs.clip = Some(intersect(gs.clip, bbox));
                        }
                    } else if !matches!(op, b"n" | b"S" | b"s") {
                        self.bullet(&path, &gs);
                    }
                    path = PathBox::default();
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tc" => gs.tc = f(0),
                b"Tw" => gs.tw = f(0),
                b"Tz" => gs.th = f(0) / 100.0,
                b"TL" => gs.tl = f(0),
                b"Ts" => gs.ts = f(0),
                b"Tf" => {
                    gs.fs = f(0);
                    let name = lx.operands.iter().rev().find_map(|o| match o {
                        Operand::Name(a, b) => Some(lx.name(*a, *b)),
                        _ => None,
                    });
                    gs.font = match name {
                        Some(name) => self.font_for(resources, name),
                        None => None,
                    };
                }
                b"Td" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, f(1), f(0)], &tlm);
                    tm = tlm;
                }
                b"TD" => {
                    gs.tl = -f(0);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, f(1), f(0)], &tlm);
                    tm = tlm;
                }
                b"Tm" if n >= 6 => {
                    tlm = [f(5), f(4), f(3), f(2), f(1), f(0)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op == b"'" || op == b"\"" {
                        if op == b"\"" && n >= 3 {
                            // aw ac string "
                            if let (Operand::Num(aw), Operand::Num(ac)) =
                                (lx.operands[n - 3], lx.operands[n - 2])
                            {
                                gs.tw = aw;
                                gs.tc = ac;
                            }
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                        tm = tlm;
                    }
                    if gs.font.is_none() {
                        gs.font = Some(self.fallback_font());
                    }
                    let Some((fidx, font)) = gs.font.clone() else {
                        continue;
                    };
                    if op == b"TJ" {
                        let start = lx
                            .operands
                            .iter()
                            .position(|o| *o == Operand::ArrayOpen)
                            .map_or(0, |p| p + 1);
                        for o in &lx.operands[start..] {
                            match *o {
                                Operand::Str(a, b) => {
                                    self.show(lx.string(a, b), &gs, fidx, &font, &mut tm);
                                }
                                Operand::Num(adj) => {
                                    let d = -adj / 1000.0 * gs.fs;
                                    if font.vertical {
                                        tm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, d], &tm);
                                    } else {
                                        tm = mul(&[1.0, 0.0, 0.0, 1.0, d * gs.th, 0.0], &tm);
                                    }
                                }
                                Operand::ArrayClose => break,
                                _ => {}
                            }
                        }
                    } else if let Some(Operand::Str(a, b)) = lx
                        .operands
                        .iter()
                        .rev()
                        .find(|o| matches!(o, Operand::Str(..)))
                    {
                        self.show(lx.string(*a, *b), &gs, fidx, &font, &mut tm);
                    }
                }
                b"Do" => {
                    let name = lx.operands.iter().rev().find_map(|o| match o {
                        Operand::Name(a, b) => Some(lx.name(*a, *b)),
                        _ => None,
                    });
                    if let Some(name) = name {
                        self.do_xobject(resources, name, &gs);
                    }
                }
                _ => {}
            }
            lx.clear();
        }
    }

    fn do_xobject(&mut self, resources: Option<&'d Dictionary>, name: &[u8], gs: &Gs) {
        let doc = self.doc;
        let Some(entry) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|x| x.get(name).ok())
        else {
            return;
        };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        let Some(stream) = deref(doc, entry).and_then(|o| o.as_stream().ok()) else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return; // images
        }
        if let Some(id) = id {
            if self.form_stack.contains(&id) {
                self.warn(format!(
                    "form XObject {} {} draws itself; cycle cut",
                    id.0, id.1
                ));
                return;
            }
        }
        if self.form_stack.len() >= self.limits.max_form_depth {
            self.warn(format!(
                "form XObjects nested deeper than {}; skipped",
                self.limits.max_form_depth
            ));
            return;
        }
        let data = match stream.get_plain_content_with_limit(self.limits.max_stream_bytes) {
            Ok(d) => d,
            Err(e) => {
                self.warn(format!(
                    "form XObject /{}: unreadable ({e})",
                    String::from_utf8_lossy(name)
                ));
                return;
            }
        };
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .filter(|a| a.len() == 6)
            .map(|a| {
                let mut m = IDENTITY;
                for (k, o) in a.iter().enumerate() {
                    m[k] = crate::font::num(doc, o).unwrap_or(m[k]);
                }
                m
            })
            .unwrap_or(IDENTITY);
        let res = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .or(resources);
        let mut inner = gs.clone();
        inner.ctm = mul(&matrix, &gs.ctm);
        self.form_stack.push(id.unwrap_or((0, 0)));
        self.run_with(&data, res, inner);
        self.form_stack.pop();
    }

    /// A list bullet drawn as a small filled disc rather than a glyph (Chrome's prints of GOV.UK pages draw every
    /// bullet so): placed as a "•" glyph, so the item reads as it looks. Its baseline is put where the text's would
    /// be (a bullet sits on the x-height's middle), and its size under the text's, so it joins the item's line
    /// without changing the line's size. A disc in a chart or a dot leader is no text and is drawn alone, or in a
    /// row of its like; such a disc becomes a "•" too, which a reader sees as well.
    fn bullet(&mut self, path: &PathBox, gs: &Gs) {
        let Some([x0, y0, x1, y1]) = path.bbox else {
            return;
        };
        let (w, h) = (x1 - x0, y1 - y0);
        let round = path.curves >= 4 && path.straight == 0;
        let small = (1.5..=8.0).contains(&w) && (1.5..=8.0).contains(&h);
        if !(round && small && (w - h).abs() <= 0.25 * w.max(h)) {
            return;
        }
        if let Some([cx0, cy0, cx1, cy1]) = gs.clip {
            let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
            if mx < cx0 || mx > cx1 || my < cy0 || my > cy1 {
                return;
            }
        }
        if self.glyphs.len() >= self.limits.max_glyphs_per_page {
            return;
        }
        let (font, _) = self.fallback_font();
        let t0 = self.text.len() as u32;
        self.text.push('•');
        self.bullets.push(self.glyphs.len());
        let size = h * 2.2;
        let baseline = (y0 + y1) / 2.0 + h * 0.83;
        self.glyphs.push(Glyph {
            x: x0,
            y: baseline,
            ex: x1,
            ey: baseline,
            ux: 0.0,
            uy: -1.0,
            size,
            font,
            t0,
            t1: self.text.len() as u32,
            space: false,
        });
    }

    /// Keeps the discs read as bullets that are list bullets: each stands alone before the text of its item, on
    /// the item's first line (a few ems to its left). Dots in a logo, a chart or a row of them are not.
    pub(crate) fn keep_list_bullets(&mut self) {
        if self.bullets.is_empty() {
            return;
        }
        let bullets = std::mem::take(&mut self.bullets);
        let mut is_bullet = vec![false; self.glyphs.len()];
        for &k in &bullets {
            is_bullet[k] = true;
        }
        // A page of many discs is a chart or a pattern, not a list; a page of very many glyphs is not checked.
        if bullets.len() > MAX_BULLETS || self.glyphs.len() > MAX_GLYPHS_FOR_BULLETS {
            self.remove_glyphs(&is_bullet);
            return;
        }
        let glyphs = &self.glyphs;
        let text = &self.text;
        let is_text = |k: usize| {
            let g = &glyphs[k];
            !is_bullet[k]
                && !g.space
                && g.t1 > g.t0
                && text.get(g.t0 as usize..g.t1 as usize).is_some()
        };
        // Each bullet kept takes the size and baseline of its item's text, so it is set on the item's line as a
        // glyph bullet would be.
        let mut keep: Vec<(usize, f32, f32)> = Vec::new();
        let mut drop = vec![false; glyphs.len()];
        // The text glyphs by baseline, so that each disc looks only at those near its own (a window no wider than
        // the largest glyph, and no more than `MAX_ITEM_SCAN` of them).
        let reach = glyphs.iter().map(|g| g.size).fold(0.0f32, f32::max) * 0.45;
        let mut by_y: Vec<usize> = (0..glyphs.len())
            .filter(|&t| is_text(t) && glyphs[t].uy < 0.0)
            .collect();
        by_y.sort_by(|&a, &b| glyphs[a].y.total_cmp(&glyphs[b].y));
        for &k in &bullets {
            let b = &glyphs[k];
            let dia = b.ex - b.x;
            let alone = !bullets.iter().any(|&o| {
                o != k
                    && (glyphs[o].x - b.x).abs() < dia * 4.0
                    && (glyphs[o].y - b.y).abs() < dia * 2.0
            });
            let from = by_y.partition_point(|&t| glyphs[t].y < b.y - reach);
            // The first such glyph in drawing order: the item's first letter.
            let item = by_y[from..]
                .iter()
                .copied()
                .take_while(|&t| glyphs[t].y <= b.y + reach)
                .take(MAX_ITEM_SCAN)
                .filter(|&t| {
                    let g = &glyphs[t];
                    g.x >= b.ex
                        && g.x <= b.ex + dia * 6.0
                        && (g.y - b.y).abs() <= g.size * 0.45
                        && g.size >= b.size
                })
                .min();
            match item {
                Some(t) if alone => keep.push((k, glyphs[t].size, glyphs[t].y)),
                _ => drop[k] = true,
            }
        }
        for (k, size, y) in keep {
            let b = &mut self.glyphs[k];
            b.size = size;
            b.y = y;
            b.ey = y;
        }
        self.remove_glyphs(&drop);
    }

    /// Removes the glyphs whose index is marked in `gone` (as long as `glyphs`).
    fn remove_glyphs(&mut self, gone: &[bool]) {
        let mut k = 0;
        self.glyphs.retain(|_| {
            k += 1;
            !gone[k - 1]
        });
    }

    fn show(&mut self, bytes: &[u8], gs: &Gs, fidx: u32, font: &Font, tm: &mut Matrix) {
        let fs = gs.fs;
        let th = gs.th;
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = font.next_code(bytes, i);
            i += len;
            let w0 = font.width(code);
            let word_space = if font.is_word_space_code(code, len) {
                gs.tw
            } else {
                0.0
            };
            // Text rendering matrix: glyph space (scaled by size) -> display space.
            let tfm = [fs * th, 0.0, 0.0, fs * font.vscale, 0.0, gs.ts];
            let trm = mul(&mul(&tfm, tm), &gs.ctm);
            let (x, y) = (trm[4], trm[5]);
            let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let (ex, ey) = if font.vertical {
                (x - trm[2] / font.vscale, y - trm[3] / font.vscale)
            } else {
                (x + w0 * trm[0], y + w0 * trm[1])
            };
            if font.vertical {
                let ty = -w0.max(1.0) * fs + gs.tc + word_space;
                let ty = if w0 == 0.0 {
                    -fs + gs.tc + word_space
                } else {
                    ty
                };
                *tm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, ty], tm);
            } else {
                let tx = (w0 * fs + gs.tc + word_space) * th;
                *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
            }
            if !(size.is_finite() && x.is_finite() && y.is_finite()) || size < 0.1 {
                continue;
            }
            if self.glyphs.len() >= self.limits.max_glyphs_per_page {
                if !self.stopped {
                    self.stopped = true;
                    let max = self.limits.max_glyphs_per_page;
                    self.warn(format!(
                        "more than {max} glyphs; the rest of the page is skipped"
                    ));
                }
                return;
            }
            // Off the page (beyond a glyph's size of slack): not visible, and pdftotext drops it too.
            if x < -size || y < -size || x > self.width + size || y > self.height + size {
                continue;
            }
            // Outside the clipping box: not drawn. The glyph's centre tells (half its advance along, a third of its
            // size up), so a glyph whose bottom only grazes the box edge is not. A space still separates words
            // (a table cell's text may end in one just past the cell's edge).
            let clipped = gs.clip.is_some_and(|[cx0, cy0, cx1, cy1]| {
                let ulen = size.max(1e-6);
                let (ux, uy) = (trm[2] / ulen, trm[3] / ulen);
                let mx = (x + ex) / 2.0 + ux * size * 0.33;
                let my = (y + ey) / 2.0 + uy * size * 0.33;
                mx < cx0 - CLIP_SLACK
                    || mx > cx1 + CLIP_SLACK
                    || my < cy0 - CLIP_SLACK
                    || my > cy1 + CLIP_SLACK
            });
            let t0 = self.text.len() as u32;
            let mut space = false;
            match font.unicode(code) {
                Uni::None => {}
                Uni::Char(c) => space = push_char(&mut self.text, c),
                Uni::Pool(a, b) => {
                    for c in font.pool(a, b).chars() {
                        space |= push_char(&mut self.text, c);
                    }
                }
            }
            if clipped && !space {
                self.text.truncate(t0 as usize);
                continue;
            }
            let t1 = self.text.len() as u32;
            if t0 == t1 && !space {
                // Unmapped glyph: nothing to place.
                continue;
            }
            let ulen = size.max(1e-6);
            self.glyphs.push(Glyph {
                x,
                y,
                ex,
                ey,
                ux: trm[2] / ulen,
                uy: trm[3] / ulen,
                size,
                font: fidx,
                t0,
                t1,
                space,
            });
        }
    }
}

/// Appends `c` with ligatures expanded; returns whether it is white space (then nothing is appended).
#[inline]
fn push_char(out: &mut String, c: char) -> bool {
    match c {
        ' ' | '\u{a0}' | '\t' | '\u{2000}'..='\u{200a}' | '\u{3000}' => return true,
        '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{200b}' | '\u{feff}' => {}
        '\u{fb00}' => out.push_str("ff"),
        '\u{fb01}' => out.push_str("fi"),
        '\u{fb02}' => out.push_str("fl"),
        '\u{fb03}' => out.push_str("ffi"),
        '\u{fb04}' => out.push_str("ffl"),
        '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
        c => out.push(c),
    }
    false
}

#[cfg(test)]
mod tests {
    use lopdf::{dictionary, Object, Stream};

    /// The text of a one-page PDF (Helvetica as /F1) with this content stream.
    fn text_of(content: &str) -> String {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        });
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("save");
        let extracted = crate::extract(&bytes, &crate::Limits::default()).expect("extract");
        extracted.pages.iter().map(|p| p.text()).collect()
    }

    /// A filled disc of radius `r` centred on (`cx`, `cy`), drawn with four Bézier curves as browsers draw bullets.
    fn disc(cx: f32, cy: f32, r: f32) -> String {
        let k = 0.5523 * r;
        format!(
            "{} {cy} m {} {} {} {} {cx} {} c {} {} {} {} {} {cy} c {} {} {} {} {cx} {} c {} {} {} {} {} {cy} c f\n",
            cx + r,
            cx + r,
            cy + k,
            cx + k,
            cy + r,
            cy + r,
            cx - k,
            cy + r,
            cx - r,
            cy + k,
            cx - r,
            cx - r,
            cy - k,
            cx - k,
            cy - r,
            cy - r,
            cx + k,
            cy - r,
            cx + r,
            cy - k,
            cx + r,
        )
    }

    #[test]
    fn text_outside_its_clipping_path_is_not_read() {
        // A browser print: the running header in its own clip at the top, the page's content clipped below it; the
        // last line of the page before is drawn again above the content box, and only its descenders ("g") would
        // show, inside the header band.
        let t = text_of(
            "q 0 770 612 22 re W n BT /F1 8 Tf 20 775 Td (01/08/2025, 23:58 Handbook - GOV.UK) Tj ET Q \
             q 0 40 612 720 re W* n BT /F1 14 Tf 72 767 Td (setting general) Tj ET \
             BT /F1 14 Tf 72 740 Td (information such as staffing) Tj ET Q",
        );
        assert_eq!(
            t,
            "01/08/2025, 23:58 Handbook - GOV.UK\ninformation such as staffing\n"
        );
    }

    #[test]
    fn a_bullet_drawn_as_a_disc_is_a_bullet_and_a_logos_dots_are_not() {
        let mut content = String::new();
        // A logo: a cluster of dots with no text beside them.
        for (x, y) in [
            (30.0, 780.0),
            (36.0, 780.0),
            (42.0, 780.0),
            (33.0, 774.0),
            (39.0, 774.0),
        ] {
            content.push_str(&disc(x, y, 1.5));
        }
        content.push_str("BT /F1 14 Tf 50 700 Td (The purpose of the call is to:) Tj ET\n");
        for (k, item) in ["give the setting an opportunity", "explain the inspection"]
            .iter()
            .enumerate()
        {
            let y = 670.0 - 24.0 * k as f32;
            content.push_str(&disc(54.0, y + 3.75, 2.25));
            content.push_str(&format!("BT /F1 14 Tf 65 {y} Td ({item}) Tj ET\n"));
        }
        assert_eq!(
            text_of(&content),
            "The purpose of the call is to:\n• give the setting an opportunity\n• explain the inspection\n"
        );
        // On a page of more glyphs than are checked, discs stay drawings.
        let mut crowded = disc(56.0, 701.07, 0.8);
        let per_line = 200;
        for i in 0..super::MAX_GLYPHS_FOR_BULLETS / per_line + 1 {
            let y = 700.0 - 4.0 * i as f32;
            crowded.push_str(&format!(
                "BT /F1 4 Tf 60 {y} Td ({}) Tj ET\n",
                "x".repeat(per_line)
            ));
        }
        assert!(!text_of(&crowded).contains('•'));
        // The same disc on a page of ordinary length is a bullet.
        let ordinary = format!(
            "{}BT /F1 4 Tf 60 700 Td (xxxx) Tj ET\n",
            disc(56.0, 701.07, 0.8)
        );
        assert!(
            text_of(&ordinary).starts_with('•'),
            "{}",
            text_of(&ordinary)
        );
    }

    #[test]
    fn a_rotated_clip_bounds_its_whole_box() {
        // A box turned 45° holds the whole line; its two opposite corners alone would cut the line short.
        let (c, line) = (
            std::f32::consts::FRAC_1_SQRT_2,
            "alpha bravo charlie delta echo foxtrot golf",
        );
        let t = text_of(&format!(
            "q {c} {c} -{c} {c} 200 300 cm 0 0 300 150 re W n BT /F1 11 Tf 10 10 Td ({line}) Tj ET Q"
        ));
        let mut got: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        let mut want: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "{t}");
    }

    #[test]
    fn a_clip_too_large_for_f32_clips_nothing() {
        let huge = format!("1{}", "0".repeat(40));
        let t = text_of(&format!(
            "q 0 0 {huge} {huge} re W n BT /F1 11 Tf 72 700 Td (visible under a huge clip) Tj ET Q"
        ));
        assert_eq!(t, "visible under a huge clip\n");
    }
}
