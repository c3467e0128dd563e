/**
 * The Hedge log's hash chain. Expected hashes come from Node's own SHA-256 (`crypto.createHash`), a
 * different implementation from the Web Crypto `crypto.subtle` the module uses, and one value is
 * pinned to `sha256sum` output so that the encoding itself cannot drift unnoticed.
 */
import { createHash } from "node:crypto";
import {
  LOG_CHAIN_SEED,
  NOT_SET,
  canonicalRow,
  chainHash,
  describeVerdict,
  lastHash,
  logRowCells,
  sha256Hex,
  verifyLog,
} from "../../src/templates/hedgeLog";
import { LOG_HEADERS, type CellValue, type LogEntry } from "../../src/templates/plan";

const nodeSha256 = (text: string): string =>
  createHash("sha256").update(text, "utf8").digest("hex");

const ENTRIES: LogEntry[] = [
  {
    timestamp: "2026-11-24T09:30:00.000Z",
    wizard: "Exposure segmentation",
    sheet: "Exposure 2026-11-24",
    inputs: "participation=10%; tiers=1,5",
  },
  {
    timestamp: "2026-11-25T14:05:12.000Z",
    wizard: "Margin and collateral plan",
    sheet: "Margin 2026-11-25",
    inputs: 'venues=2; warning=30%; note "quoted"',
  },
  {
    timestamp: "2026-11-26T08:00:00.000Z",
    wizard: "Rollover schedule",
    sheet: "Rollover 2026-11-26",
    inputs: "clip=5; days=3 — ünïcödé",
  },
];

/** A log of `entries`, written the way both adapters write it: each row chained to the one above. */
async function writtenLog(entries: LogEntry[], preparedBy = "A. Analyst"): Promise<string[][]> {
  const rows: string[][] = [];
  for (const entry of entries) rows.push(await logRowCells(lastHash(rows), entry, preparedBy));
  return rows;
}

const HEADER = [...LOG_HEADERS];

