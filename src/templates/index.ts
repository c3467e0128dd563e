/**
 * The wizard templates: pure builders from validated inputs to a `SheetPlan` whose formulas call
 * ALTHEDGE.* and native functions over the plan's own input cells, so the sheet stays live. The task
 * pane lists `WIZARDS`; "Use selected range" goes through `guessColumns` and `fromRows`.
 */
import { effectivenessWizard, type EffectivenessInput } from "./effectiveness";
import { exposureWizard, type ExposureInput } from "./exposure";
import { marginWizard, type MarginInput } from "./margin";
import { policyWizard, type PolicyLimits } from "./policy";
import { rolloverWizard, type RolloverInput } from "./rollover";
import { reportWizard, type ReportInput } from "./report";
import { stressWizard, type StressInput } from "./stress";
import type { Wizard } from "./common";

export const WIZARDS: readonly [
  Wizard<ExposureInput>,
  Wizard<RolloverInput>,
  Wizard<MarginInput>,
  Wizard<EffectivenessInput>,
  Wizard<StressInput>,
  Wizard<ReportInput>,
  Wizard<PolicyLimits>,
] = [
  exposureWizard,
  rolloverWizard,
  marginWizard,
  effectivenessWizard,
  stressWizard,
  reportWizard,
  policyWizard,
];

export {
  CHANGE_COLUMNS,
  HOLDING_COLUMNS,
  VENUE_COLUMNS,
  fromRows,
  guessColumns,
  isIsoDate,
  isoToSerial,
  readNumber,
  serialToIso,
  type FieldError,
  type Holding,
  type Side,
  type Venue,
  type WantedColumn,
  type Wizard,
} from "./common";
export {
  DEFAULT_THRESHOLDS,
  EFFECTIVENESS_METHODS,
  effectivenessWizard,
  type EffectivenessInput,
  type EffectivenessMethod,
  type EffectivenessPrices,
  type EffectivenessThresholds,
} from "./effectiveness";
export {
  exposureWizard,
  type ExposureInput,
  type ProxyInstrument,
  type TierHedge,
} from "./exposure";
export {
  MARGIN_VENUE_COLUMNS,
  marginWizard,
  venuesFromRows,
  type MarginInput,
  type MarginVenue,
} from "./margin";
export { maxClipContracts, rollDaysNeeded, rolloverWizard, type RolloverInput } from "./rollover";
export { stressWizard, type StressInput } from "./stress";
export {
  CANONICAL_COLUMNS,
  CANONICAL_KINDS,
  canonicalKindOf,
  effectivenessFromTables,
  exposureFromTables,
  latestHoldings,
  priceSymbols,
  reportFromTables,
  stressFromTables,
  type CanonicalKind,
  type CanonicalTables,
  type EffectivenessFromTables,
  type FromTables,
} from "./fromTables";
