//! Fonts as text extraction needs them: how to split a string into character codes, what Unicode text each code
//! stands for, and how far each glyph advances.

use std::collections::HashMap;
use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object};

use crate::lex::{Lexer, Operand};

/// Unicode for one character code: nothing, one char, or a range into the font's string pool (ligatures,
/// multi-char ToUnicode targets).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) enum Uni {
    #[default]
    None,
    Char(char),
    Pool(u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Simple,
    Type3,
    Cid,
}

/// Cap on ToUnicode/CMap entries per font, so a crafted `bfrange <0000> <FFFFFFFF>` cannot exhaust memory.
const MAX_CMAP_ENTRIES: usize = 1 << 18;

#[derive(Debug)]
pub(crate) struct Font {
    kind: Kind,
    /// Code lengths for CID fonts (from the encoding CMap's codespace ranges); empty means 2-byte codes.
    codespace: Vec<(u8, u32, u32)>,
    /// Simple fonts: Unicode per byte code.
    simple_uni: Vec<Uni>,
    /// Simple fonts: advance per byte code, in text space units (already divided by 1000).
    simple_w: Vec<f32>,
    /// CID fonts: Unicode per code (from ToUnicode).
    cid_uni: HashMap<u32, Uni>,
    /// CID fonts: advance per CID in text space units.
    cid_w: HashMap<u32, f32>,
    /// CID fonts: embedded (non-identity) encoding CMap, code -> CID.
    code_to_cid: Option<HashMap<u32, u32>>,
    default_w: f32,
    pool: String,
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    pub(crate) vertical: bool,
    /// Whether any code maps to Unicode at all (false: e.g. Identity-H without ToUnicode).
    pub(crate) has_unicode: bool,
    pub(crate) name: String,
    /// Type3 fonts: how much taller than 1 text-space unit per point the glyph space is (from /FontMatrix).
    pub(crate) vscale: f32,
}

impl Font {
    /// Splits the next character code off `bytes` at `i`: `(code, byte length)`.
    #[inline]
    pub(crate) fn next_code(&self, bytes: &[u8], i: usize) -> (u32, usize) {
        let b0 = u32::from(bytes[i]);
        if self.kind != Kind::Cid {
            return (b0, 1);
        }
        if self.codespace.is_empty() {
            return match bytes.get(i + 1) {
                Some(&b1) => (b0 << 8 | u32::from(b1), 2),
                None => (b0, 1),
            };
        }
        let mut code = 0u32;
        for len in 1..=4usize {
            let Some(&b) = bytes.get(i + len - 1) else {
                break;
            };
            code = code << 8 | u32::from(b);
            if self
                .codespace
                .iter()
                .any(|&(l, lo, hi)| usize::from(l) == len && code >= lo && code <= hi)
            {
                return (code, len);
            }
        }
        // Not in any codespace range: take the shortest declared length (PDF 32000, 9.7.6.3).
        let len = self
            .codespace
            .iter()
            .map(|c| usize::from(c.0))
            .min()
            .unwrap_or(1)
            .clamp(1, 4);
        let mut code = 0u32;
        let mut n = 0;
        for k in 0..len {
            let Some(&b) = bytes.get(i + k) else { break };
            code = code << 8 | u32::from(b);
            n += 1;
        }
        (code, n.max(1))
    }

    #[inline]
    pub(crate) fn unicode(&self, code: u32) -> Uni {
        match self.kind {
            Kind::Cid => self.cid_uni.get(&code).copied().unwrap_or_default(),
            _ => self
                .simple_uni
                .get(code as usize)
                .copied()
                .unwrap_or_default(),
        }
    }

    pub(crate) fn pool(&self, a: u32, b: u32) -> &str {
        self.pool.get(a as usize..b as usize).unwrap_or("")
    }

    /// Advance of the glyph for `code` in text space units (horizontal for horizontal fonts).
    #[inline]
    pub(crate) fn width(&self, code: u32) -> f32 {
        match self.kind {
            Kind::Cid => {
                let cid = match &self.code_to_cid {
                    Some(m) => m.get(&code).copied().unwrap_or(code),
                    None => code,
                };
                self.cid_w.get(&cid).copied().unwrap_or(self.default_w)
            }
            _ => self
                .simple_w
                .get(code as usize)
                .copied()
                .unwrap_or(self.default_w),
        }
    }

