#!/usr/bin/env node
// Outside validators over a built site, run by tests/suite/validators.rs.
//
//   node validate.js --dir BUILT_SITE [--dir MORE ...] [--html-only SITE ...]
//                    [--chrome PATH]
//
// - the W3C Nu HTML checker (npm vnu-jar, needs `java`) over every --dir
//   and --html-only site, errors only;
// - pa11y with HTML_CodeSniffer at WCAG2AA over one page of every type of
//   every --dir, each served from 127.0.0.1 and opened in the system
//   Chromium (nothing is downloaded: PUPPETEER_SKIP_DOWNLOAD=1 at install).
// Prints one JSON object on stdout:
//   { vnu: [messages], pa11y: [{site, url, issues}] }.

"use strict";

const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const { serve, run } = require("./lib");

const dirs = [];
// Checked by the Nu HTML checker only (pa11y is slower: it gets `--dir`s).
const htmlOnly = [];
let chrome = process.env.SHEAF_CHROME || "/usr/bin/chromium";
for (let i = 2; i < process.argv.length; i += 2) {
  if (process.argv[i] === "--dir") dirs.push(path.resolve(process.argv[i + 1]));
  else if (process.argv[i] === "--html-only") htmlOnly.push(path.resolve(process.argv[i + 1]));
  else if (process.argv[i] === "--chrome") chrome = process.argv[i + 1];
}
if (!dirs.length) {
  console.error("usage: node validate.js --dir SITE [--dir MORE ...] [--chrome PATH]");
  process.exit(2);
}

function vnu() {
  const jar = require("vnu-jar");
  let out;
  try {
    out = execFileSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", "--format", "json", ...dirs, ...htmlOnly], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    // vnu exits 1 when it found errors; the report is on stderr.
    out = e.stderr || e.stdout || "";
    if (!out.trim().startsWith("{")) throw e;
  }
  if (!out.trim()) return [];
  return JSON.parse(out).messages.filter((m) => m.type === "error");
}

// One page of every type: the home page, every top-level folder with an
// index (sections, taxonomy lists, /evidence/, /print/), the first entry
// of each of them that has its own index (a page or bundle, a taxonomy
// term, a source), /evidence/levels/, an alias's redirect page and the 404
// page. Works on any built site, so every fixture site is covered too.
function pagesOf(dir) {
  const hasIndex = (rel) => fs.existsSync(path.join(dir, rel, "index.html"));
  const subdirs = (rel) =>
    fs
      .readdirSync(path.join(dir, rel), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith("."))
      .map((d) => d.name)
      .sort();
  const pages = [""];
  for (const top of subdirs("")) {
    if (hasIndex(top)) pages.push(`${top}/`);
    const first = subdirs(top).find((d) => d !== "levels" && hasIndex(`${top}/${d}`));
    if (first) pages.push(`${top}/${first}/`);
  }
  if (hasIndex("evidence/levels")) pages.push("evidence/levels/");
  const redirect = findRedirect(dir, "");
  if (redirect !== null && !pages.includes(redirect)) pages.push(redirect);
  pages.push("no-such-page/");
  return pages;
}

// The first alias page (an .html file other than an index whose content is
// a meta refresh to the page's new address), if any.
function findRedirect(dir, rel) {
  const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const d of entries) {
    const sub = `${rel}${d.name}`;
    if (d.isFile() && d.name.endsWith(".html") && d.name !== "index.html" && d.name !== "404.html") {
      if (/http-equiv="refresh"/i.test(fs.readFileSync(path.join(dir, sub), "utf8"))) return sub;
    } else if (d.isDirectory()) {
      const deeper = findRedirect(dir, `${sub}/`);
      if (deeper !== null) return deeper;
    }
  }
  return null;
}

async function a11y() {
  const pa11y = require("pa11y");
  const puppeteer = require("puppeteer");
  const browser = await puppeteer.launch({
    executablePath: chrome,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const results = [];
  try {
    for (const dir of dirs) {
      const server = await serve(dir);
      const base = `http://127.0.0.1:${server.address().port}/`;
      try {
        for (const rel of pagesOf(dir)) {
          const page = await browser.newPage();
          // Only the local server is reached. An alias page's meta refresh
          // points at the base URL it was built for (no port): answered with
          // 204 No Content, the browser stays on the redirect page, which is
          // what is checked (an aborted request would show an error page).
          await page.setRequestInterception(true);
          page.on("request", (req) => (req.url().startsWith(base) || req.url().startsWith("data:") ? req.continue() : req.respond({ status: 204, body: "" })));
          const r = await pa11y(base + rel, {
            browser,
            page,
            standard: "WCAG2AA",
            runners: ["htmlcs"],
            includeWarnings: false,
            includeNotices: false,
            timeout: 60000,
          });
          results.push({ site: dir, url: rel, issues: r.issues.filter((i) => i.type === "error") });
          await page.close();
        }
      } finally {
        server.close();
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}

run(async () => ({ vnu: vnu(), pa11y: await a11y() }));
