/**
 * The Office.js adapter of the workbook port. Every operation is one `Excel.run` with as few
 * `context.sync()` round trips as the data allows: a plan reads (and creates its sheet) once and writes
 * once (huge plans add one sync per band of CELLS_PER_SYNC cells); a share-safe copy reads, plans and
 * writes in a handful of syncs that grows with the sheets' size only, each request and response under
 * Excel on the web's 5 MB (see "Share-safe copy"). Nothing is queued after the last explicit sync, so
 * `Excel.run` adds no hidden round trip.
 *
 * Requirement sets: what the wizards use is ExcelApi 1.7 or older, except data validation (1.8,
 * skipped on an older Excel) and the page layout (1.9, likewise); the share-safe copy needs 1.12
 * (`supports("share-copy")`), and reads notes only where 1.18 is there; imports need 1.7
 * (`supports("import")`) and grow a table with `Table.resize` where 1.13 is there.
 *
 * What protects the user: plans go to a new sheet with a unique name, the only write into an existing
 * sheet is one appended row of the Hedge log table, and a failed write deletes what it created, and
 * only that (see "Sheets an operation creates" below).
 */
import {
  LOG_HEADERS,
  LOG_SHEET,
  LOG_TABLE,
  a1,
  a1Range,
  columnName,
  pageSetupOf,
  parseA1,
  parseRange,
  uniqueSheetName,
  type CellStyle,
  type CellValue,
  type LogEntry,
  type PageSetup,
  type PlanCell,
  type PlanChart,
  type SheetPlan,
} from "../templates/plan";
import { separatorsOfLocale, type NumberSeparators } from "../templates/common";
import { LOG_CHAIN_SEED, PREPARED_BY, lastHash, logRowCells } from "../templates/hedgeLog";
import {
  POLICY_LIMITS,
  describeChanges,
  hasNoPolicy,
  hasPolicy,
  incompletePolicyMessage,
  policyChanges,
  policySheetOf,
  type PolicyKey,
  type PolicyLimits,
  type PolicyState,
} from "../templates/policy";
import {
  checkShareChoice,
  frozenCellCount,
  planShareSafe,
  spillAnchors,
  type CalculationState,
  type CellPosition,
  type ProvenancePlan,
  type ShareComment,
  type ShareCopy,
  type ShareName,
  type SharePlan,
  type ShareRule,
  type ShareSheet,
  type ShareSpill,
  type ShareWarning,
  type SheetVisibility,
} from "../templates/share";
import {
  CANONICAL_KINDS,
  isCanonicalHeader,
  type CanonicalKind,
  type CanonicalRow,
  type CanonicalTable,
} from "../imports/canonical";
import {
  addedRows,
  cellsOf,
  columnsOf,
  formatsOf,
  inTheWayMessage,
  mergedByKind,
  noRoomMessage,
  notCanonicalMessage,
  rowsOf,
  sheetsWritten,
  timeIndex,
  widthsOf,
  wouldMoveMessage,
} from "./imports";
import {
  notEmptyMessage,
  type ActiveCell,
  type ApplyResult,
  type CanonicalTables,
  type ImportWritten,
  type HedgeLogContents,
  type PolicyChangeResult,
  type RangeRef,
  type Selection,
  type ShareCandidate,
  type ShareOptions,
  type ShareSafeResult,
  type ShareWorkbookResult,
  type WorkbookPort,
  type WriteResult,
} from "./port";
import { STILL_WORKS, featureSupport, type FeatureSupport, type PaneFeature } from "./requirements";
import { saveShareSafeWorkbook } from "./officeFile";

/**
 * Plan cells written per sync. One 5,000-cell write stays far below Excel on the web's 5 MB request
 * limit even with long formulas; a bigger plan is written in bands, one sync each.
 */
export const CELLS_PER_SYNC = 5000;

/** Excel's grid: 1,048,576 rows by 16,384 columns. */
const MAX_ROWS = 1048576;
const MAX_COLS = 16384;

/** Excel keeps at most 255 characters in a list validation's comma-separated source. */
const MAX_LIST_SOURCE = 255;

/** The header fill, shared by plan headers and the sheets this adapter creates itself. */
const HEADER_FILL = "#DDEBF7";

/** How each plan style looks in Excel. */
const STYLE_FORMATS: Record<CellStyle, (format: Excel.RangeFormat) => void> = {
  title: (format) => {
    format.font.bold = true;
    format.font.size = 14;
  },
  subtitle: (format) => {
    format.font.bold = true;
  },
  header: (format) => {
    format.font.bold = true;
    format.fill.color = HEADER_FILL;
  },
  input: (format) => {
    format.fill.color = "#FFF2CC";
  },
  note: (format) => {
    format.font.italic = true;
    format.font.color = "#7F7F7F";
  },
  total: (format) => {
    format.font.bold = true;
  },
};

export class OfficeWorkbook implements WorkbookPort {
  readonly kind = "office" as const;

  async insertFormulaIfEmpty(formula: string): Promise<WriteResult> {
    return Excel.run(async (context) => {
      const cell = context.workbook.getActiveCell();
      cell.load(["address", "formulas"]);
      await context.sync();
      const address = cell.address;
      const current = cell.formulas?.[0]?.[0];
      if (current !== "" && current !== null && current !== undefined) {
        return {
          ok: false,
          address,
          reason: "not-empty",
          message: notEmptyMessage(address),
        } as const;
      }
      cell.formulas = [[formula]];
      await context.sync();
      return { ok: true, address } as const;
    });
  }

  async readSelection(): Promise<Selection> {
    return Excel.run(async (context) => {
      const range = context.workbook.getSelectedRange();
      // a navigation property (a proxy object), not a value: nothing to load before taking it
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read
      const worksheet = range.worksheet;
      range.load("address, values");
      worksheet.load("name");
      await context.sync();
      return {
        sheet: worksheet.name,
        address: withoutSheet(range.address),
        values: range.values.map((row) => row.map(readCell)),
      };
    });
  }

  async listSheets(): Promise<string[]> {
    return Excel.run(async (context) => {
      const sheets = context.workbook.worksheets.load("items/name");
      await context.sync();
      return sheets.items.map((sheet) => sheet.name);
    });
  }