    /// Whether `code` is the single-byte code 32, to which word spacing (`Tw`) applies.
    #[inline]
    pub(crate) fn is_word_space_code(&self, code: u32, len: usize) -> bool {
        code == 32 && len == 1
    }

    /// A font we know nothing about (missing from resources): Latin-1 bytes, half-em advances.
    pub(crate) fn fallback() -> Font {
        let mut simple_uni = vec![Uni::None; 256];
        let table = base_table(b"WinAnsiEncoding");
        for (i, c) in table.iter().enumerate() {
            if let Some(c) = c {
                simple_uni[i] = Uni::Char(*c);
            }
        }
        Font {
            kind: Kind::Simple,
            codespace: Vec::new(),
            simple_uni,
            simple_w: vec![0.5; 256],
            cid_uni: HashMap::new(),
            cid_w: HashMap::new(),
            code_to_cid: None,
            default_w: 0.5,
            pool: String::new(),
            bold: false,
            italic: false,
            vertical: false,
            has_unicode: true,
            name: String::from("(missing)"),
            vscale: 1.0,
        }
    }

    /// Reads a font dictionary. Never fails: what cannot be read falls back to defaults, and `warn` hears of it.
    pub(crate) fn load(
        doc: &Document,
        dict: &Dictionary,
        max_stream: usize,
        warn: &mut dyn FnMut(String),
    ) -> Font {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let kind = match subtype {
            b"Type0" => Kind::Cid,
            b"Type3" => Kind::Type3,
            _ => Kind::Simple,
        };
        let base_font = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let name = String::from_utf8_lossy(base_font).into_owned();
        let mut font = Font {
            kind,
            codespace: Vec::new(),
            simple_uni: Vec::new(),
            simple_w: Vec::new(),
            cid_uni: HashMap::new(),
            cid_w: HashMap::new(),
            code_to_cid: None,
            default_w: 0.5,
            pool: String::new(),
            bold: false,
            italic: false,
            vertical: false,
            has_unicode: false,
            name,
            vscale: 1.0,
        };

        // The descendant font carries the descriptor and widths of a Type0 font.
        let descendant = if kind == Kind::Cid {
            dict.get(b"DescendantFonts")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok())
        } else {
            None
        };
        let descriptor = descendant
            .unwrap_or(dict)
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        font.style(descriptor);

        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| match s.get_plain_content_with_limit(max_stream) {
                Ok(data) => Some(data),
                Err(e) => {
                    warn(format!(
                        "font {}: unreadable ToUnicode CMap ({e})",
                        font.name
                    ));
                    None
                }
            })
            .map(|data| parse_cmap(&data));

        match kind {
            Kind::Cid => font.load_cid(doc, dict, descendant, to_unicode, max_stream),
            _ => font.load_simple(doc, dict, descriptor, to_unicode),
        }
        if !font.has_unicode {
            warn(format!(
                "font {}: no Unicode mapping (no ToUnicode CMap); its text is dropped",
                font.name
            ));
        }
        font
    }

    fn style(&mut self, descriptor: Option<&Dictionary>) {
        // Subset prefix "ABCDEF+" is irrelevant; style words follow the family name.
        let style = self
            .name
            .rsplit('+')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let suffix = style.split_once(['-', ',']).map_or("", |(_, s)| s);
        self.bold = ["bold", "black", "heavy", "semibold", "demi"]
            .iter()
            .any(|w| style.contains(w));
        self.italic = style.contains("italic")
            || style.contains("oblique")
            || suffix.ends_with("it")
            || suffix.ends_with("itmt")
            || suffix == "ital";
        if let Some(d) = descriptor {
            let flags = d.get(b"Flags").and_then(Object::as_i64).unwrap_or(0);
            if flags & (1 << 18) != 0 {
                self.bold = true;
            }
            if flags & (1 << 6) != 0 {
                self.italic = true;
            }
            if d.get(b"FontWeight")
                .ok()
                .and_then(|o| o.as_float().ok())
                .is_some_and(|w| w >= 600.0)
            {
                self.bold = true;
            }
        }
    }

    fn push_pool(&mut self, s: &str) -> Uni {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (None, _) => Uni::None,
            (Some(c), None) => Uni::Char(c),
            _ => {
                let a = self.pool.len() as u32;
                self.pool.push_str(s);
                Uni::Pool(a, self.pool.len() as u32)
            }
        }
    }

    fn load_simple(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
        descriptor: Option<&Dictionary>,
        to_unicode: Option<CMap>,
    ) {
        // Encoding: a base table, then /Differences glyph names on top.
        let symbolic = descriptor
            .and_then(|d| d.get(b"Flags").and_then(Object::as_i64).ok())
            .is_some_and(|f| f & 4 != 0 && f & 32 == 0);
        let default_base: &[u8] = if self.kind == Kind::Simple
            && dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"TrueType")
        {
            b"WinAnsiEncoding"
        } else {
            b"StandardEncoding"
        };
        let mut base_name: &[u8] = default_base;
        let mut differences: Option<&Vec<Object>> = None;
        match dict.get(b"Encoding").ok().and_then(|o| deref(doc, o)) {
            Some(Object::Name(n)) => base_name = n,
            Some(Object::Dictionary(d)) => {
                if let Ok(n) = d.get(b"BaseEncoding").and_then(Object::as_name) {
                    base_name = n;
                }
                differences = d
                    .get(b"Differences")
                    .ok()
                    .and_then(|o| deref(doc, o))
                    .and_then(|o| o.as_array().ok());
            }
            _ => {}
        }
        let table = base_table(base_name);
        let mut uni = vec![Uni::None; 256];
        // A symbolic font's codes are not in any standard encoding; only map them when ToUnicode/Differences
        // say nothing (better than dropping the text, and matches what pdftotext does).
        for (i, c) in table.iter().enumerate() {
            if let Some(c) = c {
                uni[i] = Uni::Char(*c);
            }
        }
        let _ = symbolic;
        if let Some(diffs) = differences {
            let mut code: usize = 0;
            for item in diffs.iter().take(4096) {
                match item {
                    Object::Integer(n) => code = (*n).clamp(0, 1 << 16) as usize,
                    Object::Real(n) => code = (*n as i64).clamp(0, 1 << 16) as usize,
                    Object::Name(glyph) => {
                        if code < 256 {
                            // An unknown glyph name keeps the base encoding's character for the code, as poppler
                            // does (pdf.js's simpletype3font names codes 97, 98 /square /triangle; pdftotext reads
                            // "ababab", we read "a△a△a△" because lopdf's glyph list knows "triangle").
                            if let Some(s) = glyph_unicode(doc, glyph) {
                                uni[code] = self.push_pool(&s);
                            }
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        if let Some(cmap) = to_unicode {
            for (code, s) in cmap.bf {
                if (code as usize) < 256 {
                    let u = self.push_pool(&s);
                    if u != Uni::None {
                        uni[code as usize] = u;
                    }
                }
            }
        }
        self.has_unicode = uni.iter().any(|u| *u != Uni::None);
        self.simple_uni = uni;

        // Widths.
        let scale = if self.kind == Kind::Type3 {
            dict.get(b"FontMatrix")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| num(doc, o))
                .filter(|v| v.is_finite() && *v != 0.0)
                .map_or(0.001, |v| v.abs())
        } else {
            0.001
        };
        if self.kind == Kind::Type3 {
            self.vscale = (scale * 1000.0).clamp(0.01, 100.0);
        }
        let scale = if self.kind == Kind::Type3 {
            scale
        } else {
            0.001
        };
        let missing = descriptor
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(|o| num(doc, o))
            .unwrap_or(0.0);
        let widths = dict
            .get(b"Widths")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok());
        let first = dict
            .get(b"FirstChar")
            .ok()
            .and_then(|o| num(doc, o))
            .unwrap_or(0.0)
            .max(0.0) as usize;
        if let Some(widths) = widths.filter(|w| !w.is_empty()) {
            let mut w = vec![missing * scale; 256];
            for (i, o) in widths.iter().enumerate() {
                let code = first + i;
                if code >= 256 {
                    break;
                }
                w[code] = num(doc, o).unwrap_or(missing) * scale;
            }
            self.default_w = missing * scale;
            self.simple_w = w;
        } else {
            // Standard-14 fonts may omit /Widths: use the built-in metrics of the family (see std_width).
            let family = StdFamily::of(&self.name);
            let mut w = vec![0.0; 256];
            for (code, slot) in w.iter_mut().enumerate() {
                let c = match self.simple_uni[code] {
                    Uni::Char(c) => c,
                    _ => '\u{0}',
                };
                *slot = std_width(family, c);
            }
            self.default_w = std_width(family, '\u{0}');
            self.simple_w = w;
        }
    }

    fn load_cid(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
        descendant: Option<&Dictionary>,
        to_unicode: Option<CMap>,
        max_stream: usize,
    ) {
        match dict.get(b"Encoding").ok().and_then(|o| deref(doc, o)) {
            Some(Object::Name(n)) => {
                self.vertical = n.ends_with(b"-V");
            }
            Some(Object::Stream(s)) => {
                if let Ok(data) = s.get_plain_content_with_limit(max_stream) {
                    let cmap = parse_cmap(&data);
                    self.codespace = cmap.codespace;
                    if !cmap.cid.is_empty() {
                        self.code_to_cid = Some(cmap.cid);
                    }
                }
                self.vertical = s.dict.get(b"WMode").and_then(Object::as_i64).unwrap_or(0) == 1;
            }
            _ => {}
        }
        if let Some(cmap) = to_unicode {
            if self.codespace.is_empty() && !cmap.codespace.is_empty() {
                // Some producers use 1-byte codes with Identity-like encodings; trust the ToUnicode codespace
                // only when it is all one-byte (the common two-byte case is the default anyway).
                if cmap.codespace.iter().all(|c| c.0 == 1) {
                    self.codespace = cmap.codespace.clone();
                }
            }
            for (code, s) in cmap.bf {
                let u = self.push_pool(&s);
                if u != Uni::None {
                    self.cid_uni.insert(code, u);
                }
            }
        }
        if self.cid_uni.is_empty() {
            self.unicode_from_truetype(doc, descendant, max_stream);
        }
        self.has_unicode = !self.cid_uni.is_empty();

        self.default_w = 1.0;
        if let Some(d) = descendant {
            if let Some(dw) = d.get(b"DW").ok().and_then(|o| num(doc, o)) {
                self.default_w = dw * 0.001;
            }
            if let Some(w) = d
                .get(b"W")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
            {
                let mut i = 0;
                while i < w.len() && self.cid_w.len() < MAX_CMAP_ENTRIES {
                    let Some(first) = num(doc, &w[i]) else {
                        i += 1;
                        continue;
                    };
                    let first = first.max(0.0) as u32;
                    match w.get(i + 1).and_then(|o| deref(doc, o)) {
                        Some(Object::Array(ws)) => {
                            for (k, o) in ws.iter().enumerate() {
                                if let Some(v) = num(doc, o) {
                                    self.cid_w.insert(first.saturating_add(k as u32), v * 0.001);
                                }
                            }
                            i += 2;
                        }
                        Some(o) => {
                            let last = num(doc, o).unwrap_or(0.0).max(0.0) as u32;
                            let v = w
                                .get(i + 2)
                                .and_then(|o| num(doc, o))
                                .unwrap_or(self.default_w * 1000.0);
                            let last = last.min(first.saturating_add(65535));
                            for cid in first..=last {
                                self.cid_w.insert(cid, v * 0.001);
                            }
                            i += 3;
                        }
                        None => break,
                    }
                }
            }
        }
    }
}

impl Font {
    /// No ToUnicode: an embedded TrueType font (FontFile2) still says which Unicode character each glyph is for in
    /// its `cmap` table, and CID -> glyph is `/CIDToGIDMap` (identity by default). Reversing that recovers the text
    /// of e.g. pdfminer's issue-625 Polish invoice, as poppler does.
    fn unicode_from_truetype(
        &mut self,
        doc: &Document,
        descendant: Option<&Dictionary>,
        max_stream: usize,
    ) {
        let Some(d) = descendant else { return };
        let Some(file) = d
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|fd| fd.get(b"FontFile2").ok())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| s.get_plain_content_with_limit(max_stream).ok())
        else {
            return;
        };
        let Some(gid_to_char) = truetype_cmap(&file) else {
            return;
        };
        let cid_to_gid = match d.get(b"CIDToGIDMap").ok().and_then(|o| deref(doc, o)) {
            Some(Object::Stream(s)) => s.get_plain_content_with_limit(max_stream).ok(),
            _ => None,
        };
        let gid_of = |cid: u32| -> u32 {
            match &cid_to_gid {
                Some(map) => {
                    let i = cid as usize * 2;
                    map.get(i..i + 2)
                        .map_or(0, |b| u32::from(u16::from_be_bytes([b[0], b[1]])))
                }
                None => cid,
            }
        };
        // Codes are CIDs under Identity-H/V, which is the only case this handles.
        if self.code_to_cid.is_some() {
            return;
        }
        let max_cid = match &cid_to_gid {
            Some(map) => map.len() / 2,
            None => gid_to_char.keys().max().map_or(0, |&g| g as usize + 1),
        };
        for cid in 0..max_cid.min(65536) as u32 {
            if let Some(&c) = gid_to_char.get(&gid_of(cid)) {
                self.cid_uni.insert(cid, Uni::Char(c));
            }
        }
    }
}

