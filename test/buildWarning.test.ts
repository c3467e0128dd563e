/**
 * A production build without ALTHEDGE_PRODUCTION_URL says so loudly on stderr (its manifest points at
 * a placeholder host); a release build refuses to run without it. The config function runs in a child
 * process, as webpack-cli runs it (no compilation: the URL is decided before anything is built), and
 * `npm run build:release`'s command line is run for real, where it must stop before compiling.
 */
import { spawnSync } from "child_process";
import path from "path";

const ROOT = path.resolve(__dirname, "..");
const PLACEHOLDER = "https://althedge.example.com/addin/";

/** Runs webpack.config.js's function in a child; prints where the manifest's URLs would point. */
function config(env: Record<string, string | undefined>, webpackEnv: object, mode: string) {
  const script = `
    require(${JSON.stringify(path.join(ROOT, "webpack.config.js"))})(${JSON.stringify(webpackEnv)}, { mode: ${JSON.stringify(mode)} })
      .then((config) => {
        const copy = config.plugins.find((plugin) => plugin.patterns);
        const manifest = copy.patterns.find((pattern) => pattern.from === "manifest.xml");
        process.stdout.write(String(manifest.transform(Buffer.from("https://localhost:3000/taskpane.html"))));
      })
      .catch((error) => { process.stderr.write(String(error.message)); process.exit(3); });`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.ALTHEDGE_PRODUCTION_URL;
  delete childEnv.ALTHEDGE_RELEASE;
  for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value;
  const run = spawnSync(process.execPath, ["-e", script], {
    cwd: ROOT,
    env: childEnv,
    encoding: "utf8",
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("a production build without ALTHEDGE_PRODUCTION_URL warns loudly and names the variable", () => {
  const run = config({}, {}, "production");
  expect(run.status).toBe(0);
  expect(run.stdout).toBe(`${PLACEHOLDER}taskpane.html`);
  const banner = run.stderr.split("\n").filter((line) => line.startsWith("!!"));
  expect(banner.length).toBeGreaterThanOrEqual(5); // a box, not a line lost in webpack's output
  const text = banner.join(" ");
  expect(text).toContain("ALTHEDGE_PRODUCTION_URL is not set");
  expect(text).toContain(PLACEHOLDER);
  expect(text).toMatch(/manifest\.xml/);
  expect(text).toContain("npm run build:release");
});

test("with ALTHEDGE_PRODUCTION_URL the build is quiet and points there", () => {
  const run = config(
    { ALTHEDGE_PRODUCTION_URL: "https://addins.example.org/althedge" },
    {},
    "production"
  );
  expect(run.status).toBe(0);
  expect(run.stdout).toBe("https://addins.example.org/althedge/taskpane.html");
  expect(run.stderr).not.toContain("ALTHEDGE_PRODUCTION_URL");
});

test("a development build never warns: it points at the dev server", () => {
  const run = config({}, {}, "development");
  expect(run.status).toBe(0);
  expect(run.stdout).toBe("https://localhost:3000/taskpane.html");
  expect(run.stderr).not.toContain("ALTHEDGE_PRODUCTION_URL");
});

test("a release build fails without an https ALTHEDGE_PRODUCTION_URL (--env release or ALTHEDGE_RELEASE=1)", () => {
  for (const [env, webpackEnv] of [
    [{}, { release: true }],
    [{ ALTHEDGE_RELEASE: "1" }, {}],
    [{ ALTHEDGE_RELEASE: "1", ALTHEDGE_PRODUCTION_URL: "http://addins.example.org/" }, {}],
  ] as const) {
    const run = config(env, webpackEnv, "production");
    expect({ env, webpackEnv, status: run.status }).toEqual({ env, webpackEnv, status: 3 });
    expect(run.stderr).toContain("ALTHEDGE_PRODUCTION_URL");
    expect(run.stdout).toBe("");
  }
  const ok = config(
    { ALTHEDGE_RELEASE: "1", ALTHEDGE_PRODUCTION_URL: "https://addins.example.org/althedge/" },
    {},
    "production"
  );
  expect(ok.status).toBe(0);
  expect(ok.stdout).toBe("https://addins.example.org/althedge/taskpane.html");
});

test("npm run build:release stops before compiling when the URL is unset", () => {
  const scripts = (require(path.join(ROOT, "package.json")) as { scripts: Record<string, string> })
    .scripts;
  expect(scripts["build:release"]).toMatch(/^webpack --mode production\b.*--env release/);
  const env: NodeJS.ProcessEnv = { ...process.env, ALTHEDGE_OUT: "dist-release-must-not-exist" };
  delete env.ALTHEDGE_PRODUCTION_URL;
  const args = scripts["build:release"].split(" ").slice(1);
  const run = spawnSync(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
  });
  expect(run.status).not.toBe(0);
  expect(run.stdout + run.stderr).toContain("ALTHEDGE_PRODUCTION_URL is not set");
  expect(require("fs").existsSync(path.join(ROOT, "dist-release-must-not-exist"))).toBe(false);
}, 60000);
