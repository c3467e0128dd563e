/**
 * "Save as a share-safe workbook" on the Office side (src/workbook/officeFile.ts) with a fake host:
 * the document's file handed out in slices by a fake `getFileAsync`, `Excel.createWorkbook` recorded,
 * the download anchor recorded. The bytes the fake hands out are a hand-made package (./cases.ts).
 */
import { strFromU8, unzipSync } from "fflate";
import {
  CREATE_WORKBOOK_LIMIT,
  SLICE_SIZE,
  saveShareSafeWorkbook,
  shareSafeFileName,
  toBase64,
} from "../../src/workbook/officeFile";
import { buildBook, type TestBook } from "./build";
import * as cases from "./cases";

interface FakeHost {
  requested: { fileType: unknown; sliceSize: number }[];
  slicesRead: number[];
  closed: number;
  created: string[];
  downloads: { fileName: string; bytes: Uint8Array }[];
}

/** Installs a fake Office/Excel/document serving `file` in slices of `sliceSize` bytes. */
function fakeHost(
  file: Uint8Array,
  options: { excelApi18?: boolean; failSlice?: number; createFails?: boolean; url?: string } = {}
): FakeHost {
  const host: FakeHost = { requested: [], slicesRead: [], closed: 0, created: [], downloads: [] };
  const Succeeded = "succeeded";
  const Failed = "failed";
  (globalThis as any).Office = {
    FileType: { Compressed: "compressed" },
    AsyncResultStatus: { Succeeded, Failed },
    context: {
      requirements: {
        isSetSupported: (set: string, version: string) =>
          set === "ExcelApi" && Number(version) <= (options.excelApi18 === false ? 1.7 : 1.8),
      },
      document: {
        url: options.url ?? "https://contoso.sharepoint.com/Shared%20Documents/Hedge%20book.xlsx",
        getFileAsync(fileType: unknown, opts: { sliceSize: number }, callback: (r: any) => void) {
          host.requested.push({ fileType, sliceSize: opts.sliceSize });
          const size = opts.sliceSize;
          const sliceCount = Math.ceil(file.length / size);
          callback({
            status: Succeeded,
            value: {
              size: file.length,
              sliceCount,
              getSliceAsync(index: number, done: (r: any) => void) {
                host.slicesRead.push(index);
                if (index === options.failSlice) {
                  done({ status: Failed, error: { message: "slice lost" } });
                  return;
                }
                // Excel hands a slice's bytes as an array of numbers
                done({
                  status: Succeeded,
                  value: {
                    index,
                    data: Array.from(file.subarray(index * size, (index + 1) * size)),
                  },
                });
              },
              closeAsync(done: () => void) {
                host.closed++;
                done();
              },
            },
          });
        },
      },
    },
  };
  (globalThis as any).Excel = {
    createWorkbook: async (base64: string) => {
      if (options.createFails) throw new Error("RequestPayloadSizeLimitExceeded");
      host.created.push(base64);
    },
  };
  let pending: { href: string; download: string } | undefined;
  const blobs = new Map<string, Blob>();
  (globalThis as any).document = {
    createElement: () => {
      const anchor = {
        href: "",
        download: "",
        rel: "",
        style: {},
        click: () => (pending = anchor),
        remove: () => undefined,
      };
      return anchor;
    },
    body: { appendChild: () => undefined },
  };
  jest.spyOn(URL, "createObjectURL").mockImplementation((blob: Blob | MediaSource) => {
    const url = `blob:fake/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  jest.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
  // resolves the downloads' bytes once the test asks for them
  (host as any).settle = async () => {
    if (pending) {
      const blob = blobs.get(pending.href)!;
      host.downloads.push({
        fileName: pending.download,
        bytes: new Uint8Array(await blob.arrayBuffer()),
      });
      pending = undefined;
    }
    return host;
  };
  return host;
}

const settle = (host: FakeHost): Promise<FakeHost> => (host as any).settle();

/** Cell formulas of every worksheet of a package. */
const formulas = (bytes: Uint8Array): string[] =>
  Object.entries(unzipSync(bytes))
    .filter(([name]) => /^xl\/worksheets\/[^/]+\.xml$/.test(name))
    .flatMap(([, data]) => [...strFromU8(data).matchAll(/<f[^>]*>([^<]*)<\/f>/g)].map((m) => m[1]));

const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"));

beforeEach(() => jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] }));
afterEach(() => {
  jest.restoreAllMocks();
  jest.useRealTimers();
  delete (globalThis as any).Office;
  delete (globalThis as any).Excel;
  delete (globalThis as any).document;
});

/** A package of about `bytes` random ASCII bytes, stored (an image only a sheet relates to). */
function bigBook(bytes: number): TestBook {
  const noise = new Uint8Array(bytes);
  let seed = 12345;
  for (let i = 0; i < bytes; i++)
    noise[i] = (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 25;
  return {
    ...cases.xldudf,
    sheets: [{ ...cases.xldudf.sheets[0], rels: [["image", "../media/image1.png"]] }],
    parts: { "xl/media/image1.png": { xml: Buffer.from(noise).toString("latin1") } },
  };
}

test("reads every slice, closes the file, and opens the share-safe workbook with createWorkbook", async () => {
  const file = buildBook(cases.xldudf);
  const host = fakeHost(file);
  const result = await saveShareSafeWorkbook("9.9.9", "2026-12-02T10:00:00.000Z");
  expect(host.requested).toEqual([{ fileType: "compressed", sliceSize: SLICE_SIZE }]);
  expect(host.slicesRead).toEqual([...Array(Math.ceil(file.length / SLICE_SIZE)).keys()]);
  expect(host.closed).toBe(1);
  expect(host.created).toHaveLength(1);
  // what Excel was given is the share-safe package: its formulas are the input's native one only
  expect(formulas(fromBase64(host.created[0]))).toEqual(["B1*4"]);
  expect(result).toMatchObject({
    delivery: "opened",
    fileName: "Hedge book (share-safe 2026-12-02).xlsx",
    bytes: fromBase64(host.created[0]).length,
    // B1, B2, C2 and D2 call ALTHEDGE in the input
    frozenCells: 4,
  });
});

test("a file in many slices is put together in order", async () => {
  // the 1 MB slices of a package of about 2.5 MB
  const file = buildBook(bigBook(2_500_000), 0);
  const host = fakeHost(file);
  const result = await saveShareSafeWorkbook("9.9.9", "2026-12-02T10:00:00.000Z");
  expect(host.slicesRead).toEqual([0, 1, 2]);
  expect(result.delivery).toBe("opened");
  // the image travels unchanged: it came through the slices intact
  const image = unzipSync(fromBase64(host.created[0]))["xl/media/image1.png"];
  expect(Buffer.from(image).equals(Buffer.from(unzipSync(file)["xl/media/image1.png"]))).toBe(true);
});

test("without ExcelApi 1.8 the workbook is offered as a download", async () => {
  const host = fakeHost(buildBook(cases.xldudf), { excelApi18: false });
  const result = await saveShareSafeWorkbook("9.9.9", "2026-12-02T10:00:00.000Z");
  await settle(host);
  expect(host.created).toEqual([]);
  expect(result.delivery).toBe("downloaded");
  expect(host.downloads.map((d) => d.fileName)).toEqual([
    "Hedge book (share-safe 2026-12-02).xlsx",
  ]);
  expect(formulas(host.downloads[0].bytes)).toEqual(["B1*4"]);
});

test("a workbook whose base64 exceeds the request limit is downloaded, and the pane says why", async () => {
  // incompressible bytes: the package's base64 is 4/3 of its size, over the limit
  const host = fakeHost(buildBook(bigBook(Math.ceil((CREATE_WORKBOOK_LIMIT * 3) / 4) + 1000), 0));
  const result = await saveShareSafeWorkbook("9.9.9", "2026-12-02T10:00:00.000Z");
  await settle(host);
  expect(host.created).toEqual([]);
  expect(result.delivery).toBe("downloaded");
  expect(result.warnings.map((w) => w.message).join("\n")).toMatch(/too big for Excel to open/);
});

test("when createWorkbook fails the workbook is downloaded instead, with the reason", async () => {
  const host = fakeHost(buildBook(cases.xldudf), { createFails: true });
  const result = await saveShareSafeWorkbook("9.9.9", "2026-12-02T10:00:00.000Z");
  await settle(host);
  expect(result.delivery).toBe("downloaded");
  expect(host.downloads).toHaveLength(1);
  expect(result.warnings.map((w) => w.message).join("\n")).toMatch(
    /RequestPayloadSizeLimitExceeded/
  );
});

test("a slice that fails stops the save, and the file is still closed", async () => {
  const host = fakeHost(buildBook(bigBook(2_500_000), 0), { failSlice: 1 });
  await expect(saveShareSafeWorkbook("9.9.9", "2026-12-02T10:00:00.000Z")).rejects.toThrow(
    /part 2 of 3.*slice lost/
  );
  expect(host.closed).toBe(1);
  expect(host.created).toEqual([]);
});

test("file names: from a URL, a Windows path, or none", () => {
  expect(shareSafeFileName("C:\\Users\\ana\\Q4 hedges.xlsm", "2026-12-02T10:00:00Z")).toBe(
    "Q4 hedges (share-safe 2026-12-02).xlsx"
  );
  expect(shareSafeFileName("", "2026-12-02T10:00:00Z")).toBe("Book1 (share-safe 2026-12-02).xlsx");
});

test("base64 of a large array equals Node's", () => {
  const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31) & 0xff);
  expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
});
