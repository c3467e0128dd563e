/**
 * The function catalog as the task pane and the help page see it: read from the built
 * `functions.json` (generated from the JSDoc in src/functions), never from a second list.
 */

export interface ParameterMetadata {
  name: string;
  description?: string;
  type?: string;
  dimensionality?: "scalar" | "matrix";
  optional?: boolean;
}

export interface FunctionMetadata {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: ParameterMetadata[];
  result?: { type?: string; dimensionality?: "scalar" | "matrix" };
}

export const NAMESPACE = "ALTHEDGE";

export async function loadCatalog(url = "functions.json"): Promise<FunctionMetadata[]> {
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`Could not read ${url} (${response.status})`);
  const json = (await response.json()) as { functions: FunctionMetadata[] };
  return [...json.functions].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Functions whose name, description or parameter names contain every word of the query
 * (case-insensitive); names that start with the query come first.
 */
export function searchCatalog(functions: FunctionMetadata[], query: string): FunctionMetadata[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return functions;
  const haystack = (f: FunctionMetadata): string =>
    [f.name, f.description ?? "", ...f.parameters.map((p) => `${p.name} ${p.description ?? ""}`)]
      .join(" ")
      .toLowerCase();
  const matches = functions.filter((f) => words.every((word) => haystack(f).includes(word)));
  const first = words[0];
  return matches.sort(
    (a, b) =>
      Number(!a.name.toLowerCase().startsWith(first)) -
        Number(!b.name.toLowerCase().startsWith(first)) || a.name.localeCompare(b.name)
  );
}

/** `ALTHEDGE.HEDGERATIO(exposure, contract_notional, [hedge_effectiveness], [rounding])` */
export function signature(f: FunctionMetadata): string {
  const args = f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name));
  return `${NAMESPACE}.${f.name}(${args.join(", ")})`;
}

/**
 * The formula to insert: the arguments the user filled in, in order. A required argument left empty
 * stays an empty slot (`=ALTHEDGE.HEDGERATIO(,)`) for the user to fill; trailing empty optional ones
 * are dropped.
 */
export function formulaSkeleton(f: FunctionMetadata, args: readonly string[]): string {
  const values = f.parameters.map((_, i) => (args[i] ?? "").trim());
  let last = values.length - 1;
  while (last >= 0 && values[last] === "" && f.parameters[last].optional) last--;
  return `=${NAMESPACE}.${f.name}(${values.slice(0, last + 1).join(",")})`;
}
