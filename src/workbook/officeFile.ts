/**
 * "Save as a share-safe workbook" in Excel (spec/taskpane.md §5, issue 12 item 2): the document's own
 * file, read with `Office.context.document.getFileAsync(Compressed)` in slices, rewritten by the file
 * transform (./ooxml, loaded on demand: the zip library is a chunk of its own, not part of the pane's
 * first load), then opened as a new workbook with `Excel.createWorkbook` (ExcelApi 1.8) or, where
 * that is not available or the file is too big for one request, offered as a download.
 *
 * OfficeWorkbook.saveShareSafeWorkbook (./office) calls this; the file it reads is what Excel holds
 * now, unsaved edits included, and is closed again whatever happens (Office keeps at most two files
 * open for an add-in: a file left open makes the next getFileAsync fail).
 */
import type { ShareOptions, ShareWorkbookResult } from "./port";

/**
 * Bytes per slice. Office allows up to 4 MB (the default); 1 MB keeps each transfer far under Excel
 * on the web's 5 MB per request and response, a 20 MB workbook in 20 round trips.
 */
export const SLICE_SIZE = 1024 * 1024;

/**
 * The largest base64 text handed to `Excel.createWorkbook`: Excel on the web refuses a request over
 * 5 MB (5,242,880 bytes), and the base64 travels inside one; the margin is for the request's envelope.
 * A bigger share-safe workbook is downloaded instead.
 */
export const CREATE_WORKBOOK_LIMIT = 5 * 1024 * 1024 - 64 * 1024;

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function saveShareSafeWorkbook(
  version: string,
  time: string,
  options?: ShareOptions & { keepHidden?: boolean }
): Promise<ShareWorkbookResult> {
  const original = await readDocumentFile();
  const { shareSafeFile } = await import(/* webpackChunkName: "ooxml" */ "./ooxml");
  const result = await shareSafeFile(original, {
    version,
    time,
    keepHidden: options?.keepHidden === true,
    keepComments: options?.keepComments === true,
  });
  const fileName = shareSafeFileName(documentUrl(), time);
  const warnings = [...result.warnings];
  const base64 = toBase64(result.bytes);
  let delivery: ShareWorkbookResult["delivery"] = "downloaded";
  if (canCreateWorkbook() && base64.length <= CREATE_WORKBOOK_LIMIT) {
    try {
      await Excel.createWorkbook(base64);
      delivery = "opened";
    } catch (error) {
      warnings.push({
        message: `Excel could not open the share-safe workbook (${messageOf(error)}): it is offered as a download instead`,
      });
    }
  } else if (canCreateWorkbook()) {
    warnings.push({
      message: `The share-safe workbook (${megabytes(result.bytes.length)}) is too big for Excel to open from the add-in: it is offered as a download`,
    });
  }
  if (delivery === "downloaded") download(result.bytes, fileName);
  return {
    delivery,
    fileName,
    bytes: result.bytes.length,
    frozenCells: result.frozenCells,
    warnings,
  };
}

/** The document's file (Office Open XML), every slice read, the file closed again in any case. */
export function readDocumentFile(sliceSize = SLICE_SIZE): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize }, (result) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) {
        reject(
          new Error(
            `Excel did not give the workbook's file: ${result.error?.message ?? "unknown error"}`
          )
        );
        return;
      }
      const file = result.value;
      readSlices(file).then(
        (bytes) => closeFile(file).then(() => resolve(bytes)),
        (error: unknown) => closeFile(file).then(() => reject(error))
      );
    });
  });
}

async function readSlices(file: Office.File): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (let index = 0; index < file.sliceCount; index++) chunks.push(await readSlice(file, index));
  const total = chunks.reduce((n, chunk) => n + chunk.length, 0);
  if (file.size > 0 && total !== file.size) {
    throw new Error(`The workbook's file arrived incomplete (${total} of ${file.size} bytes)`);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

function readSlice(file: Office.File, index: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    file.getSliceAsync(index, (result) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) {
        reject(
          new Error(
            `Reading part ${index + 1} of ${file.sliceCount} of the workbook's file failed: ${result.error?.message ?? "unknown error"}`
          )
        );
        return;
      }
      resolve(sliceBytes(result.value.data));
    });
  });
}

/** A slice's data: an array of byte values in Excel (desktop and web), typed arrays accepted too. */
function sliceBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Uint8Array.from(data as number[]);
  throw new Error("A slice of the workbook's file came in an unknown form");
}

/** Closes the file; a failure to close is not the user's problem (the result is already read). */
function closeFile(file: Office.File): Promise<void> {
  return new Promise((resolve) => {
    try {
      file.closeAsync(() => resolve());
    } catch {
      resolve();
    }
  });
}

const canCreateWorkbook = (): boolean =>
  typeof Excel !== "undefined" &&
  typeof Excel.createWorkbook === "function" &&
  Office.context.requirements.isSetSupported("ExcelApi", "1.8");

function documentUrl(): string {
  try {
    return Office.context.document.url ?? "";
  } catch {
    return "";
  }
}

/**
 * "Hedge book (share-safe 2026-12-02).xlsx" from the document's URL or path ("Book1" when it has
 * none, e.g. a workbook never saved), characters Windows forbids in file names replaced.
 */
export function shareSafeFileName(url: string, time: string): string {
  const last = url.split(/[\\/]/).pop() ?? "";
  let base = last;
  try {
    base = decodeURIComponent(last);
  } catch {
    // keep it as written
  }
  base = base.replace(/[?#].*$/, "").replace(/\.(xlsx|xlsm|xlsb|xls)$/i, "");
  base = base.replace(/[\\/:*?"<>|]/g, "-").trim() || "Book1";
  return `${base} (share-safe ${time.slice(0, 10)}).xlsx`;
}

/** Base64 of bytes, in chunks (String.fromCharCode with a whole file as arguments overflows the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Offers the bytes as a file download from the pane (an anchor with `download` on a blob URL). */
function download(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: XLSX_TYPE }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = "noopener";
  anchor.style.display = "none";
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // the browser has the file once the click is handled; the URL goes a little later
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

const megabytes = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === "string" ? error : "unknown error";
