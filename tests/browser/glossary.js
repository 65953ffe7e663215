#!/usr/bin/env node
// Browser check of the readers' glossary, run by tests/suite/plain.rs.
//
//   node glossary.js --sheaf BIN --root SITE --out DIR [--chrome PATH]
//
// Builds SITE for a static server on 127.0.0.1, then in the system
// Chromium: runs axe-core on a factsheet with glossary terms and on
// /glossary/; presses Tab until the first glossary link has focus and
// reports whether its definition is then shown and is the link's
// accessible description; and does the same with JavaScript turned off.
// Prints one JSON object on stdout.

"use strict";

const http = require("http");
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const puppeteer = require("puppeteer-core");

function arg(name, fallback) {
  const i = process.argv.indexOf("--" + name);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const sheaf = arg("sheaf");
const root = arg("root");
const out = path.resolve(arg("out", "glossary-out"));
const chrome = arg("chrome", process.env.SHEAF_CHROME || "/usr/bin/chromium");
const PAGE = arg("page", "factsheets/parent-engagement/");

function serve(dir) {
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml" };
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function axeOn(page, url, axeSource) {
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
  });
}

// Tabs until a glossary link has focus (at most 200 presses).
async function keyboardCheck(page, url) {
  await page.goto(url, { waitUntil: "load" });
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press("Tab");
    const on = await page.evaluate(() => document.activeElement && document.activeElement.classList.contains("glossary-term__link"));
    if (on) {
      return page.evaluate(() => {
        const link = document.activeElement;
        const def = document.getElementById(link.getAttribute("aria-describedby"));
        const style = def ? getComputedStyle(def) : null;
        return {
          presses: 0,
          term: link.textContent,
          href: link.getAttribute("href"),
          definition: def ? def.textContent : null,
          shownOnFocus: !!style && style.display !== "none" && style.visibility !== "hidden" && def.getBoundingClientRect().height > 0,
        };
      }).then((r) => Object.assign(r, { presses: i + 1 }));
    }
  }
  return { presses: 200, term: null };
}

async function main() {
  const server = await serve(out.endsWith(path.sep) ? out : (fs.mkdirSync(out, { recursive: true }), out));
  const base = `http://127.0.0.1:${server.address().port}/`;
  execFileSync(sheaf, ["build", "--quiet", "--base-url", base, "--output", out], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  const browser = await puppeteer.launch({
    executablePath: chrome,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-dev-shm-usage"],
  });
  const result = {};
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
    result.pageViolations = await axeOn(page, base + PAGE, axeSource);
    result.glossaryViolations = await axeOn(page, base + "glossary/", axeSource);
    result.keyboard = await keyboardCheck(page, base + PAGE);
    await page.setJavaScriptEnabled(false);
    result.keyboardWithoutJs = await keyboardCheck(page, base + PAGE);
    if (result.keyboard.href) {
      const target = new URL(result.keyboard.href, base + PAGE);
      await page.goto(target.href, { waitUntil: "load" });
      result.linkedEntry = await page.evaluate((id) => {
        const el = document.getElementById(id);
        return el ? el.textContent.replace(/\s+/g, " ").trim() : null;
      }, target.hash.slice(1));
    }
  } finally {
    await browser.close();
    server.close();
  }
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
