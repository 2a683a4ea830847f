// Headless Chromium for the page checks: no sandbox, no GPU, nothing that reaches the network on
// its own, a profile of its own in a temporary directory, removed by close().
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

/** A browser (CHROMIUM, else /usr/bin/chromium) and `close`, which also removes its profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "nettrace-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--user-data-dir=${profile}`,
    ],
  });
  const close = async () => {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { browser, close };
}
