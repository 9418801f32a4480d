use std::fmt;

/// Physical pages of a PDF that a passage occupies, 1-based, with the printed label of the first page where the
/// page shows one. `end >= start` always holds: the constructor refuses anything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSpan {
    start: u32,
    end: u32,
    label: Option<String>,
}

/// A page span that would end before it starts, or start at page 0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid page span {start}..{end}: pages are 1-based and the span cannot end before it starts"
)]
pub struct PageSpanError {
    start: u32,
    end: u32,
}

impl PageSpan {
    /// A span from `start` to `end` inclusive.
    pub fn new(start: u32, end: u32, label: Option<String>) -> Result<PageSpan, PageSpanError> {
        if start == 0 || end < start {
            return Err(PageSpanError { start, end });
        }
        Ok(PageSpan { start, end, label })
    }

    /// The first physical page (1-based).
    pub fn start(&self) -> u32 {
        self.start
    }

    /// The last physical page; equal to `start` for a one-page passage.
    pub fn end(&self) -> u32 {
        self.end
    }

    /// The printed label of the first page ("93", "iv"), where the page prints one.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The pages as a reader holding the document names them, the one rule every citation and every page
    /// wording uses: by the label printed on the first page where it prints one, else by physical page number.
    ///
    /// Only the first page's label is stored. Pages in a span are consecutive, so a numeric label extends to the
    /// last page (`93`–`94`). A label that is not a number (`iv`, `A-3`), or one so large that the last page's
    /// number would overflow, does not tell the last page's label (the numbering may change style on the very next
    /// page, as prelims give way to the body), so the span is [`PrintedPages::From`] that page, cited `iv ff.`
    /// ("and following"): true, where a guessed `iv–v` or a physical `iv–5` could be wrong.
    pub fn printed_pages(&self) -> PrintedPages {
        let first = self.label.clone().unwrap_or_else(|| self.start.to_string());
        let extra = self.end - self.start;
        if extra == 0 {
            return PrintedPages::One(first);
        }
        if self.label.is_none() {
            return PrintedPages::Range {
                last: self.end.to_string(),
                first,
            };
        }
        let last = first
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| first.parse::<u32>().ok())
            .flatten()
            .and_then(|n| n.checked_add(extra));
        match last {
            Some(last) => PrintedPages::Range {
                first,
                last: last.to_string(),
            },
            None => PrintedPages::From(first),
        }
    }
}

/// The pages a passage occupies as cited: see [`PageSpan::printed_pages`]. Its `Display` is the bare range
/// (`93`, `93–94`, `iv ff.`); [`PrintedPages::cited`] adds `p.` or `pp.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintedPages {
    /// One page: `93`.
    One(String),
    /// Several pages whose first and last labels are both known: `93`–`94`.
    Range {
        /// The first page's label.
        first: String,
        /// The last page's label.
        last: String,
    },
    /// Several pages of which only the first page's label is known: `iv ff.`.
    From(String),
}

impl PrintedPages {
    /// The label of the first page.
    pub fn first(&self) -> &str {
        match self {
            PrintedPages::One(f) | PrintedPages::Range { first: f, .. } | PrintedPages::From(f) => {
                f
            }
        }
    }

    /// Whether the passage is on one page.
    pub fn is_one(&self) -> bool {
        matches!(self, PrintedPages::One(_))
    }

    /// With its abbreviation, as a citation gives it: `p. 93`, `pp. 93–94`, `pp. iv ff.`.
    pub fn cited(&self) -> String {
        let p = if self.is_one() { "p." } else { "pp." };
        format!("{p} {self}")
    }
}

impl fmt::Display for PrintedPages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrintedPages::One(first) => f.write_str(first),
            PrintedPages::Range { first, last } => write!(f, "{first}–{last}"),
            PrintedPages::From(first) => write!(f, "{first} ff."),
        }
    }
}

/// Where in the published file a passage stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// A PDF page range.
    Pages(PageSpan),
    /// A web page, at the anchor of the nearest heading where it has one.
    Anchor(Option<String>),
}

