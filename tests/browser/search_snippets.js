// Unit checks for the pure functions of themes/default/static/search.js:
// snippets keep words whole, and highlight ranges line up with the original
// text for English, Hangul (which NFD splits into jamo), emoji, Chinese
// (searched as character pairs) and Arabic (vowel marks need not be typed).
// Run by tests/suite/search.rs; exits non-zero with a message on failure.
"use strict";
const assert = require("assert");
const path = require("path");
const s = require(path.join(__dirname, "../../themes/default/static/search.js"));

function marked(text, query) {
  const terms = s.normalise(query).split(/\s+/).filter(Boolean);
  return s.matchRanges(text, terms).map((r) => text.slice(r[0], r[1]));
}

// English: the snippet starts and ends on whole words.
const words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet ";
const english = words.repeat(4) + "needle " + words.repeat(4);
const snip = s.excerpt({ body: english }, ["needle"]);
assert.ok(snip.startsWith("… "), snip);
assert.ok(snip.endsWith(" …"), snip);
const inner = snip.slice(2, -2).trim().split(/\s+/);
const vocab = new Set(words.trim().split(" ").concat(["needle"]));
for (const w of inner) assert.ok(vocab.has(w), `word cut in half: ${w} in ${snip}`);
assert.ok(inner.includes("needle"), snip);

// Accents: "cafe" finds "Café" and marks all four letters.
assert.deepStrictEqual(marked("Le Café est ouvert", "cafe"), ["Café"]);

// Hangul: each syllable is several code points after NFD.
const hangul = "우리 가족의 이야기와 사진 기록";
assert.deepStrictEqual(marked(hangul, "가족"), ["가족"]);
assert.deepStrictEqual(marked(hangul, "사진"), ["사진"]);
const longHangul = ("가나다라 ").repeat(30) + "족보 " + ("마바사 ").repeat(40);
const hs = s.excerpt({ body: longHangul }, [s.normalise("족보")]);
assert.ok(hs.includes("족보"), hs);
for (const w of hs.replace(/…/g, "").trim().split(/\s+/)) {
  assert.ok(["가나다라", "족보", "마바사"].includes(w), `word cut in half: ${w}`);
}
// Hangul without spaces: cut between characters, never inside a syllable.
const solid = "가".repeat(200) + "족" + "나".repeat(200);
const ss = s.excerpt({ body: solid }, [s.normalise("족")]);
assert.ok(ss.includes("족"), ss);
assert.strictEqual(ss.normalize("NFC"), ss);

// Emoji (surrogate pairs) before the match do not shift it.
assert.deepStrictEqual(marked("😀😀 family 👨‍👩‍👧 photo", "photo"), ["photo"]);
assert.deepStrictEqual(marked("😀 Émile 😀", "emile"), ["Émile"]);
const emoji = "😀".repeat(100) + " target " + "🎉".repeat(100);
const es = s.excerpt({ body: emoji }, ["target"]);
assert.ok(es.includes("target"), es);
assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/.test(es), "split surrogate pair");

// Chinese (issue 17): a query is searched as character pairs, and most
// must match; highlights cover the matched characters.
const zhEntry = (title, body) => ({
  title: s.normalise(title), headings: "", summary: "", body: s.normalise(body),
});
const zhPage = zhEntry("在家学习", "和孩子聊学校的事情能帮助他们学习。");
assert.deepStrictEqual(s.queryTerms("在家学习").pairs, ["在家", "家学", "学习"]);
assert.ok(s.score(zhPage, s.queryTerms("在家学习")) > 0);
assert.ok(s.score(zhPage, s.queryTerms("孩子学习")) > 0, "words of the body in another order");
assert.strictEqual(s.score(zhPage, s.queryTerms("数学考试")), 0);
assert.ok(s.score(zhEntry("Learning at home", "Talk with children"), s.queryTerms("在家学习")) === 0);
assert.deepStrictEqual(
  s.matchRanges("我们在家学习。", s.queryTerms("在家学习").all).map((r) => "我们在家学习。".slice(r[0], r[1])),
  ["在家", "学习"],
);
assert.deepStrictEqual(s.queryTerms("学习，").pairs, [], "punctuation is not searched");

// Arabic: vowel marks and hamza forms need not be typed, and a highlight
// keeps a letter's marks with it.
assert.deepStrictEqual(marked("التعلّم في البيت", "التعلم"), ["التعلّم"]);
assert.deepStrictEqual(marked("مشاركة الأهل", "الاهل"), ["الأهل"]);
assert.deepStrictEqual(marked("كلُّ", "كل"), ["كلُّ"]);

console.log("search snippets ok");
