/**
 * The four wizards' plans, checked without a spreadsheet engine: the API other code relies on, the
 * plan's structure, the validation messages, the log lines, and the column mapping.
 */
import {
  CHANGE_COLUMNS,
  HOLDING_COLUMNS,
  MARGIN_VENUE_COLUMNS,
  VENUE_COLUMNS,
  WIZARDS,
  fromRows,
  guessColumns,
  isoToSerial,
  rollDaysNeeded,
  serialToIso,
  venuesFromRows,
  type EffectivenessInput,
  type ExposureInput,
  type MarginInput,
  type RolloverInput,
  type Wizard,
} from "../../src/templates";
import { a1 } from "../../src/templates/plan";
import { cellAt, references, rowOf, structuralProblems, tableColumn } from "./planChecks";

const DATE = "2026-11-24";
const [exposure, rollover, margin, effectiveness] = WIZARDS;
/** The four wizards with their input types forgotten, to run the same checks on each. */
const anyWizards = WIZARDS as unknown as readonly Wizard<unknown>[];

describe("the wizard list", () => {
  test("the wizards in the order of taskpane.md, with their sheet prefixes", () => {
    expect(WIZARDS.map((w) => w.id)).toEqual([
      "exposure",
      "rollover",
      "margin",
      "effectiveness",
      "stress",
      "report",
      "policy",
    ]);
    expect(WIZARDS.map((w) => w.sheetPrefix)).toEqual([
      "Exposure",
      "Rollover",
      "Margin plan",
      "Effectiveness",
      "Stress",
      "Report",
      "Policy",
    ]);
    expect(WIZARDS.map((w) => w.title)).toEqual([
      "Exposure segmentation",
      "Rollover schedule",
      "Margin and collateral plan",
      "Effectiveness review",
      "Stress scenarios",
      "Hedge report",
      "Policy and limits",
    ]);
    for (const wizard of WIZARDS) expect(wizard.summary.length).toBeGreaterThan(10);
  });

  test.each(anyWizards.map((w) => [w.id, w] as const))("%s: its sample validates clean", (_, w) => {
    expect(w.validate(w.sample())).toEqual([]);
  });

  // The Policy is one sheet per workbook, of named inputs (test/templates/policy.test.ts).
  const templates = anyWizards.filter((w) => w.id !== "policy");
  test.each(templates.map((w) => [w.id, w] as const))(
    "%s: the sample's plan is structurally sound",
    (_, w) => {
      const plan = w.build(w.sample(), DATE);
      expect(plan.name).toBe(`${w.sheetPrefix} ${DATE}`);
      expect(structuralProblems(plan)).toEqual([]);
      // Title, then the one-line explanation in the seed's words.
      expect(cellAt(plan, "A1")).toMatchObject({ style: "title" });
      expect(cellAt(plan, "A2")).toMatchObject({ style: "subtitle" });
      expect(plan.cells.some((c) => c.style === "input")).toBe(true);
      expect(plan.cells.some((c) => c.formula?.includes("ALTHEDGE."))).toBe(true);
      expect((plan.tables ?? []).length).toBeGreaterThan(0);
    }
  );

  test.each(anyWizards.map((w) => [w.id, w] as const))(
    "%s: a half-filled form gets messages, not an exception",
    (_, w) => {
      // The task pane validates as the user types, so inputs may be missing altogether.
      const errors = w.validate({});
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) expect(error.message).not.toMatch(/undefined\b.*undefined/);
    }
  );

  test("an optional number left blank in a form (NaN or null) counts as left out", () => {
    const holdings = exposure.sample();
    holdings.holdings[0].beta = NaN;
    expect(exposure.validate(holdings)).toEqual([]);
    const plan = exposure.build(holdings, DATE);
    const beta = tableColumn(plan, "Holdings", "Beta to BTC");
    expect(cellAt(plan, a1(beta.first, beta.col))).toMatchObject({ value: null });
    const venues = margin.sample();
    venues.venues[0].maintenanceAmount = NaN;
    venues.venues[1].maintenanceAmount = null as never;
    expect(margin.validate(venues)).toEqual([]);
    const amount = tableColumn(margin.build(venues, DATE), "Venues", "Maintenance amount");
    expect(cellAt(margin.build(venues, DATE), a1(amount.first, amount.col)).value).toBe(0);
    const review = { ...effectiveness.sample(), startValue: NaN, periodsPerYear: NaN };
    expect(effectiveness.validate(review)).toEqual([]);
    const review_ = effectiveness.build(review, DATE);
    expect(cellAt(review_, "B6").value).toBe(365);
  });

  test("a plan is the same for the same inputs (builders are pure)", () => {
    expect(exposure.build(exposure.sample(), DATE)).toEqual(
      exposure.build(exposure.sample(), DATE)
    );
    expect(effectiveness.sample()).toEqual(effectiveness.sample());
  });
});