/// The kind of a legislative provision, which decides how its label is cited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProvisionKind {
    /// A section of an Act: `s. 16E(1)`.
    Section,
    /// A regulation of a statutory instrument: `reg. 32(3)`.
    Regulation,
    /// An article of an order or retained EU instrument: `art. 5`.
    Article,
    /// A paragraph of a Schedule: `Sch. 2 para 3`; the number holds `2 para 3`.
    Schedule,
}

impl ProvisionKind {
    /// The citation prefix.
    pub fn abbreviation(self) -> &'static str {
        match self {
            ProvisionKind::Section => "s.",
            ProvisionKind::Regulation => "reg.",
            ProvisionKind::Article => "art.",
            ProvisionKind::Schedule => "Sch.",
        }
    }

    fn key(self) -> &'static str {
        match self {
            ProvisionKind::Section => "s",
            ProvisionKind::Regulation => "reg",
            ProvisionKind::Article => "art",
            ProvisionKind::Schedule => "sch",
        }
    }
}

/// What a passage is, within its document: the part of the locator that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// A numbered paragraph of guidance: `363`, `3.22`.
    Paragraph(String),
    /// A provision of legislation with its subsection: `16E(1)`.
    Provision {
        /// Section, regulation, article or schedule paragraph.
        kind: ProvisionKind,
        /// The number with any subsection, as printed: `16E(1)`.
        number: String,
    },
    /// A footnote, by its printed number.
    Footnote(String),
    /// Text under a heading with no number of its own: the n-th such passage in the edition (1-based), so that the
    /// id stays stable and unique.
    Unnumbered(u32),
}

/// Marks a number printed a second (third…) time in one edition, as annexes that restart their paragraph
/// numbering do: the second `para 2` is stored as `2~2`, so that labels, keys and passage ids stay unique. Never
/// shown to a reader: [`Label::printed`] drops it, and a citation names the part instead.
pub const REPEAT_MARK: char = '~';

impl Label {
    /// The label as an advisor would cite it: `para 363`, `s. 16E(1)`, `fn 128`; `None` for unnumbered text. A
    /// repeated number is cited as printed (`para 2`, not `para 2~2`); see [`Label::is_repeat`].
    pub fn cited(&self) -> Option<String> {
        let n = self.printed()?;
        Some(match self {
            Label::Paragraph(_) => format!("para {n}"),
            Label::Provision { kind, .. } => format!("{} {n}", kind.abbreviation()),
            Label::Footnote(_) => format!("fn {n}"),
            Label::Unnumbered(_) => return None,
        })
    }

    /// The number as printed, without the [`REPEAT_MARK`]: `2` of `2~2`; `None` for unnumbered text.
    pub fn printed(&self) -> Option<&str> {
        match self {
            Label::Paragraph(n) | Label::Provision { number: n, .. } | Label::Footnote(n) => {
                Some(n.split(REPEAT_MARK).next().unwrap_or(n))
            }
            Label::Unnumbered(_) => None,
        }
    }

    /// True when the same number was printed earlier in the edition (the numbering restarted): the number alone
    /// does not say which passage is meant, so a citation adds the part it is in.
    pub fn is_repeat(&self) -> bool {
        match self {
            Label::Paragraph(n) | Label::Provision { number: n, .. } | Label::Footnote(n) => {
                n.contains(REPEAT_MARK)
            }
            Label::Unnumbered(_) => false,
        }
    }

    /// A URL- and filename-safe key, unique within an edition as long as labels are.
    pub fn key(&self) -> String {
        fn slug(s: &str) -> String {
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                if c.is_ascii_alphanumeric() || c == '.' {
                    out.push(c);
                } else if !out.ends_with('-') {
                    out.push('-');
                }
            }
            out.trim_matches('-').to_owned()
        }
        match self {
            Label::Paragraph(n) => format!("para-{}", slug(n)),
            Label::Provision { kind, number } => format!("{}-{}", kind.key(), slug(number)),
            Label::Footnote(n) => format!("fn-{}", slug(n)),
            Label::Unnumbered(i) => format!("p{i}"),
        }
    }
}

