//! LaTeX left in BibTeX field values after the BibLaTeX parser has resolved
//! accents and dashes: text commands (`\emph{…}`, `\textsc{…}`, `\url{…}`),
//! TeX quotes (``` ``…'' ```, `` `…' ``), ties (`~`), escaped specials
//! (`\&`, `\%`) and the tabbing accents (`\a'a`) become plain Unicode text.
//! Straight quotes become typographic ones, as in APA's own examples, and
//! TeX's single quotes the double ones APA quotes with.

/// Commands whose one braced argument is the text to keep.
const TEXT_COMMANDS: &[&str] = &[
    "emph",
    "textit",
    "textbf",
    "textsc",
    "textrm",
    "texttt",
    "textsf",
    "textup",
    "textsl",
    "textnormal",
    "mbox",
    "url",
    "nolinkurl",
    "enquote",
    "mkbibemph",
    "mkbibitalic",
    "mkbibbold",
    "textsuperscript",
    "textsubscript",
    "uppercase",
    "lowercase",
];

/// `\a'a` (the tabbing form of `\'a`) and friends, which the parser leaves.
fn accent(mark: char, letter: char) -> Option<char> {
    let table: &[(char, &str, &str)] = &[
        ('\'', "aeiouyAEIOUYcnCN", "áéíóúýÁÉÍÓÚÝćńĆŃ"),
        ('`', "aeiouAEIOU", "àèìòùÀÈÌÒÙ"),
        ('"', "aeiouyAEIOU", "äëïöüÿÄËÏÖÜ"),
        ('^', "aeiouAEIOU", "âêîôûÂÊÎÔÛ"),
        ('~', "anoANO", "ãñõÃÑÕ"),
    ];
    let (_, from, to) = table.iter().find(|(m, _, _)| *m == mark)?;
    let i = from.chars().position(|c| c == letter)?;
    to.chars().nth(i)
}

/// Reads a `{…}` group starting at `chars[i] == '{'`; returns its content
/// and the index after the closing brace.
fn group(chars: &[char], i: usize) -> (String, usize) {
    let mut depth = 0;
    let mut j = i;
    while j < chars.len() {
        match chars[j] {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return (chars[i + 1..j].iter().collect(), j + 1);
                }
            }
            _ => {}
        }
        j += 1;
    }
    (chars[i + 1..].iter().collect(), chars.len())
}

/// Plain text of a field value with leftover LaTeX resolved.
pub fn to_text(s: &str) -> String {
    let commands = resolve_commands(s);
    smart_quotes(&commands)
}

