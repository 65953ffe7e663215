//! Personal and corporate names: initials, name lists, sort keys.

use super::work::Name;

/// "William H." → "W. H."; "Jean-Paul" → "J.-P."; "M.D." → "M. D." (each
/// letter before a period is an initial); `spaced = false` gives "W.H."
/// (Harvard).
pub(crate) fn initials(given: &str, spaced: bool) -> String {
    let given = given.replace(".-", "-");
    let words: Vec<String> = given
        .split(|c: char| c.is_whitespace() || c == '.')
        .map(|word| {
            word.split('-')
                .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
                .map(|c| format!("{}.", c.to_uppercase()))
                .collect::<Vec<_>>()
                .join("-")
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.join(if spaced { " " } else { "" })
}

/// "Jeynes, W. H." (APA) or "Jeynes, W.H." (Harvard); organisations whole.
pub(crate) fn inverted_initials(n: &Name, spaced: bool) -> String {
    let mut out = n.surname();
    if let Some(g) = &n.given {
        let i = initials(g, spaced);
        if !i.is_empty() {
            out.push_str(", ");
            out.push_str(&i);
        }
    }
    if let Some(s) = &n.suffix {
        out.push_str(", ");
        out.push_str(s);
    }
    out
}

/// "B. Doll" (APA editors in a chapter reference).
pub(crate) fn initials_first(n: &Name, spaced: bool) -> String {
    match n
        .given
        .as_deref()
        .map(|g| initials(g, spaced))
        .filter(|i| !i.is_empty())
    {
        Some(i) => format!("{i} {}", n.surname()),
        None => n.surname(),
    }
}

/// "Desforges, Charles" (Chicago first author).
pub(crate) fn inverted_full(n: &Name) -> String {
    let mut out = n.surname();
    if let Some(g) = &n.given {
        out.push_str(", ");
        out.push_str(g);
    }
    if let Some(s) = &n.suffix {
        out.push_str(", ");
        out.push_str(s);
    }
    out
}

/// "Alberto Abouchaar" (Chicago later authors and editors).
pub(crate) fn given_first_full(n: &Name) -> String {
    let mut out = match &n.given {
        Some(g) => format!("{g} {}", n.surname()),
        None => n.surname(),
    };
    if let Some(s) = &n.suffix {
        out.push_str(", ");
        out.push_str(s);
    }
    out
}

/// Joins names: `pair` between exactly two, `last` before the last of
/// three or more ("A, B, & C" with `last = ", & "`).
pub(crate) fn join_names(names: &[String], pair: &str, sep: &str, last: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a}{pair}{b}"),
        [init @ .., z] => format!("{}{last}{z}", init.join(sep)),
    }
}

/// A sort key that orders "Núñez" next to "Nunez" and ignores case.
pub(crate) fn sort_fold(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let base = match c {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã'
                | 'Ä' | 'Å' => 'a',
                'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
                'ď' | 'Ď' => 'd',
                'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
                'ł' | 'Ł' => 'l',
                'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
                    'o'
                }
                'ř' | 'Ř' => 'r',
                'ś' | 'š' | 'ş' | 'Ś' | 'Š' => 's',
                'ť' | 'Ť' => 't',
                'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
                'ý' | 'ÿ' | 'Ý' => 'y',
                'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
                'ß' => 's',
                c => c,
            };
            base.to_lowercase()
        })
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect()
}

/// Title sort key: leading articles are ignored (APA 7 §9.46).
pub(crate) fn title_sort_key(title: &str) -> String {
    let folded = sort_fold(title);
    for article in ["a ", "an ", "the "] {
        if let Some(rest) = folded.strip_prefix(article) {
            return rest.to_string();
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_keep_every_letter_and_hyphen() {
        assert_eq!(initials("M.D.", true), "M. D.");
        assert_eq!(initials("H.H.", false), "H.H.");
        assert_eq!(initials("J.-P.", true), "J.-P.");
        assert_eq!(initials("Jean-Paul", true), "J.-P.");
        assert_eq!(initials("William H.", true), "W. H.");
    }
}