describe("hashing", () => {
  it("is SHA-256 hex of the UTF-8 text, as sha256sum gives it", async () => {
    // printf 'AltHedge hedge log v1' | sha256sum
    expect(await sha256Hex(LOG_CHAIN_SEED)).toBe(
      "b66214607ad0eda0bde12efe591570a7868e7fabcc78933268832df4839affc6"
    );
    // printf 'abc' | sha256sum → ba7816bf… (also FIPS 180-2's example)
    expect(await sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    expect(await sha256Hex("ünïcödé — €")).toBe(nodeSha256("ünïcödé — €"));
  });

  it("encodes a row as a JSON array of the previous hash and the five fields", () => {
    const fields = {
      time: "t",
      preparedBy: "p",
      wizard: "w",
      sheet: "s",
      inputs: 'a "b", c',
    };
    expect(canonicalRow("prev", fields)).toBe('["prev","t","p","w","s","a \\"b\\", c"]');
  });

  it("chains the first row from the seed text and each next row from the row above", async () => {
    const rows = await writtenLog(ENTRIES.slice(0, 2));
    const first = ENTRIES[0];
    const expectedFirst = nodeSha256(
      JSON.stringify([
        "AltHedge hedge log v1",
        first.timestamp,
        "A. Analyst",
        first.wizard,
        first.sheet,
        first.inputs,
      ])
    );
    expect(rows[0]).toEqual([
      first.timestamp,
      "A. Analyst",
      first.wizard,
      first.sheet,
      first.inputs,
      expectedFirst,
    ]);
    const second = ENTRIES[1];
    expect(rows[1][5]).toBe(
      nodeSha256(
        JSON.stringify([
          expectedFirst,
          second.timestamp,
          "A. Analyst",
          second.wizard,
          second.sheet,
          second.inputs,
        ])
      )
    );
    expect(
      await chainHash(expectedFirst, {
        time: second.timestamp,
        preparedBy: "A. Analyst",
        wizard: second.wizard,
        sheet: second.sheet,
        inputs: second.inputs,
      })
    ).toBe(rows[1][5]);
  });

  it("records an unset name as (not set), trimmed names as typed", async () => {
    expect((await logRowCells(LOG_CHAIN_SEED, ENTRIES[0], "  "))[1]).toBe(NOT_SET);
    expect((await logRowCells(LOG_CHAIN_SEED, ENTRIES[0], " Bo Risk "))[1]).toBe("Bo Risk");
  });
});

describe("verifyLog", () => {
  it("finds an untouched log intact, and an appended row verifies", async () => {
    const rows = await writtenLog(ENTRIES.slice(0, 2));
    expect(await verifyLog(HEADER, rows)).toEqual({ intact: true, rows: 2 });
    rows.push(await logRowCells(lastHash(rows), ENTRIES[2], "B. Other"));
    const verdict = await verifyLog(HEADER, rows);
    expect(verdict).toEqual({ intact: true, rows: 3 });
    expect(describeVerdict(verdict)).toBe("Intact (3 rows).");
    expect(await verifyLog(HEADER, [])).toEqual({ intact: true, rows: 0 });
  });

  it.each([0, 1, 2, 3, 4, 5])("names the row whose column %i was edited", async (col) => {
    const rows = await writtenLog(ENTRIES);
    const edited: CellValue[][] = rows.map((row) => [...row]);
    edited[1][col] = "tampered";
    const verdict = await verifyLog(HEADER, edited);
    // "tampered" is not 64 hex digits: in the Hash column it reads as a row without a hash.
    expect(verdict).toEqual({
      intact: false,
      row: 1,
      sheetRow: 3,
      kind: col === 5 ? "added" : "changed",
      rows: 3,
    });
    expect(describeVerdict(verdict, edited)).toMatch(/^Broken at row 3 \(/);
  });

  it("names a row whose hash was replaced by another valid-looking hash as changed", async () => {
    const rows = await writtenLog(ENTRIES);
    rows[0][5] = nodeSha256("forged");
    expect(await verifyLog(HEADER, rows)).toMatchObject({ row: 0, sheetRow: 2, kind: "changed" });
  });

  it("a number typed over a text cell breaks the chain there", async () => {
    const rows: CellValue[][] = await writtenLog(ENTRIES);
    rows[2][4] = 5;
    expect(await verifyLog(HEADER, rows)).toMatchObject({ row: 2, kind: "changed" });
  });

  it("names a row appended by hand, with or without a copied hash", async () => {
    const rows: CellValue[][] = await writtenLog(ENTRIES.slice(0, 2));
    const typed = [...rows, ["2026-11-27T00:00:00Z", "Me", "Manual", "Sheet9", "x", null]];
    const verdict = await verifyLog(HEADER, typed);
    expect(verdict).toEqual({ intact: false, row: 2, sheetRow: 4, kind: "added", rows: 3 });
    expect(describeVerdict(verdict, typed)).toBe(
      "Broken at row 4 (2026-11-27T00:00:00Z, Manual): it has no AltHedge hash, so it was added by hand."
    );
    const copied = [...rows, ["2026-11-27T00:00:00Z", "Me", "Manual", "Sheet9", "x", rows[1][5]]];
    expect(await verifyLog(HEADER, copied)).toMatchObject({ row: 2, kind: "changed" });
  });

  it("names the row after a deleted one, and a first row deleted", async () => {
    const rows = await writtenLog(ENTRIES);
    const verdict = await verifyLog(HEADER, [rows[0], rows[2]]);
    expect(verdict).toEqual({ intact: false, row: 1, sheetRow: 3, kind: "changed", rows: 2 });
    expect(describeVerdict(verdict, [rows[0], rows[2]])).toMatch(/or a row above it was deleted/);
    expect(await verifyLog(HEADER, [rows[1], rows[2]])).toMatchObject({ row: 0, kind: "changed" });
  });

  it("refuses a header that is not AltHedge's", async () => {
    const rows = await writtenLog(ENTRIES.slice(0, 1));
    const old = ["Timestamp", "Wizard", "Sheet written", "Key inputs"];
    const verdict = await verifyLog(old, rows);
    expect(verdict).toMatchObject({ intact: false, kind: "header", sheetRow: 1 });
    expect(describeVerdict(verdict)).toMatch(/header row \(row 1\)/);
  });
});