fn resolve_commands(s: &str) -> String {
    if !s.contains(['\\', '~', '{', '}']) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '~' => {
                out.push('\u{a0}');
                i += 1;
            }
            '{' | '}' => i += 1,
            '\\' if i + 1 < chars.len() => {
                let next = chars[i + 1];
                if next.is_ascii_alphabetic() {
                    let mut j = i + 1;
                    while j < chars.len() && chars[j].is_ascii_alphabetic() {
                        j += 1;
                    }
                    let name: String = chars[i + 1..j].iter().collect();
                    i = command(&name, &chars, j, &mut out);
                } else {
                    i = symbol(next, &chars, i + 2, &mut out);
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// A control word `\name` whose name ends before `chars[j]`; writes its
/// text and returns where reading goes on.
fn command(name: &str, chars: &[char], mut j: usize, out: &mut String) -> usize {
    if name == "a" {
        // \a'a: the tabbing form of an accent (the parser may leave a space).
        let k = skip_space(chars, j);
        if k < chars.len() && "'`\"^~".contains(chars[k]) {
            return symbol(chars[k], chars, k + 1, out);
        }
    }
    match name {
        "href" if chars.get(j) == Some(&'{') => {
            let (_, after_url) = group(chars, j);
            if chars.get(after_url) == Some(&'{') {
                let (text, end) = group(chars, after_url);
                out.push_str(&resolve_commands(&text));
                return end;
            }
            after_url
        }
        "mkbibquote" if chars.get(j) == Some(&'{') => {
            let (text, end) = group(chars, j);
            out.push('“');
            out.push_str(&resolve_commands(&text));
            out.push('”');
            end
        }
        _ if TEXT_COMMANDS.contains(&name) && chars.get(j) == Some(&'{') => {
            let (text, end) = group(chars, j);
            out.push_str(&resolve_commands(&text));
            end
        }
        "dots" | "ldots" | "textellipsis" => {
            out.push('…');
            skip_space(chars, j)
        }
        "textendash" => {
            out.push('–');
            skip_space(chars, j)
        }
        "textemdash" => {
            out.push('—');
            skip_space(chars, j)
        }
        "ss" => {
            out.push('ß');
            skip_space(chars, j)
        }
        _ => {
            // Unknown words print as their name ("\LaTeX" → "LaTeX");
            // an argument, if any, is read as text next.
            out.push_str(name);
            if chars.get(j) == Some(&' ') {
                j += 1;
            }
            j
        }
    }
}

fn skip_space(chars: &[char], j: usize) -> usize {
    if chars.get(j) == Some(&' ') { j + 1 } else { j }
}

/// A control symbol `\x`; `j` is the index after it.
fn symbol(mark: char, chars: &[char], j: usize, out: &mut String) -> usize {
    match mark {
        '\'' | '`' | '"' | '^' | '~' => {
            let (letter, end) = match chars.get(j) {
                Some('{') => {
                    let (t, end) = group(chars, j);
                    (t.chars().next(), end)
                }
                Some(&c) => (Some(c), j + 1),
                None => (None, j),
            };
            match letter.and_then(|l| accent(mark, l)) {
                Some(a) => out.push(a),
                None => out.extend(letter),
            }
            end
        }
        ' ' | ',' | ';' => {
            out.push(' ');
            j
        }
        '-' | '/' => j,
        other => {
            // \& \% \_ \# \$ \{ \}
            out.push(other);
            j
        }
    }
}

/// Typographic quotes for text split into pieces (BibTeX's braced
/// groups): the state of open quotes carries from one piece to the next,
/// so `` `{Hungry Judges}' `` closes what it opened.
#[derive(Debug, Default)]
pub struct Quotes {
    double_open: bool,
    tex_single_open: bool,
    prev: Option<char>,
}

impl Quotes {
    /// ``` ``x'' ``` → “x”, `` `x' `` → “x” (TeX quotes a phrase inside a
    /// title; APA quotes with double marks, §6.7), `'` → ’, `"x"` → “x”.
    pub fn apply(&mut self, s: &str) -> String {
        let s = s.replace("``", "“").replace("''", "”");
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| chars[p]).or(self.prev);
            let next = chars.get(i + 1);
            let after_space = prev.is_none_or(|p| p.is_whitespace() || "([“‘—–".contains(p));
            match c {
                // `reprex` (Markdown code in a title) closes with a backtick.
                '`' if self.tex_single_open => {
                    self.tex_single_open = false;
                    out.push('”');
                }
                '`' => {
                    self.tex_single_open = true;
                    out.push('“');
                }
                '\'' if self.tex_single_open && !next.is_some_and(|n| n.is_alphanumeric()) => {
                    self.tex_single_open = false;
                    out.push('”');
                }
                '\'' if after_space => out.push('‘'),
                '\'' => out.push('’'),
                '"' => {
                    self.double_open = !self.double_open && after_space;
                    out.push(if self.double_open { '“' } else { '”' });
                }
                _ => out.push(c),
            }
        }
        if let Some(&last) = chars.last() {
            self.prev = Some(last);
        }
        out
    }
}

/// Resolves commands only (quotes untouched), for text split in pieces
/// that then go through one [`Quotes`].
pub fn commands_to_text(s: &str) -> String {
    resolve_commands(s)
}

fn smart_quotes(s: &str) -> String {
    Quotes::default().apply(s)
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn text_commands_keep_their_argument() {
        assert_eq!(
            to_text(r"The \emph{Big} Book of \textsc{Nasa} \url{https://x.org/a_b}"),
            "The Big Book of Nasa https://x.org/a_b"
        );
        assert_eq!(to_text(r"\href{https://x.org}{the site}"), "the site");
        assert_eq!(to_text(r"\LaTeX\ for beginners"), "LaTeX for beginners");
    }

    #[test]
    fn tex_quotes_ties_and_specials() {
        assert_eq!(
            to_text(r"``Quoted'' and `single' a~b \& c 50\%"),
            "“Quoted” and “single” a\u{a0}b & c 50%"
        );
        assert_eq!(to_text("O'Reilly's \"view\""), "O’Reilly’s “view”");
        assert_eq!(to_text("Beware `Hungry Judges'"), "Beware “Hungry Judges”");
        assert_eq!(to_text("of `student's' problem"), "of “student’s” problem");
    }

    #[test]
    fn tabbing_accents_and_braced_accents() {
        assert_eq!(to_text(r"Vel{\a'a}squez"), "Velásquez");
        assert_eq!(to_text(r"Vel\a 'asquez"), "Velásquez");
        assert_eq!(to_text(r"Ad\`{e}le \~n"), "Adèle ñ");
    }
}
