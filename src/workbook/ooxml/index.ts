/**
 * The share-safe workbook as a file transform (see ./transform): used by the task pane through a
 * dynamic import (a chunk of its own, loaded only when the user saves a share-safe workbook) and by
 * `npm run share-safe` in Node.
 */
export {
  shareSafeFile,
  shareSafePackage,
  type ShareFileOptions,
  type ShareFileResult,
} from "./transform";