/// The titles of the headings a passage sits under, outermost first, e.g. `Part four › Section one › Suspension`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeadingPath(Vec<String>);

impl HeadingPath {
    /// A path from outermost to innermost heading; blank titles are dropped.
    pub fn new(headings: Vec<String>) -> HeadingPath {
        HeadingPath(
            headings
                .into_iter()
                .filter(|h| !h.trim().is_empty())
                .collect(),
        )
    }

    /// The headings, outermost first.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// The innermost heading.
    pub fn last(&self) -> Option<&str> {
        self.0.last().map(String::as_str)
    }
}

impl fmt::Display for HeadingPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(" › "))
    }
}

/// A pinpoint locator: where a passage stands and what it is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    /// Pages (PDF) or anchor (web page).
    pub position: Position,
    /// Paragraph, provision, footnote or unnumbered.
    pub label: Label,
    /// The headings it sits under.
    pub heading: HeadingPath,
}

impl Locator {
    /// For a passage whose number the edition prints more than once ([`Label::is_repeat`]), the part it stands in,
    /// as its citation names it: the top heading's name when it is a short "Annex 4" or "Part two" (the part of
    /// "Annex 4: Involving children …" before the colon or dash), else its innermost heading, quoted. A schedule
    /// paragraph's label already names its schedule, so it gets the innermost heading (a cross-heading within the
    /// schedule). `None` for a number printed once.
    pub fn restarted_in(&self) -> Option<String> {
        if !self.label.is_repeat() {
            return None;
        }
        const PARTS: &[&str] = &[
            "annex", "appendix", "part", "section", "chapter", "schedule",
        ];
        let headings = self.heading.as_slice();
        let in_schedule = matches!(
            self.label,
            Label::Provision {
                kind: ProvisionKind::Schedule,
                ..
            }
        );
        let short = headings.first().filter(|_| !in_schedule).and_then(|top| {
            let name = top.split([':', '–', '—']).next().unwrap_or(top).trim();
            let words: Vec<&str> = name.split_whitespace().collect();
            let named = (2..=3).contains(&words.len())
                && words
                    .first()
                    .is_some_and(|w| PARTS.contains(&w.to_lowercase().as_str()));
            named.then(|| name.to_owned())
        });
        short.or_else(|| {
            headings
                .last()
                .filter(|_| !in_schedule || headings.len() > 1)
                .map(|h| format!("‘{h}’"))
        })
    }

    /// The deep link to this passage from the edition's official address `url`, with what it opens; see
    /// [`Locator::deep_link`] for the rules.
    pub fn link(&self, url: &str) -> DeepLink {
        let base = url.split('#').next().unwrap_or(url);
        // A provision of legislation has its own page on legislation.gov.uk, whatever the text was read from.
        if let Some((path, kind, number)) = legislation_provision(base, &self.label) {
            if !is_pdf(base) {
                return DeepLink {
                    url: path,
                    target: LinkTarget::Provision { kind, number },
                };
            }
        }
        match &self.position {
            Position::Pages(span) => {
                if is_pdf(base) {
                    DeepLink {
                        url: format!("{base}#page={}", span.start()),
                        target: LinkTarget::Page(span.start()),
                    }
                } else {
                    DeepLink {
                        url: base.to_owned(),
                        target: LinkTarget::LandingPage,
                    }
                }
            }
            Position::Anchor(Some(anchor)) if anchor.starts_with('/') => {
                // A guide part is its own page at the guide's address plus `/slug`.
                let page = base.split('?').next().unwrap_or(base).trim_end_matches('/');
                DeepLink {
                    url: format!("{page}{anchor}"),
                    target: LinkTarget::Anchor,
                }
            }
            Position::Anchor(Some(anchor)) => DeepLink {
                url: format!("{base}#{anchor}"),
                target: LinkTarget::Anchor,
            },
            Position::Anchor(None) => DeepLink {
                url: base.to_owned(),
                target: LinkTarget::Document,
            },
        }
    }

