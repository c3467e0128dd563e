/**
 * The playground for a browser test file: `npm run playground` on a port of its own, free when the file
 * starts (./browser `freePort`, so runs side by side never collide; started before the
 * file's tests, stopped after), headless Chromium, and a page opened on it with the task pane's frame
 * found — every request off this machine recorded and aborted (see ./browser).
 */
import type { Browser, Frame, Page } from "playwright-core";
import { freePort, launchBrowser, startServer, watchedPage, type PageWatch } from "./browser";

export interface PlaygroundSession {
  page: Page;
  /** The real task pane, framed beside the grid. */
  pane: Frame;
  watch: PageWatch;
}

export function playgroundServer(): {
  /** The server's address, once the file's tests have started. */
  readonly base: string;
  output: () => string;
  open: (colorScheme?: "light" | "dark") => Promise<PlaygroundSession>;
} {
  let base = "";
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    const port = await freePort();
    base = `https://localhost:${port}`;
    server = await startServer(
      "node",
      ["scripts/start.js", "--playground"],
      /Press Ctrl\+C to stop/,
      {
        npm_package_config_dev_server_port: String(port),
      }
    );
    browser = await launchBrowser();
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  return {
    get base() {
      return base;
    },
    output: () => server?.output() ?? "",
    async open(colorScheme = "light") {
      const { page, watch } = await watchedPage(browser!, { colorScheme });
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(`${base}/playground.html`);
      await page.waitForSelector("body[data-ready=true]");
      await page.frameLocator("#taskpane").locator("body[data-ready=true]").waitFor();
      const pane = page.frames().find((f) => f.url().endsWith("/playground-pane.html"))!;
      return { page, pane, watch };
    },
  };
}

/**
 * The cell at `address` of the active sheet, drawn: the grid draws only the rows in view, so the test
 * scrolls it into view first (without selecting it) and then locates it.
 */
export async function shownCell(page: Page, address: string) {
  await page.evaluate((at) => globalThis.althedgeGrid!.show(at), address);
  const cell = page.locator(`#grid td[data-address="${address}"]`);
  await cell.waitFor();
  return cell;
}

/**
 * Every error value of the active sheet ("B12: #NUM!"), read from the engine over the whole sheet —
 * not only the rows the grid draws.
 */
export function activeSheetErrors(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const book = globalThis.althedgePlayground!;
    const sheet = book.activeSheet;
    const { height, width } = book.hf.getSheetDimensions(sheet);
    const errors: string[] = [];
    for (let row = 0; row < height; row++)
      for (let col = 0; col < width; col++) {
        const value = book.value(sheet, row, col);
        if (value === null || typeof value !== "object") continue;
        let column = "";
        for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26))
          column = String.fromCharCode(65 + ((n - 1) % 26)) + column;
        errors.push(`${column}${row + 1}: ${value.error}`);
      }
    return errors;
  });
}

/**
 * Computed values of the top-left `rows` × `cols` block of a sheet, read from the playground's engine
 * (errors as their code): the grid shows numbers rounded and draws only the rows in view.
 */
export function sheetValues(
  page: Page,
  sheet: string,
  rows: number,
  cols: number
): Promise<(string | number | boolean | null)[][]> {
  return page.evaluate(
    ({ sheet, rows, cols }) => {
      const book = globalThis.althedgePlayground!;
      const id = book.sheetId(sheet);
      return Array.from({ length: rows }, (_, r) =>
        Array.from({ length: cols }, (_, c) => {
          const v = book.value(id, r, c);
          return v !== null && typeof v === "object" ? v.error : v;
        })
      );
    },
    { sheet, rows, cols }
  );
}
