// The Content-Security-Policy of every page the build emits, in one place: webpack.config.js writes
// each page's <meta http-equiv="Content-Security-Policy"> from here, test/e2e/csp.test.ts checks the
// built pages against it directive by directive, and docs/security.md carries the table `markdown()`
// prints (the test compares the two; `node scripts/lib/csp.js` prints it again after a change).
//
// Every source says why it is there. Sources of the claims about office.js:
// - [cdn] Microsoft, "Referencing the Office JavaScript API library"
//   (https://learn.microsoft.com/office/dev/add-ins/develop/referencing-the-javascript-api-for-office-library-from-its-cdn):
//   production add-ins load office.js from the CDN URL below, in the page's <head>.
// - [base] office.js itself (@microsoft/office-js 1.1.110, dist/office.debug.js, `_loadScriptHelper`):
//   it loads the host's own file (excel-web-16.00.js, excel-win32-16.01.js, excel-mac-16.00.js…), its
//   locale strings and its telemetry scripts (telemetry/oteljs_agave.js, ariatelemetry/…) from the
//   folder office.js was loaded from (`getOfficeJsBasePath()`): the CDN origin covers them all.
// - [1005] OfficeDev/office-js#1005 "Document required CSP values" (open, no canonical list from
//   Microsoft): script-src needs appsforoffice.microsoft.com and ajax.aspnetcdn.com; the thread's
//   follow-up (office-js-docs-pr#1005) notes that office.js loads code from ajax.aspnetcdn.com and
//   that leaving it out breaks loading. In office.js 1.1.110 that is MicrosoftAjax.js
//   (https://ajax.aspnetcdn.com/ajax/3.5/MicrosoftAjax.js), loaded by excel-win32-16.00.js
//   (`loadMsAjaxFull`), the host file of older Excel builds on Windows.
// - [1687] OfficeDev/office-js#1687: excel-web-16.00.js "Refused to apply inline style because it
//   violates … style-src 'self'" in Excel on the web. office.js 1.1.110 also sets a `style`
//   attribute (o15apptofilemappingtable.js, `ULSEndpointProxy.loadProxyFrame`).
// - [trust] excel-web-16.00.js `checkReceiverOriginAndRun`: when office.js does not recognise the
//   page framing the add-in as an Office host, it frames its own prompt, AgaveErrorUX/index.html, from
//   its base path (the CDN).
// - [telemetry] office.js's own telemetry: a hidden frame to
//   https://telemetryservice.firstpartyapps.oaspapps.com/telemetryservice/telemetryproxy.html
//   (o15apptofilemappingtable.js and excel-win32-16.00.js, `ULSEndpointProxy`), and requests to the
//   Aria collectors https://*.pipe.aria.microsoft.com/Collector/3.0/ (ariatelemetry/aria-web-telemetry.js,
//   telemetry/oteljs_agave.js); #1005 found browser.pipe.aria.microsoft.com by testing. AltHedge blocks
//   both on purpose (BLOCKED below, docs/security.md).

/** The production office.js (see [cdn]); the policy below derives its origin from this URL. */
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const OFFICE_JS_ORIGIN = new URL(OFFICE_JS).origin;
const MS_AJAX_ORIGIN = "https://ajax.aspnetcdn.com";

/** A source and why it is in the policy. */
const src = (value, why) => ({ value, why });

/** What every page shares: nothing from elsewhere unless a directive below says so. */
const BASE = {
  "default-src": [
    src("'self'", "Anything a directive below does not name: only the add-in's own host."),
  ],
  "object-src": [src("'none'", "No plug-ins.")],
  "base-uri": [src("'none'", "No `<base>` element: relative URLs stay on the add-in's host.")],
  "form-action": [src("'none'", "The pages submit no forms.")],
};