/// Reads a TrueType font's `cmap` (Windows Unicode, format 4 or 12) and returns glyph id -> character.
fn truetype_cmap(font: &[u8]) -> Option<HashMap<u32, char>> {
    let u16_at = |o: usize| font.get(o..o + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let u32_at = |o: usize| {
        font.get(o..o + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let num_tables = usize::from(u16_at(4)?);
    let mut cmap = None;
    for t in 0..num_tables.min(256) {
        let rec = 12 + t * 16;
        if font.get(rec..rec + 4)? == b"cmap" {
            cmap = Some(u32_at(rec + 8)? as usize);
        }
    }
    let cmap = cmap?;
    let n = usize::from(u16_at(cmap + 2)?);
    let mut best: Option<(u8, usize)> = None;
    for k in 0..n.min(64) {
        let rec = cmap + 4 + k * 8;
        let (pid, eid) = (u16_at(rec)?, u16_at(rec + 2)?);
        let off = cmap + u32_at(rec + 4)? as usize;
        let rank = match (pid, eid) {
            (3, 10) => 3,
            (3, 1) => 2,
            (0, _) => 1,
            (3, 0) => 0,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, off));
        }
    }
    let (rank, sub) = best?;
    let mut out: HashMap<u32, char> = HashMap::new();
    let add = |c: u32, gid: u32, out: &mut HashMap<u32, char>| {
        // A symbol cmap (3,0) puts its codes at U+F0xx; the low byte is the Latin-1 character.
        let c = if rank == 0 && (0xf000..=0xf0ff).contains(&c) {
            c - 0xf000
        } else {
            c
        };
        if gid != 0 && c >= 0x20 && out.len() < MAX_CMAP_ENTRIES {
            if let Some(ch) = char::from_u32(c) {
                out.entry(gid).or_insert(ch);
            }
        }
    };
    match u16_at(sub)? {
        4 => {
            let seg_count = usize::from(u16_at(sub + 6)? / 2);
            let ends = sub + 14;
            let starts = ends + seg_count * 2 + 2;
            let deltas = starts + seg_count * 2;
            let ranges = deltas + seg_count * 2;
            for s in 0..seg_count {
                let (end, start) = (
                    u32::from(u16_at(ends + s * 2)?),
                    u32::from(u16_at(starts + s * 2)?),
                );
                let delta = u32::from(u16_at(deltas + s * 2)?);
                let range = usize::from(u16_at(ranges + s * 2)?);
                for c in start..=end.min(0xfffe) {
                    let gid = if range == 0 {
                        (c + delta) & 0xffff
                    } else {
                        let at = ranges + s * 2 + range + 2 * (c - start) as usize;
                        match u16_at(at) {
                            Some(0) | None => 0,
                            Some(g) => (u32::from(g) + delta) & 0xffff,
                        }
                    };
                    add(c, gid, &mut out);
                }
            }
        }
        12 => {
            let groups = u32_at(sub + 12)? as usize;
            for g in 0..groups.min(1 << 16) {
                let rec = sub + 16 + g * 12;
                let (start, end, gid) = (u32_at(rec)?, u32_at(rec + 4)?, u32_at(rec + 8)?);
                for c in start..=end.min(start.saturating_add(65535)) {
                    add(c, gid + (c - start), &mut out);
                }
            }
        }
        _ => return None,
    }
    (!out.is_empty()).then_some(out)
}

pub(crate) fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc
            .dereference(o)
            .ok()
            .map(|r| r.1)
            .filter(|r| !matches!(r, Object::Reference(x) if x == id)),
        _ => Some(o),
    }
}

