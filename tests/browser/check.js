#!/usr/bin/env node
// Browser checks for sheaf's default theme, run by tests/suite/browser.rs.
//
//   node check.js --sheaf BIN --root SITE --out DIR [--chrome PATH] [--search-only]
//
// Starts a static server on 127.0.0.1 (a free port), builds SITE with
// `sheaf build --base-url http://127.0.0.1:PORT/ --output DIR`, then drives
// the system Chromium (puppeteer-core: nothing is downloaded) through one
// page of every type:
//   - axe-core on each page (all rules; the Rust side fails on "serious"
//     and "critical" impacts),
//   - at 375 px wide, whether the page scrolls sideways (and axe-core again
//     on the translated factsheets, whose mirrored layout is the risk),
//   - the search box: type a query, read the results, move with the keyboard,
//     then an Arabic and a Chinese query where the site has those languages
//     (`--search-only` skips the pages and runs just this),
//   - every request the pages make, to prove none leaves 127.0.0.1.
// Prints one JSON object on stdout; diagnostics go to stderr.

"use strict";

const fs = require("fs");
const path = require("path");
const { arg, chromePath, serveBuilt, launch, axeSource, axe, run } = require("./lib");

const sheaf = arg("sheaf");
const root = arg("root");
const out = arg("out");
const chrome = chromePath();
const searchOnly = process.argv.includes("--search-only");
if (!sheaf || !root || !out) {
  console.error("usage: node check.js --sheaf BIN --root SITE --out DIR [--chrome PATH]");
  process.exit(2);
}

// Elements that stick out past the right edge, for the overflow report.
function overflowReport() {
  const width = window.innerWidth;
  const offenders = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) {
      const cls = el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "";
      offenders.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls + " right=" + Math.round(r.right));
    }
    if (offenders.length >= 8) break;
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    offenders,
  };
}

async function main() {
  const { server, base, dir } = await serveBuilt(sheaf, root, out);
  const exists = (rel) => fs.existsSync(path.join(dir, rel));

  // One page of every type the example site has.
  const firstDir = (section) => {
    const names = fs
      .readdirSync(path.join(dir, section), { withFileTypes: true })
      .filter((d) => d.isDirectory() && exists(path.join(section, d.name, "index.html")))
      .map((d) => d.name)
      .sort();
    return names.length ? `${section}/${names[0]}/` : null;
  };
  const pages = searchOnly ? [] : [
    ["home", ""],
    ["section", "factsheets/"],
    ["factsheet", "factsheets/learning-at-home/"],
    ["research summary", "research/what-the-research-says/"],
    ["source page", "evidence/desforges2003/"],
    ["evidence index", "evidence/"],
    ["evidence levels", "evidence/levels/"],
    ["taxonomy list", "outcomes/"],
    ["taxonomy term", firstDir("outcomes")],
    ["print booklet", exists("print/index.html") ? "print/" : null],
    ["404", "no-such-page/"],
    // Translations (issue 17): a right-to-left page and a Vietnamese one.
    ["arabic factsheet", exists("ar/factsheets/learning-at-home/index.html") ? "ar/factsheets/learning-at-home/" : null],
    ["vietnamese factsheet", exists("vi/factsheets/learning-at-home/index.html") ? "vi/factsheets/learning-at-home/" : null],
  ];

  const browser = await launch(chrome);

  const result = { base, pages: [], search: null, externalRequests: [], consoleErrors: [] };
  // axe-core runs at 375 px too on these (right to left, long words).
  const narrowAxe = new Set(["arabic factsheet", "vietnamese factsheet"]);
  try {
    const page = await browser.newPage();
    page.on("request", (req) => {
      const url = req.url();
      if (!url.startsWith(base) && !url.startsWith("data:") && !url.startsWith("about:")) {
        result.externalRequests.push(url);
      }
    });
    page.on("pageerror", (err) => result.consoleErrors.push(String(err)));
    const source = axeSource();

    for (const [type, rel] of pages) {
      if (rel === null) {
        result.pages.push({ type, skipped: "this site has no such page" });
        continue;
      }
      const url = base + rel;
      const entry = { type, url };
      await page.setViewport({ width: 1280, height: 900 });
      const response = await page.goto(url, { waitUntil: "load" });
      entry.status = response ? response.status() : 0;
      const runAxe = () => axe(page, source);
      entry.violations = await runAxe();
      await page.setViewport({ width: 375, height: 800 });
      await page.goto(url, { waitUntil: "load" });
      entry.narrow = await page.evaluate(overflowReport);
      if (narrowAxe.has(type)) entry.narrowViolations = await runAxe();
      result.pages.push(entry);
    }

    result.search = await searchCheck(page, base);
  } finally {
    await browser.close();
    server.close();
  }
  return result;
}

// Types a query a reader would type and reports what the box shows, then
// checks the keyboard path: ArrowDown focuses the first result, Escape
// closes the list.
async function searchCheck(page, base) {
  // The box searches 120 ms after the last keystroke, so on a slow machine
  // it may render the results of a partial query ("learning at") first.
  // Wait until the summary names the whole query before reading.
  const typeQuery = async (query, delay) => {
    await page.keyboard.type(query, { delay });
    await page.waitForFunction(
      (q) =>
        document.querySelector(".site-search__summary").textContent.includes("\u201c" + q + "\u201d"),
      { timeout: 5000 },
      query
    );
  };
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(base, { waitUntil: "load" });
  const visible = await page.$eval(".site-search", (f) => !f.hidden && !f.hasAttribute("data-pending") && getComputedStyle(f).visibility === "visible");
  const input = await page.$(".site-search__input");
  await input.focus();
  await typeQuery("learning at home", 20);
  const read = () =>
    page.evaluate(() => ({
      results: Array.from(document.querySelectorAll(".site-search__list a")).map((a) => ({
        title: a.querySelector(".site-search__hit-title").textContent,
        href: a.getAttribute("href"),
      })),
      summary: document.querySelector(".site-search__summary").textContent,
      panelHidden: document.querySelector(".site-search__results").hidden,
    }));
  const typed = await read();
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute("href"));
  await page.keyboard.press("Escape");
  const closed = await page.evaluate(() => document.querySelector(".site-search__results").hidden);
  // A query that matches nothing says so.
  await input.click({ clickCount: 3 });
  await typeQuery("zzqxj", 10);
  const none = await read();
  // An Arabic page searches the Arabic index; the reader need not type
  // vowel marks ("التعلم" for "التعلّم").
  let arabic = null;
  if (fs.existsSync(path.join(path.resolve(out), "ar/search-index.json"))) {
    await page.goto(base + "ar/", { waitUntil: "load" });
    const arInput = await page.$(".site-search__input");
    await arInput.focus();
    await typeQuery("التعلم في البيت", 20);
    arabic = await read();
  }
  // A Simplified Chinese page searches the Chinese index, where words have
  // no spaces between them.
  let chinese = null;
  const zh = ["zh-Hans", "zh", "zh-CN"].find((tag) =>
    fs.existsSync(path.join(path.resolve(out), tag, "search-index.json"))
  );
  if (zh) {
    await page.goto(base + zh + "/", { waitUntil: "load" });
    const zhInput = await page.$(".site-search__input");
    await zhInput.focus();
    await typeQuery("在家学习", 20);
    chinese = { tag: zh, ...(await read()) };
  }
  return { visible, query: "learning at home", ...typed, arrowDownFocuses: focused, escapeCloses: closed, noMatch: none, arabic, chinese };
}

run(main);
