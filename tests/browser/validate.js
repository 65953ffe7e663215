#!/usr/bin/env node
// Outside validators over a built site, run by tests/suite/validators.rs.
//
//   node validate.js --dir BUILT_SITE [--dir MORE ...] [--chrome PATH]
//
// - the W3C Nu HTML checker (npm vnu-jar, needs `java`) over every --dir,
//   errors only;
// - pa11y with HTML_CodeSniffer at WCAG2AA over one page of every type of
//   the first --dir, served from 127.0.0.1 and opened in the system
//   Chromium (nothing is downloaded: PUPPETEER_SKIP_DOWNLOAD=1 at install).
// Prints one JSON object on stdout: { vnu: [messages], pa11y: [{url, issues}] }.

"use strict";

const http = require("http");
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const dirs = [];
let chrome = process.env.SHEAF_CHROME || "/usr/bin/chromium";
for (let i = 2; i < process.argv.length; i += 2) {
  if (process.argv[i] === "--dir") dirs.push(path.resolve(process.argv[i + 1]));
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
    out = execFileSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", "--format", "json", ...dirs], {
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

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

function serve(dir) {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, path.normalize(rel));
    fs.readFile(file, (err, body) => {
      if (err || !file.startsWith(dir + path.sep)) {
        res.writeHead(404, { "content-type": TYPES[".html"] });
        res.end(fs.readFileSync(path.join(dir, "404.html")));
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// One page of every type: the first entry of each folder that holds pages.
function pagesOf(dir) {
  const first = (section) => {
    const full = path.join(dir, section);
    if (!fs.existsSync(full)) return null;
    const names = fs
      .readdirSync(full, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "levels" && fs.existsSync(path.join(full, d.name, "index.html")))
      .map((d) => d.name)
      .sort();
    return names.length ? `${section}/${names[0]}/` : null;
  };
  const taxonomy = ["outcomes", "audience", "tags"].find((t) => fs.existsSync(path.join(dir, t, "index.html")));
  return [
    "",
    "factsheets/",
    first("factsheets"),
    first("research"),
    taxonomy ? `${taxonomy}/` : null,
    taxonomy ? first(taxonomy) : null,
    "evidence/",
    first("evidence"),
    "evidence/levels/",
    "print/",
    "no-such-page/",
  ].filter((p) => p !== null);
}

async function a11y() {
  const pa11y = require("pa11y");
  const puppeteer = require("puppeteer");
  const dir = dirs[0];
  const server = await serve(dir);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await puppeteer.launch({
    executablePath: chrome,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const results = [];
  try {
    for (const rel of pagesOf(dir)) {
      const page = await browser.newPage();
      const r = await pa11y(base + rel, {
        browser,
        page,
        standard: "WCAG2AA",
        runners: ["htmlcs"],
        includeWarnings: false,
        includeNotices: false,
        timeout: 60000,
      });
      results.push({ url: rel, issues: r.issues.filter((i) => i.type === "error") });
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return results;
}

async function main() {
  const report = { vnu: vnu(), pa11y: await a11y() };
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
