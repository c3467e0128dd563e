// `npm run bench`, playground grid part: the frame time while scrolling a 100,000-row sheet in headless
// Chromium. The playground (a development page, never in dist/) is built with ALTHEDGE_PLAYGROUND=1 into
// a folder of its own and served from it on localhost; the sheet (a number, a formula on it, a text
// and a second formula per row: 400,000 cells) is loaded through the page's engine workbook.
//
// Each requestAnimationFrame callback moves the scroll position once; a frame's work is the grid's
// scroll handler (the rows in view drawn) and the style and layout after it, timed together on the main
// thread (paint and raster are not in it). Headless Chromium runs its frames at 60 Hz whatever the
// flags, so the interval between frames (16.7 ms while none is dropped) says only whether the work
// fits; the work itself is the figure. Two ways of scrolling:
// - wheel: 120 px per frame, top to bottom of a stretch (rows kept in the DOM, a few new per frame);
// - jump: to a new place of the sheet every frame, as when the scroll bar's thumb is dragged (every
//   row new).
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { ROOT, DIST } = require("./harness");

const ROWS = 100000;
const FRAMES = 240;
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".png": "image/png" };

/** A folder holding playground.html: ALTHEDGE_DIST when it has one, else a build of our own. */
function playgroundBuild() {
  if (fs.existsSync(path.join(DIST, "playground.html"))) return DIST;
  const out = path.join(os.tmpdir(), "althedge-bench-playground");
  const built = spawnSync(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "--mode", "production", "--no-stats"], {
    cwd: ROOT,
    env: { ...process.env, ALTHEDGE_PLAYGROUND: "1", ALTHEDGE_OUT: out },
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (built.status !== 0) throw new Error(`the playground did not build: ${String(built.stderr).split("\n")[0]}`);
  return out;
}

function serve(root) {
  const server = http.createServer((request, response) => {
    const file = path.join(root, decodeURIComponent(new URL(request.url, "http://localhost").pathname));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  const found = candidates.find((file) => file && fs.existsSync(file));
  if (!found) throw new Error("Chromium not found: apt-get install chromium (or set CHROMIUM_PATH)");
  return found;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};

/**
 * `positions.length` frames, each scrolling the grid to the next position in a requestAnimationFrame
 * callback. Per frame: the work (ms) of the frame's rendering on the main thread up to paint — the
 * grid's scroll handler (the rows in view drawn) and the style and layout that follow, forced at once
 * so that they are timed with the handler — and the interval to the next frame (at 60 Hz, 16.7 ms
 * while no frame is dropped).
 */
function scrollFrames(page, positions) {
  return page.evaluate(
    (positions) =>
      new Promise((resolve) => {
        const grid = document.getElementById("grid");
        const work = [];
        const intervals = [];
        let last;
        let i = 0;
        const frame = (time) => {
          if (last !== undefined) intervals.push(time - last);
          last = time;
          if (i >= positions.length) {
            resolve({ work, intervals });
            return;
          }
          const start = performance.now();
          grid.scrollTop = positions[i++];
          // the scroll event would come later in this frame: the same handler, now (it then finds
          // the rows already drawn and returns)
          grid.dispatchEvent(new Event("scroll"));
          void document.body.offsetHeight; // style and layout
          work.push(performance.now() - start);
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    positions
  );
}

module.exports = async function scrollBench() {
  const root = playgroundBuild();
  const { chromium } = require("playwright-core");
  const server = await serve(root);
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/playground.html`);
    await page.waitForSelector("body[data-ready=true]");
    await page.evaluate((rows) => {
      const wb = globalThis.althedgeWorkbook;
      const cells = Array.from({ length: rows }, (_, i) => [i + 1, `=A${i + 1}*2`, `TOKEN${i}`, `=ROUND(B${i + 1}/3,2)`]);
      wb.setActiveSheet(wb.addSheetWithCells("Rows", cells));
    }, ROWS);
    await page.waitForSelector('#grid td[data-address="B1"]');
    const { height, view } = await page.evaluate(() => {
      const grid = document.getElementById("grid");
      return { height: grid.scrollHeight, view: grid.clientHeight };
    });
    const bottom = height - view;
    // warm-up: the code paths compiled before anything is measured
    await scrollFrames(page, Array.from({ length: 30 }, (_, i) => i * 120));
    const wheel = await scrollFrames(page, Array.from({ length: FRAMES }, (_, i) => Math.round(bottom / 2) + i * 120));
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647; // Park–Miller, seeded
    const jump = await scrollFrames(page, Array.from({ length: FRAMES }, () => Math.round(random() * bottom)));
    // and the sheet's end is there: the last row drawn at the bottom, its formula computed
    await page.evaluate(() => (document.getElementById("grid").scrollTop = 1e9));
    const last = page.locator(`#grid td[data-address="B${ROWS}"]`);
    await last.waitFor();
    if ((await last.textContent()) !== String(2 * ROWS)) throw new Error(`B${ROWS} does not show ${2 * ROWS}`);
    const label = (kind, { work, intervals }) =>
      `Playground grid: ${kind}, ${ROWS.toLocaleString("en-US")}-row sheet, headless Chromium — median frame work: script, style, layout (p95 ${percentile(work, 0.95).toFixed(1)} ms; median interval between frames ${median(intervals).toFixed(1)} ms)`;
    return [
      { name: label("scrolling by wheel steps (120 px a frame)", wheel), value: `${median(wheel.work).toFixed(1)} ms`, goal: "≤ 16 ms median frame" },
      { name: label("jumping to a new place every frame (scroll bar dragged)", jump), value: `${median(jump.work).toFixed(1)} ms`, goal: "≤ 16 ms median frame" },
    ];
  } finally {
    await browser.close();
    server.close();
  }
};

// `node bench/scroll.js`: this bench alone.
if (require.main === module) {
  module.exports().then(
    (results) => results.forEach((r) => console.log(`${r.name}: ${r.value} (goal ${r.goal})`)),
    (error) => {
      console.error(error);
      process.exit(1);
    }
  );
}
