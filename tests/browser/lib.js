// What the browser checks share (check.js, weigh.js, glossary.js,
// validate.js): command-line flags, a static server on 127.0.0.1 as a host
// would run it, building a site for that server, the system Chromium with
// nothing downloaded, and axe-core's violations in the form the Rust tests
// read.

"use strict";

const http = require("http");
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

/// The value after `--name` on the command line, or `fallback`.
function arg(name, fallback) {
  const i = process.argv.indexOf("--" + name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/// The Chromium to drive: `--chrome`, else $SHEAF_CHROME, else the system one.
function chromePath() {
  return arg("chrome", process.env.SHEAF_CHROME || "/usr/bin/chromium");
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".pdf": "application/pdf",
  ".txt": "text/plain; charset=utf-8",
};

/// A static server on a free port of 127.0.0.1: `x/` serves `x/index.html`,
/// a missing file serves the site's /404.html (when it has one) with
/// status 404, and nothing outside `dir` is served.
function serve(dir) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch (e) {
      res.writeHead(400).end();
      return;
    }
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        const notFound = path.join(dir, "404.html");
        res.writeHead(404, { "content-type": TYPES[".html"] });
        res.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : "not found");
        return;
      }
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] || "application/octet-stream",
      });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/// Starts the server on `out`, then builds the site at `root` into `out`
/// with the server's address as its base URL. Resolves to
/// `{ server, base, dir }`.
async function serveBuilt(sheaf, root, out) {
  const dir = path.resolve(out);
  fs.mkdirSync(dir, { recursive: true });
  const server = await serve(dir);
  const base = `http://127.0.0.1:${server.address().port}/`;
  execFileSync(sheaf, ["build", "--quiet", "--base-url", base, "--output", dir], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  return { server, base, dir };
}

/// The system Chromium, headless, through puppeteer-core.
function launch(chrome) {
  const puppeteer = require("puppeteer-core");
  return puppeteer.launch({
    executablePath: chrome,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
}

/// axe-core's own script, to inject into each page.
function axeSource() {
  return fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
}

/// axe-core's violations on the page as it is now (all rules): id, impact,
/// help and the first five nodes. The Rust side fails on "serious" and
/// "critical".
async function axe(page, source) {
  await page.evaluate(source);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  });
}

/// Runs `main`, printing what it resolves to as JSON on stdout; an error
/// goes to stderr with exit status 1.
function run(main) {
  main()
    .then((result) => process.stdout.write(JSON.stringify(result, null, 2) + "\n"))
    .catch((err) => {
      console.error(err && err.stack ? err.stack : String(err));
      process.exit(1);
    });
}

module.exports = { arg, chromePath, TYPES, serve, serveBuilt, launch, axeSource, axe, run };
