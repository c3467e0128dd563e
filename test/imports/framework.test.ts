/**
 * What every import shares (src/imports/index.ts, spec/imports.md "Rules"), and acceptance 2 and 3 of
 * issue 14: the same file twice adds nothing, an overlapping second month adds only its new rows; an
 * unknown format, an empty file, a binary file and a 50 MB file each get a clear message and give
 * nothing to write — and the 50 MB file is read by `npm run import` (its time is a bench figure, not a
 * test). The files are built here, line by line, so every expected count is worked out from how they
 * were built; the Binance USDⓈ-M futures transaction history (spec format 2) is the format used.
 */
import fs from "fs";
import os from "os";
import path from "path";
import {
  PANE_LIMIT_BYTES,
  columnIndex,
  importLogInputs,
  newRows,
  readImport,
  toCsv,
  type ImportPreview,
} from "../../src/imports";

const cli = require("../../scripts/import.js") as {
  run: (
    argv: string[],
    io?: { log?: (s: string) => void; warn?: (s: string) => void }
  ) => {
    out: string;
    notes: string[];
  };
};

const HEADER = "Time,Type,Amount,Asset,Symbol,Transaction ID";

/** A current-variant history line; `at` is seconds after 2026-03-01 00:00:00. */
const line = (at: number, type: string, amount: string, symbol: string, id: number): string => {
  const iso = new Date(Date.UTC(2026, 2, 1) + at * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${type},${amount},USDT,${symbol},${id}`;
};

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const NAME = "Export Futures Transaction History-202604010000(UTC+0).csv";

function preview(text: string | Uint8Array, fileName = NAME): ImportPreview {
  const result = readImport(typeof text === "string" ? bytes(text) : text, { fileName });
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe("refusals: a clear message and nothing to write", () => {
  test("an empty file, and one holding only a byte-order mark and blank lines", () => {
    for (const input of [new Uint8Array(0), bytes("\uFEFF\n\r\n  \n")]) {
      const result = readImport(input, { fileName: "empty.csv" });
      expect(result).toMatchObject({ ok: false, reason: "empty" });
      expect(!result.ok && result.message).toMatch(/empty.*Nothing was written/);
    }
  });

  test("a binary file and an Excel workbook", () => {
    const binary = readImport(
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])
    );
    expect(binary).toMatchObject({ ok: false, reason: "binary" });
    const xlsx = readImport(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]));
    expect(xlsx).toMatchObject({ ok: false, reason: "binary" });
    expect(!xlsx.ok && xlsx.message).toMatch(/Excel workbook.*save it as CSV/);
  });

  test("an unknown format quotes its first line and names the formats that are read", () => {
    const result = readImport(bytes("Date,Coin,Qty\n2026-01-01,SOL,3\n"), { fileName: "mine.csv" });
    expect(result).toMatchObject({ ok: false, reason: "unknown-format" });
    const message = result.ok ? "" : result.message;
    expect(message).toContain('"Date,Coin,Qty"');
    expect(message).toContain("Binance USDⓈ-M Futures Transaction History");
    expect(message).toMatch(/Use selected range/);
  });

  test("a header ten lines down is found; eleven lines down it is not looked for", () => {
    const body = `${line(0, "FUNDING_FEE", "-0.5", "SOLUSDT", 1)}\n`;
    expect(
      readImport(bytes(`${"note\n".repeat(9)}${HEADER}\n${body}`), { fileName: NAME }).ok
    ).toBe(true);
    expect(
      readImport(bytes(`${"note\n".repeat(10)}${HEADER}\n${body}`), { fileName: NAME })
    ).toMatchObject({
      ok: false,
      reason: "unknown-format",
    });
  });

  test("a header with no rows, and a time zone that cannot be read", () => {
    expect(readImport(bytes(`${HEADER}\n\n`), { fileName: NAME })).toMatchObject({
      reason: "no-rows",
    });
    const text = `${HEADER}\n${line(0, "FUNDING_FEE", "-0.5", "SOLUSDT", 1)}\n`;
    expect(
      readImport(bytes(text), { fileName: "history.csv", timeZone: "Mars/Olympus" })
    ).toMatchObject({
      reason: "bad-time-zone",
    });
  });
});

describe("a 50 MB export", () => {
  // 50 MB of funding rows, built as the generator below says: every third Transaction ID (id % 3 === 0)
  // is FUNDING_FEE, the others COMMISSION (skipped by the format); then the last 1,000 lines repeated.
  const TARGET = 50 * 1024 * 1024;
  let text = "";
  let ids = 0;
  beforeAll(() => {
    const lines = [HEADER];
    let size = HEADER.length + 1;
    for (ids = 0; size < TARGET; ids++) {
      const next = line(
        ids,
        ids % 3 === 0 ? "FUNDING_FEE" : "COMMISSION",
        "-0.01000000",
        "SOLUSDT",
        ids
      );
      lines.push(next);
      size += next.length + 1;
    }
    lines.push(...lines.slice(-1000));
    text = lines.join("\n") + "\n";
  });

  test("the pane refuses it, saying why and how to split it", () => {
    const result = readImport(bytes(text), { fileName: NAME, maxBytes: PANE_LIMIT_BYTES });
    expect(result).toMatchObject({ ok: false, reason: "too-large" });
    const message = result.ok ? "" : result.message;
    expect(message).toMatch(
      /is 5\d\.\d MB.*up to 20\.0 MB.*5 MB.*shorter period.*Nothing was written/
    );
  });

  test("npm run import reads all of it, without the overlap", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "althedge-import-"));
    const file = path.join(dir, NAME);
    fs.writeFileSync(file, text);
    let out = "";
    const notes: string[] = [];
    try {
      cli.run([file], { log: (s) => (out = s), warn: (s) => notes.push(s) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const lines = out.split("\n");
    expect(lines[0]).toBe("Binance USDⓈ-M Futures Transaction History · variant current · Funding");
    expect(lines[1]).toBe("Time (UTC),Venue,Symbol,Amount,Asset,Rate,ID,Source");
    // funding rows: ids 0, 3, 6, … below `ids` — ceil(ids / 3) of them; the repeated tail adds none
    const funding = Math.ceil(ids / 3);
    expect(lines.filter((l) => l.includes(",SOLUSDT,")).length).toBe(funding);
    // the repeated 1,000 lines hold ceil-or-floor(1000 / 3) funding rows, each dropped once
    const tailFunding = Array.from({ length: 1000 }, (_, k) => ids - 1000 + k).filter(
      (id) => id % 3 === 0
    ).length;
    expect(notes.join("")).toContain(`${tailFunding} duplicates in the file`);
  }, 120_000);
});

describe("no row twice, across repeated imports", () => {
  // March: ids 1–6 on days 1–6; April's download starts on March 5: ids 5–9 (5 and 6 repeated)
  const march = [
    HEADER,
    ...[1, 2, 3, 4, 5, 6].map((id) =>
      line(86400 * (id - 1), "FUNDING_FEE", "-0.25", "SOLUSDT", id)
    ),
  ];
  const april = [
    HEADER,
    ...[5, 6, 7, 8, 9].map((id) => line(86400 * (id - 1), "FUNDING_FEE", "-0.25", "SOLUSDT", id)),
  ];

  test("the same file twice adds nothing the second time", () => {
    const first = preview(march.join("\n")).tables.Funding!;
    const again = preview(march.join("\n")).tables.Funding!;
    expect(newRows("Funding", [], first)).toMatchObject({ skipped: 0 });
    expect(newRows("Funding", first, again)).toEqual({ added: [], skipped: 6 });
  });

  test("an overlapping second month adds only its new rows (ids 7, 8, 9)", () => {
    const existing = preview(march.join("\n")).tables.Funding!;
    const { added, skipped } = newRows(
      "Funding",
      existing,
      preview(april.join("\n")).tables.Funding!
    );
    expect(skipped).toBe(2);
    expect(added.map((row) => row[columnIndex("Funding", "ID")])).toEqual(["7", "8", "9"]);
  });

  test("rows read back from a sheet (numbers as written) key as the file's rows do", () => {
    const rows = preview(march.join("\n")).tables.Funding!;
    const roundTripped = rows.map((row) =>
      row.map((v) => (typeof v === "number" ? Number(String(v)) : v))
    );
    expect(newRows("Funding", roundTripped, rows).added).toEqual([]);
  });

  test("the Hedge log row names file, format, zone, rows added and skipped", () => {
    const result = preview(april.join("\n"));
    expect(importLogInputs(result, [{ kind: "Funding", added: 3, skipped: 2 }])).toBe(
      `file: ${NAME}; format: Binance USDⓈ-M Futures Transaction History (current); time zone: UTC (from the file name); Funding: 3 added, 2 already there; duplicates in file: 0`
    );
  });
});

describe("lines, order, text", () => {
  test("a bad line is named by its line number in the file, blank lines counted", () => {
    // line 1 header, 2 a row, 3 blank, 4 a bad date, 5 a row
    const text = [
      HEADER,
      line(0, "FUNDING_FEE", "-1", "SOLUSDT", 1),
      "",
      "2026-02-30 00:00:00,FUNDING_FEE,-1,USDT,SOLUSDT,2",
      line(60, "FUNDING_FEE", "-1", "SOLUSDT", 3),
    ].join("\r\n");
    const result = preview(text);
    expect(result.bad.map((b) => b.line)).toEqual([4]);
    expect(result.bad[0].reason).toContain("2026-02-30 00:00:00");
    expect(result.tables.Funding).toHaveLength(2);
  });

  test("newest-first files come out oldest first", () => {
    const text = [
      HEADER,
      line(7200, "FUNDING_FEE", "-3", "SOLUSDT", 3),
      line(3600, "FUNDING_FEE", "-2", "SOLUSDT", 2),
      line(0, "FUNDING_FEE", "-1", "SOLUSDT", 1),
    ].join("\n");
    const amounts = preview(text).tables.Funding!.map(
      (row) => row[columnIndex("Funding", "Amount")]
    );
    expect(amounts).toEqual([-1, -2, -3]);
  });

  test("UTF-16 with a byte-order mark (Excel's Unicode text) is read", () => {
    const text = `${HEADER}\n${line(0, "FUNDING_FEE", "-1.5", "SOLUSDT", 1)}\n`;
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i); // ASCII: high byte 0
    expect(preview(utf16).tables.Funding![0][columnIndex("Funding", "Amount")]).toBe(-1.5);
  });

  test("the canonical CSV writes times as UTC text and blanks as empty fields", () => {
    const result = preview(`${HEADER}\n${line(3661, "FUNDING_FEE", "-1.5", "SOLUSDT", 42)}\n`);
    // 3,661 s after midnight is 01:01:01
    expect(toCsv("Funding", result.tables.Funding!).split("\n")[1]).toBe(
      // the Source holds a comma, so CSV quotes it
      `2026-03-01 01:01:01,Binance,SOLUSDT,-1.5,USDT,,42,"${NAME} (Binance USDⓈ-M Futures Transaction History, current)"`
    );
  });
});
