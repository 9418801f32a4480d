//! Query-string parameters, read strictly: an unknown name, a repeated single-valued one or a number out of range is
//! a 400 that says which parameter and why, so a typo (`?query=`) is not silently ignored.

use super::ApiError;

/// The decoded parameters of one request.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decodes `raw` (the part after `?`) and refuses names outside `allowed`.
    pub(crate) fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if let Some((name, _)) = pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            let takes = if allowed.is_empty() {
                "this endpoint takes no parameters".to_owned()
            } else {
                format!("this endpoint accepts: {}", allowed.join(", "))
            };
            return Err(ApiError::bad_parameter(format!(
                "unknown parameter {:?}; {takes}",
                truncate(name, 40)
            )));
        }
        Ok(Params { pairs })
    }

    /// The value of a single-valued parameter.
    pub(crate) fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self.pairs.iter().filter(|(k, _)| k == name);
        let first = values.next().map(|(_, v)| v.as_str());
        if values.next().is_some() {
            return Err(ApiError::bad_parameter(format!(
                "{name} is given more than once"
            )));
        }
        Ok(first)
    }

    /// Every value of a list parameter, given repeated (`doc=a&doc=b`) or comma-separated (`doc=a,b`); empty items
    /// are dropped.
    pub(crate) fn list(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A whole number in `min..=max`, `default` when absent.
    pub(crate) fn number(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        let Some(v) = self.one(name)? else {
            return Ok(default);
        };
        match v.trim().parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_parameter(format!(
                "{name} must be a whole number from {min} to {max}, not {:?}",
                truncate(v, 40)
            ))),
        }
    }
}

/// At most `max` characters of `s`, for quoting user input back in an error message.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_parameters() {
        let p = Params::parse(Some("q=a+b&doc=x,y&doc=z&limit=5"), &["q", "doc", "limit"]).unwrap();
        assert_eq!(p.one("q").unwrap(), Some("a b"));
        assert_eq!(p.list("doc"), ["x", "y", "z"]);
        assert_eq!(p.number("limit", 10, 1, 50).unwrap(), 5);
        assert_eq!(p.number("offset", 0, 0, 9).unwrap(), 0);
        assert!(p.number("limit", 10, 6, 50).is_err());
        assert!(Params::parse(Some("query=a"), &["q"]).is_err());
        let none = Params::parse(Some("x=1"), &[]).unwrap_err();
        assert_eq!(
            none,
            ApiError::bad_parameter("unknown parameter \"x\"; this endpoint takes no parameters")
        );
        let twice = Params::parse(Some("q=a&q=b"), &["q"]).unwrap();
        assert!(twice.one("q").is_err());
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate("héllo", 2), "hé…");
        assert_eq!(truncate("hi", 5), "hi");
    }
}