    /// The deep link to this passage from the edition's official address `url` (any fragment of it dropped):
    ///
    /// - a PDF passage, when `url`'s path ends in `.pdf`: `#page=N`, N the first physical page (the fragment every
    ///   mainstream PDF viewer honours);
    /// - a PDF passage of legislation whose `url` is a legislation.gov.uk landing page
    ///   (`https://www.legislation.gov.uk/ukpga/2004/31`): the page of the provision its label names,
    ///   `/section/11` for `s. 11(2)` (subsections have no page of their own), `/regulation/32`, `/article/5`,
    ///   `/schedule/2/paragraph/6` for `Sch. 2 para 6`;
    /// - any other PDF passage: `url` itself, since it is a page about the PDF (GOV.UK's publication pages), where
    ///   `#page=N` means nothing;
    /// - a web page: `url#anchor` for the heading's anchor, or, for an anchor starting with `/` (a GOV.UK guide's
    ///   part, which is its own page), `url` + the anchor: `https://www.gov.uk/g` + `/pay#rates`.
    pub fn deep_link(&self, url: &str) -> String {
        self.link(url).url
    }
}

/// A deep link and what it opens, so that the words beside it promise no more than that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeepLink {
    /// The address.
    pub url: String,
    /// What it opens.
    pub target: LinkTarget,
}

/// What a [`DeepLink`] opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// The PDF itself, at this physical page (1-based).
    Page(u32),
    /// A provision's own page on legislation.gov.uk: the whole section, regulation, article or schedule paragraph,
    /// never a subsection.
    Provision {
        /// Section, regulation, article or schedule paragraph.
        kind: ProvisionKind,
        /// The number of what the link opens, without subsection: `11`, `2 para 6`.
        number: String,
    },
    /// A web page at the passage's heading, or the guide part it is in.
    Anchor,
    /// The page about a PDF (a publication's landing page), not the PDF: the passage's page cannot be opened.
    LandingPage,
    /// The web page the passage is on, at its top.
    Document,
}

/// Whether the path of `url` (no fragment) ends in `.pdf`, in any case, ignoring any query.
fn is_pdf(url: &str) -> bool {
    let path = url.split('?').next().unwrap_or(url);
    path.len() >= 4
        && path
            .get(path.len() - 4..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".pdf"))
}

