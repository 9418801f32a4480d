//! Document-level work: loading, page geometry and resources, page labels, outline, metadata.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Object, ObjectId};

use crate::font::{deref, num};
use crate::interp::{mul, FontCache, PageRun};
use crate::{Document, Error, Limits, Metadata, OutlineEntry, Page, Warning};

pub(crate) struct Loaded<'b> {
    doc: lopdf::Document,
    pages: Vec<ObjectId>,
    bytes: &'b [u8],
}

pub(crate) fn load<'b>(bytes: &'b [u8], limits: &Limits) -> Result<Loaded<'b>, Error> {
    if bytes.len() > limits.max_file_bytes {
        return Err(Error::TooLarge {
            what: "file size",
            limit: limits.max_file_bytes as u64,
        });
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Error::NotPdf);
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        ..Default::default()
    };
    // Last line of defence: lopdf is a parser of hostile input and we never want a panic in it to take the
    // service down. Our own code does not rely on this.
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        lopdf::Document::load_mem_with_options(bytes, options)
    }))
    .map_err(|_| Error::Corrupt {
        reason: "the PDF parser panicked".into(),
    })?;
    let doc = match loaded {
        Ok(doc) => doc,
        Err(e) => return Err(map_err(e)),
    };
    if doc.trailer.has(b"Encrypt") {
        // lopdf removes /Encrypt once it has decrypted with the empty user password; still there means a
        // password is needed.
        return Err(Error::Encrypted);
    }
    let pages = catch_unwind(AssertUnwindSafe(|| {
        let mut seen = HashSet::new();
        doc.page_iter()
            .take(limits.max_pages + 1)
            .filter(|id| seen.insert(*id))
            .collect::<Vec<_>>()
    }))
    .map_err(|_| Error::Corrupt {
        reason: "the page tree could not be walked".into(),
    })?;
    if pages.len() > limits.max_pages {
        return Err(Error::TooLarge {
            what: "page count",
            limit: limits.max_pages as u64,
        });
    }
    if pages.is_empty() && doc.catalog().is_err() {
        return Err(Error::Corrupt {
            reason: "no document catalog".into(),
        });
    }
    Ok(Loaded { doc, pages, bytes })
}

fn map_err(e: lopdf::Error) -> Error {
    match e {
        // The header was checked before lopdf saw the file, so a header complaint means a damaged file.
        lopdf::Error::Parse(lopdf::ParseError::InvalidFileHeader) => Error::Corrupt {
            reason: "unreadable file header or structure".into(),
        },
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => Error::Encrypted,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            Error::TooLarge {
                what: "decompressed stream",
                limit: limit as u64,
            }
        }
        other => Error::Corrupt {
            reason: other.to_string(),
        },
    }
}

/// A page attribute, inherited through `/Parent` (cycle-safe, depth-limited).
fn inherited<'a>(doc: &'a lopdf::Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    let mut seen = HashSet::new();
    seen.insert(page);
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return deref(doc, v);
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        if !seen.insert(parent) {
            return None;
        }
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn rect(doc: &lopdf::Document, o: Option<&Object>) -> Option<[f32; 4]> {
    let a = o?.as_array().ok()?;
    if a.len() != 4 {
        return None;
    }
    let v: Vec<f32> = a.iter().filter_map(|o| num(doc, o)).collect();
    if v.len() != 4 {
        return None;
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0 && r[2] - r[0] < 1e6 && r[3] - r[1] < 1e6).then_some(r)
}

pub(crate) fn extract_all(loaded: &Loaded<'_>, limits: &Limits) -> Result<Document, Error> {
    let doc = &loaded.doc;
    let labels = page_labels(doc, loaded.pages.len());
    let mut cache = FontCache::default();
    let mut pages = Vec::with_capacity(loaded.pages.len());
    let mut warnings = Vec::new();
    for (i, &id) in loaded.pages.iter().enumerate() {
        let number = i as u32 + 1;
        let (page, ws) = page(
            doc,
            loaded.bytes,
            id,
            number,
            labels.get(i).cloned().flatten(),
            limits,
            &mut cache,
        );
        warnings.extend(ws.into_iter().map(|message| Warning {
            page: Some(number),
            message,
        }));
        pages.push(page);
    }
    let page_index: HashMap<ObjectId, u32> = loaded
        .pages
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u32 + 1))
        .collect();
    let outline = outline(doc, &page_index, limits);
    Ok(Document {
        pages,
        outline,
        metadata: metadata(doc),
        warnings,
    })
}

