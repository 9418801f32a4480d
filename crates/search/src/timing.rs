//! Time questions: "how quickly should the LADO be told", "how often does the DSL redo training", "timescale for
//! transferring the file". The passage that answers one states a time ("within one working day", "at least every
//! two years", "immediately"); BM25 cannot tell it from the many passages on the same subject that do not, so a
//! passage stating a time earns a bonus when the question asks for one.

/// Word pairs and words that make a question ask for a time or a frequency.
const ASKING: &[&[&str]] = &[
    &["how", "quickly"],
    &["how", "soon"],
    &["how", "long"],
    &["how", "often"],
    &["how", "many", "days"],
    &["how", "many", "hours"],
    &["how", "many", "weeks"],
    &["how", "many", "months"],
    &["how", "many", "years"],
    &["by", "when"],
    &["within", "what"],
    &["how", "much", "time"],
    &["time", "limit"],
    &["timescale"],
    &["timescales"],
    &["timeframe"],
    &["deadline"],
];

/// Units of time a stated period is counted in.
const UNITS: &[&str] = &[
    "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
];

/// Words that may stand between a number and its unit ("5 working days", "two calendar months").
const QUALIFIERS: &[&str] = &["working", "calendar", "school", "clear", "full"];

/// Words that state a time on their own.
const IMMEDIATE: &[&str] = &[
    "immediately",
    "promptly",
    "forthwith",
    "annually",
    "fortnightly",
    "weekly",
    "monthly",
    "daily",
    "termly",
    "yearly",
];

const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "next", "same",
];

/// Words after which "a" counts a period ("within a day", "once a year"), where "a day nursery" does not.
const BEFORE_A: &[&str] = &[
    "within", "every", "each", "once", "twice", "per", "in", "after", "for",
];

/// Words before a number that make it an age ("under 5 years", "aged 16").
const AGE: &[&str] = &["under", "over", "aged", "age"];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether the question asks for a time, a deadline or a frequency.
pub(crate) fn asks_for_time(question: &str) -> bool {
    let ws = words(question);
    ASKING.iter().any(|p| {
        ws.windows(p.len())
            .any(|w| w.iter().zip(p.iter()).all(|(a, b)| a == b))
    })
}

/// Whether `text` states a time: a number of hours, days, weeks, months or years ("within 24 hours", "5 working
/// days", "every two years"), or a word that is one ("immediately", "without delay", "annually").
pub(crate) fn states_time(text: &str) -> bool {
    let ws = words(text);
    for (i, w) in ws.iter().enumerate() {
        if IMMEDIATE.contains(&w.as_str()) {
            return true;
        }
        if w == "without" && ws.get(i + 1).is_some_and(|n| n == "delay") {
            return true;
        }
        if w == "as"
            && ws.get(i + 1).is_some_and(|n| n == "soon")
            && ws.get(i + 2).is_some_and(|n| n == "as")
        {
            return true;
        }
        let before = i.checked_sub(1).and_then(|p| ws.get(p)).map(String::as_str);
        let number = w.chars().all(|c| c.is_ascii_digit())
            || NUMBER_WORDS.contains(&w.as_str())
            || (w == "a" && before.is_some_and(|b| BEFORE_A.contains(&b)));
        if !number || before.is_some_and(|b| AGE.contains(&b)) {
            continue;
        }
        let mut j = i + 1;
        while ws.get(j).is_some_and(|n| QUALIFIERS.contains(&n.as_str())) {
            j += 1;
        }
        // "2 years old", "16 years of age" are ages, not times ("within 14 days of the request" is one).
        let age = ws.get(j + 1).is_some_and(|n| n == "old")
            || (ws.get(j + 1).is_some_and(|n| n == "of")
                && ws.get(j + 2).is_some_and(|n| n == "age"));
        if ws.get(j).is_some_and(|n| UNITS.contains(&n.as_str())) && !age {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_questions() {
        assert!(asks_for_time("How quickly should the LADO be told?"));
        assert!(asks_for_time("how often does the DSL redo training"));
        assert!(asks_for_time(
            "Timescale for transferring a child protection file"
        ));
        assert!(asks_for_time("how many days do they have to reply"));
        assert!(asks_for_time("What must it do, and within what time?"));
        assert!(!asks_for_time("what is a LADO"));
        assert!(!asks_for_time("how do I complain about the school"));
        assert!(!asks_for_time("when a child dies, who is told"));
        // "When" asks about circumstances as often as about time.
        assert!(!asks_for_time(
            "When can I share information without consent?"
        ));
    }

    #[test]
    fn stated_times() {
        assert!(states_time("referred to the LADO within one working day"));
        assert!(states_time(
            "The file should be transferred within 5 school days."
        ));
        assert!(states_time("training at least every two years"));
        assert!(states_time(
            "should be reported immediately to a senior manager"
        ));
        assert!(states_time("notify HMCI without delay"));
        assert!(states_time("within 24 hours"));
        assert!(!states_time(
            "The designated safeguarding lead should take lead responsibility."
        ));
        assert!(
            !states_time("children who are 2 years old"),
            "an age is not a time"
        );
        assert!(!states_time("young people 16 years of age"));
        assert!(states_time(
            "Your employer must supply the statement within 14 days of you asking for it."
        ));
    }
}