  async activateSheet(sheet: string): Promise<void> {
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem(sheet).activate();
      await context.sync();
    });
  }

  /** One sync: the active cell's address (with its sheet), formula and value. */
  async readActiveCell(): Promise<ActiveCell> {
    return Excel.run(async (context) => {
      const cell = context.workbook.getActiveCell();
      cell.load("address, formulas, values");
      await context.sync();
      const formula = cell.formulas[0][0];
      return {
        sheet: sheetOf(cell.address),
        address: withoutSheet(cell.address),
        formula: typeof formula === "string" && formula.startsWith("=") ? formula : "",
        value: readCell(cell.values[0][0]),
      };
    });
  }

  /** One sync for every range; errors read as their code ("#N/A"), as `Range.values` gives them. */
  async readRanges(ranges: RangeRef[]): Promise<CellValue[][][]> {
    if (ranges.length === 0) return [];
    return Excel.run(async (context) => {
      const worksheets = context.workbook.worksheets;
      const read = ranges.map(({ sheet, address }) =>
        worksheets.getItem(sheet).getRange(address).load("values")
      );
      await context.sync();
      return read.map((range) => range.values.map((row) => row.map(readCell)));
    });
  }

  /** Two syncs: whether the table exists, then its header, rows and sheet's protection. */
  async readHedgeLog(): Promise<HedgeLogContents | null> {
    return Excel.run(async (context) => {
      const table = context.workbook.tables.getItemOrNullObject(LOG_TABLE);
      table.load("name");
      await context.sync();
      if (table.isNullObject) return null;
      const header = table.getHeaderRowRange().load("values");
      const body = table.getDataBodyRange().load("values");
      const worksheet = table.worksheet;
      worksheet.load("name");
      const protection = protectionSupported() ? worksheet.protection.load("protected") : undefined;
      await context.sync();
      return {
        sheet: worksheet.name,
        header: header.values[0].map(readCell),
        rows: dataRows(body.values),
        protected: protection?.protected === true,
      };
    });
  }

  /** From the document's settings, with no round trip ("" outside Office or when not set). */
  async getPreparedBy(): Promise<string> {
    return preparedBySetting();
  }

  /** Kept in the document's settings, saved with it. */
  async setPreparedBy(name: string): Promise<void> {
    const settings = documentSettings();
    if (!settings) throw new Error("This document has no settings to keep the name in");
    settings.set(PREPARED_BY, name.trim());
    await new Promise<void>((resolve, reject) =>
      settings.saveAsync((result) =>
        result.status === Office.AsyncResultStatus.Failed
          ? reject(new Error(`The name could not be saved: ${result.error.message}`))
          : resolve()
      )
    );
  }

  /**
   * Two syncs: the policy's names (null objects for those missing), then the cell each refers to
   * (`getRangeOrNullObject`, ExcelApi 1.4), its address and value.
   */
  async readPolicy(): Promise<PolicyState> {
    requirePolicyApi();
    return Excel.run(async (context) => {
      const read = await readPolicyCells(context);
      await context.sync();
      return read.state();
    });
  }

  /**
   * One `Excel.run`, three syncs: the names and what the workbook has (sheets, tables); the cells
   * (value and formula) and the log's last row; then the new values and the log row. The values
   * are written first and the row after them, so a failure stops before the row; the old formulas
   * are then put back (a new `Excel.run`) and a new log sheet deleted, so the Policy and the log never
   * disagree.
   */
  async changePolicy(
    limits: PolicyLimits,
    log: Pick<LogEntry, "timestamp" | "wizard">
  ): Promise<PolicyChangeResult> {
    requirePolicyApi();
    const created: NewSheet[] = [];
    let written: PolicyCellRead[] = [];
    try {
      return await Excel.run(async (context) => {
        const workbook = context.workbook;
        const sheets = workbook.worksheets.load("items/name");
        const tables = workbook.tables.load("items/name");
        const read = await readPolicyCells(context);
        const hasLog = hasName(
          tables.items.map((item) => item.name),
          LOG_TABLE
        );
        const existingLog = hasLog ? await readLogTail(context) : undefined;
        if (!hasLog) await context.sync();
        const state = read.state();
        if (hasNoPolicy(state))
          throw new Error("the workbook has no policy yet: write the Policy sheet first");
        if (!hasPolicy(state))
          throw new Error(incompletePolicyMessage(state).replace(" Nothing was written.", ""));
        const current = Object.fromEntries(
          POLICY_LIMITS.map((limit) => [limit.key, state.cells[limit.key]!.value])
        ) as Record<PolicyKey, CellValue>;
        const changes = policyChanges(current, limits);
        const sheet = policySheetOf(state);
        if (changes.length === 0) return { sheet, changes };
        const cells = changes.map((change) => read.cell(change.key)!);
        const row = await logRowCells(
          existingLog?.previous ?? LOG_CHAIN_SEED,
          { ...log, sheet, inputs: describeChanges(changes) },
          preparedBySetting()
        );
        changes.forEach((change, i) => (cells[i].range.values = [[change.to]]));
        written = cells;
        const finishLog = queueLog(
          workbook,
          row,
          existingLog,
          sheets.items.map((item) => item.name),
          created
        );
        finishLog();
        await context.sync();
        return { sheet, changes };
      });
    } catch (error) {
      throw await failedPolicyChange(error, written, created);
    }
  }

  /**
   * Excel's separators (`application.cultureInfo.numberFormat`, ExcelApi 1.11) in one sync; before
   * 1.11, those of Office's display language ("de-DE"), with no round trip.
   */
  async numberFormat(): Promise<NumberSeparators> {
    if (!Office.context.requirements.isSetSupported("ExcelApi", "1.11"))
      return separatorsOfLocale(Office.context.displayLanguage);
    return Excel.run(async (context) => {
      const format = context.workbook.application.cultureInfo.numberFormat;
      format.load("numberDecimalSeparator, numberGroupSeparator");
      await context.sync();
      return { decimal: format.numberDecimalSeparator, grouping: format.numberGroupSeparator };
    });
  }

  async applyPlan(
    plan: SheetPlan,
    log?: LogEntry,
    onProgress?: (done: number, total: number) => void
  ): Promise<ApplyResult> {
    // Every check that can fail runs before Excel is touched: a bad plan creates nothing.
    checkPlan(plan);
    const total = plan.cells.length;
    onProgress?.(0, total);
    const created: NewSheet[] = [];
    let sheet = plan.name;
    try {
      await Excel.run(async (context) => {
        const workbook = context.workbook;
        const sheets = workbook.worksheets.load("items/name");
        const tables = workbook.tables.load("items/name");
        // The plan's workbook names must be free: the names in use come with the first read.
        const definedNames = plan.names?.length ? workbook.names.load("items/name") : undefined;
        // The new sheet is created with the reads, under a name of its own, and its id comes back
        // with them: from then on the clean-up finds it by id, whatever it is named.
        const mine = newSheet(created);
        const target = workbook.worksheets.add(mine.temp);
        target.load("id");
        await context.sync();
        mine.id = target.id;

        const sheetNames = sheets.items.map((item) => item.name);
        const tableNames = tables.items.map((item) => item.name);
        sheet = uniqueSheetName(plan.name, sheetNames);
        if (definedNames)
          checkNamesFree(
            plan,
            definedNames.items.map((item) => item.name)
          );
        // An existing log: its header and last row, read in a sync of their own (only then is the
        // table known to exist), so the new row's hash chains to the last one.
        const existingLog =
          log && hasName(tableNames, LOG_TABLE) ? await readLogTail(context) : undefined;
        const logRow = log
          ? await logRowCells(
              existingLog?.previous ?? LOG_CHAIN_SEED,
              { ...log, sheet },
              preparedBySetting()
            )
          : undefined;
        await writeCells(context, target, plan.cells, (done) => onProgress?.(done, total));
        queueStyles(target, plan.cells);
        // Asked once each: page layout (1.9) implies data validation (1.8); 1.8 is asked only of an
        // Excel without 1.9, and only for a plan with validations.
        const printing = printingSupported();
        const validation =
          printing || (plan.validations ?? []).length === 0 || excelApiAtLeast("1.8") !== false;
        queuePlanObjects(target, plan, tableNames, validation);
        if (printing) queuePageLayout(target, pageSetupOf(plan));
        queueNames(workbook, target, plan);
        // A batch stops at its first failing operation. The renames come after every write, and the
        // log row after the renames: a name taken since sync 1 fails the rename, and no row is logged.
        const finishLog = logRow
          ? queueLog(workbook, logRow, existingLog, [...sheetNames, sheet], created, mine)
          : undefined;
        rename(target, mine, sheet);
        target.activate();
        finishLog?.();
        await context.sync();
      });
    } catch (error) {
      throw await failedWrite(`write the sheet "${sheet}"`, error, created);
    }
    onProgress?.(total, total);
    return { sheet, cells: total };
  }

  /**
   * The canonical tables of `kinds` (./port), in one `Excel.run`: one sync for the workbook's table
   * names, one for each table's header, place and sheet, then the data rows of every table in bands
   * of rows, as many per sync as Excel on the web's 5 MB response takes (see "Imports" below). A table
   * named as a kind whose header is not the kind's is skipped: its rows are not read.
   */
  async readCanonicalTables(
    kinds: readonly CanonicalKind[] = CANONICAL_KINDS
  ): Promise<CanonicalTables> {
    this.requireImports();
    return Excel.run(async (context) => {
      const list = context.workbook.tables.load("items/name");
      await context.sync();
      const found = queueCanonical(
        context,
        list.items.map((item) => item.name),
        kinds
      );
      if (found.length === 0) return {};
      await context.sync();
      const canonical = found.filter((table) => table.settle());
      await readInRounds(context, [new BodyReader(canonical)]);
      for (const table of canonical) table.finish();
      const tables: CanonicalTables = {};
      for (const table of canonical) tables[table.kind] = { sheet: table.sheet, rows: table.rows };
      return tables;
    });
  }

  /**
   * Writes an import (./port) in one `Excel.run`; see "Imports" below for the syncs. Every refusal
   * (a table of the kind's name with another header, cells in the way, a sheet too short) comes
   * before anything is written. A failure deletes the sheets it created and takes the appended rows
   * out again (`undoAppends`); no log row is written before every row is.
   */
  async writeImport(
    tables: CanonicalTable[],
    log: (written: ImportWritten[]) => LogEntry,
    onProgress?: (done: number, total: number) => void
  ): Promise<ImportWritten[]> {
    this.requireImports();
    const incoming = mergedByKind(tables);
    const created: NewSheet[] = [];
    const appends: Append[] = [];
    const resize = excelApiAtLeast("1.13") !== false;
    try {
      return await Excel.run(async (context) => {
        const workbook = context.workbook;
        const sheets = workbook.worksheets.load("items/name");
        const list = workbook.tables.load("items/name");
        await context.sync();
        const sheetNames = sheets.items.map((item) => item.name);
        const tableNames = list.items.map((item) => item.name);
        const found = queueCanonical(
          context,
          tableNames,
          incoming.filter(({ rows }) => rows.length > 0).map(({ kind }) => kind)
        );
        // The log's last row rides with the tables' headers (readLogTail syncs).
        const existingLog = hasName(tableNames, LOG_TABLE) ? await readLogTail(context) : undefined;
        if (!existingLog && found.length > 0) await context.sync();
        for (const table of found)
          if (!table.settle()) throw new Error(notCanonicalMessage(table.kind, table.sheet));
        // The rows already there, and what lies below each table as far down as the import could
        // go (its first row with a value), read with the first band.
        const below: (Excel.Range | undefined)[] = [];
        const queueBelow = (): void => {
          below.length = 0;
          for (const table of found) {
            const rows = incoming.find((item) => item.kind === table.kind)!.rows.length;
            const end = table.place.row + table.place.rows;
            // rows.add inserts, moving whatever lies below down: there, every row below counts.
            const count = resize ? Math.min(rows, MAX_ROWS - end) : MAX_ROWS - end;
            below.push(
              count > 0
                ? table.worksheet
                    .getRangeByIndexes(end, table.place.col, count, table.place.cols)
                    .getUsedRangeOrNullObject(true)
                    .load("rowIndex, address")
                : undefined
            );
          }
        };
        await readInRounds(context, [
          new BodyReader(found, found.length > 0 ? queueBelow : undefined),
        ]);
        for (const table of found) table.finish();

        const taken = [...sheetNames];
        const steps = incoming.map(({ kind, rows }): ImportStep => {
          const index = found.findIndex((table) => table.kind === kind);
          const table = found[index];
          const { added, skipped } = addedRows(kind, table?.rows ?? [], rows);
          if (!table) {
            const sheet = added.length > 0 ? uniqueSheetName(kind, taken) : "";
            if (sheet) taken.push(sheet);
            return { kind, sheet, added, skipped };
          }
          const { row, rows: height, col, cols } = table.place;
          const start = row + 1 + table.rows.length; // fills the empty row Excel keeps
          const end = start + added.length; // the first row after the new ones
          if (end > MAX_ROWS) throw new Error(noRoomMessage(kind, table.sheet, added.length));
          const used = below[index];
          if (added.length > 0 && used && !used.isNullObject && !resize)
            throw new Error(wouldMoveMessage(kind, table.sheet, withoutSheet(used.address)));
          if (added.length > 0 && used && !used.isNullObject && used.rowIndex < end)
            throw new Error(
              inTheWayMessage(
                kind,
                table.sheet,
                a1Range(row + height, col, end - 1, col + cols - 1)
              )
            );
          return { kind, sheet: table.sheet, added, skipped, table, start };
        });
        const written: ImportWritten[] = steps.map(({ kind, sheet, added, skipped, table }) => ({
          kind,
          sheet,
          added: added.length,
          skipped,
          created: !table && added.length > 0,
        }));
        const entry = log(written);
        const logRow = await logRowCells(
          existingLog?.previous ?? LOG_CHAIN_SEED,
          { ...entry, sheet: entry.sheet || sheetsWritten(written) },
          preparedBySetting()
        );
        const total = written.reduce((sum, item) => sum + item.added, 0);
        onProgress?.(0, total);

        const targets: (Target & { step: ImportStep })[] = steps
          .filter((step) => !step.table && step.added.length > 0)
          .map((step) => ({ step, mine: newSheet(created) }));
        const pieces: Piece[] = [];
        if (targets.length > 0)
          pieces.push({
            request: targets.length * LOOKUP_REQUEST,
            queue: () => {
              for (const target of targets)
                target.sheet = workbook.worksheets.add(target.mine.temp).load("id");
            },
            done: () => {
              for (const target of targets) target.mine.id = targetSheet(target).id;
            },
          });
        let done = 0;
        const progress = (rows: number): void => {
          done += rows;
          onProgress?.(done, total);
        };
        for (const step of steps) {
          if (step.added.length === 0) continue;
          const target = targets.find((item) => item.step === step);
          if (target) {
            pieces.push(...newTablePieces(() => targetSheet(target), step, progress));
          } else {
            const table = step.table!;
            const append: Append = {
              kind: step.kind,
              table: table.name,
              sheetName: table.sheet,
              place: table.place,
              start: step.start!,
              count: step.added.length,
              resize,
            };
            appends.push(append);
            pieces.push(...appendPieces(workbook, append, step.added, progress));
          }
        }
        // Last: the tables over the new sheets' rows, the grown tables, the renames, the log row.
        const finish = (): void => {
          for (const target of targets) queueNewTable(targetSheet(target), target.step);
          for (const append of appends) if (append.resize) queueResize(workbook, append);
          const finishLog = queueLog(
            workbook,
            logRow,
            existingLog,
            [...sheetNames, ...targets.map((target) => target.step.sheet)],
            created,
            targets[0]?.mine
          );
          for (const target of targets) rename(targetSheet(target), target.mine, target.step.sheet);
          finishLog();
        };
        if (targets.length === 0) {
          // Appends only: the last step rides with the last rows (no sheet of ours needs its id first).
          pieces.push({ request: (appends.length + 2) * LOOKUP_REQUEST, queue: finish });
          await writeInBatches(context, pieces);
        } else {
          await writeInBatches(context, pieces);
          finish();
          await context.sync();
        }
        return written;
      });
    } catch (error) {
      throw await failedImport(error, created, appends);
    }
  }

  /** The sheets in workbook order with their visibility, in one sync. */
  async listShareCandidates(): Promise<ShareCandidate[]> {
    return Excel.run(async (context) => {
      const sheets = context.workbook.worksheets.load("items/name, items/visibility");
      await context.sync();
      return sheets.items.map((sheet) => ({
        name: sheet.name,
        visibility: sheet.visibility as SheetVisibility,
      }));
    });
  }

  /** The document's own file rewritten and opened or downloaded (./officeFile). */
  async saveShareSafeWorkbook(
    version: string,
    time: string,
    options?: ShareOptions & { keepHidden?: boolean }
  ): Promise<ShareWorkbookResult> {
    return saveShareSafeWorkbook(version, time, options);
  }

  /** Whether this Excel has what `feature` needs (./requirements), as Office answers at once. */
  supports(feature: PaneFeature): FeatureSupport {
    return featureSupport(
      feature,
      (name, version) =>
        typeof Office !== "undefined" &&
        Office.context?.requirements?.isSetSupported(name, version) === true
    );
  }

  /**
   * Copies `sheets` share-safe, as the planner says (see "Share-safe copy" below for the syncs): a
   * bounded number that grows with the sheets' size only, every request and response under Excel on
   * the web's 5 MB. The originals are only read and copied; nothing is created until the plan is
   * made, so a refusal (Excel still calculating, a #BUSY! value) leaves the workbook as it was.
   */
  async shareSafeCopy(
    sheets: string[],
    version: string,
    time: string,
    options: ShareOptions = {}
  ): Promise<ShareSafeResult> {
    checkShareChoice(sheets);
    const created: NewSheet[] = [];
    try {
      const support = this.supports("share-copy");
      if (!support.available) throw new Error(support.message);
      return await Excel.run(async (context) => {
        const read = await readForShare(context, sheets, (names) => this.missingSheets(names));
        const base = {
          existing: read.existing,
          names: read.names,
          version,
          time,
          calculation: read.calculation,
          keepComments: options.keepComments,
        };
        // Two steps, as the planner asks: which spills it needs, then the plan with them.
        const wanted = spillAnchors({ ...base, sheets: shareSheets(read) });
        await readInRounds(context, [new SpillReader(read.states, wanted)]);
        const plan = planShareSafe({ ...base, sheets: shareSheets(read) });
        await applySharePlan(context, read, plan, created);
        return {
          copies: plan.copies.map((copy) => ({ original: copy.original, copy: copy.name })),
          provenanceSheet: plan.provenance.name,
          frozenCells: frozenCellCount(plan),
          rewrites: plan.copies.reduce((n, copy) => n + copy.rewrites.length, 0),
          dropped: plan.dropped.length,
          warnings: [...plan.warnings, ...read.warnings],
        };
      });
    } catch (error) {
      throw await failedWrite("make the share-safe copy", error, created);
    }
  }

  /** Refuses an import in an Excel older than imports need (./requirements), before any call. */
  private requireImports(): void {
    const support = this.supports("import");
    // Outside Office (a harness without requirement sets) nothing can be asked: go on.
    if (!support.available && excelApiAtLeast("1.7") === false)
      throw new Error(`${support.message.replace(` ${STILL_WORKS}`, "")} Nothing was written.`);
  }

  /** The names in `wanted` that are not sheets of the workbook; [] when that cannot be told. */
  private async missingSheets(wanted: string[]): Promise<string[]> {
    try {
      const present = new Set((await this.listSheets()).map((name) => name.toLowerCase()));
      return wanted.filter((name) => !present.has(name.toLowerCase()));
    } catch {
      return [];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Values in and out of Excel
// ---------------------------------------------------------------------------------------------

/** "Sheet1!B2:C4" → "B2:C4" (a sheet name may hold "!", an address never does). */
const withoutSheet = (address: string): string => address.slice(address.lastIndexOf("!") + 1);

/** "'My sheet'!B2" → "My sheet" (Excel quotes a name with spaces and doubles its apostrophes). */
function sheetOf(address: string): string {
  const name = address.slice(0, Math.max(0, address.lastIndexOf("!")));
  return /^'.*'$/.test(name) ? name.slice(1, -1).replace(/''/g, "'") : name;
}

/** Excel reads an empty cell as ""; the port (and the engine adapter) says null. */
const readCell = (value: unknown): CellValue => (value === "" ? null : (value as CellValue));

/**
 * Text Excel would not keep as typed: a leading sigil ("=", "+", "-", "@" start a formula, "'" is
 * swallowed), a number ("1,200", "-3.5e2", "12%", "$5"), a date or time ("2026-11-24", "1/2",
 * "9:30"), a boolean or an error code ("#N/A").
 */
const CONVERTED_TEXT = [
  /^[=+\-@']/,
  /^\s*[-+]?[$€£¥]?\s*(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?\s*%?\s*$/i,
  /^\s*\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*$/,
  /^\s*\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(am|pm)?\s*$/i,
  /^\s*(true|false)\s*$/i,
];
const ERROR_CODE =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BUSY!|BLOCKED!|CONNECT!|UNKNOWN!)$/i;

/**
 * What to write for `value` so that the cell holds exactly it: a string stays text, with the
 * apostrophe prefix Excel hides when it would otherwise turn the text into a formula, number, date,
 * boolean or error. An empty value writes "" (an empty cell).
 */
export function textSafe(value: CellValue | undefined): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return value;
  return CONVERTED_TEXT.some((pattern) => pattern.test(value)) || ERROR_CODE.test(value)
    ? `'${value}`
    : value;
}

/**
 * What to write for a value read from Excel: the same as `textSafe`, except that an error code is
 * written as is, because `Range.values` reports an error cell as its code and freezing must keep it an
 * error.
 */
const frozenInput = (value: unknown): string | number | boolean =>
  typeof value === "string" && ERROR_CODE.test(value) ? value : textSafe(value as CellValue);

// ---------------------------------------------------------------------------------------------
// Checking a plan before anything is written
// ---------------------------------------------------------------------------------------------

function checkPlan(plan: SheetPlan): void {
  const where = `Plan "${plan.name}"`;
  const seen = new Set<string>();
  for (const cell of plan.cells) {
    checkCell(where, cell);
    const key = `${cell.row},${cell.col}`;
    if (seen.has(key)) throw new Error(`${where}: two cells at ${a1(cell.row, cell.col)}`);
    seen.add(key);
  }
  for (const table of plan.tables ?? []) checkRange(`${where}, table ${table.name}`, table.range);
  for (const { range, list } of plan.validations ?? []) {
    const what = `${where}, validation on ${range}`;
    checkRange(what, range);
    if (list.length === 0) throw new Error(`${what}: the list is empty`);
    const withComma = list.find((item) => item.includes(","));
    if (withComma !== undefined) {
      throw new Error(
        `${what}: list item "${withComma}" holds a comma, which Excel reads as a separator`
      );
    }
    if (list.join(",").length > MAX_LIST_SOURCE) {
      throw new Error(`${what}: the list is longer than Excel's ${MAX_LIST_SOURCE} characters`);
    }
  }
  for (const cf of plan.conditionalFormats ?? []) {
    checkRange(`${where}, conditional format on ${cf.range}`, cf.range);
  }
  for (const chart of plan.charts ?? []) {
    checkRange(`${where}, chart "${chart.title}" source`, chart.source);
    checkRange(`${where}, chart "${chart.title}" anchor`, chart.anchor);
    chartTypeName(chart.type);
  }
  const print = pageSetupOf(plan);
  checkRange(`${where}, print area`, print.area);
  if (print.titleRows !== undefined && !/^\$?\d+:\$?\d+$/.test(print.titleRows)) {
    throw new Error(`${where}: print title rows "${print.titleRows}" are not whole rows ("$1:$2")`);
  }
}

function checkCell(where: string, cell: PlanCell): void {
  const { row, col } = cell;
  if (!Number.isInteger(row) || !Number.isInteger(col) || row < 0 || col < 0) {
    throw new Error(
      `${where}: cell at row ${row}, column ${col} is not a 0-based integer position`
    );
  }
  if (row >= MAX_ROWS || col >= MAX_COLS) {
    throw new Error(`${where}: cell at row ${row}, column ${col} lies outside Excel's grid`);
  }
  if (cell.formula !== undefined && cell.value !== undefined) {
    throw new Error(`${where}: ${a1(row, col)} has both a value and a formula`);
  }
  if (cell.formula !== undefined && !cell.formula.startsWith("=")) {
    throw new Error(
      `${where}: formula at ${a1(row, col)} does not start with "=": ${cell.formula}`
    );
  }
}

function checkRange(what: string, range: string): void {
  try {
    parseRange(range);
  } catch {
    throw new Error(`${what}: "${range}" is not an A1 range`);
  }
}

// ---------------------------------------------------------------------------------------------
// Writing a plan
// ---------------------------------------------------------------------------------------------

interface Rectangle {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/**
 * Queues the plan's cells as one `formulas` and one `numberFormat` write over their bounding
 * rectangle (holes are "" and "General"). A plan larger than CELLS_PER_SYNC goes in bands of rows,
 * each synced before the next is queued; the last band is left for the caller's sync.
 */
async function writeCells(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  cells: PlanCell[],
  progress: (done: number) => void
): Promise<void> {
  if (cells.length === 0) return;
  const cols = columnSpan(cells);
  const bands = rowBands(cells);
  let done = 0;
  for (let b = 0; b < bands.length; b++) {
    const band = bands[b];
    const area = { ...cols, row: band.row, rows: band.rows };
    const formulas = grid<string | number | boolean>(area, "");
    const formats = grid<string>(area, "General");
    for (const cell of band.cells) {
      const r = cell.row - area.row;
      const c = cell.col - area.col;
      formulas[r][c] = cell.formula ?? textSafe(cell.value);
      if (cell.format) formats[r][c] = cell.format;
    }
    const range = sheet.getRangeByIndexes(area.row, area.col, area.rows, area.cols);
    // The format first, so that a text format ("@") already holds when the inputs arrive.
    range.numberFormat = formats;
    range.formulas = formulas;
    done += band.cells.length;
    if (b < bands.length - 1) {
      // only for plans over 5,000 cells: one sync per band keeps each request within Excel's limits
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      progress(done);
    }
  }
}

function columnSpan(cells: PlanCell[]): { col: number; cols: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const cell of cells) {
    first = Math.min(first, cell.col);
    last = Math.max(last, cell.col);
  }
  return { col: first, cols: last - first + 1 };
}

/** Consecutive rows holding at most CELLS_PER_SYNC plan cells each (a longer row goes alone). */
function rowBands(cells: PlanCell[]): { row: number; rows: number; cells: PlanCell[] }[] {
  const byRow = new Map<number, PlanCell[]>();
  for (const cell of cells) {
    const line = byRow.get(cell.row);
    if (line) line.push(cell);
    else byRow.set(cell.row, [cell]);
  }
  const bands: { row: number; rows: number; cells: PlanCell[] }[] = [];
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const line = byRow.get(row)!;
    const band = bands[bands.length - 1];
    if (band && band.cells.length + line.length <= CELLS_PER_SYNC) {
      band.rows = row - band.row + 1;
      band.cells.push(...line);
    } else {
      bands.push({ row, rows: 1, cells: [...line] });
    }
  }
  return bands;
}

function grid<T>(area: Rectangle, fill: T): T[][] {
  return Array.from({ length: area.rows }, () => new Array<T>(area.cols).fill(fill));
}

/** Queues one format per block of same-styled cells. */
function queueStyles(sheet: Excel.Worksheet, cells: PlanCell[]): void {
  for (const block of styleBlocks(cells)) {
    const range = sheet.getRangeByIndexes(block.row, block.col, block.rows, block.cols);
    // range.format is only written to here, never read: no load is needed
    // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read
    STYLE_FORMATS[block.style](range.format);
  }
}

/**
 * Same-styled cells grouped into rectangles: runs along each row, then identical runs on
 * consecutive rows stacked, so a styled column of 1,000 inputs is one format call and not 1,000.
 */
export function styleBlocks(cells: PlanCell[]): (Rectangle & { style: CellStyle })[] {
  const styled = cells
    .filter((cell): cell is PlanCell & { style: CellStyle } => cell.style !== undefined)
    .sort((a, b) => a.row - b.row || a.col - b.col);
  const runs: (Rectangle & { style: CellStyle })[] = [];
  for (const cell of styled) {
    const run = runs[runs.length - 1];
    if (
      run &&
      run.style === cell.style &&
      run.row === cell.row &&
      run.col + run.cols === cell.col
    ) {
      run.cols++;
    } else {
      runs.push({ style: cell.style, row: cell.row, col: cell.col, rows: 1, cols: 1 });
    }
  }
  const open = new Map<string, Rectangle & { style: CellStyle }>();
  const blocks: (Rectangle & { style: CellStyle })[] = [];
  for (const run of runs) {
    const key = `${run.style}:${run.col}:${run.cols}`;
    const block = open.get(key);
    if (block && block.row + block.rows === run.row) {
      block.rows++;
    } else {
      const fresh = { ...run };
      open.set(key, fresh);
      blocks.push(fresh);
    }
  }
  return blocks;
}

/**
 * Tables, validations, conditional formats, charts, column widths and frozen panes. Validations only
 * where Excel has them (`validation`: ExcelApi 1.8); the sheet is written without them otherwise, so
 * the wizards keep working on ExcelApi 1.7. Everything else here is ExcelApi 1.7 or older
 * (getRangeByIndexes and freezePanes 1.7, conditional formats 1.6, column widths 1.2).
 */
function queuePlanObjects(
  sheet: Excel.Worksheet,
  plan: SheetPlan,
  tableNames: string[],
  validation: boolean
): void {
  const takenTables = [...tableNames];
  for (const table of plan.tables ?? []) {
    const added = sheet.tables.add(sheet.getRange(table.range), true);
    // Kept aside: reading `added.name` back would need a load and a sync.
    const name = uniqueTableName(table.name, takenTables);
    added.name = name;
    takenTables.push(name);
    if (table.style) added.style = table.style;
  }
  for (const { range, list } of validation ? (plan.validations ?? []) : []) {
    sheet.getRange(range).dataValidation.rule = {
      list: { inCellDropDown: true, source: list.join(",") },
    };
  }
  for (const cf of plan.conditionalFormats ?? []) {
    const format = sheet
      .getRange(cf.range)
      .conditionalFormats.add(Excel.ConditionalFormatType.custom);
    format.custom.rule.formula = cf.formula;
    format.custom.format.fill.color = cf.fill;
    if (cf.font) format.custom.format.font.color = cf.font;
  }
  for (const chart of plan.charts ?? []) queueChart(sheet, chart);
  for (const { col, width } of plan.columnWidths ?? []) {
    sheet.getRangeByIndexes(0, col, 1, 1).format.columnWidth = width;
  }
  queueFreeze(sheet, plan.freeze);
}

function queueChart(sheet: Excel.Worksheet, chart: PlanChart): void {
  const seriesBy = chart.seriesBy ? Excel.ChartSeriesBy[chart.seriesBy] : Excel.ChartSeriesBy.auto;
  const added = sheet.charts.add(chartTypeName(chart.type), sheet.getRange(chart.source), seriesBy);
  added.title.text = chart.title;
  added.setPosition(chart.anchor);
}

/** Read at call time: `Excel` exists only inside Office, and this module loads in the playground too. */
function chartTypeName(type: PlanChart["type"]): Excel.ChartType {
  switch (type) {
    case "column":
      return Excel.ChartType.columnClustered;
    case "line":
      return Excel.ChartType.line;
    case "pie":
      return Excel.ChartType.pie;
    case "bar":
      return Excel.ChartType.barClustered;
    default:
      throw new Error(`Unknown chart type "${String(type)}": use column, line, pie or bar`);
  }
}

/**
 * Queues the plan's page setup (`pageSetupOf`): print area, title rows, orientation, one page wide
 * and as many tall as it takes ("Fit All Columns on One Page": Excel records it as 1 wide, 0 tall),
 * and the footer. ExcelApi 1.9 (`printingSupported`); where Excel does not support it, the sheet is
 * written without it.
 */
function queuePageLayout(sheet: Excel.Worksheet, setup: PageSetup): void {
  const layout = sheet.pageLayout;
  layout.setPrintArea(setup.area);
  if (setup.titleRows) layout.setPrintTitleRows(setup.titleRows);
  layout.orientation =
    setup.orientation === "landscape"
      ? Excel.PageOrientation.landscape
      : Excel.PageOrientation.portrait;
  layout.zoom = { horizontalFitToPages: setup.fitWidth, verticalFitToPages: 0 };
  const footer = layout.headersFooters.defaultForAllPages;
  footer.leftFooter = setup.footer.left;
  footer.centerFooter = setup.footer.center;
  footer.rightFooter = setup.footer.right;
}

/** Whether this Excel has the page layout API (ExcelApi 1.9). Read at call time, as `Excel` is. */
function printingSupported(): boolean {
  return excelApiAtLeast("1.9") === true;
}

/**
 * Whether this Excel has ExcelApi `version`, as Office answers; undefined outside Office (a harness
 * with no requirement sets to ask).
 */
function excelApiAtLeast(version: string): boolean | undefined {
  if (typeof Office === "undefined" || !Office.context?.requirements) return undefined;
  return Office.context.requirements.isSetSupported("ExcelApi", version);
}

function queueFreeze(sheet: Excel.Worksheet, freeze: SheetPlan["freeze"]): void {
  const rows = freeze?.rows ?? 0;
  const cols = freeze?.cols ?? 0;
  if (rows > 0 && cols > 0) sheet.freezePanes.freezeAt(sheet.getRangeByIndexes(0, 0, rows, cols));
  else if (rows > 0) sheet.freezePanes.freezeRows(rows);
  else if (cols > 0) sheet.freezePanes.freezeColumns(cols);
}

/**
 * A table name Excel accepts (letters, digits, "_" and ".", not starting with a digit) that no table
 * of the workbook has yet, compared without case: "Exposure", then "Exposure2", "Exposure3"…
 */
export function uniqueTableName(wanted: string, taken: readonly string[]): string {
  let clean = wanted.replace(/[^A-Za-z0-9_.]/g, "_") || "Table";
  if (!/^[A-Za-z_]/.test(clean)) clean = `_${clean}`;
  const lower = new Set(taken.map((name) => name.toLowerCase()));
  if (!lower.has(clean.toLowerCase())) return clean;
  for (let n = 2; ; n++) {
    if (!lower.has(`${clean}${n}`.toLowerCase())) return `${clean}${n}`;
  }
}

const hasName = (names: readonly string[], name: string): boolean =>
  names.some((item) => item.toLowerCase() === name.toLowerCase());

/** The document's settings (Common API), or undefined outside Office. */
function documentSettings(): Office.Settings | undefined {
  return typeof Office !== "undefined" ? Office.context?.document?.settings : undefined;
}

function preparedBySetting(): string {
  const value: unknown = documentSettings()?.get(PREPARED_BY);
  return typeof value === "string" ? value : "";
}

/**
 * Whether this Excel protects worksheets through the API (`worksheet.protection`, ExcelApi 1.2). Read
 * at call time, as `Excel` is; where it does not, the log is written unprotected and the hash chain
 * alone is the evidence.
 */
function protectionSupported(): boolean {
  return (
    typeof Office !== "undefined" &&
    Office.context?.requirements?.isSetSupported("ExcelApi", "1.2") === true
  );
}

/** A table's data rows; a table that has only its one empty row (Excel keeps one) has none. */
function dataRows(values: unknown[][]): CellValue[][] {
  const rows = values.map((row) => row.map(readCell));
  return rows.length === 1 && rows[0].every((cell) => cell === null) ? [] : rows;
}

/** What appending to an existing log needs: the last row's hash and the sheet's protection. */
interface LogTail {
  previous: string;
  sheet: Excel.Worksheet;
  protected: boolean;
}

/**
 * One sync: the existing log table's header and last row (and its sheet's protection). A header that
 * is not LOG_HEADERS (a table of that name made by someone else, or an older log) stops the write
 * before anything is written to the plan's sheet.
 */
async function readLogTail(context: Excel.RequestContext): Promise<LogTail> {
  const table = context.workbook.tables.getItem(LOG_TABLE);
  const header = table.getHeaderRowRange().load("values");
  const last = table.getDataBodyRange().getLastRow().load("values");
  // a navigation property, not a value: nothing to load before taking it
  // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read
  const sheet = table.worksheet;
  const protection = protectionSupported() ? sheet.protection.load("protected") : undefined;
  await context.sync();
  const names = header.values[0];
  if (names.length !== LOG_HEADERS.length || LOG_HEADERS.some((name, i) => names[i] !== name)) {
    throw new Error(
      `the ${LOG_TABLE} table's header is not ${LOG_HEADERS.join(", ")}; rename that table to keep it, and AltHedge starts a new log`
    );
  }
  return {
    previous: lastHash(dataRows(last.values)),
    sheet,
    protected: protection?.protected === true,
  };
}

/**
 * Appends the log row (its cells in LOG_HEADERS order, hash included) in two steps: what is queued
 * now, and the returned last step, to be queued after the rename of the plan's sheet (`witness`).
 * With a log table (`existing`), nothing is queued now and the last step unprotects its sheet,
 * appends the row and protects the sheet again (no password: a guard against accidents; the hash
 * chain is the evidence). On first use the log gets a sheet of its own, created now under a temporary
 * name, with the header row and the entry written into its empty cells, the table laid over both (a
 * table made from a header row alone would start with a blank row) and the sheet protected; the last
 * step renames it. A "Hedge log" sheet that exists without the table is left alone: the new log sheet
 * then takes the next free name.
 */
function queueLog(
  workbook: Excel.Workbook,
  cells: string[],
  existing: LogTail | undefined,
  sheetNames: string[],
  created: NewSheet[],
  witness?: NewSheet
): () => void {
  const row = cells.map(textSafe);
  const protect = protectionSupported();
  if (existing) {
    return () => {
      if (protect && existing.protected) existing.sheet.protection.unprotect();
      // No index appends at the end (the documented `add(null, …)`; the typings only accept undefined).
      workbook.tables.getItem(LOG_TABLE).rows.add(undefined, [row]);
      if (protect) existing.sheet.protection.protect();
    };
  }
  const name = uniqueSheetName(LOG_SHEET, sheetNames);
  const mine = newSheet(created, witness);
  const sheet = workbook.worksheets.add(mine.temp);
  const range = sheet.getRangeByIndexes(0, 0, 2, LOG_HEADERS.length);
  range.values = [[...LOG_HEADERS], row];
  const table = sheet.tables.add(range, true);
  table.name = LOG_TABLE;
  STYLE_FORMATS.header(sheet.getRangeByIndexes(0, 0, 1, LOG_HEADERS.length).format);
  range.format.autofitColumns();
  if (protect) sheet.protection.protect();
  return () => rename(sheet, mine, name);
}

// ---------------------------------------------------------------------------------------------
// The policy's names
// ---------------------------------------------------------------------------------------------

/** Names over ranges (`names.add`, `getRangeOrNullObject`) need ExcelApi 1.4. */
function requirePolicyApi(): void {
  if (excelApiAtLeast("1.4") === false)
    throw new Error(
      "The policy's named cells need Excel with ExcelApi 1.4 (Excel 2016 or later, Excel on the web, Microsoft 365)."
    );
}

/** A plan's names that the workbook already has stop the write (the sheet created is deleted). */
function checkNamesFree(plan: SheetPlan, taken: readonly string[]): void {
  const clash = (plan.names ?? []).find(({ name }) => hasName(taken, name));
  if (clash)
    throw new Error(
      `the workbook already has a name ${clash.name}; delete it (Formulas › Name Manager) to write this sheet`
    );
}

/**
 * Queues the plan's workbook names over its sheet's cells (`names.add` with the range: Excel makes
 * the reference absolute, and it follows the sheet's rename), after the cells and before the rename.
 */
function queueNames(workbook: Excel.Workbook, sheet: Excel.Worksheet, plan: SheetPlan): void {
  for (const { name, cell, comment } of plan.names ?? [])
    workbook.names.add(name, sheet.getRange(cell), comment);
}

/** One policy cell as read: its range (to write), place, value and formula. */
interface PolicyCellRead {
  key: PolicyKey;
  range: Excel.Range;
  sheet: string;
  address: string;
  value: CellValue;
  formula: unknown;
}

/**
 * Reads the policy's names in two syncs (the first here, the second the caller's): each name, then
 * the range of each name found. `state()` and `cell()` read the result after the caller's sync.
 */
async function readPolicyCells(context: Excel.RequestContext): Promise<{
  state: () => PolicyState;
  cell: (key: PolicyKey) => PolicyCellRead | undefined;
}> {
  const items = POLICY_LIMITS.map((limit) => ({
    limit,
    item: context.workbook.names.getItemOrNullObject(limit.name).load("name"),
  }));
  await context.sync();
  const found = items
    .filter(({ item }) => !item.isNullObject)
    .map(({ limit, item }) => {
      const range = item.getRangeOrNullObject();
      range.load("address, values, formulas, cellCount");
      return { key: limit.key, range };
    });
  const cells = new Map<PolicyKey, PolicyCellRead>();
  const settle = (): void => {
    if (cells.size > 0) return;
    for (const { key, range } of found) {
      if (range.isNullObject || range.cellCount !== 1) continue;
      cells.set(key, {
        key,
        range,
        sheet: sheetOf(range.address),
        address: withoutSheet(range.address).replace(/\$/g, ""),
        value: readCell(range.values[0][0]),
        formula: range.formulas[0][0],
      });
    }
  };
  return {
    state: () => {
      settle();
      const state: PolicyState = { cells: {}, missing: [] };
      for (const limit of POLICY_LIMITS) {
        const cell = cells.get(limit.key);
        if (!cell) state.missing.push(limit.key);
        else
          state.cells[limit.key] = { sheet: cell.sheet, address: cell.address, value: cell.value };
      }
      return state;
    },
    cell: (key) => {
      settle();
      return cells.get(key);
    },
  };
}

/**
 * After a failed change: the old formulas put back where the new values were written (a new
 * `Excel.run`: the cells read, and those no longer holding their old formula written back), a new
 * log sheet deleted, and the error to show.
 */
async function failedPolicyChange(
  error: unknown,
  written: PolicyCellRead[],
  created: NewSheet[]
): Promise<Error> {
  const failed = `AltHedge could not change the policy: ${reasonOf(error)}.`;
  let restored = "";
  if (written.length > 0) {
    try {
      await Excel.run(async (context) => {
        const sheets = context.workbook.worksheets;
        const now = written.map((cell) =>
          sheets.getItem(cell.sheet).getRange(cell.address).load("formulas")
        );
        await context.sync();
        const changed = written.filter((cell, i) => now[i].formulas[0][0] !== cell.formula);
        if (changed.length === 0) return;
        changed.forEach((cell) => {
          now[written.indexOf(cell)].formulas = [[cell.formula as string]];
        });
        await context.sync();
      });
    } catch (restore) {
      restored = ` It could not put the old values back (${reasonOf(restore)}): check ${written.map((c) => `${c.sheet}!${c.address}`).join(", ")}.`;
    }
  }
  if (created.length > 0) {
    const { failure } = await deleteCreated(created);
    if (failure !== undefined)
      restored += ` It could not delete the log sheet it had started ("${created[0].temp}": ${failure}); delete it by hand.`;
  }
  return new Error(`${failed}${restored || " Nothing was changed."}`);
}

// ---------------------------------------------------------------------------------------------
// Imports: the canonical tables (../imports/canonical)
// ---------------------------------------------------------------------------------------------
//
// Reading (readCanonicalTables, and writeImport before it writes): one sync for the table names; one
// for each kind's table (`getItem` by the name found, any case): its header row, its place
// (`getRange`: rowIndex, columnIndex, rowCount, columnCount) and its sheet's name; then the data
// rows of every canonical table in bands of rows, one `values` load each, as many bands per sync as
// PAYLOAD_BUDGET takes (the bytes per cell measured on the band before; a refused round is sent again
// asking for less). Only the kind's columns are read.
//
// Writing (writeImport), after the reads: the rows each table lacks (`addedRows`, by rowKey); the
// refusals; then the writes in batches of pieces under PAYLOAD_BUDGET (writeInBatches), each piece a
// band of rows as one 2-D `values` write and one `numberFormat` write over its time column (no object
// per cell): a new table's sheet is created under a temporary name in the first batch (its id
// loaded), its header and rows written, and in one last sync the table laid over them and named as the
// kind, the header styled, the columns sized, the top row frozen, the sheet renamed and the log row
// appended. An existing table grows where it is: with ExcelApi 1.13 the rows are written into the
// empty cells below it and the table resized over them in the last step (`Table.resize`); in an older
// Excel each band is `rows.add` (several rows: ExcelApi 1.4). With appends only, the last step rides
// with the last band. What lies below a table is read first (`getUsedRangeOrNullObject(true)` over
// the rows the import could fill): a value there refuses the import before anything is written.

/** A canonical kind's table as found: its parts, read in one sync, and its rows, read in bands. */
class FoundTable {
  sheet = "";
  place: Rectangle = { row: 0, col: 0, rows: 0, cols: 0 };
  rows: CanonicalRow[] = [];
  /** Bands of data rows read, by their first row in the body. */
  readonly bands = new Map<number, unknown[][]>();

  constructor(
    readonly kind: CanonicalKind,
    readonly name: string,
    readonly header: Excel.Range,
    readonly range: Excel.Range,
    readonly worksheet: Excel.Worksheet
  ) {}

  /** After the sync that read it: its sheet and place; whether its header is the kind's. */
  settle(): boolean {
    this.sheet = this.worksheet.name;
    this.place = {
      row: this.range.rowIndex,
      col: this.range.columnIndex,
      rows: this.range.rowCount,
      cols: this.range.columnCount,
    };
    return isCanonicalHeader(this.kind, this.header.values[0] ?? []);
  }

  /** After the bands: the data rows as canonical rows. */
  finish(): void {
    const body = [...this.bands].sort(([a], [b]) => a - b).flatMap(([, values]) => values);
    this.rows = rowsOf(this.kind, body);
  }
}

/** Queues the reads of the tables named as `kinds` (names compared without case). */
function queueCanonical(
  context: Excel.RequestContext,
  tableNames: readonly string[],
  kinds: readonly CanonicalKind[]
): FoundTable[] {
  const found: FoundTable[] = [];
  for (const kind of kinds) {
    const name = tableNames.find((item) => item.toLowerCase() === kind.toLowerCase());
    if (name === undefined) continue;
    const table = context.workbook.tables.getItem(name);
    found.push(
      new FoundTable(
        kind,
        name,
        table.getHeaderRowRange().load("values"),
        table.getRange().load("rowIndex, columnIndex, rowCount, columnCount"),
        table.worksheet.load("name")
      )
    );
  }
  return found;
}

/** A canonical cell's bytes in a response before a band has been measured: generous. */
const BODY_CELL_GUESS = 60;

/** The data rows of found tables, in bands of rows sized to the response budget. */
class BodyReader implements Reader {
  private table = 0;
  private next = 0;
  private perCell = BODY_CELL_GUESS;
  private factor = 1;
  private extraDone = false;

  /** `extra` queues loads that go with the first round (what lies below the tables). */
  constructor(
    private readonly tables: FoundTable[],
    private readonly extra?: () => void
  ) {}

  queue(round: Round, tasks: Task[]): void {
    if (this.extra && !this.extraDone) {
      this.extra();
      round.take(this.tables.length * LOOKUP_REQUEST, this.tables.length * LOOKUP_RESPONSE);
      tasks.push({ done: () => (this.extraDone = true), cancel: () => undefined });
    }
    while (this.table < this.tables.length) {
      const table = this.tables[this.table];
      const bodyRows = table.place.rows - 1;
      if (this.next >= bodyRows) {
        this.table++;
        this.next = 0;
        continue;
      }
      const width = Math.min(columnsOf(table.kind).length, table.place.cols);
      const perRow = width * this.perCell * this.factor + 3;
      const room = Math.floor((PAYLOAD_BUDGET - round.response) / perRow);
      if (room < 1 && !round.fits(LOOKUP_REQUEST, perRow)) return;
      const rows = Math.min(bodyRows - this.next, Math.max(1, room));
      const from = this.next;
      const at = this.table;
      const range = table.worksheet
        .getRangeByIndexes(table.place.row + 1 + from, table.place.col, rows, width)
        .load("values");
      round.take(LOOKUP_REQUEST, rows * perRow);
      this.next += rows;
      tasks.push({
        done: () => {
          table.bands.set(from, range.values);
          // the next bands sized from this one's measure, with a margin for longer rows further down
          const measured = jsonSize(range.values) / (rows * width);
          this.perCell = Math.max(8, measured * 1.25);
        },
        cancel: () => {
          this.table = at;
          this.next = from;
        },
      });
    }
  }

  shrink(): void {
    this.factor *= 2;
  }
}

/** What an import does with one kind: the rows it adds, and where. */
interface ImportStep {
  kind: CanonicalKind;
  /** The existing table's sheet, or the new sheet's unique name ("" when nothing is written). */
  sheet: string;
  added: CanonicalRow[];
  skipped: number;
  table?: FoundTable;
  /** The sheet row the first new row goes to (an existing table). */
  start?: number;
}

/** Rows appended to an existing table, as the clean-up after a failure needs them. */
interface Append {
  kind: CanonicalKind;
  table: string;
  sheetName: string;
  /** The table as it was, header included. */
  place: Rectangle;
  start: number;
  count: number;
  /** Written below and resized over (ExcelApi 1.13), or added with `rows.add`. */
  resize: boolean;
}

/** Bands of consecutive lines, each write under WRITE_PIECE; [first, end) pairs. */
function lineBands(lines: readonly unknown[][], extra: number): [number, number][] {
  const bands: [number, number][] = [];
  let start = 0;
  let bytes = ACTION_OVERHEAD;
  lines.forEach((line, i) => {
    const size = jsonSize(line) + extra + 1;
    if (i > start && bytes + size > WRITE_PIECE) {
      bands.push([start, i]);
      start = i;
      bytes = ACTION_OVERHEAD;
    }
    bytes += size;
  });
  if (start < lines.length) bands.push([start, lines.length]);
  return bands;
}

/** A piece writing lines [first, end) with `queue`, split in halves when refused for its size. */
function linesPiece(
  lines: readonly unknown[][],
  first: number,
  end: number,
  extra: number,
  queue: (first: number, end: number) => void,
  done: (rows: number) => void
): Piece {
  return {
    request:
      2 * ACTION_OVERHEAD +
      lines.slice(first, end).reduce((sum, line) => sum + jsonSize(line) + extra + 1, 0),
    queue: () => queue(first, end),
    done: () => done(end - first),
    split: () => {
      if (end - first < 2) return undefined;
      const middle = first + Math.ceil((end - first) / 2);
      return [
        linesPiece(lines, first, middle, extra, queue, done),
        linesPiece(lines, middle, end, extra, queue, done),
      ];
    },
  };
}

/** The time column's number format for `rows` rows: one column of the same code. */
const formatColumn = (format: string, rows: number): string[][] =>
  Array.from({ length: rows }, () => [format]);

/** A new table's sheet: its header and rows in bands, the time column formatted as dates. */
function newTablePieces(
  target: () => Excel.Worksheet,
  step: ImportStep,
  progress: (rows: number) => void
): Piece[] {
  const { kind } = step;
  const cols = columnsOf(kind).length;
  const time = timeIndex(kind);
  const format = formatsOf(kind)[time];
  const lines = [
    columnsOf(kind).map((name) => textSafe(name)),
    ...step.added.map((row) => cellsOf(kind, row).map(textSafe)),
  ];
  return lineBands(lines, format.length + 6).map(([first, end]) =>
    linesPiece(
      lines,
      first,
      end,
      format.length + 6,
      (from, to) => {
        const sheet = target();
        sheet.getRangeByIndexes(from, 0, to - from, cols).values = lines.slice(from, to);
        const top = Math.max(from, 1); // the header row keeps General
        if (to > top)
          sheet.getRangeByIndexes(top, time, to - top, 1).numberFormat = formatColumn(
            format,
            to - top
          );
      },
      (rows) => progress(first === 0 ? rows - 1 : rows)
    )
  );
}

/**
 * Rows appended to an existing table, in bands: written into the cells below it (ExcelApi 1.13, the
 * table resized over them last), or added with `rows.add`; the empty row Excel keeps in an empty
 * table is filled first. The time column formatted as dates. Lines are as wide as the table.
 */
function appendPieces(
  workbook: Excel.Workbook,
  append: Append,
  rows: CanonicalRow[],
  progress: (rows: number) => void
): Piece[] {
  const { kind, place } = append;
  const time = timeIndex(kind);
  const format = formatsOf(kind)[time];
  const width = place.cols;
  const lines = rows.map((row) => {
    const cells: (string | number | boolean)[] = cellsOf(kind, row).map(textSafe);
    while (cells.length < width) cells.push("");
    return cells;
  });
  const tableEnd = place.row + place.rows;
  const inside = Math.max(0, Math.min(lines.length, tableEnd - append.start));
  const sheet = (): Excel.Worksheet => workbook.worksheets.getItem(append.sheetName);
  const write = (from: number, to: number): void => {
    sheet().getRangeByIndexes(append.start + from, place.col, to - from, width).values =
      lines.slice(from, to);
  };
  const add = (from: number, to: number): void => {
    // No index appends at the end (the documented `add(null, …)`; the typings only accept undefined).
    workbook.tables.getItem(append.table).rows.add(undefined, lines.slice(from, to));
  };
  const formatRows = (from: number, to: number): void => {
    sheet().getRangeByIndexes(append.start + from, place.col + time, to - from, 1).numberFormat =
      formatColumn(format, to - from);
  };
  const extra = format.length + 6;
  const pieces: Piece[] = [];
  const band = (first: number, end: number, queue: (from: number, to: number) => void): void => {
    const sub = lines.slice(first, end);
    for (const [a, b] of lineBands(sub, extra))
      pieces.push(
        linesPiece(
          lines,
          first + a,
          first + b,
          extra,
          (from, to) => {
            queue(from, to);
            formatRows(from, to);
          },
          progress
        )
      );
  };
  if (append.resize) band(0, lines.length, write);
  else {
    if (inside > 0) band(0, inside, write);
    if (lines.length > inside) band(inside, lines.length, add);
  }
  return pieces;
}

/** The table over a new sheet's header and rows, named as the kind; the sheet's layout. */
function queueNewTable(sheet: Excel.Worksheet, step: ImportStep): void {
  const cols = columnsOf(step.kind).length;
  const table = sheet.tables.add(sheet.getRangeByIndexes(0, 0, step.added.length + 1, cols), true);
  table.name = step.kind;
  STYLE_FORMATS.header(sheet.getRangeByIndexes(0, 0, 1, cols).format);
  widthsOf(step.kind).forEach((width, col) => {
    sheet.getRangeByIndexes(0, col, 1, 1).format.columnWidth = width;
  });
  sheet.freezePanes.freezeRows(1);
}

/** An existing table resized over the rows written below it (ExcelApi 1.13). */
function queueResize(workbook: Excel.Workbook, append: Append): void {
  const { place } = append;
  const rows = Math.max(place.rows, append.start + append.count - place.row);
  workbook.tables
    .getItem(append.table)
    .resize(
      workbook.worksheets
        .getItem(append.sheetName)
        .getRangeByIndexes(place.row, place.col, rows, place.cols)
    );
}

/**
 * After a failed import: the rows appended taken out again (a new `Excel.run`: each table's size
 * read; a table grown by `rows.add` loses those rows, one resized goes back to its size and the
 * cells written below it are cleared, their time column's format with them), the sheets it created
 * deleted (`failedWrite`), and the error to show.
 */
async function failedImport(
  error: unknown,
  created: NewSheet[],
  appends: Append[]
): Promise<Error> {
  let undo = "";
  if (appends.length > 0) {
    try {
      await Excel.run(async (context) => {
        const sizes = appends.map((append) =>
          context.workbook.tables.getItem(append.table).getRange().load("rowCount")
        );
        await context.sync();
        appends.forEach((append, i) => {
          const { place } = append;
          const sheet = context.workbook.worksheets.getItem(append.sheetName);
          const grown = sizes[i].rowCount - place.rows;
          const tableEnd = place.row + place.rows;
          if (append.resize) {
            if (grown > 0)
              context.workbook.tables
                .getItem(append.table)
                .resize(sheet.getRangeByIndexes(place.row, place.col, place.rows, place.cols));
            sheet
              .getRangeByIndexes(append.start, place.col, append.count, place.cols)
              .clear("Contents");
            sheet
              .getRangeByIndexes(append.start, place.col + timeIndex(append.kind), append.count, 1)
              .clear("Formats");
            return;
          }
          if (grown > 0)
            sheet.getRangeByIndexes(tableEnd, place.col, grown, place.cols).delete("Up");
          if (append.start < tableEnd)
            sheet
              .getRangeByIndexes(append.start, place.col, tableEnd - append.start, place.cols)
              .clear("Contents");
        });
        await context.sync();
      });
    } catch (failure) {
      const where = appends.map((append) => `the ${append.table} table on "${append.sheetName}"`);
      undo = ` It could not take out the rows it had appended (${reasonOf(failure)}): check ${where.join(", ")}.`;
    }
  }
  // The refusals' sentences end with a full stop; failedWrite adds its own.
  const reason = reasonOf(error).replace(/\.$/, "");
  const failed = await failedWrite("write the import", new Error(reason), created);
  return new Error(`${failed.message}${undo}`);
}

// ---------------------------------------------------------------------------------------------
// Share-safe copy
// ---------------------------------------------------------------------------------------------
//
// Excel on the web refuses a request or a response over 5 MB (RequestPayloadSizeLimitExceeded,
// ResponsePayloadSizeLimitExceeded: learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-error-handling,
// .../concepts/resource-limits-and-performance-optimization#excel-add-ins), and a sheet of 10,000
// rows of ALTHEDGE formulas or a long spill is well over that. So the copy reads and writes in rounds,
// each sync estimated to stay under PAYLOAD_BUDGET both ways:
//
// 1. One sync: the calculation state, every sheet's name and visibility, the workbook's names, and
//    for each chosen sheet its names, its used range's place and size and whether any of its rows or
//    columns is hidden, its conditional formats' types, where its validations are
//    (`getSpecialCellsOrNullObject("DataValidations")`), its comments and notes.
// 2. The used ranges' formulas and values in bands of rows, as many rows as the budget takes (sized
//    from the bytes per cell the band before measured, and smaller after a payload error). With each
//    band, whether any of its cells spills (`hasSpill`) and, only where something is hidden, its
//    visible cells (`getSpecialCellsOrNullObject("Visible")`: its areas' rows and columns are the
//    visible ones, the rest of the band is hidden; one load per band, no lookup per row or column).
//    The rules' formulas and ranges, the comments' cells and the validations' rules (a validation
//    area that mixes rules halved until each part holds one) go with these bands, a budget's worth
//    of lookups per sync.
// 3. The spill ranges of the cells `spillAnchors` names, in row order, a budget's worth of lookups
//    per sync, loading only their place and size (their values are in the bands): a band whose
//    `hasSpill` is false holds no spill, so its cells need no lookup, and a cell inside a spill found
//    already is not an anchor.
// 4. The plan. It refuses while Excel calculates or a value reads #BUSY!: nothing is created yet.
// 5. The writes, in as many syncs as their size needs: the copies and the Provenance sheet created
//    under temporary names with their ids loaded; the rules, names, comments and notes the plan
//    drops deleted from the copies; the frozen values written in bands of rows, one rectangle per
//    band with null for every cell that stays as it is (a null in a 2-D array leaves that cell
//    unchanged: learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-blank-null-values), the
//    rewritten formulas likewise as formulas; the Provenance rows in bands. A batch refused for its
//    size ran nothing: it is sent again in smaller parts.
// 6. One last sync: the renames, once every sheet of ours has an id (see "Sheets an operation
//    creates").

/** The most a sync's request or response is estimated to hold (Excel on the web takes 5 MB). */
export const PAYLOAD_BUDGET = 4_000_000;

/**
 * One lookup in a request, after Office.js's JSON (the object paths it makes, a cell and its spill
 * range or a rule and its ranges, at about 150 bytes each, and a load at about 100): rounded up.
 */
const LOOKUP_REQUEST = 500;
/** A lookup's answer (a spill's place and size, an address, a rule): a generous estimate. */
const LOOKUP_RESPONSE = 300;
/** The spill lookups of the first round (see SpillReader.most). */
const FIRST_LOOKUPS = 1_000;
/** A used-range cell's formula and value in a response, before a band has been measured. */
const CELL_GUESS = 120;
/** The most one write (a band of frozen values, of Provenance rows) holds, so that a few share a sync. */
const WRITE_PIECE = 1_000_000;
/** Validation areas that mix rules are halved until each holds one rule; this many lookups at most. */
const MAX_VALIDATION_LOOKUPS = 2_000;
/** Payload errors in a row after which the reading gives up. */
const MAX_SHRINKS = 8;

/** Excel's answer when a request or response was over its size limit. */
function payloadTooLarge(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const text = `${typeof code === "string" ? code : ""} ${reasonOf(error)}`;
  return /(Request|Response)PayloadSizeLimitExceeded/i.test(text);
}

/** The size of `value` as JSON: an estimate of its share of a request or a response. */
const jsonSize = (value: unknown): number => JSON.stringify(value)?.length ?? 4;

/** What a round of reads has spent of its budget. */
class Round {
  request = 0;
  response = 0;

  /** Whether `request` and `response` more fit; anything fits an empty round (progress). */
  fits(request: number, response: number): boolean {
    if (this.request === 0 && this.response === 0) return true;
    return this.request + request <= PAYLOAD_BUDGET && this.response + response <= PAYLOAD_BUDGET;
  }

  take(request: number, response: number): void {
    this.request += request;
    this.response += response;
  }
}

/** Loads queued in a round: what to do with the answer, or how to undo the queueing when refused. */
interface Task {
  done(): void;
  cancel(): void;
}

/** A part of the reading that queues its next loads into a round. */
interface Reader {
  queue(round: Round, tasks: Task[]): void;
  /** Asks for less per round (after a payload error). */
  shrink(): void;
}

/**
 * Runs rounds of reads, one sync each, until no reader has anything left. A round Excel refuses for
 * its size is undone and run again with each reader asking for less.
 */
async function readInRounds(context: Excel.RequestContext, readers: Reader[]): Promise<void> {
  let refused = 0;
  for (;;) {
    const round = new Round();
    const tasks: Task[] = [];
    for (const reader of readers) reader.queue(round, tasks);
    if (tasks.length === 0) return;
    try {
      // one round per sync: what a round asks depends on what the rounds before it answered
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (error) {
      if (!payloadTooLarge(error) || ++refused > MAX_SHRINKS) throw error;
      for (const task of [...tasks].reverse()) task.cancel();
      for (const reader of readers) reader.shrink();
      continue;
    }
    refused = 0;
    for (const task of tasks) task.done();
  }
}

/** A lookup: queues its loads, and returns what reads the answer after the sync. */
type Lookup = () => () => void;

/** Lookups run a budget's worth per round, in order; a lookup's answer may add more. */
class Lookups implements Reader {
  private readonly waiting: Lookup[] = [];
  private cost = 1;

  add(...lookups: Lookup[]): void {
    this.waiting.push(...lookups);
  }

  queue(round: Round, tasks: Task[]): void {
    const taken: Lookup[] = [];
    const answers: (() => void)[] = [];
    while (
      this.waiting.length > 0 &&
      round.fits(LOOKUP_REQUEST * this.cost, LOOKUP_RESPONSE * this.cost)
    ) {
      round.take(LOOKUP_REQUEST * this.cost, LOOKUP_RESPONSE * this.cost);
      const lookup = this.waiting.shift()!;
      taken.push(lookup);
      answers.push(lookup());
    }
    if (taken.length === 0) return;
    tasks.push({
      done: () => answers.forEach((answer) => answer()),
      cancel: () => this.waiting.unshift(...taken),
    });
  }

  shrink(): void {
    this.cost *= 2;
  }
}

/** What step 1 reads of one chosen sheet. */
interface SheetRead {
  name: string;
  sheet: Excel.Worksheet;
  used: Excel.Range;
  names: Excel.NamedItemCollection;
  formats: Excel.ConditionalFormatCollection;
  validated: Excel.RangeAreas;
  comments: Excel.CommentCollection;
  notes?: Excel.NoteCollection;
  protection: Excel.WorksheetProtection;
}

/** One chosen sheet as the reading builds it up. */
interface SheetState {
  read: SheetRead;
  /** The used range's place and size; undefined for an empty sheet. */
  area?: Rectangle;
  /** Whether rows or columns may be hidden (the used range's rowHidden/columnHidden not false). */
  rowsMayHide: boolean;
  columnsMayHide: boolean;
  formulas: unknown[][];
  values: CellValue[][];
  /** The bands read, and whether any of their cells is part of a spill (`hasSpill` not false). */
  bands: { row: number; rows: number; spills: boolean }[];
  hiddenRows: number[];
  /** Columns seen visible in some band; the used range's others are hidden. */
  visibleColumns: Set<number>;
  /** Whether some band showed a visible cell (else hidden columns cannot be told from the bands). */
  sawVisible: boolean;
  rules: ShareRule[];
  comments: ShareComment[];
  spills: ShareSpill[];
}

/** What the reading gives the planner and the writing. */
interface ShareRead {
  states: SheetState[];
  existing: string[];
  visibility: Map<string, SheetVisibility>;
  names: ShareName[];
  calculation: CalculationState;
  /** What the adapter could not read, for the user to check. */
  warnings: ShareWarning[];
}

/**
 * Syncs the reads; when they fail because a chosen sheet is gone (renamed or deleted since it was
 * listed), says which one instead of Excel's generic "item not found".
 */
async function syncOrExplainMissing(
  context: Excel.RequestContext,
  sheets: string[],
  missing: (names: string[]) => Promise<string[]>
): Promise<void> {
  try {
    await context.sync();
  } catch (error) {
    const gone = await missing(sheets);
    if (gone.length === 0) throw error;
    throw new Error(
      `No sheet named ${gone.map((name) => `"${name}"`).join(", ")}: pick the sheets again`
    );
  }
}

/** Steps 1 and 2: everything but the spills. */
async function readForShare(
  context: Excel.RequestContext,
  chosen: string[],
  missing: (names: string[]) => Promise<string[]>
): Promise<ShareRead> {
  const workbook = context.workbook;
  const application = workbook.application.load("calculationState");
  const worksheets = workbook.worksheets.load("items/name, items/visibility");
  const bookNames = workbook.names.load("items/name, items/formula");
  const withNotes = excelApiAtLeast("1.18") === true;
  const reads: SheetRead[] = chosen.map((name) => {
    const sheet = worksheets.getItem(name);
    const whole = sheet.getRange();
    return {
      name,
      sheet,
      used: sheet
        .getUsedRangeOrNullObject()
        .load("rowIndex, columnIndex, rowCount, columnCount, rowHidden, columnHidden"),
      names: sheet.names.load("items/name, items/formula"),
      formats: whole.conditionalFormats.load("items/type"),
      validated: whole.getSpecialCellsOrNullObject("DataValidations").load("address"),
      comments: sheet.comments.load("items/authorName"),
      notes: withNotes ? sheet.notes.load("items/authorName") : undefined,
      protection: sheet.protection.load("protected"),
    };
  });
  await syncOrExplainMissing(context, chosen, missing);
  // Excel copies a sheet's protection with it: the copy's formulas could not be frozen.
  const locked = reads.filter((read) => read.protection.protected).map((read) => read.name);
  if (locked.length > 0)
    throw new Error(
      `${quoted(locked)} ${locked.length === 1 ? "is" : "are"} protected, and so would be ${locked.length === 1 ? "its copy" : "their copies"}: unprotect ${locked.length === 1 ? "it" : "them"} (Review > Unprotect Sheet), make the copy, then protect ${locked.length === 1 ? "it" : "them"} again`
    );

  const warnings: ShareWarning[] = [];
  const names: ShareName[] = bookNames.items.map((item) => ({
    name: item.name,
    formula: String(item.formula),
  }));
  const lookups = new Lookups();
  const states: SheetState[] = reads.map((read) => {
    const { used } = read;
    for (const item of read.names.items)
      names.push({ name: item.name, sheet: read.name, formula: String(item.formula) });
    const empty = used.isNullObject;
    const state: SheetState = {
      read,
      area: empty
        ? undefined
        : {
            row: used.rowIndex,
            col: used.columnIndex,
            rows: used.rowCount,
            cols: used.columnCount,
          },
      rowsMayHide: !empty && used.rowHidden !== false,
      columnsMayHide: !empty && used.columnHidden !== false,
      formulas: [],
      values: [],
      bands: [],
      hiddenRows: [],
      visibleColumns: new Set<number>(),
      sawVisible: false,
      rules: [],
      comments: [],
      spills: [],
    };
    lookups.add(...itemLookups(state, lookups, warnings));
    return state;
  });
  await readInRounds(context, [new BandReader(states), lookups]);
  return {
    states,
    existing: worksheets.items.map((item) => item.name),
    visibility: new Map(
      worksheets.items.map((item) => [item.name.toLowerCase(), item.visibility as SheetVisibility])
    ),
    names,
    calculation: application.calculationState as CalculationState,
    warnings,
  };
}

/** The used ranges' formulas and values, band after band, sheet after sheet. */
class BandReader implements Reader {
  private sheet = 0;
  /** The next row to read, relative to the used range's top. */
  private next = 0;
  /** The estimated response bytes per cell of the next band: the last band's measure. */
  private perCell = CELL_GUESS;
  /** Doubled after each payload error: what Excel counts is more than the measure says. */
  private factor = 1;

  constructor(private readonly states: SheetState[]) {}

  queue(round: Round, tasks: Task[]): void {
    while (this.sheet < this.states.length) {
      const state = this.states[this.sheet];
      const area = state.area;
      if (!area || this.next >= area.rows) {
        this.sheet++;
        this.next = 0;
        continue;
      }
      const perRow = this.perCell * this.factor * area.cols;
      if (!round.fits(LOOKUP_REQUEST, perRow)) return;
      const room = Math.floor((PAYLOAD_BUDGET - round.response) / perRow);
      const rows = Math.min(area.rows - this.next, Math.max(1, room));
      round.take(LOOKUP_REQUEST, rows * perRow);
      tasks.push(this.band(this.sheet, area, this.next, rows));
      this.next += rows;
    }
  }

  shrink(): void {
    this.factor *= 2;
  }

  private band(index: number, area: Rectangle, from: number, rows: number): Task {
    const state = this.states[index];
    const range = state.read.sheet
      .getRangeByIndexes(area.row + from, area.col, rows, area.cols)
      .load("formulas, values, hasSpill");
    const visible =
      state.rowsMayHide || state.columnsMayHide
        ? range.getSpecialCellsOrNullObject("Visible").load("address")
        : undefined;
    return {
      cancel: () => {
        // read again from this band on (cancelled last first, so the earliest band wins)
        this.sheet = index;
        this.next = from;
      },
      done: () => {
        for (let r = 0; r < rows; r++) {
          state.formulas.push(range.formulas[r]);
          state.values.push(range.values[r].map(readCell));
        }
        state.bands.push({ row: area.row + from, rows, spills: range.hasSpill !== false });
        // the next band sized from this one's measure, with a margin for longer rows further down
        const bytes = jsonSize(range.formulas) + jsonSize(range.values);
        this.perCell = Math.max(8, (1.5 * bytes) / (rows * area.cols));
        if (visible) hiddenOfBand(state, area.row + from, rows, visible);
      },
    };
  }
}

/** A band's hidden rows and visible columns, from its visible cells' areas. */
function hiddenOfBand(
  state: SheetState,
  top: number,
  rows: number,
  visible: Excel.RangeAreas
): void {
  const areas = visible.isNullObject ? [] : areasOf(visible.address, state.read.name);
  if (areas.length === 0) return; // every cell hidden: its columns say it (or no row is visible)
  state.sawVisible = true;
  const shown = new Set<number>();
  for (const part of areas) {
    for (let r = part.row; r < part.row + part.rows; r++) shown.add(r);
    for (let c = part.col; c < part.col + part.cols; c++) state.visibleColumns.add(c);
  }
  if (state.rowsMayHide)
    for (let r = top; r < top + rows; r++) if (!shown.has(r)) state.hiddenRows.push(r);
}

/**
 * The lookups of a sheet's rules, comments and notes: each formula-holding conditional format's
 * formulas and ranges, each validation area's rule (an area mixing rules is looked up again in halves),
 * each comment's and note's cell.
 */
function itemLookups(state: SheetState, lookups: Lookups, warnings: ShareWarning[]): Lookup[] {
  const { read } = state;
  const formats: Lookup[] = read.formats.items.map((format, index) => () => {
    const item = read.formats.getItemAt(index);
    const rule = formatRule(item, format.type);
    if (!rule) return () => undefined;
    const ranges = item.getRanges().load("address");
    return () => {
      const formulas = rule();
      if (formulas.length > 0)
        state.rules.push({
          kind: "conditional-format",
          address: areasOf(ranges.address, read.name).map(a1Of).join(","),
          formulas,
          index,
        });
    };
  });
  let budget = MAX_VALIDATION_LOOKUPS;
  const validation =
    (area: Rectangle): Lookup =>
    () => {
      budget--;
      const found = read.sheet
        .getRangeByIndexes(area.row, area.col, area.rows, area.cols)
        .dataValidation.load("type, rule");
      return () => {
        if (found.type === "None") return;
        if (found.type !== "Inconsistent" && found.type !== "MixedCriteria") {
          const formulas = validationFormulas(found.rule);
          if (formulas.length > 0)
            state.rules.push({ kind: "validation", address: a1Of(area), formulas, index: -1 });
        } else if (area.rows * area.cols > 1 && budget >= 2) {
          lookups.add(...halves(area).map(validation));
        } else {
          warnings.push({
            sheet: read.name,
            address: a1Of(area),
            message: `The data validation of ${read.name}!${a1Of(area)} could not be read: it travels with the copy as it is; check it before sending`,
          });
        }
      };
    };
  const validated = read.validated.isNullObject ? [] : areasOf(read.validated.address, read.name);
  const located =
    (kind: ShareComment["kind"], author: string, locate: () => Excel.Range): Lookup =>
    () => {
      const cell = locate().load("address");
      return () => {
        state.comments.push({
          kind,
          address: withoutSheet(cell.address).replace(/\$/g, ""),
          author,
        });
      };
    };
  return [
    ...formats,
    ...validated.map(validation),
    ...read.comments.items.map((item, i) =>
      located("comment", item.authorName, () => read.comments.getItemAt(i).getLocation())
    ),
    ...(read.notes?.items ?? []).map((item, i) =>
      located("note", item.authorName, () => read.notes!.getItemAt(i).getLocation())
    ),
  ];
}

/** The two halves of a rectangle, cut across its longer side. */
function halves(area: Rectangle): Rectangle[] {
  if (area.rows >= area.cols) {
    const top = Math.ceil(area.rows / 2);
    return [
      { ...area, rows: top },
      { ...area, row: area.row + top, rows: area.rows - top },
    ];
  }
  const left = Math.ceil(area.cols / 2);
  return [
    { ...area, cols: left },
    { ...area, col: area.col + left, cols: area.cols - left },
  ];
}

/**
 * Queues the load of a conditional format's rule, for the types whose rule can hold formulas, and
 * returns what reads its formulas ("=…") after the sync; undefined for the other types.
 */
function formatRule(format: Excel.ConditionalFormat, type: string): (() => string[]) | undefined {
  switch (type) {
    case "Custom": {
      const rule = format.custom.rule.load("formula");
      return () => formulasIn([rule.formula]);
    }
    case "CellValue": {
      const cellValue = format.cellValue.load("rule");
      return () => formulasIn([cellValue.rule?.formula1, cellValue.rule?.formula2]);
    }
    case "DataBar": {
      const bar = format.dataBar.load("lowerBoundRule, upperBoundRule");
      return () => formulasIn([bar.lowerBoundRule?.formula, bar.upperBoundRule?.formula]);
    }
    case "ColorScale": {
      const scale = format.colorScale.load("criteria");
      return () => {
        const { minimum, midpoint, maximum } = scale.criteria ?? {};
        return formulasIn([minimum?.formula, midpoint?.formula, maximum?.formula]);
      };
    }
    case "IconSet": {
      const icons = format.iconSet.load("criteria");
      return () => formulasIn((icons.criteria ?? []).map((criterion) => criterion?.formula));
    }
    default:
      return undefined;
  }
}

/** The formulas ("=…") among a rule's values; constants are left out. */
function formulasIn(values: unknown[]): string[] {
  return values.filter(
    (value): value is string => typeof value === "string" && value.startsWith("=")
  );
}

/** A validation rule's formulas: a custom formula, a list's source, the others' bounds. */
function validationFormulas(rule: Excel.DataValidationRule | undefined): string[] {
  const values: unknown[] = [];
  for (const part of Object.values(rule ?? {}) as unknown[]) {
    if (part && typeof part === "object") {
      const { formula, source, formula1, formula2 } = part as Record<string, unknown>;
      values.push(formula, source, formula1, formula2);
    }
  }
  return formulasIn(values);
}

/**
 * The rectangles of an address Excel gives for areas of one sheet ("Sheet1!A1:B2, Sheet1!D4",
 * "'My, sheet'!A1"): the sheet's prefix removed however it is quoted, then split at the commas.
 */
export function areasOf(address: string, sheet: string): Rectangle[] {
  const quoted = `'${sheet.replace(/'/g, "''")}'!`;
  const bare = address.split(quoted).join("").split(`${sheet}!`).join("");
  return bare
    .split(",")
    .map((part) => part.trim().replace(/\$/g, ""))
    .filter((part) => part.length > 0)
    .map(areaOf);
}

/** One area: a cell, a range, whole columns ("C:E", a rule on full columns) or whole rows ("3:5"). */
function areaOf(part: string): Rectangle {
  const columns = /^([A-Z]{1,3}):([A-Z]{1,3})$/i.exec(part);
  if (columns) {
    const [first, last] = [parseA1(`${columns[1]}1`).col, parseA1(`${columns[2]}1`).col];
    return { row: 0, col: first, rows: MAX_ROWS, cols: last - first + 1 };
  }
  const rows = /^(\d+):(\d+)$/.exec(part);
  if (rows) {
    const [first, last] = [Number(rows[1]) - 1, Number(rows[2]) - 1];
    return { row: first, col: 0, rows: last - first + 1, cols: MAX_COLS };
  }
  const { row, col, lastRow, lastCol } = parseRange(part);
  return { row, col, rows: lastRow - row + 1, cols: lastCol - col + 1 };
}

/** An area in A1, whole columns and rows as Excel writes them ("C:E", "3:5"). */
function a1Of(area: Rectangle): string {
  const lastCol = area.col + area.cols - 1;
  const lastRow = area.row + area.rows - 1;
  if (area.row === 0 && area.rows === MAX_ROWS)
    return `${columnName(area.col)}:${columnName(lastCol)}`;
  if (area.col === 0 && area.cols === MAX_COLS) return `${area.row + 1}:${lastRow + 1}`;
  return a1Range(area.row, area.col, lastRow, lastCol);
}

/**
 * Step 3: the spill ranges of the cells the plan needs (`wanted`, per sheet), in row order, a
 * budget's worth per round, skipping the cells of bands without spills and of spills found already.
 */
class SpillReader implements Reader {
  /**
   * Per sheet: the cells to look up in row order, the next one, and the spills found that may still
   * hold a later cell (a cell inside one, other than its anchor, is no anchor).
   */
  private readonly queues: {
    state: SheetState;
    cells: CellPosition[];
    next: number;
    open: ShareSpill[];
  }[];
  private cost = 1;
  /**
   * The most lookups of the next round: few at first, doubling each round. A long spill makes every
   * cell in it look like an anchor when Excel reports the anchor's formula for its cells; the first
   * round finds the anchor and the cells after it are skipped, instead of a full budget of lookups.
   */
  private most = FIRST_LOOKUPS;

  constructor(states: SheetState[], wanted: CellPosition[][]) {
    this.queues = states.map((state, i) => ({
      state,
      cells: (wanted[i] ?? [])
        .filter((cell) => bandSpills(state, cell.row))
        .sort((a, b) => a.row - b.row || a.col - b.col),
      next: 0,
      open: [],
    }));
  }

  queue(round: Round, tasks: Task[]): void {
    const request = LOOKUP_REQUEST * this.cost;
    const response = LOOKUP_RESPONSE * this.cost;
    let taken = 0;
    for (const queue of this.queues) {
      const start = queue.next;
      const asked: { cell: CellPosition; spill: Excel.Range }[] = [];
      const { state } = queue;
      while (
        queue.next < queue.cells.length &&
        taken < this.most &&
        round.fits(request, response)
      ) {
        const cell = queue.cells[queue.next++];
        queue.open = queue.open.filter((spill) => spill.row + (spill.rows ?? 1) > cell.row);
        if (queue.open.some((spill) => within(spill, cell))) continue;
        round.take(request, response);
        taken++;
        const spill = state.read.sheet
          .getRangeByIndexes(cell.row, cell.col, 1, 1)
          .getSpillingToRangeOrNullObject()
          .load("rowIndex, columnIndex, rowCount, columnCount");
        asked.push({ cell, spill });
      }
      if (asked.length === 0) continue;
      tasks.push({
        cancel: () => (queue.next = start),
        done: () => {
          for (const { cell, spill } of asked) {
            if (spill.isNullObject) continue;
            const found: ShareSpill = {
              anchor: cell,
              row: spill.rowIndex,
              col: spill.columnIndex,
              rows: spill.rowCount,
              cols: spill.columnCount,
            };
            state.spills.push(found);
            queue.open.push(found);
          }
        },
      });
    }
    if (taken > 0) this.most *= 2;
  }

  shrink(): void {
    this.cost *= 2;
  }
}

/** Whether `cell` lies in `spill` and is not its anchor. */
const within = (spill: ShareSpill, cell: CellPosition): boolean =>
  cell.row >= spill.row &&
  cell.row < spill.row + (spill.rows ?? 1) &&
  cell.col >= spill.col &&
  cell.col < spill.col + (spill.cols ?? 1) &&
  !(cell.row === spill.anchor.row && cell.col === spill.anchor.col);

/** Whether the band holding `row` may hold a spill (a row outside every band: assume it may). */
function bandSpills(state: SheetState, row: number): boolean {
  const band = state.bands.find((item) => row >= item.row && row < item.row + item.rows);
  return band?.spills !== false;
}

/**
 * The validations found, the parts that halving cut out of one rule joined again (same formulas,
 * sharing a whole edge), numbered in reading order.
 */
function joinedValidations(parts: ShareRule[]): ShareRule[] {
  const byFormulas = new Map<string, Rectangle[]>();
  for (const part of parts) {
    const key = part.formulas.join("\n");
    byFormulas.set(key, [...(byFormulas.get(key) ?? []), ...areasOf(part.address, "")]);
  }
  const rules: ShareRule[] = [];
  for (const [key, areas] of byFormulas)
    for (const area of joined(areas))
      rules.push({ kind: "validation", address: a1Of(area), formulas: key.split("\n"), index: 0 });
  rules.sort((a, b) => {
    const [x, y] = [areaOf(a.address), areaOf(b.address)];
    return x.row - y.row || x.col - y.col;
  });
  rules.forEach((rule, index) => (rule.index = index));
  return rules;
}

/** Rectangles joined where two share a whole edge, until none does. */
function joined(areas: Rectangle[]): Rectangle[] {
  const out = areas.map((area) => ({ ...area }));
  for (let again = true; again;) {
    again = false;
    for (let i = 0; i < out.length && !again; i++)
      for (let j = i + 1; j < out.length && !again; j++) {
        const [a, b] = [out[i], out[j]];
        const [top, bottom] = a.row <= b.row ? [a, b] : [b, a];
        const [left, right] = a.col <= b.col ? [a, b] : [b, a];
        if (a.col === b.col && a.cols === b.cols && top.row + top.rows === bottom.row)
          out[i] = { ...top, rows: top.rows + bottom.rows };
        else if (a.row === b.row && a.rows === b.rows && left.col + left.cols === right.col)
          out[i] = { ...left, cols: left.cols + right.cols };
        else continue;
        out.splice(j, 1);
        again = true;
      }
  }
  return out;
}

/** The sheets as the planner takes them. */
function shareSheets(read: ShareRead): ShareSheet[] {
  return read.states.map((state) => {
    const { area } = state;
    const validations = joinedValidations(state.rules.filter((rule) => rule.kind === "validation"));
    const sheet: ShareSheet = {
      name: state.read.name,
      origin: { row: area?.row ?? 0, col: area?.col ?? 0 },
      formulas: state.formulas,
      values: state.values,
      visibility: read.visibility.get(state.read.name.toLowerCase()) ?? "Visible",
      rules: [...state.rules.filter((rule) => rule.kind !== "validation"), ...validations],
      comments: state.comments,
      spills: state.spills,
    };
    if (area && state.rowsMayHide) sheet.hiddenRows = state.hiddenRows;
    if (area && state.columnsMayHide) {
      const hidden: number[] = [];
      for (let c = area.col; c < area.col + area.cols; c++)
        if (!state.sawVisible || !state.visibleColumns.has(c)) hidden.push(c);
      sheet.hiddenColumns = hidden;
    }
    return sheet;
  });
}

// Writing -------------------------------------------------------------------------------------

/**
 * A part of the writes: its estimated request size, what it queues, what it reads back after its
 * sync, and how it splits in two when Excel refuses it for its size.
 */
interface Piece {
  request: number;
  queue(): void;
  done?(): void;
  split?(): Piece[] | undefined;
}

/**
 * Sends `pieces` in order, as many per sync as PAYLOAD_BUDGET takes. A batch Excel refuses for its
 * size ran nothing (the request was not taken): it is sent again in halves, a lone piece split.
 */
async function writeInBatches(context: Excel.RequestContext, pieces: Piece[]): Promise<void> {
  let most = Infinity;
  let i = 0;
  while (i < pieces.length) {
    const batch: Piece[] = [];
    let bytes = 0;
    while (
      i < pieces.length &&
      batch.length < most &&
      (batch.length === 0 || bytes + pieces[i].request <= PAYLOAD_BUDGET)
    ) {
      bytes += pieces[i].request;
      batch.push(pieces[i++]);
    }
    for (const piece of batch) piece.queue();
    try {
      // one batch per sync: together they would be over Excel's limit
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (error) {
      if (!payloadTooLarge(error)) throw error;
      i -= batch.length;
      if (batch.length > 1) {
        most = Math.ceil(batch.length / 2);
        continue;
      }
      const parts = batch[0].split?.();
      if (!parts) throw error;
      pieces.splice(i, 1, ...parts);
      continue;
    }
    for (const piece of batch) piece.done?.();
  }
}

/** A sheet this operation creates: the object of the sync that made it, and its NewSheet. */
interface Target {
  sheet?: Excel.Worksheet;
  mine: NewSheet;
}

const targetSheet = (target: Target): Excel.Worksheet => {
  if (!target.sheet) throw new Error("a sheet was written before it was created");
  return target.sheet;
};

/** Steps 5 and 6: the plan applied to new sheets, renamed last. */
async function applySharePlan(
  context: Excel.RequestContext,
  read: ShareRead,
  plan: SharePlan,
  created: NewSheet[]
): Promise<void> {
  const copies: Target[] = plan.copies.map(() => ({ mine: newSheet(created) }));
  const provenance: Target = { mine: newSheet(created) };
  const create: Piece = {
    request: (copies.length + 1) * LOOKUP_REQUEST,
    queue: () => {
      read.states.forEach(({ read: source }, i) => {
        const copy = source.sheet.copy(Excel.WorksheetPositionType.end);
        copy.name = copies[i].mine.temp;
        copies[i].sheet = copy.load("id");
      });
      provenance.sheet = context.workbook.worksheets.add(provenance.mine.temp).load("id");
    },
    done: () => {
      for (const target of [...copies, provenance]) target.mine.id = targetSheet(target).id;
    },
  };
  const pieces: Piece[] = [create];
  plan.copies.forEach((copy, i) => {
    const target = () => targetSheet(copies[i]);
    pieces.push(...removals(target, copy, read.states[i].comments));
    pieces.push(...cellPieces(target, copy));
  });
  pieces.push(...provenancePieces(() => targetSheet(provenance), plan.provenance));
  await writeInBatches(context, pieces);

  plan.copies.forEach((planned, i) => rename(targetSheet(copies[i]), copies[i].mine, planned.name));
  rename(targetSheet(provenance), provenance.mine, plan.provenance.name);
  await context.sync();
}

/**
 * What a copy leaves out, one small write each: the conditional formats the plan removes (by their
 * index on the sheet, highest first, as `copy()` keeps them in the original's order and each delete
 * moves the ones after it), its validations, its sheet-scoped names, its comments and notes (which
 * `copy()` copies with the sheet, as it does names and rules).
 */
function removals(
  target: () => Excel.Worksheet,
  copy: ShareCopy,
  comments: ShareComment[]
): Piece[] {
  const small = (queue: () => void): Piece => ({ request: LOOKUP_REQUEST, queue });
  const formats = copy.removeRules
    .filter((rule) => rule.kind === "conditional-format")
    .map((rule) => rule.index)
    .sort((a, b) => b - a);
  return [
    ...formats.map((index) =>
      small(() => target().getRange().conditionalFormats.getItemAt(index).delete())
    ),
    ...copy.removeRules
      .filter((rule) => rule.kind === "validation")
      .flatMap((rule) => rule.address.split(","))
      .map((address) => small(() => target().getRange(address).dataValidation.clear())),
    ...copy.removeNames.map((name) => small(() => target().names.getItem(name).delete())),
    // By position, the first each time (each delete moves the others up): no cell address to
    // spell with the copy's temporary sheet name.
    ...(copy.removeComments ? comments : []).map(({ kind }) =>
      small(() =>
        kind === "comment"
          ? target().comments.getItemAt(0).delete()
          : target().notes.getItemAt(0).delete()
      )
    ),
  ];
}

/** A cell a copy writes: a frozen value (`values`) or a rewritten formula (`formulas`). */
interface CellWrite {
  col: number;
  input: string | number | boolean;
  json: number;
}

/** Rows of writes: frozen values and rewritten formulas by row. */
interface RowWrites {
  row: number;
  values: CellWrite[];
  formulas: CellWrite[];
}

/**
 * The frozen values and rewritten formulas of a copy in bands of rows: per band one rectangle of
 * values and one of formulas, null where a cell stays as it is.
 */
function cellPieces(target: () => Excel.Worksheet, copy: ShareCopy): Piece[] {
  const byRow = new Map<number, RowWrites>();
  const at = (row: number): RowWrites => {
    let line = byRow.get(row);
    if (!line) byRow.set(row, (line = { row, values: [], formulas: [] }));
    return line;
  };
  const write = (col: number, input: string | number | boolean): CellWrite => ({
    col,
    input,
    json: jsonSize(input) + 1,
  });
  for (const area of copy.frozen)
    area.values.forEach((line, r) =>
      line.forEach((value, c) =>
        at(area.row + r).values.push(write(area.col + c, frozenInput(value)))
      )
    );
  for (const rewrite of copy.rewrites)
    at(rewrite.row).formulas.push(write(rewrite.col, rewrite.rewritten));
  const rows = [...byRow.values()].sort((a, b) => a.row - b.row);
  return bandsOf(rows).map((band) => bandPiece(target, band));
}

/** The estimated request of writing `rows` as one band. */
const bandBytes = (rows: RowWrites[]): number => spanBytes(rows.reduce(withLine, emptySpan()));

/** One write's fixed cost in a request (its range's object path and the setter). */
const ACTION_OVERHEAD = 300;
/** `null,` in a 2-D array. */
const NULL_JSON = 5;

type WriteKind = "values" | "formulas";
const WRITE_KINDS: readonly WriteKind[] = ["values", "formulas"];

/** The rectangle each kind of write covers over some rows, and the JSON of its cells. */
interface Span {
  values: Rectangle | undefined;
  formulas: Rectangle | undefined;
  cells: number;
}

const emptySpan = (): Span => ({ values: undefined, formulas: undefined, cells: 0 });

/** `span` grown by the cells of one more row. */
function withLine(span: Span, line: RowWrites): Span {
  const next: Span = { ...span };
  for (const kind of WRITE_KINDS)
    for (const cell of line[kind]) {
      next[kind] = covering(next[kind], line.row, cell.col);
      next.cells += cell.json;
    }
  return next;
}

/** The smallest rectangle holding `area` and the cell at `row`, `col`. */
function covering(area: Rectangle | undefined, row: number, col: number): Rectangle {
  if (!area) return { row, col, rows: 1, cols: 1 };
  const top = Math.min(area.row, row);
  const left = Math.min(area.col, col);
  const bottom = Math.max(area.row + area.rows, row + 1);
  const right = Math.max(area.col + area.cols, col + 1);
  return { row: top, col: left, rows: bottom - top, cols: right - left };
}

/** The estimated request of a band: its rectangles, nulls included, and its cells. */
function spanBytes(span: Span): number {
  let bytes = span.cells;
  for (const kind of WRITE_KINDS) {
    const area = span[kind];
    if (area) bytes += ACTION_OVERHEAD + area.rows * area.cols * NULL_JSON;
  }
  return bytes;
}

/** Consecutive rows grouped so that each band's write stays within WRITE_PIECE. */
function bandsOf(rows: RowWrites[]): RowWrites[][] {
  const bands: RowWrites[][] = [];
  let band: RowWrites[] = [];
  let span = emptySpan();
  for (const line of rows) {
    const next = withLine(span, line);
    if (band.length > 0 && spanBytes(next) > WRITE_PIECE) {
      bands.push(band);
      band = [];
      span = withLine(emptySpan(), line);
    } else span = next;
    band.push(line);
  }
  if (band.length > 0) bands.push(band);
  return bands;
}

/**
 * One band: a rectangle of values over its frozen cells and one of formulas over its rewritten ones,
 * each null wherever the copy keeps its cell.
 */
function bandPiece(target: () => Excel.Worksheet, rows: RowWrites[]): Piece {
  return {
    request: bandBytes(rows),
    queue: () => {
      const span = rows.reduce(withLine, emptySpan());
      for (const kind of WRITE_KINDS) {
        const area = span[kind];
        if (!area) continue;
        const grid: (string | number | boolean | null)[][] = Array.from({ length: area.rows }, () =>
          new Array<string | number | boolean | null>(area.cols).fill(null)
        );
        for (const line of rows)
          for (const cell of line[kind])
            grid[line.row - area.row][cell.col - area.col] = cell.input;
        const range = target().getRangeByIndexes(area.row, area.col, area.rows, area.cols);
        if (kind === "values") range.values = grid;
        else range.formulas = grid;
      }
    },
    split: () => {
      if (rows.length < 2) return undefined;
      const half = Math.ceil(rows.length / 2);
      return [bandPiece(target, rows.slice(0, half)), bandPiece(target, rows.slice(half))];
    },
  };
}

/** The Provenance sheet: its header and rows in bands, every value as text-safe input. */
function provenancePieces(target: () => Excel.Worksheet, provenance: ProvenancePlan): Piece[] {
  const columns = provenance.header.length;
  const lines = [[...provenance.header], ...provenance.rows].map((line) =>
    line.map((value) => textSafe(value))
  );
  const rowsPiece = (start: number, end: number): Piece => ({
    request:
      ACTION_OVERHEAD + lines.slice(start, end).reduce((sum, line) => sum + jsonSize(line), 0),
    queue: () => {
      target().getRangeByIndexes(start, 0, end - start, columns).values = lines.slice(start, end);
    },
    split: () => {
      if (end - start < 2) return undefined;
      const middle = start + Math.ceil((end - start) / 2);
      return [rowsPiece(start, middle), rowsPiece(middle, end)];
    },
  });
  const pieces: Piece[] = [];
  let start = 0;
  let bytes = ACTION_OVERHEAD;
  lines.forEach((line, i) => {
    const size = jsonSize(line) + 1;
    if (i > start && bytes + size > WRITE_PIECE) {
      pieces.push(rowsPiece(start, i));
      start = i;
      bytes = ACTION_OVERHEAD;
    }
    bytes += size;
  });
  pieces.push(rowsPiece(start, lines.length));
  pieces.push({
    request: 2 * ACTION_OVERHEAD,
    queue: () => {
      const sheet = target();
      STYLE_FORMATS.header(sheet.getRangeByIndexes(0, 0, 1, columns).format);
      sheet.getRangeByIndexes(0, 0, lines.length, columns).format.autofitColumns();
    },
  });
  return pieces;
}

// ---------------------------------------------------------------------------------------------
// Sheets an operation creates, and the clean-up after a failure
// ---------------------------------------------------------------------------------------------

/**
 * A sheet an operation creates. The clean-up after a failure must delete these and nothing else, yet
 * a name chosen from the list read in one sync may be taken before the next (a co-author, another
 * pane, two applyPlan calls at once): a sheet created or deleted by that name could be someone else's.
 * So:
 *
 * 1. Every new sheet is created under a temporary name, "~AltHedge " and 16 random hex digits, that no
 *    one else holds or will create: a sheet with that name is certainly ours.
 * 2. It gets its final name (free at sync 1) by a rename queued after all of its writes. A batch runs
 *    in order and stops at its first failing operation: when the name was taken since, the rename
 *    fails, the sheet keeps its temporary name and the other sheet is not touched. The Hedge log row
 *    is queued after the renames, so a failed rename logs nothing.
 * 3. A sheet created in a sync before the last one has its id loaded in that sync (the plan sheet in
 *    sync 1, the share-safe copies and their Provenance sheet in the first sync that writes, always
 *    before the sync of the renames). Once that sync has succeeded, the clean-up finds it by id under
 *    whatever name, and deletes it only when the id it loads back is that id. When that sync fails,
 *    the sheet (if created) still has its temporary name and is deleted by it.
 * 4. A sheet created in the last sync (the new Hedge log sheet) has no id when that sync fails. The clean-up deletes it by its temporary name. When that name is gone, the sheet
 *    was either never created (the batch stopped before its add) or renamed by us (the failure came
 *    after its rename); its `witness`, a sheet with an id whose rename is queued after this sheet's
 *    add and before this sheet's rename, tells which:
 *    - the witness still has its temporary name: the batch stopped before our rename, so nothing of
 *      ours has the final name, and a sheet with it is someone else's: left alone;
 *    - the witness has its final name: our add ran, and with the temporary name gone our rename ran
 *      too: the sheet with the final name is ours and is deleted;
 *    - the witness is gone or otherwise named (someone deleted or renamed it meanwhile): it cannot be
 *      told; the sheet with the final name is left alone and the error names it, to be checked.
 *    What is trusted: no one renames a "~AltHedge" sheet between the failed sync and the clean-up.
 *
 * So a failure after the renames (the log row's append, a sync that reports failure once everything
 * ran) deletes the renamed sheets, and a failure before them leaves every final name alone.
 */
interface NewSheet {
  /** The name it is created under. */
  temp: string;
  /** The name its rename gives it; set when the rename is queued. */
  final?: string;
  /** Its id, once a sync that created it has succeeded. */
  id?: string;
  /** For a sheet created in the last sync: see (4) above. */
  witness?: NewSheet;
}

const TEMP_PREFIX = "~AltHedge ";

/** Records a new sheet in `created`, with a fresh temporary name (26 characters, valid in Excel). */
function newSheet(created: NewSheet[], witness?: NewSheet): NewSheet {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  const sheet: NewSheet = witness
    ? { temp: TEMP_PREFIX + hex, witness }
    : { temp: TEMP_PREFIX + hex };
  created.push(sheet);
  return sheet;
}

/** Queues the rename of a new sheet to its final name. */
function rename(sheet: Excel.Worksheet, mine: NewSheet, name: string): void {
  sheet.name = name;
  mine.final = name;
}

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const quoted = (names: string[]): string => names.map((name) => `"${name}"`).join(", ");

/**
 * Deletes the sheets an operation created (best effort, in a new `Excel.run`: the failed context
 * cannot be trusted) and builds the error to show: what failed, why, and what was left.
 */
async function failedWrite(action: string, error: unknown, created: NewSheet[]): Promise<Error> {
  const failed = `AltHedge could not ${action}: ${reasonOf(error)}.`;
  if (created.length === 0) return new Error(`${failed} Nothing was written.`);
  const { failure, unsure } = await deleteCreated(created);
  if (failure !== undefined) {
    const names = created.map((sheet) =>
      sheet.final === undefined
        ? `"${sheet.temp}"`
        : `"${sheet.temp}", or "${sheet.final}" if it was renamed`
    );
    return new Error(
      `${failed} It could not delete what it had started (${names.join("; ")}: ${failure}); ` +
        `delete those sheets by hand.`
    );
  }
  if (unsure.length > 0) {
    return new Error(
      `${failed} It deleted the sheets it had started, but cannot tell whether ${quoted(unsure)} ` +
        `is one of them: check, and delete it by hand if it is.`
    );
  }
  return new Error(`${failed} Nothing was kept: the sheets it had started were deleted.`);
}

/** What the clean-up looks up for one new sheet: by id, or by its temporary and final names. */
interface Look {
  byId?: Excel.Worksheet;
  byTemp?: Excel.Worksheet;
  byFinal?: Excel.Worksheet;
}

/**
 * Deletes what is ours of `created`, by the rules above, in one read and one delete; returns why it
 * failed, if it did, and the final names that may be ours but could not be told.
 */
async function deleteCreated(created: NewSheet[]): Promise<{ failure?: string; unsure: string[] }> {
  const unsure: string[] = [];
  try {
    await Excel.run(async (context) => {
      const worksheets = context.workbook.worksheets;
      const find = (key: string): Excel.Worksheet =>
        worksheets.getItemOrNullObject(key).load("id, name");
      const looks = new Map<NewSheet, Look>();
      for (const mine of created) {
        if (mine.id !== undefined) looks.set(mine, { byId: find(mine.id) });
        else if (mine.witness && mine.final !== undefined)
          looks.set(mine, { byTemp: find(mine.temp), byFinal: find(mine.final) });
        else looks.set(mine, { byTemp: find(mine.temp) });
      }
      await context.sync();

      const present = (sheet: Excel.Worksheet | undefined): Excel.Worksheet | undefined =>
        sheet && !sheet.isNullObject ? sheet : undefined;
      const sameName = (a: string, b: string | undefined): boolean =>
        b !== undefined && a.toLowerCase() === b.toLowerCase();
      /** Our sheet with `mine.id`, if it is still there (a sheet named like that id is not). */
      const byId = (mine: NewSheet): Excel.Worksheet | undefined => {
        const sheet = present(looks.get(mine)?.byId);
        return sheet && sheet.id === mine.id ? sheet : undefined;
      };
      /** Whether the witness's rename ran; undefined when that cannot be told. */
      const renamed = (witness: NewSheet): boolean | undefined => {
        const sheet = byId(witness);
        if (!sheet) return undefined;
        if (sameName(sheet.name, witness.temp)) return false;
        return sameName(sheet.name, witness.final) ? true : undefined;
      };

      const doomed = new Map<string, Excel.Worksheet>();
      for (const [mine, look] of looks) {
        let sheet = mine.id !== undefined ? byId(mine) : present(look.byTemp);
        const final = present(look.byFinal);
        if (!sheet && final && mine.witness) {
          const ran = renamed(mine.witness);
          if (ran === true) sheet = final;
          else if (ran === undefined) unsure.push(final.name);
        }
        if (sheet) doomed.set(sheet.id, sheet);
      }
      if (doomed.size === 0) return;
      for (const sheet of doomed.values()) sheet.delete();
      await context.sync();
    });
    return { unsure };
  } catch (error) {
    return { failure: reasonOf(error), unsure };
  }
}