pub(crate) fn extract_one(
    loaded: &Loaded<'_>,
    number: u32,
    limits: &Limits,
) -> Result<Page, Error> {
    let Some(&id) = loaded.pages.get((number as usize).wrapping_sub(1)) else {
        return Err(Error::Corrupt {
            reason: format!("no page {number}"),
        });
    };
    let labels = page_labels(&loaded.doc, loaded.pages.len());
    let mut cache = FontCache::default();
    let label = labels.get(number as usize - 1).cloned().flatten();
    Ok(page(
        &loaded.doc,
        loaded.bytes,
        id,
        number,
        label,
        limits,
        &mut cache,
    )
    .0)
}

fn page(
    doc: &lopdf::Document,
    bytes: &[u8],
    id: ObjectId,
    number: u32,
    label: Option<String>,
    limits: &Limits,
    cache: &mut FontCache,
) -> (Page, Vec<String>) {
    let media = rect(doc, inherited(doc, id, b"MediaBox")).unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = rect(doc, inherited(doc, id, b"CropBox"))
        .map(|c| {
            [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ]
        })
        .filter(|c| c[2] > c[0] && c[3] > c[1])
        .unwrap_or(media);
    let rotate = inherited(doc, id, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360);
    let [llx, lly, urx, ury] = crop;
    // User space -> display space (top-left origin, y down, /Rotate applied clockwise).
    let (display, width, height) = match rotate {
        90 => ([0.0, 1.0, 1.0, 0.0, -lly, -llx], ury - lly, urx - llx),
        180 => ([-1.0, 0.0, 0.0, 1.0, urx, -lly], urx - llx, ury - lly),
        270 => ([0.0, -1.0, -1.0, 0.0, ury, urx], ury - lly, urx - llx),
        _ => ([1.0, 0.0, 0.0, -1.0, -llx, ury], urx - llx, ury - lly),
    };
    let mut page = Page {
        number,
        label,
        width,
        height,
        lines: Vec::new(),
    };
    let mut warnings = Vec::new();
    let resources = inherited(doc, id, b"Resources").and_then(|o| o.as_dict().ok());
    let content = catch_unwind(AssertUnwindSafe(|| {
        page_content(doc, bytes, id, limits.max_stream_bytes)
    }));
    let content = match content {
        Ok(Ok((c, ws))) => {
            warnings.extend(ws);
            c
        }
        Ok(Err(e)) => {
            warnings.push(e);
            return (page, warnings);
        }
        Err(_) => {
            warnings.push("content stream unreadable: the PDF parser panicked".into());
            return (page, warnings);
        }
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut run = PageRun::new(doc, limits, cache, width, height);
        run.run(
            &content,
            resources,
            mul(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], &display),
        );
        run.keep_list_bullets();
        let lines = crate::layout::build_lines(&run.glyphs, &run.text, run_cache(&run));
        (lines, std::mem::take(&mut run.warnings))
    }));
    match result {
        Ok((lines, ws)) => {
            page.lines = lines;
            warnings.extend(ws);
        }
        Err(_) => warnings.push("internal error while reading the page; page left empty".into()),
    }
    (page, warnings)
}

