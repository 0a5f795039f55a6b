// JupyterLab with the gonlm kernel, in Debian's headless Chromium driven by
// playwright-core (no browser download): the set-up the browser tests share.
//
// startLab() starts JupyterLab from .venv on a free loopback port with this
// checkout's bin/gonlm installed as kernel "gonlm" into a private
// JUPYTER_DATA_DIR, and opens a page; stopLab() ends both. `skip` is a reason
// to skip (no Chromium, no .venv, no bin/gonlm) or false.

import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const bin = path.resolve(process.env.GONLM_BIN || path.join(root, "bin", "gonlm"));
const jupyter = path.join(root, ".venv", "bin", "jupyter");
export const outDir = path.join(root, "out", "browser");
export const skip = !existsSync(chromiumPath)
  ? `no Chromium at ${chromiumPath}`
  : !existsSync(jupyter) ? "no .venv/bin/jupyter (run make setup)"
  : !existsSync(bin) ? `no ${bin} (run make build)` : false;

const token = "gonlm-browser-test";

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
    s.on("error", reject);
  });
}

async function waitForServer(lab, url, ms) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    if (lab.exitCode !== null) throw new Error(`jupyter lab exited with ${lab.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`JupyterLab did not answer ${url} within ${ms} ms (${last})`);
}

// startLab starts JupyterLab and Chromium; it returns {page, browser, url,
// notebooks (the server's root folder), ...} for stopLab.
export async function startLab() {
  const { chromium } = await import("playwright-core");
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), "gonlm-lab-"));
  const env = {
    ...process.env,
    JUPYTER_DATA_DIR: path.join(work, "data"),
    JUPYTER_CONFIG_DIR: path.join(work, "config"),
    JUPYTER_RUNTIME_DIR: path.join(work, "runtime"),
  };
  const notebooks = path.join(work, "notebooks");
  mkdirSync(notebooks);
  execFileSync(bin, ["install", "--user", "--binary", bin], { env, stdio: "ignore" });
  const port = await freePort();
  const lab = spawn(jupyter, [
    "lab", "--no-browser", "--ip", "127.0.0.1", "--port", String(port),
    `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${notebooks}`,
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.news_url=",
    `--config=${path.join(root, "scripts", "jupyter_lab_config.py")}`, // as make lab runs it
    ...(process.getuid && process.getuid() === 0 ? ["--allow-root"] : []),
  ], { env, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  lab.stderr.on("data", (d) => { log = (log + d).slice(-20000); });
  lab.on("exit", (code) => { if (code) console.error(`jupyter lab exited ${code}:\n${log}`); });
  await waitForServer(lab, `http://127.0.0.1:${port}/api/status?token=${token}`, 60000);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  return { lab, browser, page, work, notebooks, port, token,
    url: (p = "lab") => `http://127.0.0.1:${port}/${p}?token=${token}` };
}

// stopLab closes Chromium, stops JupyterLab and removes its folders.
export async function stopLab(s) {
  if (!s) return;
  if (s.browser) await s.browser.close();
  if (s.lab && s.lab.exitCode === null) {
    s.lab.kill("SIGTERM");
    await new Promise((r) => { s.lab.on("exit", r); setTimeout(r, 5000); });
  }
  if (s.work) rmSync(s.work, { recursive: true, force: true });
}
