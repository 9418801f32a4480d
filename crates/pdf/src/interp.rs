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
