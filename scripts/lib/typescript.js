// The scripts (example, sample book, share-safe CLI, bench) load the TypeScript sources directly:
// one hook compiles each .ts file on the fly to CommonJS, rather than keeping a second build. Under
// jest, ts-jest already compiles them (and `require.extensions` may be absent): nothing is done then.
"use strict";
const fs = require("fs");

/** Registers the .ts loader once for this process. */
function registerTypeScript() {
  if (!require.extensions || require.extensions[".ts"]) return;
  const ts = require("typescript");
  require.extensions[".ts"] = (module, filename) => {
    const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2020,
        esModuleInterop: true,
      },
      fileName: filename,
    });
    module._compile(outputText, filename);
  };
}

module.exports = { registerTypeScript };
