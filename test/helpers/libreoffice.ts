/**
 * Headless LibreOffice for the example-workbook tests: Debian's `libreoffice-calc`, located, or
 * installed with apt-get when running as root (CI), once — as ./browser.ts does for Chromium.
 *
 * Each conversion runs in its own throw-away profile (`-env:UserInstallation`), whose
 * registrymodifications.xcu sets Calc's "Recalculation on file load" for Excel 2007 and newer files
 * (`/org.openoffice.Office.Calc/Formula/Load` `OOXMLRecalcMode`: 0 always, 1 never, 2 ask), so one test
 * can open the same file both ways, side by side.
 */
import { execFileSync, spawn } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";

const CANDIDATES = [
  process.env.SOFFICE_PATH,
  "/usr/bin/soffice",
  "/usr/bin/libreoffice",
  "/usr/lib/libreoffice/program/soffice",
  "/opt/libreoffice/program/soffice",
];

const onPath = (name: string): string | undefined => {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  return undefined;
};

const locate = (): string | undefined =>
  CANDIDATES.find((file) => file && fs.existsSync(file)) ??
  onPath("soffice") ??
  onPath("libreoffice");

let found: string | undefined;

/** The soffice executable; installs Debian's libreoffice-calc when missing and running as root. */
export function findSoffice(): string {
  if (found) return found;
  found = locate();
  if (found) return found;
  const why: string[] = [];
  if (process.getuid?.() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const install = (): void => {
      execFileSync(
        "apt-get",
        ["install", "-y", "-qq", "--no-install-recommends", "libreoffice-calc"],
        { stdio: "pipe", env, timeout: 600000 }
      );
    };
    try {
      install();
    } catch (first) {
      // a fresh machine may have no package lists yet
      why.push(String((first as { stderr?: Buffer }).stderr ?? first).trim());
      try {
        execFileSync("apt-get", ["update", "-qq"], { stdio: "pipe", env, timeout: 300000 });
        install();
      } catch (second) {
        why.push(String((second as { stderr?: Buffer }).stderr ?? second).trim());
      }
    }
    found = locate();
    if (found) return found;
  } else {
    why.push("not running as root, so it was not installed");
  }
  throw new Error(
    "LibreOffice (soffice) not found: install Debian's libreoffice-calc " +
      "(apt-get install --no-install-recommends libreoffice-calc) or set SOFFICE_PATH." +
      (why.length ? `\n${why.join("\n")}` : "")
  );
}

/**
 * `pdftotext` and `pdfinfo` (Debian's poppler-utils), to read the PDFs LibreOffice prints; installed
 * with apt-get when missing and running as root, as LibreOffice is.
 */
export function findPoppler(): { pdftotext: string; pdfinfo: string } {
  const look = () => ({ pdftotext: onPath("pdftotext"), pdfinfo: onPath("pdfinfo") });
  let tools = look();
  if ((!tools.pdftotext || !tools.pdfinfo) && process.getuid?.() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const install = (): void => {
      execFileSync(
        "apt-get",
        ["install", "-y", "-qq", "--no-install-recommends", "poppler-utils"],
        {
          stdio: "pipe",
          env,
          timeout: 600000,
        }
      );
    };
    try {
      install();
    } catch {
      // a fresh machine may have no package lists yet
      execFileSync("apt-get", ["update", "-qq"], { stdio: "pipe", env, timeout: 300000 });
      install();
    }
    tools = look();
  }
  if (!tools.pdftotext || !tools.pdfinfo) {
    throw new Error(
      "pdftotext and pdfinfo not found: install Debian's poppler-utils " +
        "(apt-get install --no-install-recommends poppler-utils)."
    );
  }
  return { pdftotext: tools.pdftotext, pdfinfo: tools.pdfinfo };
}

/** A private LibreOffice profile that recalculates xlsx formulas on load always, or never. */
function profile(recalculate: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "althedge-lo-profile-"));
  fs.mkdirSync(path.join(dir, "user"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "user", "registrymodifications.xcu"),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>${recalculate ? 0 : 1}</value></prop></item>
</oor:items>
`
  );
  return dir;
}

/**
 * Opens each of `files` in headless LibreOffice and saves it again as xlsx into `outDir` (same base
 * names), with recalculation on load forced on or off. Resolves with the written files.
 */
export function convertToXlsx(
  files: string[],
  outDir: string,
  options: { recalculate: boolean; timeoutMs?: number }
): Promise<string[]> {
  return convert(files, outDir, "xlsx:Calc MS Excel 2007 XML", ".xlsx", options);
}

/**
 * Prints each of `files` to PDF with headless LibreOffice, into `outDir` ("name.pdf" for
 * "name.xlsx"), every sheet with its own page setup, as File › Export as PDF does. Cached values are
 * kept (no recalculation on load). Resolves with the written files.
 */
export function convertToPdf(
  files: string[],
  outDir: string,
  options: { timeoutMs?: number } = {}
): Promise<string[]> {
  return convert(files, outDir, "pdf", ".pdf", { recalculate: false, ...options });
}

function convert(
  files: string[],
  outDir: string,
  filter: string,
  extension: string,
  options: { recalculate: boolean; timeoutMs?: number }
): Promise<string[]> {
  const soffice = findSoffice();
  const home = profile(options.recalculate);
  fs.mkdirSync(outDir, { recursive: true });
  const args = [
    `-env:UserInstallation=file://${home}`,
    "--headless",
    "--norestore",
    "--nolockcheck",
    "--convert-to",
    filter,
    "--outdir",
    outDir,
    ...files,
  ];
  const outputs = files.map((file) =>
    path.join(outDir, path.basename(file, path.extname(file)) + extension)
  );
  return new Promise((resolve, reject) => {
    const child = spawn(soffice, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let log = "";
    child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      reject(new Error(`soffice did not finish within ${options.timeoutMs ?? 60000} ms:\n${log}`));
    }, options.timeoutMs ?? 60000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fs.rmSync(home, { recursive: true, force: true });
      const missing = outputs.filter((file) => !fs.existsSync(file));
      if (code !== 0 || missing.length > 0) {
        reject(
          new Error(
            `soffice exited with ${code}; not written: ${missing.join(", ") || "none"}\n${log}`
          )
        );
      } else resolve(outputs);
    });
  });
}
