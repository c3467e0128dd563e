/**
 * `npm run share-safe` (scripts/share-safe.js): its arguments, and what it refuses. The transform
 * itself is tested in ./transform.test.ts and, through this command, in ./libreoffice.test.ts.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { buildBook, partsOf } from "./build";
import * as cases from "./cases";

const cli = require("../../scripts/share-safe.js") as {
  parseArgs(argv: string[]): {
    input: string;
    output: string;
    keepHidden: boolean;
    keepComments: boolean;
  };
  run(argv: string[], options?: { log?: (line: string) => void }): Promise<{ frozenCells: number }>;
};

test("two files and the two flags, in any order", () => {
  expect(cli.parseArgs(["--keep-comments", "a.xlsx", "b.xlsx", "--keep-hidden"])).toEqual({
    input: "a.xlsx",
    output: "b.xlsx",
    keepHidden: true,
    keepComments: true,
  });
  expect(() => cli.parseArgs(["a.xlsx"])).toThrow(/Usage: npm run share-safe/);
  expect(() => cli.parseArgs(["a.xlsx", "b.xlsx", "--keep-everything"])).toThrow(
    /Unknown option --keep-everything/
  );
});

test("writes the share-safe file, keeps hidden sheets when asked, and never overwrites its input", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "althedge-cli-"));
  const input = path.join(dir, "book.xlsx");
  fs.writeFileSync(input, buildBook(cases.hidden));
  const lines: string[] = [];
  await cli.run([input, path.join(dir, "out.xlsx")], { log: (line) => lines.push(line) });
  await cli.run([input, path.join(dir, "kept.xlsx"), "--keep-hidden"], { log: () => undefined });
  // Secret is the hidden sheet of the input
  expect(lines.join("\n")).toMatch(/removed sheet: Secret/);
  expect(
    partsOf(new Uint8Array(fs.readFileSync(path.join(dir, "out.xlsx")))).get("xl/workbook.xml")
  ).not.toMatch(/Secret/);
  expect(
    partsOf(new Uint8Array(fs.readFileSync(path.join(dir, "kept.xlsx")))).get("xl/workbook.xml")
  ).toMatch(/name="Secret"/);
  const before = fs.readFileSync(input);
  await expect(cli.run([input, path.join(dir, ".", "book.xlsx")])).rejects.toThrow(/another file/);
  expect(fs.readFileSync(input).equals(before)).toBe(true);
  fs.rmSync(dir, { recursive: true, force: true });
});
