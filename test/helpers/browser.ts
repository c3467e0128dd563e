/**
 * Headless Chromium for browser tests: Debian's `chromium` driven by playwright-core (Playwright cannot
 * download its own browser here). Located, or installed with apt-get when running as root (CI), once.
 */
import { execFileSync, spawn, type ChildProcess } from "child_process";
import fs from "fs";
import net from "net";
import path from "path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const ROOT = path.resolve(__dirname, "../..");
export const SCREENSHOTS = path.join(ROOT, "screenshots");

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

export function findChromium(): string {
  const found = CANDIDATES.find((file) => file && fs.existsSync(file));
  if (found) return found;
  if (process.getuid?.() === 0) {
    execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], {
      stdio: "ignore",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  }
  throw new Error("Chromium not found: install Debian's chromium package or set CHROMIUM_PATH");
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * What a page did that a test should see. `errors` are the add-in's own: console errors and uncaught
 * exceptions raised by any script but office.js. office.js outside Office reports things of its own —
 * telemetry frames and collectors that the page's Content-Security-Policy blocks — sooner or later
 * after load depending on the machine's speed; they are told apart by the script that raised them
 * (office.js and the files it loads, served from /office-js/ or Microsoft's CDN), never by timing, and
 * kept in `officeJsReports` for a test to look at.
 */
export interface PageWatch {
  errors: string[];
  officeJsReports: string[];
  foreignRequests: string[];
}

const LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** Whether a script URL is office.js or one of its files (served locally by `npm start`, or the CDN). */
export function isOfficeJs(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const { hostname, pathname } = new URL(url);
    if (hostname === "appsforoffice.microsoft.com") return true;
    return LOCAL_HOSTS.includes(hostname) && pathname.startsWith("/office-js/");
  } catch {
    return false;
  }
}

/** The script URL of an uncaught exception's innermost frame (V8 stack: "at f (URL:line:col)"). */
function thrower(error: Error): string | undefined {
  const frame = (error.stack ?? "").split("\n").find((line) => /^\s+at /.test(line));
  return frame?.match(/(https?:\/\/[^\s)]+?):\d+:\d+\)?\s*$/)?.[1];
}

/** A page whose requests may go only to this machine; anything else is recorded and aborted. */
export async function watchedPage(
  browser: Browser,
  options: { colorScheme?: "light" | "dark" } = {}
): Promise<{
  context: BrowserContext;
  page: Page;
  watch: PageWatch;
}> {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    colorScheme: options.colorScheme ?? "light",
  });
  const page = await context.newPage();
  const watch: PageWatch = { errors: [], officeJsReports: [], foreignRequests: [] };
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const { url } = message.location();
    (isOfficeJs(url) ? watch.officeJsReports : watch.errors).push(message.text());
  });
  page.on("pageerror", (error) =>
    (isOfficeJs(thrower(error)) ? watch.officeJsReports : watch.errors).push(String(error))
  );
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (LOCAL_HOSTS.includes(url.hostname) || url.protocol === "data:") return route.continue();
    watch.foreignRequests.push(url.href);
    return route.abort();
  });
  return { context, page, watch };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Starts a command and resolves when its output matches `ready`; rejects on exit or timeout. */
/**
 * A TCP port that is free on this machine now (the system picks it), so that two test runs side by
 * side (a developer's and CI's, or two CI jobs) never start their servers on the same port.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "localhost", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function startServer(
  command: string,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 150000
): Promise<{ child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        resolve();
      }
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(
        new Error(`${command} ${args.join(" ")} was not ready after ${timeoutMs} ms:\n${output}`)
      );
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, stop });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before it was ready:\n${output}`));
    });
  });
}
