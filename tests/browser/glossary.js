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

const path = require("path");
const { arg, chromePath, serveBuilt, launch, axeSource, axe, run } = require("./lib");

const sheaf = arg("sheaf");
const root = arg("root");
const out = path.resolve(arg("out", "glossary-out"));
const chrome = chromePath();
const PAGE = arg("page", "factsheets/parent-engagement/");

async function axeOn(page, url, source) {
  await page.goto(url, { waitUntil: "load" });
  return axe(page, source);
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
  const { server, base } = await serveBuilt(sheaf, root, out);
  const browser = await launch(chrome);

  const result = {};
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const source = axeSource();
    result.pageViolations = await axeOn(page, base + PAGE, source);
    result.glossaryViolations = await axeOn(page, base + "glossary/", source);
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
  return result;
}

run(main);