/// For a legislation.gov.uk landing page (`https://www.legislation.gov.uk/{type}/{year}/{number}`, or with a regnal
/// year, `/ukpga/Geo3/49/126`) and a provision label, the provision's page, its kind and the number it opens.
fn legislation_provision(url: &str, label: &Label) -> Option<(String, ProvisionKind, String)> {
    let Label::Provision { kind, .. } = label else {
        return None;
    };
    // As printed: `16E(1)~2` (the second passage labelled 16E(1)) opens 16E.
    let number = label.printed()?;
    let url = url.split('?').next().unwrap_or(url);
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    if !matches!(
        host.to_ascii_lowercase().as_str(),
        "www.legislation.gov.uk" | "legislation.gov.uk"
    ) {
        return None;
    }
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let (kind_of_law, year, chapter) = match segments.as_slice() {
        [t, y, n] => (*t, *y, *n),
        // A regnal year: `Geo3/49`, `Edw2/7`.
        [t, reign, y, n] if reign.starts_with(|c: char| c.is_ascii_uppercase()) => (*t, *y, *n),
        _ => return None,
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if kind_of_law.is_empty()
        || !kind_of_law.bytes().all(|b| b.is_ascii_lowercase())
        || !digits(year)
        || !digits(chapter)
    {
        return None;
    }
    let whole = |n: &str| {
        let n = n.split('(').next().unwrap_or(n).trim();
        (!n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| n.to_owned())
    };
    let (tail, opened) = match kind {
        ProvisionKind::Section => {
            let n = whole(number)?;
            (format!("section/{n}"), n)
        }
        ProvisionKind::Regulation => {
            let n = whole(number)?;
            (format!("regulation/{n}"), n)
        }
        ProvisionKind::Article => {
            let n = whole(number)?;
            (format!("article/{n}"), n)
        }
        ProvisionKind::Schedule => {
            let (schedule, para) = number.split_once(" para ")?;
            let para = whole(para)?;
            // The only schedule of an instrument is unnumbered (`Schedule para 3`); an EU instrument's is an annex.
            let schedule_path = match schedule.trim() {
                "Schedule" => "schedule".to_owned(),
                "Annex" => "annex".to_owned(),
                s => format!("schedule/{}", whole(s)?),
            };
            (
                format!("{schedule_path}/paragraph/{para}"),
                format!("{} para {para}", schedule.trim()),
            )
        }
    };
    Some((
        format!("{}/{tail}", url.trim_end_matches('/')),
        *kind,
        opened,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_span_refuses_backwards_and_zero() {
        assert!(PageSpan::new(92, 93, None).is_ok());
        assert!(PageSpan::new(93, 92, None).is_err());
        assert!(PageSpan::new(0, 1, None).is_err());
    }

    #[test]
    fn labels_cite_and_key() {
        let s = Label::Provision {
            kind: ProvisionKind::Section,
            number: "16E(1)".into(),
        };
        assert_eq!(s.cited().as_deref(), Some("s. 16E(1)"));
        assert_eq!(s.key(), "s-16E-1");
        assert_eq!(Label::Paragraph("3.22".into()).key(), "para-3.22");
        assert_eq!(Label::Unnumbered(7).cited(), None);
    }

    fn at(position: Position, label: Label) -> Locator {
        Locator {
            position,
            label,
            heading: HeadingPath::default(),
        }
    }

    fn pages(start: u32, end: u32, label: Option<&str>) -> Position {
        Position::Pages(PageSpan::new(start, end, label.map(str::to_owned)).unwrap())
    }

    fn provision(kind: ProvisionKind, number: &str) -> Label {
        Label::Provision {
            kind,
            number: number.into(),
        }
    }

    #[test]
    fn deep_links_point_at_page_or_anchor() {
        let loc = at(pages(93, 93, Some("93")), Label::Paragraph("363".into()));
        assert_eq!(
            loc.deep_link("https://x.gov.uk/a.pdf"),
            "https://x.gov.uk/a.pdf#page=93"
        );
        assert_eq!(
            loc.link("https://x.gov.uk/a.pdf").target,
            LinkTarget::Page(93)
        );
        let web = Locator {
            position: Position::Anchor(Some("notice".into())),
            ..loc
        };
        assert_eq!(
            web.deep_link("https://www.gov.uk/dismissal#old"),
            "https://www.gov.uk/dismissal#notice"
        );
        let top = at(Position::Anchor(None), Label::Unnumbered(1));
        assert_eq!(
            top.link("https://www.gov.uk/dismissal#old"),
            DeepLink {
                url: "https://www.gov.uk/dismissal".into(),
                target: LinkTarget::Document
            }
        );
    }

    #[test]
    fn page_fragment_only_on_a_pdf_address() {
        let loc = at(pages(94, 95, Some("92")), Label::Paragraph("363".into()));
        // Any case, with a query, with an old fragment.
        assert_eq!(
            loc.deep_link(
                "https://assets.publishing.service.gov.uk/media/x/KCSIE_2025.PDF?v=2#page=3"
            ),
            "https://assets.publishing.service.gov.uk/media/x/KCSIE_2025.PDF?v=2#page=94"
        );
        // GOV.UK's publication page is HTML about the PDF: `#page=94` would open its top, so no fragment.
        let landing =
            "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2";
        assert_eq!(
            loc.link(landing),
            DeepLink {
                url: landing.into(),
                target: LinkTarget::LandingPage
            }
        );
        assert_eq!(
            loc.deep_link("https://www.gov.uk/guidance/a-pdf-about-pdfs?format=pdf"),
            "https://www.gov.uk/guidance/a-pdf-about-pdfs?format=pdf"
        );
        assert_eq!(
            loc.deep_link(
                "https://www.northamptonshirescb.org.uk/social-care/thresholds-and-pathways/"
            ),
            "https://www.northamptonshirescb.org.uk/social-care/thresholds-and-pathways/"
        );
        // Too short to have an extension (and not sliced inside a character).
        assert_eq!(loc.deep_link("pdf"), "pdf");
        assert_eq!(loc.deep_link("x€"), "x€");
    }

    #[test]
    fn legislation_pdf_passages_link_to_their_provision() {
        let act = "https://www.legislation.gov.uk/ukpga/2004/31";
        let link = |kind, number: &str, url: &str| {
            at(pages(12, 12, Some("9")), provision(kind, number)).link(url)
        };
        assert_eq!(
            link(ProvisionKind::Section, "11(2)", act),
            DeepLink {
                url: "https://www.legislation.gov.uk/ukpga/2004/31/section/11".into(),
                target: LinkTarget::Provision {
                    kind: ProvisionKind::Section,
                    number: "11".into()
                }
            }
        );
        assert_eq!(
            link(ProvisionKind::Section, "16E", act).url,
            "https://www.legislation.gov.uk/ukpga/2004/31/section/16E"
        );
        // The second passage labelled 16E(1) in an edition (`~2`) is still in section 16E.
        assert_eq!(
            link(ProvisionKind::Section, "16E(1)~2", act).url,
            "https://www.legislation.gov.uk/ukpga/2004/31/section/16E"
        );
        // Read from legislation.gov.uk's XML, the passage has an anchor of its own there; the link is the same.
        assert_eq!(
            at(
                Position::Anchor(Some("section-11-2".into())),
                provision(ProvisionKind::Section, "11(2)")
            )
            .link(act)
            .url,
            "https://www.legislation.gov.uk/ukpga/2004/31/section/11"
        );
        let si = "https://www.legislation.gov.uk/uksi/2015/541/";
        assert_eq!(
            link(ProvisionKind::Regulation, "32(3)", si).url,
            "https://www.legislation.gov.uk/uksi/2015/541/regulation/32"
        );
        assert_eq!(
            link(
                ProvisionKind::Article,
                "5",
                "http://legislation.gov.uk/wsi/2010/2?view=plain"
            )
            .url,
            "http://legislation.gov.uk/wsi/2010/2/article/5"
        );
        assert_eq!(
            link(ProvisionKind::Schedule, "2 para 6", si),
            DeepLink {
                url: "https://www.legislation.gov.uk/uksi/2015/541/schedule/2/paragraph/6".into(),
                target: LinkTarget::Provision {
                    kind: ProvisionKind::Schedule,
                    number: "2 para 6".into()
                }
            }
        );
        assert_eq!(
            link(ProvisionKind::Schedule, "1 para 3A(1)", act).url,
            "https://www.legislation.gov.uk/ukpga/2004/31/schedule/1/paragraph/3A"
        );
        assert_eq!(
            link(ProvisionKind::Schedule, "Schedule para 3", si).url,
            "https://www.legislation.gov.uk/uksi/2015/541/schedule/paragraph/3"
        );
        assert_eq!(
            link(
                ProvisionKind::Section,
                "1",
                "https://www.legislation.gov.uk/ukpga/Geo3/49/126"
            )
            .url,
            "https://www.legislation.gov.uk/ukpga/Geo3/49/126/section/1"
        );
        // Not a provision, not a landing page, or a number with no page: the landing page, no fragment.
        let unnumbered = at(pages(3, 3, None), Label::Unnumbered(1));
        assert_eq!(
            unnumbered.link(act),
            DeepLink {
                url: act.into(),
                target: LinkTarget::LandingPage
            }
        );
        for (number, url) in [
            (
                "11",
                "https://www.legislation.gov.uk/ukpga/2004/31/contents",
            ),
            (
                "11",
                "https://www.legislation.gov.uk/ukpga/2004/31/data.xml",
            ),
            ("11", "https://example.gov.uk/ukpga/2004/31"),
            ("11 / x", act),
            ("(1)", act),
        ] {
            assert_eq!(
                link(ProvisionKind::Section, number, url),
                DeepLink {
                    url: url.into(),
                    target: LinkTarget::LandingPage
                },
                "{number} at {url}"
            );
        }
        // A legislation PDF itself still opens at the page.
        assert_eq!(
            link(
                ProvisionKind::Section,
                "11(2)",
                "https://www.legislation.gov.uk/ukpga/2004/31/pdfs/ukpga_20040031_en.pdf"
            )
            .url,
            "https://www.legislation.gov.uk/ukpga/2004/31/pdfs/ukpga_20040031_en.pdf#page=12"
        );
    }

    /// The rule `pinpoint_html`'s guide parts rely on: an anchor starting with `/` is a part, its own page at the
    /// guide's address plus the anchor (these were `Block::deep_link`'s cases).
    #[test]
    fn guide_part_anchors_are_paths_under_the_guide() {
        let part = |anchor: &str| at(Position::Anchor(Some(anchor.into())), Label::Unnumbered(1));
        assert_eq!(
            part("/overview").deep_link("https://www.gov.uk/g"),
            "https://www.gov.uk/g/overview"
        );
        assert_eq!(
            part("/pay#rates").deep_link("https://www.gov.uk/g"),
            "https://www.gov.uk/g/pay#rates"
        );
        assert_eq!(
            part("/unfair-dismissal#x").link("https://www.gov.uk/dismissal/#old"),
            DeepLink {
                url: "https://www.gov.uk/dismissal/unfair-dismissal#x".into(),
                target: LinkTarget::Anchor
            }
        );
        assert_eq!(
            part("intro").deep_link("https://www.gov.uk/x"),
            "https://www.gov.uk/x#intro"
        );
    }

    #[test]
    fn printed_pages_extend_numbers_and_never_guess() {
        let printed = |start, end, label| match pages(start, end, label) {
            Position::Pages(span) => span.printed_pages(),
            Position::Anchor(_) => unreachable!(),
        };
        assert_eq!(printed(93, 93, Some("93")).cited(), "p. 93");
        assert_eq!(printed(95, 96, Some("93")).cited(), "pp. 93–94");
        assert_eq!(printed(4, 4, None).cited(), "p. 4");
        assert_eq!(printed(4, 6, None).cited(), "pp. 4–6");
        assert_eq!(printed(4, 4, Some("iv")).cited(), "p. iv");
        // The end's label is unknown: from the first page, never `iv–5` nor a guessed `iv–v`.
        let iv = printed(4, 5, Some("iv"));
        assert_eq!(iv, PrintedPages::From("iv".into()));
        assert_eq!(
            (iv.to_string(), iv.cited()),
            ("iv ff.".into(), "pp. iv ff.".into())
        );
        assert_eq!(iv.first(), "iv");
        assert_eq!(printed(4, 5, Some("A-3")).to_string(), "A-3 ff.");
        assert_eq!(printed(4, 5, Some("+3")).to_string(), "+3 ff.");
        // A label near u32::MAX (a hostile /St) cannot overflow.
        assert_eq!(
            printed(1, u32::MAX, Some("4294967295")),
            PrintedPages::From("4294967295".into())
        );
        assert_eq!(
            printed(1, 2, Some("4294967294")).to_string(),
            "4294967294–4294967295"
        );
        assert_eq!(
            printed(1, 2, Some("99999999999999999999")).to_string(),
            "99999999999999999999 ff."
        );
    }
}