pub(crate) fn num(doc: &Document, o: &Object) -> Option<f32> {
    match deref(doc, o)? {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// A base encoding as 256 optional chars, read once from lopdf's tables (which include the full glyph list).
fn base_table(name: &[u8]) -> &'static [Option<char>; 256] {
    static STD: OnceLock<[Option<char>; 256]> = OnceLock::new();
    static WIN: OnceLock<[Option<char>; 256]> = OnceLock::new();
    static MAC: OnceLock<[Option<char>; 256]> = OnceLock::new();
    static PDFDOC: OnceLock<[Option<char>; 256]> = OnceLock::new();
    let (cell, lopdf_name): (&OnceLock<_>, &[u8]) = match name {
        b"WinAnsiEncoding" => (&WIN, b"WinAnsiEncoding"),
        b"MacRomanEncoding" => (&MAC, b"MacRomanEncoding"),
        b"PDFDocEncoding" => (&PDFDOC, b"PDFDocEncoding"),
        _ => (&STD, b"StandardEncoding"),
    };
    cell.get_or_init(|| {
        let mut table = [None; 256];
        let doc = Document::new();
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Font".to_vec()));
        d.set("Encoding", Object::Name(lopdf_name.to_vec()));
        if let Ok(enc) = d.get_font_encoding(&doc) {
            for (b, slot) in table.iter_mut().enumerate() {
                if let Ok(s) = Document::decode_text(&enc, &[b as u8]) {
                    let mut cs = s.chars();
                    if let (Some(c), None) = (cs.next(), cs.next()) {
                        *slot = Some(c);
                    }
                }
            }
        }
        // Tab/newline etc. are never glyphs.
        for slot in table.iter_mut().take(32) {
            *slot = None;
        }
        table
    })
}

/// Unicode for an Adobe glyph name: `uniXXXX…`, `uXXXX[XX]`, ligature names joined by `_`, suffixes after `.`
/// dropped (`a.sc` is `a`), and otherwise the Adobe Glyph List as lopdf knows it.
pub(crate) fn glyph_unicode(doc: &Document, name: &[u8]) -> Option<String> {
    let name = name.split(|&b| b == b'.').next().unwrap_or(name);
    if name.is_empty() {
        return None;
    }
    if name.contains(&b'_') {
        let mut out = String::new();
        for part in name.split(|&b| b == b'_') {
            out.push_str(&glyph_unicode(doc, part)?);
        }
        return Some(out);
    }
    let hex = |s: &[u8]| {
        std::str::from_utf8(s)
            .ok()
            .and_then(|s| u32::from_str_radix(s, 16).ok())
    };
    if let Some(rest) = name.strip_prefix(b"uni") {
        if rest.len() >= 4 && rest.len() % 4 == 0 && rest.iter().all(u8::is_ascii_hexdigit) {
            let units: Vec<u16> = rest
                .chunks(4)
                .filter_map(|c| hex(c).map(|v| v as u16))
                .collect();
            return Some(String::from_utf16_lossy(&units));
        }
    }
    if let Some(rest) = name.strip_prefix(b"u") {
        if (4..=6).contains(&rest.len()) && rest.iter().all(u8::is_ascii_hexdigit) {
            return hex(rest).and_then(char::from_u32).map(String::from);
        }
    }
    // Ligatures not always in lopdf's list.
    match name {
        b"ff" => return Some("ff".into()),
        b"fi" => return Some("fi".into()),
        b"fl" => return Some("fl".into()),
        b"ffi" => return Some("ffi".into()),
        b"ffl" => return Some("ffl".into()),
        _ => {}
    }
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Font".to_vec()));
    let mut enc = Dictionary::new();
    enc.set(
        "Differences",
        Object::Array(vec![Object::Integer(65), Object::Name(name.to_vec())]),
    );
    d.set("Encoding", Object::Dictionary(enc));
    if let Ok(lopdf::Encoding::Differences(diff)) = d.get_font_encoding(doc) {
        if let Some(g) = diff.map.get(&65) {
            return char::decode_utf16([g.utf16_code_unit()])
                .next()
                .and_then(Result::ok)
                .map(String::from);
        }
    }
    None
}

/// A parsed CMap: codespace ranges, code -> Unicode (bf) and code -> CID (cid) mappings.
#[derive(Debug, Default)]
pub(crate) struct CMap {
    pub(crate) codespace: Vec<(u8, u32, u32)>,
    pub(crate) bf: Vec<(u32, String)>,
    pub(crate) cid: HashMap<u32, u32>,
}

fn be(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |a, &b| a << 8 | u32::from(b))
}