/// The page's content streams, decoded and concatenated. A stream lopdf read as empty or could not find (a
/// missing or wrong /Length, an xref entry pointing elsewhere: qpdf's bad22/bad24/bad-xref-entry) is read again
/// straight from the file, between its `N G obj … stream` and `endstream`.
fn page_content(
    doc: &lopdf::Document,
    bytes: &[u8],
    id: ObjectId,
    limit: usize,
) -> Result<(Vec<u8>, Vec<String>), String> {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for sid in doc.get_page_contents(id) {
        let stream = doc.get_object(sid).ok().and_then(|o| o.as_stream().ok());
        let data = match stream {
            Some(s) if !s.content.is_empty() => {
                match s.get_plain_content_with_limit(limit.saturating_sub(out.len())) {
                    Ok(d) => Some(d),
                    Err(lopdf::Error::Decompress(
                        lopdf::DecompressError::MemoryLimitExceeded { .. },
                    )) => {
                        return Err(format!(
                            "content stream larger than {limit} bytes decompressed; page skipped"
                        ));
                    }
                    Err(e) => {
                        warnings.push(format!(
                            "content stream {} {} undecodable ({e}); using what was read",
                            sid.0, sid.1
                        ));
                        s.decompressed_content_with_limit(limit).ok()
                    }
                }
            }
            _ => None,
        };
        let data = match data {
            Some(d) => d,
            None => match raw_stream(bytes, sid) {
                Some(raw) => {
                    warnings.push(format!(
                        "content stream {} {} recovered from the raw file",
                        sid.0, sid.1
                    ));
                    let dict = stream.map(|s| s.dict.clone()).unwrap_or_default();
                    let s = lopdf::Stream::new(dict, raw.to_vec());
                    match s.get_plain_content_with_limit(limit.saturating_sub(out.len())) {
                        Ok(d) => d,
                        Err(_) if raw.len() <= limit.saturating_sub(out.len()) => raw.to_vec(),
                        Err(_) => continue,
                    }
                }
                None => {
                    warnings.push(format!("content stream {} {} missing", sid.0, sid.1));
                    continue;
                }
            },
        };
        if out.len() + data.len() > limit {
            return Err(format!("content larger than {limit} bytes; page skipped"));
        }
        out.extend_from_slice(&data);
        out.push(b'\n');
    }
    Ok((out, warnings))
}

/// Finds the data of stream object `id` in the raw file by scanning (last definition wins, as in an incremental
/// update).
fn raw_stream(bytes: &[u8], id: ObjectId) -> Option<&[u8]> {
    let needle = format!("{} {} obj", id.0, id.1);
    let needle = needle.as_bytes();
    let mut found = None;
    let mut from = 0;
    while let Some(p) = find(&bytes[from..], needle) {
        let at = from + p;
        if at == 0 || !bytes[at - 1].is_ascii_digit() {
            found = Some(at);
        }
        from = at + needle.len();
    }
    let start = found? + needle.len();
    let end_obj = find(&bytes[start..], b"endobj").map_or(bytes.len(), |e| start + e);
    let s = start + find(&bytes[start..end_obj], b"stream")? + 6;
    let mut s = s;
    if bytes.get(s) == Some(&b'\r') {
        s += 1;
    }
    if bytes.get(s) == Some(&b'\n') {
        s += 1;
    }
    if s > end_obj {
        return None;
    }
    // Up to `endstream`, or `endobj` when the stream's end marker is damaged too (qpdf's bad24 has "enxstream").
    let e = find(&bytes[s..end_obj], b"endstream").map_or(end_obj, |e| s + e);
    Some(&bytes[s..e])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1]
            .iter()
            .position(|&b| b == first)
        {
            Some(p) => {
                i += p;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
            None => return None,
        }
    }
    None
}

fn run_cache<'a>(run: &'a PageRun<'_, '_>) -> &'a FontCache {
    run.cache()
}

// ---- page labels ----

fn page_labels(doc: &lopdf::Document, count: usize) -> Vec<Option<String>> {
    let mut ranges: Vec<(usize, &Dictionary)> = Vec::new();
    if let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"PageLabels").ok())
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    {
        let mut seen = HashSet::new();
        number_tree(doc, root, 0, &mut seen, &mut ranges);
    }
    if ranges.is_empty() {
        return vec![None; count];
    }
    ranges.sort_by_key(|r| r.0);
    let mut out = Vec::with_capacity(count);
    let mut r = 0;
    for i in 0..count {
        while r + 1 < ranges.len() && ranges[r + 1].0 <= i {
            r += 1;
        }
        let (start, d) = ranges[r];
        if start > i {
            out.push(None);
            continue;
        }
        let prefix = d
            .get(b"P")
            .ok()
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .unwrap_or_default();
        let st = d
            .get(b"St")
            .ok()
            .and_then(|o| num(doc, o))
            .unwrap_or(1.0)
            .max(1.0) as u64;
        // A hostile /St (1e30) saturates to u64::MAX above: the value must not overflow past it.
        let value = st.saturating_add((i - start) as u64);
        let body = match d.get(b"S").and_then(Object::as_name).ok() {
            Some(b"D") => value.to_string(),
            Some(b"R") => roman(value).to_uppercase(),
            Some(b"r") => roman(value),
            Some(b"A") => letters(value).to_uppercase(),
            Some(b"a") => letters(value),
            _ => String::new(),
        };
        let label = format!("{prefix}{body}");
        out.push((!label.is_empty()).then_some(label));
    }
    out
}

