/**
 * A Set beside HyperFormula's edge arrays, so that a cell read by many formulas costs O(1) per edge.
 *
 * Why: HyperFormula 3.5 keeps each node's outgoing edges in an array and, before adding an edge, checks
 * that it is not there yet with `Array.includes`. Adding the edges of a cell that n formulas read is then
 * O(n²). Every template has such cells — the exposure sheet's participation and tier bounds (`$B$1`,
 * `$H$1:$I$1`) are read by every row — and on the 10,000-row exposure sheet of `npm run bench` that check
 * was a quarter of the first calculation (issue 15's profile: `Graph.addEdge` first by self time).
 *
 * How: for an edge array past `SMALL` entries, a Set of the ids it holds, made from the array on first
 * use and kept in step by the three methods that write into an array (`addEdge`, `removeEdge`,
 * `removeEdgeIfExists`; `removeNode` drops the whole array, `fixEdgesArrayForNode` replaces it with a new
 * one, which gets its own Set on first use). The arrays stay exactly what HyperFormula would hold, in
 * the same order: only the membership test changes, so the evaluation order does not.
 *
 * Installed once per process, and only on the HyperFormula version it was written against: on another
 * version it stays off (HyperFormula's own code runs) and test/workbook/edgeIndex.test.ts fails, so an
 * upgrade reads Graph.js again before turning it back on.
 */
import { HyperFormula } from "hyperformula";

/** The HyperFormula release whose Graph.js these methods were checked against. */
export const EDGE_INDEX_WRITTEN_FOR = "3.5.0";

/** Arrays shorter than this are searched as HyperFormula searches them: a Set would cost more. */
const SMALL = 16;

interface GraphNode {
  idInGraph?: number;
}

/** The part of HyperFormula's (internal) Graph class the index touches. */
interface GraphInternals {
  edgesSparseArray: number[][];
  getNodeIdIfNotNumber(node: GraphNode | number): number | undefined;
  missingNodeError(node: GraphNode | number): Error;
  addEdge(from: GraphNode | number, to: GraphNode | number): void;
  removeEdge(from: GraphNode | number, to: GraphNode | number): void;
  removeEdgeIfExists(from: GraphNode | number, to: GraphNode | number): void;
  existsEdge(from: GraphNode, to: GraphNode): boolean;
}

const indexes = new WeakMap<number[], Set<number>>();

/** The Set of a long edge array (made from its contents on first use); undefined for a short one. */
function indexOfEdges(edges: number[]): Set<number> | undefined {
  if (edges.length < SMALL) return undefined;
  let index = indexes.get(edges);
  if (!index) {
    index = new Set();
    // a removed edge leaves a hole (HyperFormula deletes the entry): holes are not edges
    for (const id of edges) if (id !== undefined) index.add(id);
    indexes.set(edges, index);
  }
  return index;
}

let installed: boolean | undefined;

/**
 * Puts the index in place (once; later calls answer the first one's result).
 * @returns whether it is in place: false on a HyperFormula other than EDGE_INDEX_WRITTEN_FOR.
 */
export function installEdgeIndex(): boolean {
  if (installed !== undefined) return installed;
  installed = false;
  if (HyperFormula.version !== EDGE_INDEX_WRITTEN_FOR) return false;
  const probe = HyperFormula.buildEmpty({ licenseKey: "gpl-v3" });
  const graph = probe.graph as unknown as GraphInternals;
  const proto = Object.getPrototypeOf(graph) as GraphInternals;
  const ownsEdgeArrays = Array.isArray(graph.edgesSparseArray);
  probe.destroy();
  if (!ownsEdgeArrays) return false;
  const { removeEdge, removeEdgeIfExists } = proto;

  proto.addEdge = function addEdge(this: GraphInternals, fromNode, toNode) {
    const fromId = this.getNodeIdIfNotNumber(fromNode);
    const toId = this.getNodeIdIfNotNumber(toNode);
    if (fromId === undefined) throw this.missingNodeError(fromNode);
    if (toId === undefined) throw this.missingNodeError(toNode);
    const edges = this.edgesSparseArray[fromId];
    const index = indexOfEdges(edges);
    if (index ? index.has(toId) : edges.includes(toId)) return;
    edges.push(toId);
    index?.add(toId);
  };

  proto.removeEdge = function (this: GraphInternals, fromNode, toNode) {
    const index = indexHolding(this, fromNode, toNode);
    removeEdge.call(this, fromNode, toNode); // throws when there is no such edge, as before
    index?.set.delete(index.toId);
  };

  proto.removeEdgeIfExists = function (this: GraphInternals, fromNode, toNode) {
    const index = indexHolding(this, fromNode, toNode);
    if (index && !index.set.has(index.toId)) return; // skips HyperFormula's indexOf over a long array
    removeEdgeIfExists.call(this, fromNode, toNode);
    index?.set.delete(index.toId);
  };

  proto.existsEdge = function (this: GraphInternals, fromNode, toNode) {
    const fromId = fromNode.idInGraph;
    const toId = toNode.idInGraph;
    if (fromId === undefined || toId === undefined) return false;
    const edges = this.edgesSparseArray[fromId];
    const index = indexOfEdges(edges);
    return index ? index.has(toId) : edges.includes(toId);
  };

  installed = true;
  return true;
}

/**
 * The Set of the edge array `fromNode` → … already has, with `toNode`'s id; undefined when either node
 * is not in the graph or the array has no Set yet (then HyperFormula's own search is all there is).
 */
function indexHolding(
  graph: GraphInternals,
  fromNode: GraphNode | number,
  toNode: GraphNode | number
): { set: Set<number>; toId: number } | undefined {
  const fromId = graph.getNodeIdIfNotNumber(fromNode);
  const toId = graph.getNodeIdIfNotNumber(toNode);
  if (fromId === undefined || toId === undefined) return undefined;
  const edges = graph.edgesSparseArray[fromId];
  const set = edges && indexes.get(edges);
  return set ? { set, toId } : undefined;
}
