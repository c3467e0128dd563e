/* eslint-disable no-undef */
// Build of the add-in: the functions bundle (+ functions.json from its JSDoc), the task pane page (the
// shared runtime's one page), the help page, icons and the manifest. Layout and script names follow
// Microsoft's Excel custom-functions template.

const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { customFunctionFiles } = require("./scripts/lib/sources");
const { httpsServerOptions } = require("./scripts/lib/certs");
// Each page's Content-Security-Policy and the production office.js URL (docs/security.md).
const { OFFICE_JS, policyForPage } = require("./scripts/lib/csp");

const DEV_URL = "https://localhost:3000/";
// Where a build without ALTHEDGE_PRODUCTION_URL points: a placeholder where no add-in is served.
const PLACEHOLDER_URL = "https://althedge.example.com/addin/";

/**
 * Where the production build is hosted; the manifest, functions.json help links and pages point there.
 * Without ALTHEDGE_PRODUCTION_URL a build still runs (tests, trying the build) but says loudly on
 * stderr that its manifest points at the placeholder; a release build (`npm run build:release`, or
 * ALTHEDGE_RELEASE=1) refuses to run without an https:// URL.
 */
function productionUrl(release) {
  const url = process.env.ALTHEDGE_PRODUCTION_URL;
  if (url && /^https:\/\/[^/]/.test(url)) return url;
  const lines = [
    url
      ? `AltHedge: ALTHEDGE_PRODUCTION_URL is "${url}", not an https:// URL.`
      : "AltHedge: ALTHEDGE_PRODUCTION_URL is not set.",
    "It is the HTTPS folder the built files are served from: manifest.xml, the help links in",
    "functions.json and the pages point there (docs/deploy.md). Office loads add-ins over HTTPS only.",
    ...(release
      ? ["A release build needs it, for example:"]
      : url
        ? [
            "This build uses it as given: Excel will refuse the manifest. To build one you can deploy:",
          ]
        : [
            `This build points them at the placeholder ${PLACEHOLDER_URL}, where no add-in`,
            "is served: Excel cannot load the add-in from this dist/. To build one you can deploy:",
          ]),
    "  ALTHEDGE_PRODUCTION_URL=https://addins.example.org/althedge/ npm run build:release",
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = "!".repeat(width + 6);
  const banner = [rule, ...lines.map((line) => `!! ${line.padEnd(width)} !!`), rule].join("\n");
  if (release) throw new Error(`\n${banner}\n`);
  process.stderr.write(`\n${banner}\n\n`);
  return url || PLACEHOLDER_URL;
}

module.exports = async (env = {}, options = {}) => {
  const dev = options.mode === "development";
  const release = Boolean(env.release) || process.env.ALTHEDGE_RELEASE === "1";
  const baseUrl = dev ? DEV_URL : productionUrl(release).replace(/\/?$/, "/");
  const rewriteUrls = (content) => (dev ? content : content.toString().replaceAll(DEV_URL, baseUrl));
  const functionFiles = customFunctionFiles();
  // The playground (HyperFormula, GPL-3.0) is a development page: never part of a production build.
  const playground = dev || process.env.ALTHEDGE_PLAYGROUND === "1";

  return {
    devtool: dev ? "source-map" : false,
    entry: {
      // host.ts first: it provides CustomFunctions where no Office runtime does.
      functions: ["./src/functions/host.ts", ...functionFiles],
      taskpane: "./src/taskpane/taskpane.ts",
      help: "./src/taskpane/help.ts",
      ...(playground ? { playground: "./src/playground/playground.ts" } : {}),
    },
    output: {
      // ALTHEDGE_OUT: build elsewhere (parallel work on one checkout; tests then read ALTHEDGE_DIST)
      path: path.resolve(__dirname, process.env.ALTHEDGE_OUT || "dist"),
      filename: "[name].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        { test: /\.ts$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { onlyCompileBundledFiles: true } } },
        { test: /\.css$/, type: "asset/resource", generator: { filename: "[name][ext]" } },
      ],
    },
    performance: { hints: false },
    plugins: [
      // The add-in version, written on every Provenance sheet.
      new (require("webpack").DefinePlugin)({
        __ALTHEDGE_VERSION__: JSON.stringify(require("./package.json").version),
      }),
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: functionFiles }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions", "taskpane"],
        scriptLoading: "blocking",
        templateParameters: {
          officeJs: dev ? "office-js/office.js" : OFFICE_JS,
          csp: policyForPage("taskpane.html"),
        },
      }),
      new HtmlWebpackPlugin({
        filename: "help.html",
        template: "./src/taskpane/help.html",
        chunks: ["help"],
        scriptLoading: "blocking",
        templateParameters: { csp: policyForPage("help.html") },
      }),
      ...(playground
        ? [
            new HtmlWebpackPlugin({
              filename: "playground.html",
              template: "./src/playground/playground.html",
              chunks: ["functions", "playground"],
              chunksSortMode: "manual",
              scriptLoading: "blocking",
              inject: "body",
              templateParameters: { csp: policyForPage("playground.html") },
            }),
            // The same task pane for the playground's frame, without office.js: framed by a page that
            // is not Office, office.js would blank the pane and try to reach Microsoft's telemetry.
            new HtmlWebpackPlugin({
              filename: "playground-pane.html",
              template: "./src/taskpane/taskpane.html",
              chunks: ["functions", "taskpane"],
              scriptLoading: "blocking",
              templateParameters: { officeJs: "", csp: policyForPage("playground-pane.html") },
            }),
          ]
        : []),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          ...(playground
            ? [
                { from: "src/playground/playground.css", to: "playground.css" },
                { from: "src/playground/charts.css", to: "charts.css" },
                { from: "src/playground/sample-book.json", to: "sample-book.json" },
              ]
            : []),
          { from: "manifest.xml", to: "manifest.xml", transform: rewriteUrls },
          // office.js served locally in development only (no CDN on machines without Office);
          // the production page loads it from Microsoft's CDN as Office requires.
          ...(dev ? [{ from: "node_modules/@microsoft/office-js/dist", to: "office-js" }] : []),
        ],
      }),
      // functions.json carries helpUrl links to the dev server; point them at the production host.
      {
        apply(compiler) {
          compiler.hooks.thisCompilation.tap("RewriteUrls", (compilation) => {
            compilation.hooks.processAssets.tap(
              { name: "RewriteUrls", stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER },
              () => {
                if (dev || !compilation.getAsset("functions.json")) return;
                const text = compilation.getAsset("functions.json").source.source().toString();
                compilation.updateAsset("functions.json", new compiler.webpack.sources.RawSource(rewriteUrls(text)));
              }
            );
          });
        },
      },
    ],
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      server: dev ? { type: "https", options: await httpsServerOptions() } : undefined,
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      client: { overlay: false },
      hot: false,
      liveReload: false,
    },
  };
};
