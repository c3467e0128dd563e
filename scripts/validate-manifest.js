#!/usr/bin/env node
// Offline manifest validation. office-addin-manifest's `validate` posts the manifest to an online
// service; this checks the same file here: the XML schemas Microsoft published for add-in manifests
// (schemas/, copied from shared/office-schemas with their README) via xmllint, plus what the schemas
// cannot check: every resid resolves to a resource, no resource id is defined twice, every URL is https.
// Usage: node scripts/validate-manifest.js [manifest.xml]   (exit 0 valid, 1 invalid, 2 cannot check)
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const SCHEMA = path.resolve(__dirname, "../schemas/OfficeAppManifestV1_1.xsd");

function checkResources(xml) {
  const problems = [];
  const text = xml.replace(/<!--[\s\S]*?-->/g, "");
  const defined = new Map();
  for (const match of text.matchAll(/<bt:(Image|Url|String)\b[^>]*\bid="([^"]+)"/g)) {
    const [, kind, id] = match;
    if (defined.has(id)) problems.push(`resource id "${id}" is defined more than once`);
    defined.set(id, kind);
  }
  for (const match of text.matchAll(/\bresid="([^"]*)"/g)) {
    if (!defined.has(match[1])) problems.push(`resid "${match[1]}" does not resolve to any bt:Image, bt:Url or bt:String`);
  }
  for (const match of text.matchAll(/\bDefaultValue="(\w+:[^"]*)"/g)) {
    if (/^[a-z]+:\/\//i.test(match[1]) && !match[1].startsWith("https://")) {
      problems.push(`URL "${match[1]}" must use https`);
    }
  }
  return problems;
}

function validate(file) {
  const xmllint = spawnSync("xmllint", ["--noout", "--schema", SCHEMA, file], { encoding: "utf8" });
  if (xmllint.error) {
    return { status: 2, problems: ["xmllint not found: install libxml2-utils (Debian) to validate offline"] };
  }
  const problems = [];
  if (xmllint.status !== 0) {
    problems.push(...xmllint.stderr.split("\n").filter((line) => line && !/validates$|fails to validate$/.test(line)));
    if (problems.length === 0) problems.push("the manifest does not match the add-in manifest schema");
  }
  problems.push(...checkResources(fs.readFileSync(file, "utf8")));
  return { status: problems.length ? 1 : 0, problems };
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] || "manifest.xml");
  const { status, problems } = validate(file);
  if (status === 0) {
    console.log(`${path.relative(process.cwd(), file)} is valid (schema and resources, checked offline).`);
  } else {
    console.error(`${path.relative(process.cwd(), file)} is not valid:`);
    for (const problem of problems) console.error(`  - ${problem}`);
  }
  process.exit(status);
}

module.exports = { validate, checkResources };
