//! The Tera function `t(key=…, n=…, kind=…)` over the strings table
//! (docs/templates.md). A page's templates call it some forty times, with
//! the same few hundred argument sets on every page, so each answer is
//! made once and kept: a call then costs two hash lookups and a clone of
//! a shared string instead of a table search, a plural rule, placeholder
//! replacements and a fresh string.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, RwLock};

use rustc_hash::FxHashMap as HashMap;
use tera::{Kwargs, State, Value};

use super::strings::{FALLBACK_LANGUAGE, KindName, Strings};

/// How many answers with a count, a kind or other arguments are kept; past
/// it they are made on each call (a template counting with `loop.index`
/// would otherwise keep one per count).
const MAX_KEPT_WITH_ARGUMENTS: usize = 4096;

/// `t` with its answers kept. Errors are not kept: they are reported at
/// each use, as before.
pub struct Translate {
    strings: Arc<Strings>,
    /// `t(key=…)` alone: language, then key.
    plain: RwLock<HashMap<String, HashMap<String, Value>>>,
    /// Calls with `n`, `kind` or placeholders.
    with_arguments: Mutex<HashMap<Call, Value>>,
}

/// The arguments that decide a call's answer beyond its language and key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Call {
    lang: String,
    key: String,
    n: Option<u64>,
    kind: Option<KindName>,
    /// Sorted by name, so one set of arguments is one entry.
    vars: Vec<(String, String)>,
}

impl Translate {
    pub fn new(strings: Arc<Strings>) -> Self {
        Translate {
            strings,
            plain: RwLock::default(),
            with_arguments: Mutex::default(),
        }
    }

    /// The Tera function, reading the page's language from the `lang`
    /// context variable unless a `lang` argument is given.
    pub fn tera_function(self) -> impl Fn(Kwargs, &State) -> tera::TeraResult<Value> {
        move |kwargs: Kwargs, state: &State| self.call(&kwargs, state)
    }

    fn call(&self, kwargs: &Kwargs, state: &State) -> tera::TeraResult<Value> {
        // `Cow` reads a string argument in place and shows any other value
        // as text, as `String` arguments do.
        let key: Cow<str> = kwargs.must_get("key")?;
        let context_lang;
        let lang: Cow<str> = match kwargs.get::<Cow<str>>("lang")? {
            Some(l) => l,
            None => match state.get::<Value>("lang")? {
                Some(v) => {
                    context_lang = v;
                    match context_lang.as_str() {
                        Some(l) => Cow::Borrowed(l),
                        None => Cow::Owned(context_lang.to_string()),
                    }
                }
                None => Cow::Borrowed(FALLBACK_LANGUAGE),
            },
        };
        let n = match kwargs.get::<&Value>("n")? {
            Some(v) if !v.is_undefined() && !v.is_none() => Some(
                v.as_u64()
                    .or_else(|| v.as_i64().map(|i| i.max(0) as u64))
                    .ok_or_else(|| {
                        tera::Error::message(format!("t(key=\"{key}\"): `n` must be a count"))
                    })?,
            ),
            _ => None,
        };
        let kind = match kwargs.get::<&Value>("kind")? {
            Some(v) => KindName::from_value(v),
            None => None,
        };
        let is_other = |k: &str| !matches!(k, "key" | "lang" | "n" | "kind");
        let has_others = kwargs.iter().any(|(k, _)| k.as_str().is_some_and(is_other));
        if n.is_none() && kind.is_none() && !has_others {
            return self.plain(&lang, &key);
        }
        let mut vars: Vec<(String, String)> = kwargs
            .iter()
            .filter_map(|(k, v)| {
                let k = k.as_str().filter(|k| is_other(k))?;
                Some((k.to_string(), v.to_string()))
            })
            .collect();
        vars.sort();
        self.with_arguments(Call {
            lang: lang.into_owned(),
            key: key.into_owned(),
            n,
            kind,
            vars,
        })
    }

    fn plain(&self, lang: &str, key: &str) -> tera::TeraResult<Value> {
        let kept = self.plain.read().unwrap_or_else(|p| p.into_inner());
        if let Some(value) = kept.get(lang).and_then(|keys| keys.get(key)) {
            return Ok(value.clone());
        }
        drop(kept);
        let value = Value::from(
            self.strings
                .format(lang, key, None, None, &[])
                .map_err(tera::Error::message)?,
        );
        let mut kept = self.plain.write().unwrap_or_else(|p| p.into_inner());
        kept.entry(lang.to_string())
            .or_default()
            .insert(key.to_string(), value.clone());
        Ok(value)
    }

    fn with_arguments(&self, call: Call) -> tera::TeraResult<Value> {
        let lock = || {
            self.with_arguments
                .lock()
                .unwrap_or_else(|p| p.into_inner())
        };
        if let Some(value) = lock().get(&call) {
            return Ok(value.clone());
        }
        let value = Value::from(
            self.strings
                .format(
                    &call.lang,
                    &call.key,
                    call.n,
                    call.kind.as_ref(),
                    &call.vars,
                )
                .map_err(tera::Error::message)?,
        );
        let mut kept = lock();
        if kept.len() < MAX_KEPT_WITH_ARGUMENTS {
            kept.insert(call, value.clone());
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(strings: Strings) -> tera::Tera {
        let mut tera = tera::Tera::new();
        tera.register_function("t", Translate::new(Arc::new(strings)).tera_function());
        tera.add_raw_template(
            "calls",
            "{{ t(key=\"home\") }}|{{ t(key=\"count\", n=n) }}|{{ t(key=\"tagged\", term=term) }}",
        )
        .unwrap();
        tera
    }

    fn render(tera: &tera::Tera, lang: &str, n: u64, term: &str) -> String {
        let mut ctx = tera::Context::new();
        ctx.insert("lang", lang);
        ctx.insert("n", &n);
        ctx.insert("term", term);
        tera.render("calls", &ctx).unwrap()
    }

    #[test]
    fn kept_answers_follow_the_language_count_and_arguments() {
        let tera = tera(Strings::from_toml(&[
            (
                "en",
                "home = \"Home\"\ncount = { one = \"{n} page\", other = \"{n} pages\" }\ntagged = \"Tagged {term}\"\n",
            ),
            ("vi", "home = \"Trang chủ\"\n"),
        ]));
        // Each answer is asked for twice: made, then kept.
        for _ in 0..2 {
            assert_eq!(render(&tera, "en", 1, "a"), "Home|1 page|Tagged a");
            // Vietnamese has no singular form, so n = 3: the count falls back
            // to the English string.
            assert_eq!(render(&tera, "vi", 3, "a"), "Trang chủ|3 pages|Tagged a");
            assert_eq!(render(&tera, "en", 3, "b"), "Home|3 pages|Tagged b");
        }
    }

    #[test]
    fn a_missing_key_is_an_error_at_every_use() {
        let mut tera = tera::Tera::new();
        let strings = Strings::from_toml(&[("en", "home = \"Home\"\n")]);
        tera.register_function("t", Translate::new(Arc::new(strings)).tera_function());
        tera.add_raw_template("missing", "{{ t(key=\"nowhere\") }}")
            .unwrap();
        let ctx = tera::Context::new();
        for _ in 0..2 {
            let error = tera.render("missing", &ctx).unwrap_err();
            assert!(
                format!("{error:?}").contains("no string `nowhere`"),
                "{error:?}"
            );
        }
    }
}
