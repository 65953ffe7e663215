/*
 * sheaf default theme: client-side search.
 *
 * The search form in the masthead is invisible (`data-pending`) in the HTML,
 * so without JavaScript nothing half-working is shown, but its space is
 * reserved, so revealing it does not push the page down. This script reveals it, loads the
 * search index (a JSON array of {title, url, summary, headings, body}) the
 * first time the box is used, and filters it as the reader types.
 * Keyboard: Down/Up move between results, Escape closes the list.
 */
(function () {
  "use strict";

  // Lower-cases and strips accents, one original character at a time, and
  // records for each code unit of the result where its character starts
  // and ends in the original. NFD splits a Hangul syllable into several
  // jamo, so without this map positions found in the normalised text would
  // not line up with the text shown.
  function normaliseMapped(text) {
    text = String(text || "");
    var out = "", starts = [], ends = [];
    for (var i = 0; i < text.length; ) {
      var cp = text.codePointAt(i);
      var len = cp > 0xffff ? 2 : 1;
      var n = text.slice(i, i + len).toLowerCase();
      // Accents, and Arabic vowel marks, hamza carriers and tatweel, which
      // readers seldom type: "التعلم" finds "التعلّم", "اهل" finds "أهل".
      if (n.normalize) n = n.normalize("NFD").replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "");
      // A dropped mark belongs to the character before it, so a highlight
      // never splits a letter from its marks.
      if (!n.length && ends.length) ends[ends.length - 1] = i + len;
      for (var k = 0; k < n.length; k++) {
        starts.push(i);
        ends.push(i + len);
      }
      out += n;
      i += len;
    }
    return { text: out, starts: starts, ends: ends };
  }

  function normalise(text) {
    return normaliseMapped(text).text;
  }

  // Ranges [start, end) in the original text where the terms match, sorted
  // and without overlaps; a range always covers whole characters.
  function matchRanges(text, terms) {
    var m = normaliseMapped(text);
    var ranges = [];
    terms.forEach(function (t) {
      if (!t) return;
      var from = 0, at;
      while ((at = m.text.indexOf(t, from)) !== -1) {
        ranges.push([m.starts[at], m.ends[at + t.length - 1]]);
        from = at + t.length;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var kept = [], pos = 0;
    ranges.forEach(function (r) {
      if (r[0] < pos) return;
      kept.push(r);
      pos = r[1];
    });
    return kept;
  }

  function isLow(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  }

  // A short excerpt of the body around the first matching word, cut at
  // whitespace; text without spaces near the cut is cut between characters.
  function excerpt(doc, terms) {
    var text = String(doc.body || "");
    var r = null;
    for (var i = 0; i < terms.length && !r; i++) r = matchRanges(text, [terms[i]])[0] || null;
    if (!r) return doc.summary || excerptEnd(text, 0, 160);
    var start = Math.max(0, r[0] - 60);
    if (start > 0) {
      var gap = text.slice(start, r[0]).search(/\s/);
      if (gap !== -1) start += gap + 1;
      else if (isLow(text, start)) start += 1;
    }
    var body = excerptEnd(text, start, r[1] + 120);
    return (start > 0 ? "… " : "") + body.replace(/^\s+/, "");
  }

  function excerptEnd(text, start, end) {
    if (end >= text.length) return text.slice(start).trim();
    var cut = text.slice(start, end).search(/\s\S*$/);
    if (cut > 0) end = start + cut;
    else if (isLow(text, end)) end -= 1;
    return text.slice(start, end).trim() + " …";
  }

  // Chinese and Japanese write words without spaces between them, so a
  // query in those scripts is searched as overlapping pairs of characters
  // (bigrams): "在家学习" is 在家, 家学, 学习. Most pairs must match, not
  // all, since a pair across two words may appear nowhere.
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var RUNS = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var WORDLIKE = /[0-9A-Za-z\u00c0-\u024f\u0370-\u1fff\u3040-\ud7ff\uf900-\ufaff]/;

  function queryTerms(query) {
    var words = [], pairs = [];
    normalise(query).split(/\s+/).forEach(function (w) {
      (w.match(RUNS) || []).forEach(function (run) {
        if (!WORDLIKE.test(run)) return;
        if (!CJK.test(run) || run.length <= 2) {
          words.push(run);
          return;
        }
        for (var i = 0; i + 2 <= run.length; i++) pairs.push(run.slice(i, i + 2));
      });
    });
    return { words: words, pairs: pairs, all: words.concat(pairs) };
  }

  function fieldScore(entry, t) {
    var s = 0;
    if (entry.title.indexOf(t) !== -1) s += 10;
    if (entry.headings.indexOf(t) !== -1) s += 5;
    if (entry.summary.indexOf(t) !== -1) s += 3;
    if (entry.body.indexOf(t) !== -1) s += 1;
    return s;
  }

  function score(entry, q) {
    var total = 0;
    for (var i = 0; i < q.words.length; i++) {
      var s = fieldScore(entry, q.words[i]);
      if (s === 0) return 0; // every word must match somewhere
      total += s;
    }
    var matched = 0;
    for (var k = 0; k < q.pairs.length; k++) {
      var p = fieldScore(entry, q.pairs[k]);
      if (p) matched++;
      total += p;
    }
    if (matched * 2 < q.pairs.length) return 0;
    return total;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { normalise: normalise, matchRanges: matchRanges, excerpt: excerpt, queryTerms: queryTerms, score: score };
  }
  if (typeof document === "undefined") return;

  // "Print this page" buttons (data-print): shown only when scripts run.
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var MAX_RESULTS = 8;
  var form = document.querySelector(".site-search");
  if (!form || !window.fetch || !document.addEventListener) return;

  document.documentElement.classList.add("has-js");

  var input = form.querySelector(".site-search__input");
  var panel = form.querySelector(".site-search__results");
  var list = form.querySelector(".site-search__list");
  var status = form.querySelector(".site-search__summary");
  var live = form.querySelector("#site-search-live");
  var indexUrl = form.getAttribute("data-index");
  // Messages come from the theme's strings table (data-msg-*), English if absent.
  function msg(name, fallback, values) {
    var text = form.getAttribute("data-msg-" + name) || fallback;
    return text.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values || {}, key) ? String(values[key]) : all;
    });
  }
  var index = null;
  var loading = null;
  var timer = null;

  form.removeAttribute("data-pending");
  form.setAttribute("action", "#");

  function load() {
    if (index) return Promise.resolve(index);
    if (loading) return loading;
    loading = fetch(indexUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        index = (Array.isArray(data) ? data : []).map(function (doc) {
          var headings = Array.isArray(doc.headings) ? doc.headings.join(" ") : "";
          return {
            doc: doc,
            title: normalise(doc.title),
            summary: normalise(doc.summary),
            headings: normalise(headings),
            body: normalise(doc.body)
          };
        });
        return index;
      })
      .catch(function (err) {
        loading = null;
        throw err;
      });
    return loading;
  }


  // Writes text into el, wrapping matches in <mark>. Only text nodes are
  // created, so nothing from the index is ever parsed as HTML.
  function highlight(el, text, terms) {
    text = String(text || "");
    var pos = 0;
    matchRanges(text, terms).forEach(function (r) {
      if (r[0] > pos) el.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      el.appendChild(mark);
      pos = r[1];
    });
    if (pos < text.length) el.appendChild(document.createTextNode(text.slice(pos)));
  }

  function announce(message) {
    status.textContent = message;
    live.textContent = message;
  }

  function close() {
    panel.hidden = true;
  }

  function render(query) {
    var q = queryTerms(query);
    var terms = q.all;
    list.textContent = "";
    if (!terms.length) {
      announce("");
      close();
      return;
    }
    var hits = [];
    index.forEach(function (entry) {
      var s = score(entry, q);
      if (s > 0) hits.push({ entry: entry, score: s });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || String(a.entry.doc.title).localeCompare(String(b.entry.doc.title));
    });

    var shown = hits.slice(0, MAX_RESULTS);
    shown.forEach(function (hit) {
      var doc = hit.entry.doc;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "site-search__hit";
      a.href = doc.url;
      var title = document.createElement("span");
      title.className = "site-search__hit-title";
      highlight(title, doc.title, terms);
      var text = document.createElement("span");
      text.className = "site-search__hit-text";
      highlight(text, hit.entry.summary && terms.every(function (t) { return hit.entry.summary.indexOf(t) !== -1; })
        ? doc.summary : excerpt(doc, terms), terms);
      a.appendChild(title);
      a.appendChild(text);
      li.appendChild(a);
      list.appendChild(li);
    });

    var message;
    var values = { query: query.trim(), n: hits.length, shown: shown.length };
    if (!hits.length) message = msg("none", "No results for “{query}”.", values);
    else if (hits.length === 1) message = msg("one", "1 result for “{query}”.", values);
    else if (hits.length > shown.length) message = msg("capped", "{n} results for “{query}”, showing the best {shown}.", values);
    else message = msg("many", "{n} results for “{query}”.", values);
    announce(message);
    panel.hidden = false;
  }

  function update() {
    var query = input.value;
    if (!query.trim()) {
      render("");
      return;
    }
    load().then(function () {
      if (input.value === query) render(query);
    }, function () {
      list.textContent = "";
      announce(msg("unavailable", "Search is not available right now."));
      panel.hidden = false;
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });
  input.addEventListener("focus", function () {
    load().catch(function () {});
  });
  input.addEventListener("click", function () {
    if (input.value.trim() && list.children.length) panel.hidden = false;
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.focus();
    else update();
  });

  form.addEventListener("keydown", function (event) {
    var items = links();
    var at = items.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      if (!items.length) return;
      event.preventDefault();
      if (panel.hidden) { panel.hidden = false; }
      items[Math.min(at + 1, items.length - 1)].focus();
    } else if (event.key === "ArrowUp") {
      if (at === -1) return;
      event.preventDefault();
      if (at === 0) input.focus();
      else items[at - 1].focus();
    } else if (event.key === "Escape") {
      if (!panel.hidden) {
        event.preventDefault();
        close();
        input.focus();
      } else if (input.value) {
        input.value = "";
        render("");
      }
    }
  });

  // Close the list when focus or a click leaves the search form.
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) close();
  });
  form.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !form.contains(event.relatedTarget)) close();
  });
})();
