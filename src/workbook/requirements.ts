/**
 * The pane's features and the Excel each needs (owned by the requirement-set work of issue 12; this
 * first cut only fixes the types the port uses).
 */

/** A task-pane feature that needs more of Excel than the manifest asks for. */
export type PaneFeature = "share-copy" | "share-workbook" | "explain" | "hedge-log";

export type FeatureSupport = { available: true } | { available: false; message: string };
