// PLACEHOLDER — being written (issue 14). Recognises nothing until then.
import type { ImportFormat } from "../types";

export const format: ImportFormat = {
  id: "coingecko-placeholder",
  name: "coingecko (not yet written)",
  venue: "",
  delimiter: ",",
  variants: [],
  tables: [],
  zone: { kind: "utc" },
  parse: () => ({ tables: {}, bad: [] }),
};
