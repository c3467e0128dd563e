/**
 * `npm start` on a machine without Excel (this one): it serves the add-in over HTTPS, says in one line
 * why nothing was sideloaded, and the task pane opens in headless Chromium without console errors of
 * its own and without a request leaving the machine. office.js, loaded outside Office, reports blocked
 * telemetry frames of its own, sooner or later depending on the machine: the page
 * watch tells them apart by the script that raised them (../helpers/browser), never by timing.
 */
import type { Browser } from "playwright-core";
import {
  freePort,
  isOfficeJs,
  launchBrowser,
  screenshot,
  startServer,
  watchedPage,
} from "../helpers/browser";

// a free port (not 3000): neither a developer's own `npm start` nor a run beside this one collides
let BASE = "";
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  BASE = `https://localhost:${port}`;
  server = await startServer("node", ["scripts/start.js"], /Press Ctrl\+C to stop/, {
    npm_package_config_dev_server_port: String(port),
  });
  browser = await launchBrowser();
}, 180000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("npm start explains in one line that nothing was sideloaded and where the add-in is served", () => {
  const lines = server.output().split("\n");
  const explanation = lines.filter((line) => /^AltHedge: Excel desktop does not run on/.test(line));
  expect(explanation).toHaveLength(1);
  expect(explanation[0]).toContain(`${BASE}/playground.html`);
  expect(server.output()).toContain(`${BASE}/taskpane.html`);
  expect(server.output()).toContain(`${BASE}/manifest.xml`);
  expect(server.output()).toContain("npm run start:web -- --document");
});

test("the task pane opens without console errors and lists the functions from functions.json", async () => {
  const { page, watch, context } = await watchedPage(browser);
  await page.goto(`${BASE}/taskpane.html`);
  await page.waitForSelector("body[data-ready=true]");
  await expect(page.locator("#host-status").textContent()).resolves.toMatch(
    /Not running inside Excel/
  );
  await screenshot(page, "taskpane-home");

  await page.getByRole("tab", { name: "Functions" }).click();
  await page.getByLabel("Search functions").fill("hedge ratio");
  const names = await page.locator("#function-list .name").allTextContents();
  expect(names).toContain("HEDGERATIO");

  await page.locator('button[data-function="HEDGERATIO"]').click();
  await page.locator("#arg-0").fill("B2");
  await page.locator("#arg-1").fill("C2");
  await page.locator("#arg-2").fill("0.8");
  await expect(page.locator("#formula-preview").textContent()).resolves.toBe(
    "=ALTHEDGE.HEDGERATIO(B2,C2,0.8)"
  );
  // no workbook outside Excel and the playground: inserting is disabled and the pane says why
  await expect(page.locator("#insert-formula").isDisabled()).resolves.toBe(true);
  await expect(page.locator("#view-functions").textContent()).resolves.toMatch(
    /Open AltHedge in Excel/
  );
  await screenshot(page, "taskpane-function-browser");

  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
  await context.close();
});

test("each helpUrl target exists on the help page", async () => {
  const { page, watch, context } = await watchedPage(browser);
  await page.goto(`${BASE}/help.html#MARGINBUFFER`);
  await page.waitForSelector("section#MARGINBUFFER");
  const ids = await page
    .locator("main section")
    .evaluateAll((sections) => sections.map((s) => s.id));
  const metadata = (await (await page.request.get(`${BASE}/functions.json`)).json()) as {
    functions: { id: string; helpUrl: string }[];
  };
  for (const f of metadata.functions) {
    expect(f.helpUrl).toBe(`https://localhost:3000/help.html#${f.id}`);
    expect(ids).toContain(f.id);
  }
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
  await context.close();
});

test("errors are told apart by the script that raised them: office.js's own, or any other", async () => {
  const { page, watch, context } = await watchedPage(browser);
  await page.goto(`${BASE}/taskpane.html`);
  await page.waitForSelector("body[data-ready=true]");
  // office.js and the files it loads are served from /office-js/ by `npm start` (the CDN in production)
  const scripts = await page
    .locator("script[src]")
    .evaluateAll((tags) => tags.map((tag) => (tag as HTMLScriptElement).src));
  expect(scripts.filter(isOfficeJs)).toContain(`${BASE}/office-js/office.js`);
  expect(scripts.filter((src) => !isOfficeJs(src)).length).toBeGreaterThan(0);
  expect(isOfficeJs("https://appsforoffice.microsoft.com/lib/1/hosted/office.js")).toBe(true);
  // the same kind of report office.js makes (something the CSP blocks: here an inline script, as
  // inline styles are allowed for office.js, docs/security.md), raised by another script, counts as
  // an error; waited for as an event, not for a time
  const reported = page.waitForEvent(
    "console",
    (message) => message.type() === "error" && !isOfficeJs(message.location().url)
  );
  await page.evaluate(() =>
    document.body.append(Object.assign(document.createElement("script"), { textContent: "1" }))
  );
  await reported;
  expect(watch.errors).toEqual([expect.stringMatching(/Content Security Policy/)]);
  await context.close();
});