fn utf16(bytes: &[u8]) -> String {
    if bytes.len() % 2 == 1 {
        // Not UTF-16: some producers write single bytes.
        return bytes.iter().map(|&b| char::from(b)).collect();
    }
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Parses a CMap (ToUnicode or embedded encoding) with the content-stream lexer: every section ends in an
/// `end…` keyword whose operands are the section's entries.
pub(crate) fn parse_cmap(data: &[u8]) -> CMap {
    let mut cmap = CMap::default();
    let mut lx = Lexer::new(data);
    let mut budget = MAX_CMAP_ENTRIES;
    while let Some(op) = lx.next_op() {
        let ops = &lx.operands;
        match op {
            b"endcodespacerange" => {
                for pair in ops.chunks(2) {
                    if let [Operand::Str(a, b), Operand::Str(c, d)] = pair {
                        let lo = lx.string(*a, *b);
                        let hi = lx.string(*c, *d);
                        if !lo.is_empty() && lo.len() <= 4 {
                            cmap.codespace.push((lo.len() as u8, be(lo), be(hi)));
                        }
                    }
                }
            }
            b"endbfchar" => {
                for pair in ops.chunks(2) {
                    if let [Operand::Str(a, b), Operand::Str(c, d)] = pair {
                        if budget == 0 {
                            break;
                        }
                        budget -= 1;
                        cmap.bf
                            .push((be(lx.string(*a, *b)), utf16(lx.string(*c, *d))));
                    }
                }
            }
            b"endbfrange" => {
                let mut i = 0;
                while i + 2 < ops.len() && budget > 0 {
                    let (Operand::Str(a, b), Operand::Str(c, d)) = (ops[i], ops[i + 1]) else {
                        i += 1;
                        continue;
                    };
                    let lo = be(lx.string(a, b));
                    let hi = be(lx.string(c, d)).max(lo);
                    let hi = hi
                        .min(lo.saturating_add(budget as u32 - 1))
                        .min(lo.saturating_add(65535));
                    match ops[i + 2] {
                        Operand::Str(e, f) => {
                            let dst = lx.string(e, f);
                            let mut units: Vec<u16> = if dst.len() & 1 == 0 && !dst.is_empty() {
                                dst.chunks(2)
                                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                                    .collect()
                            } else {
                                vec![be(dst) as u16]
                            };
                            for code in lo..=hi {
                                cmap.bf.push((code, String::from_utf16_lossy(&units)));
                                budget = budget.saturating_sub(1);
                                if let Some(last) = units.last_mut() {
                                    *last = last.wrapping_add(1);
                                }
                            }
                            i += 3;
                        }
                        Operand::ArrayOpen => {
                            let mut j = i + 3;
                            let mut code = lo;
                            while j < ops.len() && ops[j] != Operand::ArrayClose {
                                if let Operand::Str(e, f) = ops[j] {
                                    if code <= hi {
                                        cmap.bf.push((code, utf16(lx.string(e, f))));
                                        budget = budget.saturating_sub(1);
                                    }
                                    code = code.saturating_add(1);
                                }
                                j += 1;
                            }
                            i = j + 1;
                        }
                        _ => i += 3,
                    }
                }
            }
            b"endcidchar" => {
                for pair in ops.chunks(2) {
                    if let [Operand::Str(a, b), Operand::Num(n)] = pair {
                        if cmap.cid.len() < MAX_CMAP_ENTRIES {
                            cmap.cid.insert(be(lx.string(*a, *b)), n.max(0.0) as u32);
                        }
                    }
                }
            }
            b"endcidrange" => {
                for tri in ops.chunks(3) {
                    if let [Operand::Str(a, b), Operand::Str(c, d), Operand::Num(n)] = tri {
                        let lo = be(lx.string(*a, *b));
                        let hi = be(lx.string(*c, *d)).max(lo).min(lo.saturating_add(65535));
                        let base = n.max(0.0) as u32;
                        for code in lo..=hi {
                            if cmap.cid.len() >= MAX_CMAP_ENTRIES {
                                break;
                            }
                            cmap.cid.insert(code, base.saturating_add(code - lo));
                        }
                    }
                }
            }
            _ => {}
        }
        lx.clear();
    }
    cmap
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum StdFamily {
    Helvetica,
    Times,
    Courier,
    Other,
}

impl StdFamily {
    fn of(name: &str) -> StdFamily {
        let n = name.rsplit('+').next().unwrap_or("").to_ascii_lowercase();
        if n.starts_with("helvetica") || n.starts_with("arial") {
            StdFamily::Helvetica
        } else if n.starts_with("times") {
            StdFamily::Times
        } else if n.starts_with("courier") {
            StdFamily::Courier
        } else {
            StdFamily::Other
        }
    }
}

/// Approximate advance (em) of `c` in a standard-14 family, from the Adobe AFM metrics of the *regular* weights
/// for printable ASCII (bold and italic differ by a few percent, which only matters for word-gap detection at the
/// margin). Non-ASCII characters get the family's typical lowercase width. Only used when a font has no /Widths.
fn std_width(family: StdFamily, c: char) -> f32 {
    // Printable ASCII 32..=126.
    const HELV: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
        556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
        722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
        667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
        556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
        500, 334, 260, 334, 584,
    ];
    const TIMES: [u16; 95] = [
        250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500,
        500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667,
        722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722,
        722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500,
        500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500,
        444, 480, 200, 480, 541,
    ];
    let idx = (c as u32).wrapping_sub(32) as usize;
    match family {
        StdFamily::Courier => 0.6,
        StdFamily::Times => TIMES.get(idx).map_or(0.5, |&w| f32::from(w) / 1000.0),
        StdFamily::Helvetica | StdFamily::Other => {
            HELV.get(idx).map_or(0.556, |&w| f32::from(w) / 1000.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bfchar_bfrange_and_codespace() {
        let cmap = parse_cmap(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0011> <FB01> endbfchar\n\
              2 beginbfrange <0024> <0026> <0041> <0030> <0031> [<0066006C> <00E9>] endbfrange\n\
              endcmap",
        );
        assert_eq!(cmap.codespace, vec![(2, 0, 0xffff)]);
        let m: HashMap<u32, String> = cmap.bf.into_iter().collect();
        assert_eq!(m[&3], " ");
        assert_eq!(m[&0x11], "\u{fb01}");
        assert_eq!(m[&0x24], "A");
        assert_eq!(m[&0x26], "C");
        assert_eq!(m[&0x30], "fl");
        assert_eq!(m[&0x31], "é");
    }

    #[test]
    fn glyph_names() {
        let doc = Document::new();
        assert_eq!(glyph_unicode(&doc, b"A").as_deref(), Some("A"));
        assert_eq!(glyph_unicode(&doc, b"fi").as_deref(), Some("fi"));
        assert_eq!(glyph_unicode(&doc, b"uni2019").as_deref(), Some("\u{2019}"));
        assert_eq!(
            glyph_unicode(&doc, b"quotedblleft").as_deref(),
            Some("\u{201c}")
        );
        assert_eq!(glyph_unicode(&doc, b"endash").as_deref(), Some("\u{2013}"));
        assert_eq!(glyph_unicode(&doc, b"bullet").as_deref(), Some("\u{2022}"));
        assert_eq!(glyph_unicode(&doc, b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_unicode(&doc, b"f_f_i").as_deref(), Some("ffi"));
        assert_eq!(glyph_unicode(&doc, b"g123"), None);
    }

    #[test]
    fn win_ansi_table() {
        let t = base_table(b"WinAnsiEncoding");
        assert_eq!(t[b'A' as usize], Some('A'));
        assert_eq!(t[0x93], Some('\u{201c}'));
        assert_eq!(t[0x96], Some('\u{2013}'));
        assert_eq!(t[0xe9], Some('é'));
        let s = base_table(b"StandardEncoding");
        assert_eq!(s[0x27], Some('\u{2019}'));
    }
}
