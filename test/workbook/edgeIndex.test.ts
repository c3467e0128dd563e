/**
 * The engine's edge index (src/workbook/edgeIndex.ts) beside HyperFormula's edge arrays.
 * (1) It is in place on the HyperFormula this project installs; an upgrade fails here until Graph.js is
 *     read again.
 * (2) HyperFormula's edge arrays hold what they would without it: random adds, removals, membership
 *     tests and compactions on one node with up to 40 edges, after each of which the graph's array
 *     equals a model of HyperFormula 3.5's own Graph.js (push when not included, delete in place,
 *     compaction drops the holes).
 * (3) It changes nothing a workbook computes: a sheet whose hubs ($A$1, $C$1:$D$1) are read by far more
 *     formulas than the index's threshold is edited at random — formulas put in, replaced by
 *     constants, emptied, read twice in one formula, rows inserted and removed, undone — and after every
 *     edit its values and the hub's dependents equal those of a workbook built afresh from the same
 *     formulas. The expected side is HyperFormula's own evaluation of the final formulas; an edge left
 *     in the index after HyperFormula removed it (or the reverse) shows as a value or a dependent that
 *     differs.
 */
import fc from "fast-check";
import { HyperFormula } from "hyperformula";
import { EDGE_INDEX_WRITTEN_FOR, installEdgeIndex } from "../../src/workbook/edgeIndex";

const CONFIG = { licenseKey: "gpl-v3", useArrayArithmetic: true };
const ROWS = 60; // the hubs' dependents: well past the index's 16

test("the index is in place on the installed HyperFormula", () => {
  expect({ version: HyperFormula.version, installed: installEdgeIndex() }).toEqual({
    version: EDGE_INDEX_WRITTEN_FOR, // else: read HyperFormula's DependencyGraph/Graph.js again
    installed: true,
  });
});

type GraphOp =
  { op: "add" | "remove" | "removeIfExists" | "exists"; to: number } | { op: "compact" };

test("edge arrays hold what HyperFormula's own Graph.js would put in them", () => {
  installEdgeIndex();
  const to = fc.integer({ min: 1, max: 40 });
  const ops: fc.Arbitrary<GraphOp> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant("add" as const), to }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constantFrom("remove" as const, "removeIfExists" as const),
        to,
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("exists" as const), to }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("compact" as const) }) }
  );
  fc.assert(
    fc.property(fc.array(ops, { minLength: 60, maxLength: 300, size: "max" }), (sequence) => {
      const hf = HyperFormula.buildEmpty(CONFIG);
      try {
        const graph = hf.graph as unknown as GraphLike;
        const nodes = Array.from({ length: 41 }, () => ({}) as { idInGraph?: number });
        for (const node of nodes) graph.addNodeIfNotExists(node);
        const [hub] = nodes;
        const id = (node: { idInGraph?: number }) => node.idInGraph!;
        let model: (number | undefined)[] = []; // HyperFormula 3.5's array for the hub, re-stated
        for (const step of sequence) {
          if (step.op === "compact") {
            graph.adjacentNodesCount(hub); // HyperFormula's fixEdgesArrayForNode: a new array
            model = model.filter((x) => x !== undefined);
          } else {
            const target = id(nodes[step.to]);
            const at = model.indexOf(target);
            if (step.op === "add") {
              graph.addEdge(hub, nodes[step.to]);
              if (at < 0) model.push(target);
            } else if (step.op === "exists") {
              expect(graph.existsEdge(hub, nodes[step.to])).toBe(at >= 0);
            } else if (step.op === "remove" && at < 0) {
              expect(() => graph.removeEdge(hub, nodes[step.to])).toThrow("Edge does not exist");
            } else {
              if (step.op === "remove") graph.removeEdge(hub, nodes[step.to]);
              else graph.removeEdgeIfExists(hub, nodes[step.to]);
              if (at >= 0) delete model[at];
            }
          }
          expect(graph.edgesSparseArray[id(hub)]).toEqual(model);
        }
      } finally {
        hf.destroy();
      }
    }),
    { seed: 15, numRuns: 100 }
  );
});