fn number_tree<'a>(
    doc: &'a lopdf::Document,
    node: &'a Dictionary,
    depth: u32,
    seen: &mut HashSet<usize>,
    out: &mut Vec<(usize, &'a Dictionary)>,
) {
    if depth > 32 || !seen.insert(node as *const _ as usize) || out.len() > 100_000 {
        return;
    }
    if let Some(nums) = node
        .get(b"Nums")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
    {
        for pair in nums.chunks(2) {
            if let [k, v] = pair {
                if let (Some(k), Some(d)) =
                    (num(doc, k), deref(doc, v).and_then(|o| o.as_dict().ok()))
                {
                    if k >= 0.0 {
                        out.push((k as usize, d));
                    }
                }
            }
        }
    }
    if let Some(kids) = node
        .get(b"Kids")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
    {
        for kid in kids {
            if let Some(d) = deref(doc, kid).and_then(|o| o.as_dict().ok()) {
                number_tree(doc, d, depth + 1, seen, out);
            }
        }
    }
}

fn roman(mut n: u64) -> String {
    if n == 0 || n > 100_000 {
        return n.to_string();
    }
    const T: [(u64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// a..z, then aa..zz, … (the letter repeats, as PDF 32000 12.4.2 specifies).
fn letters(n: u64) -> String {
    if n == 0 || n > 26 * 100 {
        return n.to_string();
    }
    let c = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(c, ((n - 1) / 26 + 1) as usize).collect()
}

// ---- outline ----

fn outline(
    doc: &lopdf::Document,
    pages: &HashMap<ObjectId, u32>,
    limits: &Limits,
) -> Vec<OutlineEntry> {
    let mut out = Vec::new();
    let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Outlines").ok())
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return out;
    };
    let mut seen: HashSet<ObjectId> = HashSet::new();
    // Stack of (next item to visit, depth).
    let mut stack: Vec<(ObjectId, u32)> = Vec::new();
    if let Ok(first) = root.get(b"First").and_then(Object::as_reference) {
        stack.push((first, 0));
    }
    while let Some((id, depth)) = stack.pop() {
        if out.len() >= limits.max_outline_entries || !seen.insert(id) {
            continue;
        }
        let Ok(item) = doc.get_dictionary(id) else {
            continue;
        };
        let title = item
            .get(b"Title")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| lopdf::decode_text_string(o).ok());
        let page = destination(doc, item, pages);
        out.push(OutlineEntry {
            title: title.unwrap_or_default().trim().to_string(),
            depth,
            page,
        });
        // Siblings after children: push next first.
        if let Ok(next) = item.get(b"Next").and_then(Object::as_reference) {
            stack.push((next, depth));
        }
        if depth < 32 {
            if let Ok(first) = item.get(b"First").and_then(Object::as_reference) {
                stack.push((first, depth + 1));
            }
        }
    }
    out
}

fn destination(
    doc: &lopdf::Document,
    item: &Dictionary,
    pages: &HashMap<ObjectId, u32>,
) -> Option<u32> {
    let dest = match item.get(b"Dest").ok().and_then(|o| deref(doc, o)) {
        Some(d) => d,
        None => {
            let action = item
                .get(b"A")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok())?;
            if action.get(b"S").and_then(Object::as_name).ok() != Some(b"GoTo") {
                return None;
            }
            deref(doc, action.get(b"D").ok()?)?
        }
    };
    resolve_dest(doc, dest, pages, 0)
}

