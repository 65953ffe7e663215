#!/usr/bin/env node
// Browser checks for weighing evidence (issue 15), run by
// tests/suite/weigh/browser.rs:
//
//   node weigh.js --sheaf BIN --root SITE --out DIR [--chrome PATH]
//
// Builds SITE for a static server on 127.0.0.1, then in the system
// Chromium (puppeteer-core): axe-core at 1280 and 375 px on the pages with
// citation popovers and on the evidence map, once more with a popover
// open; and the keyboard path to a popover: Tab reaches its button, Enter
// opens it, Tab moves into it, Escape closes it and focus returns to the
// button. Prints one JSON object on stdout.

"use strict";

const { arg, chromePath, serveBuilt, launch, axeSource, axe, run } = require("./lib");

const sheaf = arg("sheaf");
const root = arg("root");
const out = arg("out");
const chrome = chromePath();

// What has focus: its id, class and whether it sits in the open popover.
function focusState() {
  const el = document.activeElement;
  const pop = document.getElementById("cite-1-pop");
  return {
    tag: el ? el.tagName.toLowerCase() : null,
    className: el && typeof el.className === "string" ? el.className : "",
    target: el ? el.getAttribute("popovertarget") : null,
    insidePopover: !!(pop && el && pop.contains(el)),
    open: !!(pop && pop.matches(":popover-open")),
  };
}

async function keyboard(page, url) {
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: "load" });
  let reached = null;
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press("Tab");
    const state = await page.evaluate(focusState);
    if (state.target === "cite-1-pop") {
      reached = { tabs: i + 1, ...state };
      break;
    }
  }
  if (!reached) return { reached: null };
  await page.keyboard.press("Enter");
  const opened = await page.evaluate(focusState);
  await page.keyboard.press("Tab");
  const inside = await page.evaluate(focusState);
  await page.keyboard.press("Escape");
  const closed = await page.evaluate(focusState);
  return { reached, opened, inside, closed };
}

async function main() {
  const { server, base } = await serveBuilt(sheaf, root, out);
  const pages = [
    ["factsheet", "factsheets/learning-at-home/"],
    ["research summary", "research/what-the-research-says/"],
    ["source page", "evidence/desforges2003/"],
    ["evidence map", "evidence/map/"],
  ];
  const browser = await launch(chrome);

  const result = { pages: [], keyboard: null, consoleErrors: [] };
  try {
    const page = await browser.newPage();
    page.on("pageerror", (err) => result.consoleErrors.push(String(err)));
    const source = axeSource();
    for (const [type, rel] of pages) {
      for (const width of [1280, 375]) {
        await page.setViewport({ width, height: 900 });
        await page.goto(base + rel, { waitUntil: "load" });
        const entry = { type, width, violations: await axe(page, source) };
        const hasPopover = await page.evaluate(() => !!document.getElementById("cite-1-pop"));
        if (hasPopover) {
          await page.evaluate(() => document.getElementById("cite-1-pop").showPopover());
          entry.openViolations = await axe(page, source);
        }
        result.pages.push(entry);
      }
    }
    result.keyboard = await keyboard(page, base + "factsheets/learning-at-home/");
  } finally {
    await browser.close();
    server.close();
  }
  return result;
}

run(main);