const POLICIES = {
  // taskpane.html: the shared runtime's page (task pane, custom functions, ribbon) inside Excel, the
  // only page that loads office.js.
  office: {
    ...BASE,
    "script-src": [
      src("'self'", "The add-in's bundles (functions.js, taskpane.js). No inline script, no eval."),
      src(
        OFFICE_JS_ORIGIN,
        "office.js from Microsoft's CDN, and the files office.js loads from its own folder: the host's file (excel-web-16.00.js …), locale strings, its telemetry scripts ([cdn], [base], [1005])."
      ),
      src(
        MS_AJAX_ORIGIN,
        "MicrosoftAjax.js, which office.js loads in older Excel builds on Windows (excel-win32-16.00.js) ([1005])."
      ),
    ],
    "style-src": [
      src("'self'", "taskpane.css."),
      src(
        "'unsafe-inline'",
        "office.js applies inline styles; under style-src 'self' Excel on the web refuses them ([1687]). Styles only: scripts stay strict, and the pane inserts no markup from data (src/taskpane/dom.ts)."
      ),
    ],
    "img-src": [src("'self'", "The add-in's icons.")],
    "connect-src": [
      src(
        "'self'",
        "functions.json. Nothing else: no portfolio data leaves the machine, and office.js's telemetry is blocked (see Blocked)."
      ),
    ],
    "frame-src": [
      src(
        OFFICE_JS_ORIGIN,
        "office.js's own prompt when it does not recognise the Office host framing the add-in ([trust])."
      ),
    ],
  },
  // help.html (the function reference) and playground-pane.html (the task pane in the playground's
  // frame, without office.js): the add-in's own files and nothing else.
  strict: {
    ...BASE,
    "script-src": [src("'self'", "The add-in's bundles.")],
    "style-src": [src("'self'", "taskpane.css.")],
    "img-src": [src("'self'", "The add-in's icons.")],
    "connect-src": [src("'self'", "functions.json.")],
    "frame-src": [src("'none'", "No frames.")],
  },
  // playground.html (development only, no office.js): the grid and the framed task pane.
  playground: {
    ...BASE,
    "script-src": [src("'self'", "The functions and playground bundles.")],
    "style-src": [src("'self'", "taskpane.css, playground.css, charts.css.")],
    "style-src-attr": [
      src(
        "'unsafe-inline'",
        "The grid's column widths and conditional-format fills (`style` attributes, src/playground/grid.ts) and Chart.js's canvas sizes; no `<style>` elements."
      ),
    ],
    "img-src": [src("'self'", "The add-in's icons.")],
    "connect-src": [src("'self'", "functions.json and sample-book.json.")],
    "frame-src": [src("'self'", "The task pane (playground-pane.html).")],
  },
};

/** Which policy each emitted page carries. */
const PAGES = {
  "taskpane.html": "office",
  "help.html": "strict",
  "playground.html": "playground",
  "playground-pane.html": "strict",
};

/**
 * What office.js would reach that the office policy refuses on purpose ([telemetry]): Microsoft's
 * telemetry about office.js. Refusing it costs the add-in nothing it uses; see docs/security.md.
 */
const BLOCKED = [
  {
    directive: "frame-src",
    origin: "https://telemetryservice.firstpartyapps.oaspapps.com",
    what: "office.js's telemetry proxy frame (ULS logging)",
  },
  {
    directive: "connect-src",
    origin: "https://*.pipe.aria.microsoft.com",
    what: "office.js's Aria telemetry collectors",
  },
];

/** The policy `name` as a meta tag's content: "default-src 'self'; script-src …". */
function policy(name) {
  const directives = POLICIES[name];
  if (!directives) throw new Error(`No content security policy named "${name}"`);
  return Object.entries(directives)
    .map(([directive, sources]) => [directive, ...sources.map((s) => s.value)].join(" "))
    .join("; ");
}

/** The policy of an emitted page (taskpane.html, help.html, playground.html, playground-pane.html). */
function policyForPage(page) {
  const name = PAGES[page];
  if (!name)
    throw new Error(
      `No content security policy for the page "${page}": add it to PAGES in scripts/lib/csp.js`
    );
  return policy(name);
}

const cell = (text) => text.replace(/\|/g, "\\|");

/** The table docs/security.md carries between its csp markers. */
function markdown() {
  const lines = [];
  for (const [name, directives] of Object.entries(POLICIES)) {
    const pages = Object.keys(PAGES).filter((page) => PAGES[page] === name);
    lines.push(`**${pages.map((page) => `\`${page}\``).join(", ")}**`, "");
    lines.push("| Directive | Source | Why |", "|---|---|---|");
    for (const [directive, sources] of Object.entries(directives)) {
      for (const s of sources) lines.push(`| \`${directive}\` | \`${s.value}\` | ${cell(s.why)} |`);
    }
    lines.push("");
  }
  lines.push("**Blocked on purpose** (`taskpane.html`)", "");
  lines.push("| Directive | Origin | What |", "|---|---|---|");
  for (const b of BLOCKED) lines.push(`| \`${b.directive}\` | \`${b.origin}\` | ${cell(b.what)} |`);
  return lines.join("\n");
}

module.exports = {
  OFFICE_JS,
  OFFICE_JS_ORIGIN,
  POLICIES,
  PAGES,
  BLOCKED,
  policy,
  policyForPage,
  markdown,
};

if (require.main === module) console.log(markdown());