fn resolve_dest(
    doc: &lopdf::Document,
    dest: &Object,
    pages: &HashMap<ObjectId, u32>,
    depth: u32,
) -> Option<u32> {
    if depth > 4 {
        return None;
    }
    match dest {
        Object::Array(a) => match a.first()? {
            Object::Reference(id) => pages.get(id).copied(),
            Object::Integer(i) => u32::try_from(*i)
                .ok()
                .map(|i| i + 1)
                .filter(|i| *i as usize <= pages.len()),
            _ => None,
        },
        Object::Dictionary(d) => {
            resolve_dest(doc, deref(doc, d.get(b"D").ok()?)?, pages, depth + 1)
        }
        Object::Name(name) => {
            let dests = doc
                .catalog()
                .ok()?
                .get(b"Dests")
                .ok()
                .and_then(|o| deref(doc, o))?
                .as_dict()
                .ok()?;
            resolve_dest(doc, deref(doc, dests.get(name).ok()?)?, pages, depth + 1)
        }
        Object::String(name, _) => {
            let names = doc
                .catalog()
                .ok()?
                .get(b"Names")
                .ok()
                .and_then(|o| deref(doc, o))?
                .as_dict()
                .ok()?;
            let tree = names
                .get(b"Dests")
                .ok()
                .and_then(|o| deref(doc, o))?
                .as_dict()
                .ok()?;
            let mut seen = HashSet::new();
            let found = name_tree_get(doc, tree, name, 0, &mut seen)?;
            resolve_dest(doc, found, pages, depth + 1)
        }
        _ => None,
    }
}

fn name_tree_get<'a>(
    doc: &'a lopdf::Document,
    node: &'a Dictionary,
    key: &[u8],
    depth: u32,
    seen: &mut HashSet<usize>,
) -> Option<&'a Object> {
    if depth > 32 || !seen.insert(node as *const _ as usize) {
        return None;
    }
    if let Some(names) = node
        .get(b"Names")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
    {
        for pair in names.chunks(2) {
            if let [k, v] = pair {
                if deref(doc, k).and_then(|k| k.as_str().ok()) == Some(key) {
                    return deref(doc, v);
                }
            }
        }
    }
    let kids = node
        .get(b"Kids")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())?;
    for kid in kids {
        let Some(d) = deref(doc, kid).and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        // Use /Limits to skip subtrees where present.
        if let Some(l) = d.get(b"Limits").ok().and_then(|o| o.as_array().ok()) {
            if let (Some(lo), Some(hi)) = (
                l.first().and_then(|o| o.as_str().ok()),
                l.get(1).and_then(|o| o.as_str().ok()),
            ) {
                if key < lo || key > hi {
                    continue;
                }
            }
        }
        if let Some(v) = name_tree_get(doc, d, key, depth + 1, seen) {
            return Some(v);
        }
    }
    None
}

// ---- metadata ----

fn metadata(doc: &lopdf::Document) -> Metadata {
    let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return Metadata::default();
    };
    let field = |k: &[u8]| {
        info.get(k)
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    Metadata {
        title: field(b"Title"),
        created: field(b"CreationDate"),
        modified: field(b"ModDate"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_label_start_does_not_overflow() {
        let mut doc = lopdf::Document::with_version("1.5");
        let style = Dictionary::from_iter([
            ("S", Object::Name(b"D".to_vec())),
            ("St", Object::Real(1e30)),
        ]);
        let labels = Dictionary::from_iter([(
            "Nums",
            Object::Array(vec![Object::Integer(0), Object::Dictionary(style)]),
        )]);
        let catalog = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("PageLabels", Object::Dictionary(labels)),
        ]));
        doc.trailer.set("Root", catalog);
        let max = u64::MAX.to_string();
        assert_eq!(
            page_labels(&doc, 3),
            vec![Some(max.clone()), Some(max.clone()), Some(max)]
        );
    }

    #[test]
    fn label_styles() {
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(1994), "mcmxciv");
        assert_eq!(letters(1), "a");
        assert_eq!(letters(28), "bb");
    }
}