describe("the structural checks themselves", () => {
  test("find references in formulas, not in strings or function names", () => {
    const refs = references('=IF(A1>$B$2,"C3 text",SUM($D$4:$D$9))+LOG10(E5)+ALTHEDGE.X(F6)');
    expect(refs).toEqual([
      { row: 0, col: 0, lastRow: 0, lastCol: 0 },
      { row: 1, col: 1, lastRow: 1, lastCol: 1 },
      { row: 3, col: 3, lastRow: 8, lastCol: 3 },
      { row: 4, col: 4, lastRow: 4, lastCol: 4 },
      { row: 5, col: 5, lastRow: 5, lastCol: 5 },
    ]);
  });

  test("report a formula that points outside the plan", () => {
    const plan = { name: "x", cells: [{ row: 0, col: 0, formula: "=B7+1" }] };
    expect(structuralProblems(plan)).toEqual([
      "A1 (=B7+1) refers to B7, which the plan does not write",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("exposure segmentation", () => {
  const sample = (): ExposureInput => exposure.sample();

  test("a dozen invented holdings, tiers at 1 and 5 days, 10% participation", () => {
    const input = sample();
    expect(input.holdings).toHaveLength(12);
    expect(input.participation).toBe(0.1);
    expect(input.tierDays).toEqual([1, 5]);
    expect(input.tiers.map((t) => t.label)).toEqual(["High", "Medium", "Low"]);
  });

  test("the holdings table has the spec's columns, in order", () => {
    const plan = exposure.build(sample(), DATE);
    const table = plan.tables!.find((t) => t.name === "Exposure_20261124_Holdings")!;
    expect(table).toBeDefined();
    const header = plan.cells
      .filter((c) => c.row === Number(/\d+/.exec(table.range)![0]) - 1 && c.style === "header")
      .map((c) => c.value);
    expect(header).toEqual([
      "Token",
      "Quantity",
      "Price",
      "Value",
      "Weight",
      "ADV",
      "Days to liquidate",
      "Tier",
      "Locked",
      "Beta to BTC",
      "Proxy",
      "Beta to proxy (≈)",
      "Hedge notional",
      "Contracts",
    ]);
  });

  test("tier and contracts come from ALTHEDGE formulas on the row's own cells", () => {
    const plan = exposure.build(sample(), DATE);
    const tier = tableColumn(plan, "Holdings", "Tier");
    const contracts = tableColumn(plan, "Holdings", "Contracts");
    const days = tableColumn(plan, "Holdings", "Days to liquidate");
    const beta = tableColumn(plan, "Holdings", "Beta to proxy (≈)");
    const r = tier.first + 1; // the first holding's row, 1-based
    // Proxies in A20:E21, tiers in A26:D28 (the sample's two proxies and three tiers).
    expect(r).toBe(32);
    expect(cellAt(plan, a1(tier.first, days.col)).formula).toBe(
      `=ALTHEDGE.DAYSTOLIQUIDATE(D${r},F${r},$B$5)`
    );
    expect(cellAt(plan, a1(tier.first, tier.col)).formula).toBe(
      `=ALTHEDGE.LIQUIDITYTIER(D${r},F${r},$B$5,$B$26:$B$27,$A$26:$A$28)`
    );
    // The beta to BTC over the row's proxy's beta to BTC, by name from the proxy table.
    expect(cellAt(plan, a1(tier.first, beta.col)).formula).toBe(
      `=IF(ISNUMBER(J${r}),J${r},1)/INDEX($E$20:$E$21,MATCH(K${r},$A$20:$A$21,0))`
    );
    // The contract notional of the row's proxy (mark × size in D20:D21), the tier's effectiveness.
    expect(cellAt(plan, a1(tier.first, contracts.col)).formula).toBe(
      `=ALTHEDGE.HEDGERATIO(M${r},INDEX($D$20:$D$21,MATCH(K${r},$A$20:$A$21,0)),INDEX($D$26:$D$28,MATCH(H${r},$A$26:$A$28,0)))`
    );
    expect(cellAt(plan, "D20").formula).toBe("=B20*C20");
  });

  test("Low-tier and locked rows are highlighted; Locked is a Yes/No drop-down; a column chart by tier", () => {
    const plan = exposure.build(sample(), DATE);
    expect(plan.conditionalFormats!.map((f) => f.formula)).toEqual([
      "=$H32=$A$28", // the last tier's name cell ("Low")
      '=$I32="Yes"',
      // The policy's flags: an instrument's position check in "Hedge by proxy instrument", the
      // coverage check against the band, and the breaches count (red above 0, green at 0).
      '=H54="Above the maximum"',
      '=OR(B15="Below the band",B15="Above the band")',
      "=B16>0",
      "=B16=0",
    ]);
    expect(plan.validations).toEqual([
      { range: "I32:I43", list: ["Yes", "No"] },
      // A tier's proxy is picked from the proxy table's instruments.
      { range: "C26:C28", list: ["BTC-PERP", "ETH-PERP"] },
    ]);
    expect(plan.charts).toEqual([
      expect.objectContaining({ type: "column", source: "A46:C49", seriesBy: "columns" }),
    ]);
  });

  test("number formats: money, percent, decimals", () => {
    const plan = exposure.build(sample(), DATE);
    expect(cellAt(plan, "D32").format).toBe("$#,##0");
    expect(cellAt(plan, "E32").format).toBe("0.00%");
    expect(cellAt(plan, "B5").format).toBe("0%");
    expect(cellAt(plan, "N32").format).toBe("#,##0.00");
  });

  test("messages name the field and the value", () => {
    const input = sample();
    input.participation = 1.2;
    input.holdings[3].price = -1;
    input.holdings[5].adv = 0;
    input.holdings[6].token = " ";
    expect(exposure.validate(input)).toEqual([
      {
        field: "participation",
        message: "Participation must be between 0.0001 and 1, got 1.2",
      },
      {
        field: "holdings.3.price",
        message: "Price of ARB must be between 1e-12 and 1e9, got -1",
      },
      {
        field: "holdings.5.adv",
        message: "ADV of SUI must be between 1e-6 and 1e13, got 0",
      },
      { field: "holdings.6.token", message: "The token of row 7 is required" },
    ]);
  });

  test("participation below 0.0001 is refused; tier boundaries must go up", () => {
    const input = sample();
    input.participation = 0;
    input.tierDays = [5, 1];
    expect(exposure.validate(input)).toEqual([
      {
        field: "participation",
        message: "Participation must be between 0.0001 and 1, got 0",
      },
      { field: "tierDays.1", message: "Tier boundaries must go up, got 5 then 1 days" },
    ]);
  });

  test("one hedge per tier, said beside the tier table", () => {
    const input = sample();
    input.tierDays = [1, 5, 20];
    expect(exposure.validate(input)).toEqual([
      {
        field: "tiers",
        message: "3 tier boundaries make 4 tiers: give one proxy hedge per tier, got 3 rows",
      },
    ]);
    input.tierDays = [1];
    expect(exposure.validate(input)).toEqual([
      {
        field: "tiers",
        message: "1 tier boundary makes 2 tiers: give one proxy hedge per tier, got 3 rows",
      },
    ]);
  });

  test("an empty book and a NaN read from a selection are reported", () => {
    expect(exposure.validate({ ...sample(), holdings: [] })).toEqual([
      { field: "holdings", message: "Add at least one holding" },
    ]);
    const input = sample();
    input.holdings[0].quantity = NaN;
    expect(exposure.validate(input)).toEqual([
      { field: "holdings.0.quantity", message: "Quantity of SOL must be a number" },
    ]);
  });

  test("the log line", () => {
    expect(exposure.logSummary(sample())).toBe(
      "12 holdings; participation 10%; tiers 1/5 days; High BTC-PERP 0.8, Medium ETH-PERP 0.7, Low ETH-PERP 0.6; betas to BTC; BTC-PERP at 96000, beta 1, ETH-PERP at 3600, beta 1.2"
    );
  });

  test("two tiers only (one boundary) still build a sound plan", () => {
    const input = sample();
    input.tierDays = [2];
    input.tiers = input.tiers.slice(0, 2);
    expect(exposure.validate(input)).toEqual([]);
    const plan = exposure.build(input, DATE);
    expect(structuralProblems(plan)).toEqual([]);
    expect(
      plan.cells.find((c) => c.formula?.startsWith("=ALTHEDGE.LIQUIDITYTIER"))!.formula
    ).toContain(",$B$26:$B$26,$A$26:$A$27)");
  });
});

// ---------------------------------------------------------------------------------------------------

describe("rollover schedule", () => {
  const sample = (): RolloverInput => rollover.sample();

  test("the window too short for the clip: the message says how many days fit", () => {
    const input = { ...sample(), contracts: 12, lotSize: 1, maxClip: 2, days: 4 };
    expect(rollover.validate(input)).toEqual([
      { field: "days", message: "12 contracts in clips of 2 need 6 days, the window has 4" },
    ]);
  });

  test("days needed follow ROLLSCHEDULE's split (docs/functions.md examples)", () => {
    // ROLLSCHEDULE(100, …, 3, 25) is #NUM! "use at least 4 roll_days": 100 ÷ 25.
    expect(rollDaysNeeded(100, 25, 1)).toBe(4);
    // 6.8 with lot 1: 6 lots and a rest of 0.8 on the last day; in 2 days 3 + 3.8 > 3, in 3 days 2 + 2 + 2.8.
    expect(rollDaysNeeded(6.8, 3, 1)).toBe(3);
    // lot 0.1: 68 lots, 3.4 + 3.4 fits clips of 3.4 in 2 days (decimal: not 67.99… lots).
    expect(rollDaysNeeded(6.8, 3.4, 0.1)).toBe(2);
    // A clip below one lot cannot fit in any number of days.
    expect(rollDaysNeeded(10, 0.5, 1)).toBeUndefined();
  });

  test("a clip smaller than one lot asks for a smaller lot size", () => {
    expect(rollover.validate({ ...sample(), maxClip: 0.0005 })).toEqual([
      {
        field: "maxClip",
        message:
          "A clip of 0.0005 is smaller than one lot of 0.001 (or the rest below a lot): use a smaller lot size or a larger clip",
      },
    ]);
  });

  test("a clip as a share of the far contract's ADV", () => {
    const input: RolloverInput = { ...sample(), maxClipUnit: "adv", maxClip: 0.05, farAdv: 40 };
    // 5% of 40 contracts = clips of 2: 12.5 contracts need 7 days (12500 lots ÷ 2000 per day).
    expect(rollover.validate(input)).toEqual([
      { field: "days", message: "12.5 contracts in clips of 2 need 7 days, the window has 6" },
    ]);
    const plan = rollover.build({ ...input, days: 7 }, DATE);
    expect(structuralProblems(plan)).toEqual([]);
    const clip = rowOf(plan, "Maximum clip (contracts)");
    // Below the contract size's row (B8): the share of ADV in B14 and the ADV in B15.
    expect(cellAt(plan, a1(clip, 1)).formula).toBe(`=$B$14*$B$15`);
  });

  test("other inputs' messages", () => {
    const input = {
      ...sample(),
      side: "sideways" as never,
      startDate: "2026-02-30",
      days: 2.5,
      slippage: 1,
    };
    expect(rollover.validate(input)).toEqual([
      { field: "side", message: 'Side must be "short" or "long", got "sideways"' },
      {
        field: "startDate",
        message: 'Roll window start must be a date written yyyy-mm-dd, got "2026-02-30"',
      },
      { field: "days", message: "Roll window must be a whole number, got 2.5" },
      { field: "slippage", message: "Acceptable slippage must be less than 1, got 1" },
    ]);
  });

  test("one schedule row per day in a table, with Status drop-down and date formats", () => {
    const plan = rollover.build(sample(), DATE);
    const status = tableColumn(plan, "Schedule", "Status");
    expect(status.last - status.first + 1).toBe(6);
    expect(plan.validations).toContainEqual({
      range: `${a1(status.first, status.col)}:${a1(status.last, status.col)}`,
      list: ["Planned", "Done", "Skipped"],
    });
    const date = tableColumn(plan, "Schedule", "Date");
    expect(cellAt(plan, a1(date.first, date.col)).format).toBe("yyyy-mm-dd");
    const start = rowOf(plan, "Roll window start");
    expect(cellAt(plan, a1(start, 1))).toMatchObject({
      value: isoToSerial("2026-12-14"),
      format: "yyyy-mm-dd",
      style: "input",
    });
    // Clips show as many decimals as the lot size has.
    const clip = tableColumn(plan, "Schedule", "Clip");
    expect(cellAt(plan, a1(clip.first, clip.col)).format).toBe("#,##0.000");
  });

  test("roll yield is ALTHEDGE.ROLLYIELD on the input cells", () => {
    const plan = rollover.build(sample(), DATE);
    const row = rowOf(plan, "Roll yield (annualised, this side)");
    // Near, far and days between expiries in B9:B11 (below contracts and contract size), side in B6.
    expect(cellAt(plan, a1(row, 1)).formula).toBe("=ALTHEDGE.ROLLYIELD($B$9,$B$10,$B$11,$B$6)");
  });

  test("the log line", () => {
    expect(rollover.logSummary(sample())).toBe(
      "BTCUSD quarterly, Dec → Mar short 12.5 contracts; near 96400 far 97900; from 2026-12-14 over 6 days; max clip 2.5; lot 0.001; slippage 0.2%"
    );
  });
});

// ---------------------------------------------------------------------------------------------------

describe("margin and collateral plan", () => {
  const sample = (): MarginInput => margin.sample();

  test("defaults of taskpane.md: stress 20/40/60%; two venues; the buffer levels are the policy's", () => {
    const input = sample();
    expect(input.stressMoves).toEqual([0.2, 0.4, 0.6]);
    expect(input.venues).toHaveLength(2);
    // Warning 30% and critical 15% are DEFAULT_POLICY's now, not the margin plan's inputs.
    expect(Object.keys(input).sort()).toEqual(["stressMoves", "venues"]);
  });

  test("the buffer levels and the leverage limit are read from the policy's names", () => {
    const plan = margin.build(sample(), DATE);
    expect(cellAt(plan, "B6").formula).toBe("=AltHedge_BufferWarning");
    expect(cellAt(plan, "B7").formula).toBe("=AltHedge_BufferCritical");
    expect(cellAt(plan, "B8").formula).toBe("=AltHedge_MaxLeverage");
    expect(
      plan.cells.filter(
        (c) => c.style === "input" && typeof c.value === "number" && c.value === 0.3
      )
    ).toEqual([]);
    // Leverage = notional at mark ÷ margin balance, checked against the maximum read in B8.
    expect(cellAt(plan, "T13").formula).toBe('=IF(N13>L13*0.000000001,L13/N13,"No margin left")');
    expect(cellAt(plan, "U13").formula).toBe(
      '=IF(AND(ISNUMBER(T13),T13<=$B$8),"OK","Above the maximum")'
    );
    // Venues in Warning or Critical, plus venues above the maximum leverage.
    expect(cellAt(plan, "A9").value).toBe("Policy breaches");
    expect(cellAt(plan, "B9").formula).toBe(
      '=COUNTIF($P$13:$P$14,"Warning")+COUNTIF($P$13:$P$14,"Critical")+COUNTIF($U$13:$U$14,"Above the maximum")'
    );
  });

  test("traffic lights: red below critical, amber below warning, green otherwise; breaches flagged", () => {
    const plan = margin.build(sample(), DATE);
    const buffer = tableColumn(plan, "Venues", "Buffer");
    expect(buffer.col).toBe(14);
    const formats = plan.conditionalFormats!;
    // The policy's warning level is read in B6, its critical level in B7.
    expect(formats.map((f) => [f.range, f.formula, f.fill])).toEqual([
      ["O13:P14", "=AND(ISNUMBER($O13),$O13<$B$7)", "#FFC7CE"],
      ["O13:P14", "=AND(ISNUMBER($O13),$O13>=$B$7,$O13<$B$6)", "#FFEB9C"],
      ["O13:P14", "=AND(ISNUMBER($O13),$O13>=$B$6)", "#C6EFCE"],
      ["U13:U14", '=U13="Above the maximum"', "#FFC7CE"],
      ["B9", "=B9>0", "#FFC7CE"],
      ["B9", "=B9=0", "#C6EFCE"],
    ]);
  });

  test("buffer, liquidation price and collateral needed are ALTHEDGE formulas", () => {
    const plan = margin.build(sample(), DATE);
    // Inputs A–J: venue, instrument, side, size, entry, mark, posted, haircut, rate, amount.
    expect(cellAt(plan, "K13").formula).toBe("=G13*(1-H13)"); // collateral after haircut
    expect(cellAt(plan, "L13").formula).toBe("=D13*F13"); // notional at mark
    expect(cellAt(plan, "M13").formula).toBe('=IF(C13="long",1,-1)*D13*(F13-E13)'); // P&L
    expect(cellAt(plan, "N13").formula).toBe("=K13+M13"); // margin balance
    // The buffer on the balance at the mark; the liquidation price on the collateral at entry.
    expect(cellAt(plan, "O13").formula).toBe("=ALTHEDGE.MARGINBUFFER(N13+J13,L13,I13,C13)");
    expect(cellAt(plan, "Q13").formula).toBe(
      '=IF(AND(C13="long",K13+J13>=D13*E13),"None: the collateral covers the position",ALTHEDGE.LIQPRICE(E13,D13,K13,I13,C13,"linear",J13))'
    );
    expect(cellAt(plan, "B21").formula).toBe(
      "=MAX(0,ALTHEDGE.COLLATERALNEEDED($L$13,$B$19,$I$13,$C$13,$H$13)-($M$13+$J$13)/(1-$H$13))"
    );
    // The stress columns are labelled from the stress inputs, so editing a move relabels them.
    expect(cellAt(plan, "B20")).toMatchObject({
      formula: '="Needed at "&ROUND($B$19*100,2)&"%"',
      style: "header",
    });
  });

  test("an escalation table the user can edit", () => {
    const plan = margin.build(sample(), DATE);
    const action = tableColumn(plan, "Escalation", "Action");
    // Warning, Critical, Leverage (the policy's triggers) and Stress.
    expect(action.last - action.first + 1).toBe(4);
    expect(cellAt(plan, a1(action.first, action.col)).style).toBe("input");
  });

  test("messages", () => {
    const input = sample();
    input.venues[0].haircut = 1;
    input.venues[1].size = NaN;
    input.stressMoves = [0.2, 0];
    expect(margin.validate(input)).toEqual([
      {
        field: "venues.0.haircut",
        message: "Haircut at Exchange A must be less than 1, got 1",
      },
      { field: "venues.1.size", message: "Size at Exchange B must be a number" },
      { field: "stressMoves.1", message: "Stress move 2 must be greater than 0, got 0" },
    ]);
  });

  test("a long venue caps the stress moves at 100%", () => {
    const input = sample();
    input.venues[1].side = "long";
    input.stressMoves = [0.5, 1.5];
    expect(margin.validate(input)).toEqual([
      {
        field: "stressMoves.1",
        message: "Stress move 2 must be at most 100% because Exchange B is long, got 150%",
      },
    ]);
  });

  test("the log line", () => {
    const input = sample();
    expect(margin.logSummary(input)).toBe(
      "2 venues; stress 20%/40%/60%; buffer levels and leverage limit from the Policy sheet"
    );
  });
});

// ---------------------------------------------------------------------------------------------------

describe("effectiveness review", () => {
  const sample = (): EffectivenessInput => effectiveness.sample();

  test("the invented sample: 60 dated days, window 20", () => {
    const input = sample();
    expect(input.itemChanges).toHaveLength(60);
    expect(input.hedgeChanges).toHaveLength(60);
    expect(input.dates![0]).toBe("2026-09-01");
    expect(input.window).toBe(20);
  });

  test("data columns hold the changes; the measures are formulas over them", () => {
    const plan = effectiveness.build(sample(), DATE);
    const item = tableColumn(plan, "Periods", "Item change");
    // The first row is the starting point; changes follow, one row each.
    expect(cellAt(plan, a1(item.first, item.col)).value).toBeNull();
    expect(cellAt(plan, a1(item.first + 1, item.col))).toMatchObject({
      value: sample().itemChanges[0],
      style: "input",
    });
    const range = `$B$${item.first + 2}:$B$${item.last + 1}`;
    const offset = rowOf(plan, "Dollar offset");
    expect(cellAt(plan, a1(offset, 1)).formula).toBe(
      `=ALTHEDGE.HEDGEEFFECTIVENESS(${range},$C$${item.first + 2}:$C$${item.last + 1},"dollaroffset")`
    );
    const test = rowOf(plan, "Assessment by ALTHEDGE.HEDGETEST");
    expect(cellAt(plan, a1(test, 1)).formula).toMatch(/^=INDEX\(ALTHEDGE\.HEDGETEST\(.*\),5,2\)$/);
  });

  test("rolling correlation and hedge ratio: one row per full window, with a line chart", () => {
    const plan = effectiveness.build(sample(), DATE);
    const correlation = tableColumn(plan, "Rolling", "Rolling correlation");
    expect(correlation.last - correlation.first + 1).toBe(60 - 20 + 1);
    expect(plan.charts).toEqual([
      expect.objectContaining({ type: "line", title: "Rolling correlation and hedge ratio" }),
    ]);
    expect(plan.validations).toEqual([
      { range: "B8", list: ["variance", "dollaroffset", "r2", "slope"] },
    ]);
  });

  test("price mode: changes are formulas on the prices and the hedge ratio", () => {
    const input: EffectivenessInput = {
      itemChanges: [],
      hedgeChanges: [],
      window: 3,
      prices: { item: [10, 11, 10.5, 12, 11.5], hedge: [100, 108, 104, 118, 112], hedgeRatio: 0.1 },
    };
    expect(effectiveness.validate(input)).toEqual([]);
    const plan = effectiveness.build(input, DATE);
    expect(structuralProblems(plan)).toEqual([]);
    const hedge = tableColumn(plan, "Periods", "Hedge change");
    const ratio = rowOf(plan, "Hedge ratio");
    expect(cellAt(plan, a1(hedge.first + 1, hedge.col)).formula).toBe(
      `=-$B$${ratio + 1}*(C${hedge.first + 2}-C${hedge.first + 1})`
    );
    expect(effectiveness.logSummary(input)).toBe(
      "4 periods; from prices, hedge ratio 0.1; window 3; method variance; offset 80%–125%, R² ≥ 0.8"
    );
  });

  test("messages", () => {
    const base = sample();
    expect(effectiveness.validate({ ...base, hedgeChanges: base.hedgeChanges.slice(1) })).toEqual([
      {
        field: "hedgeChanges",
        message: "Item and hedge changes must cover the same periods, got 60 and 59",
      },
      // Without a usable series the window is only checked against the largest review.
    ]);
    expect(effectiveness.validate({ ...base, window: 61 })).toEqual([
      { field: "window", message: "Rolling window must be between 3 and 60, got 61" },
    ]);
    expect(effectiveness.validate({ ...base, startValue: 100000 })[0]).toMatchObject({
      field: "startValue",
    });
    expect(
      effectiveness.validate({
        ...base,
        thresholds: { offsetLow: 1.25, offsetHigh: 0.8, minR2: 0 },
      })
    ).toEqual([
      {
        field: "thresholds.offsetHigh",
        message: "The upper dollar offset must be above the lower, got 0.8 and 1.25",
      },
      { field: "thresholds.minR2", message: "Minimum R² must be greater than 0, got 0" },
    ]);
    expect(effectiveness.validate({ ...base, dates: base.dates!.slice(2) })).toEqual([
      { field: "dates", message: "Give one date per change (60), got 58" },
    ]);
  });

  test("without a start value the sheet assumes one and says so", () => {
    const input = sample();
    delete input.startValue;
    const plan = effectiveness.build(input, DATE);
    const row = rowOf(plan, "Start value of the book");
    // 10 × the sum of the absolute item changes (defaultStartValue).
    const expected = 10 * input.itemChanges.reduce((s, c) => s + Math.abs(c), 0);
    expect(cellAt(plan, a1(row, 1)).value).toBe(expected);
    expect(cellAt(plan, a1(row, 2)).value).toMatch(/^Assumed by the wizard/);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("Use selected range: column guesses and rows", () => {
  test("typical holdings headers", () => {
    expect(
      guessColumns(
        ["Token", "Qty", "Price (USD)", "24h Volume", "Staked?", "Beta"],
        HOLDING_COLUMNS
      )
    ).toEqual({ token: 0, quantity: 1, price: 2, adv: 3, locked: 4, beta: 5 });
    expect(guessColumns(["Symbol", "Balance", "Last", "ADV"], HOLDING_COLUMNS)).toEqual({
      token: 0,
      quantity: 1,
      price: 2,
      adv: 3,
      locked: undefined,
      beta: undefined,
    });
  });

  test("an exact header beats one that merely starts with the alias", () => {
    expect(
      guessColumns(
        ["Asset", "Amount", "Price change 24h", "Price", "Avg daily volume", "Locked"],
        HOLDING_COLUMNS
      )
    ).toEqual({ token: 0, quantity: 1, price: 3, adv: 4, locked: 5, beta: undefined });
  });

  test("venue and change headers", () => {
    const mapping = guessColumns(
      [
        "Exchange",
        "Margin balance",
        "Haircut",
        "Position notional",
        "MMR",
        "Side",
        "Entry price",
        "Contracts",
      ],
      VENUE_COLUMNS
    );
    expect(mapping).toEqual({
      venue: 0,
      collateral: 1,
      haircut: 2,
      notional: 3,
      maintenanceRate: 4,
      side: 5,
      entryPrice: 6,
      size: 7,
    });
    // the review numbers its periods: a date column is not offered (issue 11)
    expect(guessColumns(["Date", "Item change", "Hedge change"], CHANGE_COLUMNS)).toEqual({
      itemChange: 1,
      hedgeChange: 2,
    });
  });

  test("rows become holdings: text numbers, percents, flags, blanks", () => {
    const mapping = { token: 0, quantity: 1, price: 2, adv: 3, locked: 4, beta: 5 };
    const rows = [
      ["ARB", "600,000", "$0.80", 250000000, "yes", 1.5],
      [null, null, "", null, null, null],
      ["TIA", 90000, 5.5, "1.5e6", false, null],
      ["OOPS", "many", 1, 1, "", ""],
    ];
    expect(fromRows(rows, mapping)).toEqual([
      { token: "ARB", quantity: 600000, price: 0.8, adv: 250000000, locked: true, beta: 1.5 },
      { token: "TIA", quantity: 90000, price: 5.5, adv: 1500000, locked: false },
      { token: "OOPS", quantity: NaN, price: 1, adv: 1, locked: false },
    ]);
  });

  test("rows become margin venues; a missing haircut or amount is 0; sides as exchanges write them", () => {
    const mapping = guessColumns(
      [
        "Exchange",
        "Symbol",
        "Side",
        "Size",
        "Entry price",
        "Mark price",
        "Wallet balance",
        "Maintenance rate",
      ],
      MARGIN_VENUE_COLUMNS
    );
    expect(mapping).toEqual({
      venue: 0,
      instrument: 1,
      side: 2,
      size: 3,
      entryPrice: 4,
      markPrice: 5,
      collateral: 6,
      haircut: undefined,
      maintenanceRate: 7,
      maintenanceAmount: undefined,
    });
    const venues = venuesFromRows(
      [
        ["A", "BTC-PERP", "Sell", 2, "96,000", 97000, 50000, "0.5%"],
        [null, null, null, null, null, null, null, null],
        ["B", "ETH-PERP", -1, 30, 3600, 3500, 20000, 0.01],
        ["C", "ETH-PERP", "long", "", 3600, 3500, 20000, 0.01],
      ],
      mapping
    );
    const common = { haircut: 0, maintenanceAmount: 0 };
    expect(venues).toEqual([
      {
        venue: "A",
        instrument: "BTC-PERP",
        side: "short",
        size: 2,
        entryPrice: 96000,
        markPrice: 97000,
        collateral: 50000,
        maintenanceRate: 0.005,
        ...common,
      },
      {
        venue: "B",
        instrument: "ETH-PERP",
        side: "short",
        size: 30,
        entryPrice: 3600,
        markPrice: 3500,
        collateral: 20000,
        maintenanceRate: 0.01,
        ...common,
      },
      {
        venue: "C",
        instrument: "ETH-PERP",
        side: "long",
        size: NaN,
        entryPrice: 3600,
        markPrice: 3500,
        collateral: 20000,
        maintenanceRate: 0.01,
        ...common,
      },
    ]);
    // The blank size is asked for, beside its cell.
    expect(margin.validate({ ...margin.sample(), venues })).toEqual([
      { field: "venues.2.size", message: "Size at C must be a number" },
    ]);
  });

  test("a margin balance column is not taken for the posted collateral (it includes the P&L)", () => {
    expect(guessColumns(["Venue", "Margin balance"], MARGIN_VENUE_COLUMNS).collateral).toBe(
      undefined
    );
  });
});

test("dates: Excel serials are days since 1899-12-30", () => {
  // Excel: DATE(2026,11,24) = 46350; DATE(1900,3,1) = 61.
  expect(isoToSerial("2026-11-24")).toBe(46350);
  expect(isoToSerial("1900-03-01")).toBe(61);
  expect(serialToIso(46350)).toBe("2026-11-24");
});
