// HTTPS for the dev server. office-addin-dev-certs creates a localhost certificate and trusts its CA;
// trusting needs administrator rights that Linux CI and containers lack, in which case the library
// throws although the certificate files exist. Then serve with those files (or make them first).
const fs = require("fs");
const devCerts = require("office-addin-dev-certs");
const defaults = require("office-addin-dev-certs/lib/defaults");
const { generateCertificates } = require("office-addin-dev-certs/lib/generate");

const readFiles = () => ({
  ca: fs.readFileSync(defaults.caCertificatePath),
  cert: fs.readFileSync(defaults.localhostCertificatePath),
  key: fs.readFileSync(defaults.localhostKeyPath),
});

const haveFiles = () =>
  [defaults.caCertificatePath, defaults.localhostCertificatePath, defaults.localhostKeyPath].every((f) =>
    fs.existsSync(f)
  );

async function httpsServerOptions() {
  if (process.platform === "win32" || process.platform === "darwin") {
    try {
      return await devCerts.getHttpsServerOptions();
    } catch (error) {
      console.warn(`Could not install a trusted dev certificate (${error.message.split("\n")[0]}); using the files.`);
    }
  }
  if (!haveFiles()) await generateCertificates();
  return readFiles();
}

module.exports = { httpsServerOptions };
