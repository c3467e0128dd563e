#!/usr/bin/env node
// `npm start`: serve the add-in over HTTPS on port 3000 and sideload it into Excel where Excel runs
// (Windows, macOS) with office-addin-debugging. Where it does not (Linux), say so in one line, keep
// serving, and print how to use the add-in from Excel on the web.
const { spawn } = require("child_process");
const https = require("https");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const PORT = Number(process.env.npm_package_config_dev_server_port || 3000);
const BASE = `https://localhost:${PORT}/`;
const hasExcelDesktop = process.platform === "win32" || process.platform === "darwin";
// `npm run playground`: the local playground on any platform, without sideloading.
const playgroundOnly = process.argv.includes("--playground");

/** Opens a URL in the desktop's browser when there is a desktop (not on CI, not over SSH). */
function openInBrowser(url) {
  if (process.env.CI || process.env.ALTHEDGE_NO_OPEN) return;
  const opener =
    process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? "xdg-open" : null;
  if (!opener) return;
  const child = spawn(opener, [url], { stdio: "ignore", detached: true });
  child.on("error", () => undefined);
  child.unref();
}

function run(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: process.env });
  // webpack's progress goes to our output only when something goes wrong or in verbose mode
  const forward = (stream, target) =>
    stream.on("data", (chunk) => {
      const text = chunk.toString();
      if (process.env.ALTHEDGE_VERBOSE || /ERROR|Error:|error TS/.test(text)) target.write(text);
    });
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  return child;
}

function waitForServer(url, timeoutMs = 180000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const request = https.get(url, { rejectUnauthorized: false }, (response) => {
        response.resume();
        if (response.statusCode === 200) resolve();
        else retry();
      });
      request.on("error", retry);
      request.setTimeout(5000, () => request.destroy());
    };
    const retry = () => (Date.now() > deadline ? reject(new Error(`${url} did not answer`)) : setTimeout(attempt, 500));
    attempt();
  });
}

async function main() {
  if (hasExcelDesktop && !playgroundOnly) {
    // office-addin-debugging builds, starts `npm run dev-server` and sideloads manifest.xml into Excel.
    const child = spawn("npx", ["office-addin-debugging", "start", "manifest.xml", "desktop"], {
      cwd: ROOT,
      stdio: "inherit",
      shell: process.platform === "win32",
    });
    child.on("exit", (code) => process.exit(code ?? 0));
    return;
  }

  console.log(`Starting the AltHedge dev server on ${BASE} …`);
  const server = run(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "serve", "--mode", "development"]);
  const stop = () => {
    server.kill("SIGTERM");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => {
    console.error(`The dev server stopped (exit code ${code}).`);
    process.exit(code || 1);
  });

  await waitForServer(`${BASE}playground.html`);
  const playground = `${BASE}playground.html`;
  console.log(
    playgroundOnly
      ? `AltHedge playground: ${playground}`
      : `AltHedge: Excel desktop does not run on ${process.platform}, so nothing was sideloaded; open the local playground at ${playground}`
  );
  console.log(`  The playground runs the real functions and task pane on an in-browser spreadsheet engine.`);
  console.log(`  Add-in (task pane): ${BASE}taskpane.html`);
  console.log(`  Manifest: ${BASE}manifest.xml`);
  console.log(
    "  Excel on the web: open a workbook in OneDrive or SharePoint, then run `npm run start:web -- --document <its URL>`" +
      " (or Home > Add-ins > More add-ins > Upload My Add-in > manifest.xml)."
  );
  console.log("  Press Ctrl+C to stop.");
  openInBrowser(playground);
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
