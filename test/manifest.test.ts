/**
 * The manifest validates offline (Microsoft's add-in manifest schemas via xmllint, plus our resid
 * check), and the validator really rejects what Office would reject.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { DIST } from "./helpers/bundle";

const { validate } = require("../scripts/validate-manifest.js") as {
  validate(file: string): { status: number; problems: string[] };
};

const ROOT = path.resolve(__dirname, "..");
const source = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

function variant(name: string, edit: (xml: string) => string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "althedge-manifest-")), name);
  const edited = edit(source);
  expect(edited).not.toBe(source); // the edit must have changed something
  fs.writeFileSync(file, edited);
  return file;
}

test("manifest.xml is valid", () => {
  expect(validate(path.join(ROOT, "manifest.xml"))).toEqual({ status: 0, problems: [] });
});

test("the production manifest in dist/ is valid and points away from localhost", () => {
  const built = path.join(DIST, "manifest.xml");
  expect(validate(built)).toEqual({ status: 0, problems: [] });
  const xml = fs.readFileSync(built, "utf8");
  expect(xml).not.toContain("localhost");
  expect(xml).toMatch(/<SourceLocation DefaultValue="https:\/\/[^"]+\/taskpane.html"\/>/);
});

test("the manifest declares what the add-in is: AltHedge, namespace ALTHEDGE, shared runtime", () => {
  expect(source).toContain('<DisplayName DefaultValue="AltHedge"/>');
  expect(source).toMatch(/<bt:String id="Functions.Namespace" DefaultValue="ALTHEDGE"\/>/);
  expect(source).toMatch(/<Runtime resid="Taskpane.Url" lifetime="long"\/>/);
  expect(source).toMatch(/<Set Name="SharedRuntime" MinVersion="1.1"\/>/);
  expect(source).toContain("<Permissions>ReadWriteDocument</Permissions>");
  expect(source).not.toContain("<AppDomain>");
  for (const size of [16, 32, 64, 80])
    expect(fs.existsSync(path.join(ROOT, `assets/icon-${size}.png`))).toBe(true);
});

test("the manifest asks for the CustomFunctionsRuntime the functions use (CustomFunctions.Error: 1.2)", () => {
  // Microsoft, "Custom Functions requirement sets": 1.2 adds CustomFunctions.Error; 1.3 adds the
  // #NAME? and #REF! codes, which the functions do not return.
  const sets = [...source.matchAll(/<Set Name="(\w+)" MinVersion="([\d.]+)"\/>/g)].map(
    ([, name, version]) => [name, version]
  );
  expect(sets).toEqual(
    expect.arrayContaining([
      ["CustomFunctionsRuntime", "1.2"],
      ["SharedRuntime", "1.1"],
    ])
  );
  const excel = fs.readFileSync(path.join(ROOT, "src/functions/excel.ts"), "utf8");
  expect(excel).toMatch(/new CustomFunctions\.Error\(/);
  // the ErrorCode members the functions return (excel.ts's ErrorCodeName), all of 1.2
  const union = excel.match(/type ErrorCodeName =([^;]+);/);
  expect(union).not.toBeNull();
  const codes = [...union![1].matchAll(/"(\w+)"/g)].map(([, code]) => code);
  expect(codes.length).toBeGreaterThan(0);
  for (const code of codes) {
    expect([
      "invalidValue",
      "notAvailable",
      "divisionByZero",
      "invalidNumber",
      "nullReference",
    ]).toContain(code);
  }
  // the production manifest keeps it
  expect(fs.readFileSync(path.join(DIST, "manifest.xml"), "utf8")).toContain(
    '<Set Name="CustomFunctionsRuntime" MinVersion="1.2"/>'
  );
});

test("a dangling resid fails validation", () => {
  const file = variant("dangling.xml", (xml) =>
    xml.replace('<Label resid="Group.Label"/>', '<Label resid="Group.Missing"/>')
  );
  const result = validate(file);
  expect(result.status).toBe(1);
  expect(result.problems.join("\n")).toMatch(/resid "Group.Missing" does not resolve/);
});

test("an unknown element fails validation (schema)", () => {
  const file = variant("unknown.xml", (xml) =>
    xml.replace("<Permissions>", "<Telemetry>on</Telemetry><Permissions>")
  );
  const result = validate(file);
  expect(result.status).toBe(1);
  expect(result.problems.join("\n")).toMatch(/Telemetry.*This element is not expected/);
});

test("a missing required element and a plain-http URL fail validation", () => {
  const noId = validate(variant("noid.xml", (xml) => xml.replace(/<Id>[^<]+<\/Id>/, "")));
  expect(noId.status).toBe(1);
  const http = validate(
    variant("http.xml", (xml) =>
      xml.replace("https://localhost:3000/help.html", "http://localhost:3000/help.html")
    )
  );
  expect(http.status).toBe(1);
  expect(http.problems.join("\n")).toMatch(/must use https/);
});
