//! A small, allocation-light tokenizer for content streams.
//!
//! lopdf's `Content::decode` builds a `Vec<Operation>` of owned `Object`s for the whole stream; text extraction
//! only needs a handful of operators, so this lexer walks the bytes once, keeps operands on a reusable stack and
//! hands each operator to a callback. It never recurses (array/dictionary nesting is flattened into markers), so
//! hostile nesting cannot overflow the stack, and it always makes progress, so it terminates on any input.

/// One operand on the stack. Strings live in the lexer's shared buffer (`Lexer::strings`), names in the source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Operand {
    Num(f32),
    /// A name without its slash: byte range into the source.
    Name(u32, u32),
    /// A string (literal or hex), decoded: byte range into `Lexer::strings`.
    Str(u32, u32),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// `true`, `false`, `null` and anything else we do not care about.
    Other,
}

/// At most this many operands are kept for one operator; more are dropped (real content never gets close).
const MAX_OPERANDS: usize = 4096;

pub(crate) struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    pub(crate) operands: Vec<Operand>,
    pub(crate) strings: Vec<u8>,
}

#[inline]
fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

#[inline]
fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

#[inline]
fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(src: &'a [u8]) -> Self {
        Lexer {
            src,
            pos: 0,
            operands: Vec::with_capacity(16),
            strings: Vec::with_capacity(256),
        }
    }

    pub(crate) fn name(&self, start: u32, end: u32) -> &'a [u8] {
        self.src.get(start as usize..end as usize).unwrap_or(&[])
    }

    pub(crate) fn string(&self, start: u32, end: u32) -> &[u8] {
        self.strings
            .get(start as usize..end as usize)
            .unwrap_or(&[])
    }

    fn push(&mut self, op: Operand) {
        if self.operands.len() < MAX_OPERANDS {
            self.operands.push(op);
        }
    }

    /// Advances to the next operator and returns it (operands are in `self.operands`), or `None` at the end.
    /// The caller must call [`Lexer::clear`] after handling the operator.
    pub(crate) fn next_op(&mut self) -> Option<&'a [u8]> {
        let src = self.src;
        let len = src.len();
        loop {
            // Skip whitespace and comments.
            while self.pos < len {
                let b = src[self.pos];
                if is_white(b) {
                    self.pos += 1;
                } else if b == b'%' {
                    while self.pos < len && src[self.pos] != b'\n' && src[self.pos] != b'\r' {
                        self.pos += 1;
                    }
                } else {
                    break;
                }
            }
            if self.pos >= len {
                return None;
            }
            let b = src[self.pos];
            match b {
                b'(' => {
                    let s = self.read_literal();
                    self.push(s);
                }
                b'<' => {
                    if src.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        self.push(Operand::DictOpen);
                    } else {
                        let s = self.read_hex();
                        self.push(s);
                    }
                }
                b'>' => {
                    self.pos += if src.get(self.pos + 1) == Some(&b'>') {
                        2
                    } else {
                        1
                    };
                    self.push(Operand::DictClose);
                }
                b'[' => {
                    self.pos += 1;
                    self.push(Operand::ArrayOpen);
                }
                b']' => {
                    self.pos += 1;
                    self.push(Operand::ArrayClose);
                }
                b'{' | b'}' | b')' => {
                    self.pos += 1;
                }
                b'/' => {
                    self.pos += 1;
                    let start = self.pos;
                    while self.pos < len && !is_white(src[self.pos]) && !is_delim(src[self.pos]) {
                        self.pos += 1;
                    }
                    self.push(Operand::Name(start as u32, self.pos as u32));
                }
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    let n = self.read_number();
                    self.push(n);
                }
                _ => {
                    let start = self.pos;
                    while self.pos < len && !is_white(src[self.pos]) && !is_delim(src[self.pos]) {
                        self.pos += 1;
                    }
                    if self.pos == start {
                        // A stray byte that is neither: skip it so we always make progress.
                        self.pos += 1;
                        continue;
                    }
                    let word = &src[start..self.pos];
                    match word {
                        b"true" | b"false" | b"null" => self.push(Operand::Other),
                        b"ID" => {
                            self.skip_inline_image();
                            return Some(b"EI");
                        }
                        _ => return Some(word),
                    }
                }
            }
        }
    }

    pub(crate) fn clear(&mut self) {
        self.operands.clear();
        // Strings are only referenced by current operands.
        self.strings.clear();
    }

    fn read_number(&mut self) -> Operand {
        let src = self.src;
        let start = self.pos;
        let mut neg = false;
        let mut any = false;
        if matches!(src[self.pos], b'+' | b'-') {
            neg = src[self.pos] == b'-';
            self.pos += 1;
        }
        let mut int: f64 = 0.0;
        while self.pos < src.len() && src[self.pos].is_ascii_digit() {
            int = int * 10.0 + f64::from(src[self.pos] - b'0');
            self.pos += 1;
            any = true;
        }
        if self.pos < src.len() && src[self.pos] == b'.' {
            self.pos += 1;
            let mut scale = 0.1;
            while self.pos < src.len() && src[self.pos].is_ascii_digit() {
                int += f64::from(src[self.pos] - b'0') * scale;
                scale *= 0.1;
                self.pos += 1;
                any = true;
            }
        }
        // Swallow junk glued to the number (e.g. "1.2.3" or "5-"), as other readers do.
        while self.pos < src.len() && !is_white(src[self.pos]) && !is_delim(src[self.pos]) {
            self.pos += 1;
        }
        if !any {
            if self.pos == start {
                self.pos += 1;
            }
            return Operand::Other;
        }
        let v = if neg { -int } else { int };
        // Too large for f32: the largest there is, so that a huge clipping box ("0 0 1e40 1e40 re W n") still
        // bounds everything rather than nothing.
        Operand::Num((v as f32).clamp(f32::MIN, f32::MAX))
    }

    fn read_literal(&mut self) -> Operand {
        let src = self.src;
        let begin = self.strings.len() as u32;
        self.pos += 1; // '('
        let mut depth = 1u32;
        while self.pos < src.len() {
            let b = src[self.pos];
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    self.strings.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    self.strings.push(b);
                }
                b'\\' => {
                    let Some(&e) = src.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => self.strings.push(b'\n'),
                        b'r' => self.strings.push(b'\r'),
                        b't' => self.strings.push(b'\t'),
                        b'b' => self.strings.push(8),
                        b'f' => self.strings.push(12),
                        b'\r' => {
                            if src.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match src.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            self.strings.push((v & 0xff) as u8);
                        }
                        other => self.strings.push(other),
                    }
                }
                _ => self.strings.push(b),
            }
        }
        Operand::Str(begin, self.strings.len() as u32)
    }

    fn read_hex(&mut self) -> Operand {
        let src = self.src;
        let begin = self.strings.len() as u32;
        self.pos += 1; // '<'
        let mut hi: Option<u8> = None;
        while self.pos < src.len() {
            let b = src[self.pos];
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match hi.take() {
                    None => hi = Some(v),
                    Some(h) => self.strings.push(h << 4 | v),
                }
            }
        }
        if let Some(h) = hi {
            self.strings.push(h << 4);
        }
        Operand::Str(begin, self.strings.len() as u32)
    }

    /// After `ID`: skip the binary image data up to the `EI` that ends it (whitespace before and after).
    fn skip_inline_image(&mut self) {
        let src = self.src;
        let mut i = self.pos + 1;
        while i + 1 < src.len() {
            if src[i] == b'E'
                && src[i + 1] == b'I'
                && is_white(src[i - 1])
                && src.get(i + 2).is_none_or(|&b| is_white(b) || is_delim(b))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = src.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_text_operators() {
        let src = b"BT /F1 12 Tf 1 0 0 1 72.5 -700 Tm [(A\\(b\\)) -120 <4142>] TJ ET";
        let mut lx = Lexer::new(src);
        let mut ops = Vec::new();
        while let Some(op) = lx.next_op() {
            ops.push((String::from_utf8_lossy(op).into_owned(), lx.operands.len()));
            if op == b"TJ" {
                let Operand::Str(a, b) = lx.operands[1] else {
                    panic!()
                };
                assert_eq!(lx.string(a, b), b"A(b)");
                assert_eq!(lx.operands[2], Operand::Num(-120.0));
                let Operand::Str(a, b) = lx.operands[3] else {
                    panic!()
                };
                assert_eq!(lx.string(a, b), b"AB");
            }
            lx.clear();
        }
        let names: Vec<_> = ops.iter().map(|o| o.0.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "TJ", "ET"]);
    }

    #[test]
    fn skips_inline_images_and_survives_junk() {
        let src = b"BI /W 1 /H 1 ID \x00\xffEI\x01 EI Q ) } 1.2.3 -. \xff\xfe";
        let mut lx = Lexer::new(src);
        let mut ops = Vec::new();
        while let Some(op) = lx.next_op() {
            ops.push(String::from_utf8_lossy(op).into_owned());
            lx.clear();
        }
        assert_eq!(ops[0], "BI");
        assert_eq!(ops[1], "EI");
        assert_eq!(ops[2], "Q");
    }
}
