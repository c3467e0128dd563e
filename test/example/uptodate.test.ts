/**
 * The committed examples/althedge-demo.xlsx is what `npm run example` writes from today's sample
 * book, wizards and built functions: same sheets, and in every cell the same formula, cached value
 * and number format. Cell contents, not bytes, so another exceljs or zlib does not fail it.
 */
import fs from "fs";
import os from "os";
import path from "path";

type Cached = number | string | boolean | null | { error: string };
type ReadCells = Map<string, Map<string, { formula?: string; value: Cached; format?: string }>>;
interface ExampleScript {
  OUTPUT: string;
  buildExample(): Promise<unknown>;
  writeExample(model: unknown, file: string): Promise<void>;
  toBuffer(workbook: unknown): Promise<Buffer>;
  toWorkbook(model: unknown): unknown;
  readCells(file: string): Promise<ReadCells>;
  expectedCells(model: unknown): ReadCells;
  compareCells(expected: ReadCells, actual: ReadCells, tolerance?: number): string[];
  readPageSetup(file: string): Promise<Map<string, Record<string, unknown>>>;
  expectedPageSetup(model: unknown): Map<string, Record<string, unknown>>;
  comparePageSetup(
    expected: Map<string, Record<string, unknown>>,
    actual: Map<string, Record<string, unknown>>
  ): string[];
  readNames(file: string): Promise<Map<string, string>>;
  expectedNames(model: unknown): Map<string, string>;
  compareNames(expected: Map<string, string>, actual: Map<string, string>): string[];
}

const example = require("../../scripts/make-example.js") as ExampleScript;

let model: unknown;

beforeAll(async () => {
  model = await example.buildExample();
}, 60000);

test("examples/althedge-demo.xlsx is up to date (run `npm run example` when this fails)", async () => {
  expect(fs.existsSync(example.OUTPUT)).toBe(true);
  const problems = example.compareCells(
    example.expectedCells(model),
    await example.readCells(example.OUTPUT)
  );
  expect(problems.slice(0, 20)).toEqual([]);
});

test("its page setup is the generator's: print area, title rows, orientation, one page wide, footer", async () => {
  const expected = example.expectedPageSetup(model);
  expect(example.comparePageSetup(expected, await example.readPageSetup(example.OUTPUT))).toEqual(
    []
  );
  // What is compared: every sheet fits one page wide, any number of pages tall, with a footer.
  for (const [sheet, setup] of expected) {
    expect({ sheet, ...setup }).toMatchObject({
      sheet,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      footer: "&L&A&CPage &P of &N&R&D",
    });
  }
});

test("what the generator writes reads back cell for cell, and the same sources give the same bytes", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "althedge-example-"));
  try {
    const file = path.join(dir, "example.xlsx");
    await example.writeExample(model, file);
    expect(
      example.compareCells(example.expectedCells(model), await example.readCells(file))
    ).toEqual([]);
    expect(
      example.comparePageSetup(example.expectedPageSetup(model), await example.readPageSetup(file))
    ).toEqual([]);
    const again = await example.toBuffer(example.toWorkbook(model));
    expect(again.equals(fs.readFileSync(file))).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("it defines the policy's workbook names over the Policy sheet's limits (issue 13)", async () => {
  const names = await example.readNames(example.OUTPUT);
  expect(example.compareNames(example.expectedNames(model), names)).toEqual([]);
  // The seven limits of src/templates/policy.ts, B6:B12 of the Policy sheet (its plan's rows).
  expect([...names].filter(([name]) => name.startsWith("AltHedge_"))).toEqual([
    ["AltHedge_LossLimit", "Policy!$B$6"],
    ["AltHedge_BufferWarning", "Policy!$B$7"],
    ["AltHedge_BufferCritical", "Policy!$B$8"],
    ["AltHedge_CoverageLow", "Policy!$B$9"],
    ["AltHedge_CoverageHigh", "Policy!$B$10"],
    ["AltHedge_MaxLeverage", "Policy!$B$11"],
    ["AltHedge_MaxPosition", "Policy!$B$12"],
  ]);
});