interface GraphLike {
  edgesSparseArray: (number | undefined)[][];
  addNodeIfNotExists(node: object): number;
  addEdge(from: object, to: object): void;
  removeEdge(from: object, to: object): void;
  removeEdgeIfExists(from: object, to: object): void;
  existsEdge(from: object, to: object): boolean;
  adjacentNodesCount(node: object): number;
}

// Formulas of row r (1-based) that read the hubs, one of them twice.
const FORMULAS = [
  (r: number) => `=$A$1*${r}`,
  (r: number) => `=$A$1+$A$1+B${r}`,
  () => `=SUM($C$1:$D$1)-$A$1`,
  (r: number) => `=IF(B${r}>0,$C$1,$D$1)`,
  (r: number) => `=SUM(B$2:B${r})`, // ranges that grow row by row: HyperFormula chains them
  () => `=SUM($B$2:$B$${ROWS})+$A$1`,
];

type Edit =
  | { kind: "formula"; row: number; formula: number }
  | { kind: "constant"; row: number; value: number }
  | { kind: "empty"; row: number }
  | { kind: "input"; row: number; value: number | null }
  | { kind: "hub"; col: 0 | 2 | 3; value: number }
  | { kind: "insert" | "remove"; row: number }
  | { kind: "undo" };

const row = fc.integer({ min: 1, max: ROWS - 1 }); // 0-based; row 0 holds the hubs
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant("formula" as const),
    row,
    formula: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant("constant" as const),
    row,
    value: fc.integer({ min: -9, max: 9 }),
  }),
  fc.record({ kind: fc.constant("empty" as const), row }),
  fc.record({
    kind: fc.constant("input" as const),
    row,
    value: fc.option(fc.integer({ min: -9, max: 9 })),
  }),
  fc.record({
    kind: fc.constant("hub" as const),
    col: fc.constantFrom(0 as const, 2 as const, 3 as const),
    value: fc.integer({ min: -9, max: 9 }),
  }),
  fc.record({ kind: fc.constantFrom("insert" as const, "remove" as const), row }),
  fc.record({ kind: fc.constant("undo" as const) })
);

function apply(hf: HyperFormula, e: Edit): void {
  const at = (r: number, c = 4) => ({ sheet: 0, row: r, col: c });
  switch (e.kind) {
    case "formula":
      return void hf.setCellContents(at(e.row), [[FORMULAS[e.formula](e.row + 1)]]);
    case "constant":
      return void hf.setCellContents(at(e.row), [[e.value]]);
    case "empty":
      return void hf.setCellContents(at(e.row), [[null]]);
    case "input":
      return void hf.setCellContents(at(e.row, 1), [[e.value]]);
    case "hub":
      return void hf.setCellContents(at(0, e.col), [[e.value]]);
    case "insert":
      return void hf.addRows(0, [e.row, 1]);
    case "remove":
      return void hf.removeRows(0, [e.row, 1]);
    case "undo":
      if (hf.isThereSomethingToUndo()) hf.undo();
  }
}

/** The hub's dependents as sorted A1-like keys. */
function dependentsOf(hf: HyperFormula, col: number): string[] {
  return hf
    .getCellDependents({ sheet: 0, row: 0, col })
    .map((d) =>
      "start" in d ? `${d.start.row}:${d.start.col}-${d.end.row}:${d.end.col}` : `${d.row}:${d.col}`
    )
    .sort();
}

test("random edits on a sheet with hubs compute as a workbook built afresh", () => {
  installEdgeIndex();
  const start = [
    [2, null, 3, 4],
    ...Array.from({ length: ROWS - 1 }, (_, i) => [
      null,
      i % 5,
      null,
      null,
      FORMULAS[i % FORMULAS.length](i + 2),
    ]),
  ];
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 30, size: "max" }), (edits) => {
      const hf = HyperFormula.buildFromArray(start, CONFIG);
      try {
        for (const e of edits) {
          apply(hf, e);
          const fresh = HyperFormula.buildFromSheets(hf.getAllSheetsSerialized(), CONFIG);
          try {
            expect(hf.getSheetValues(0)).toEqual(fresh.getSheetValues(0));
            for (const col of [0, 2, 3])
              expect(dependentsOf(hf, col)).toEqual(dependentsOf(fresh, col));
          } finally {
            fresh.destroy();
          }
        }
      } finally {
        hf.destroy();
      }
    }),
    { seed: 15, numRuns: 25 }
  );
});
