import { type Server, createServer } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

/** A stand-in for a third-party host: counts the requests a page makes to it. */
async function countingServer(): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "image/png" }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}`, hits };
}

test("the dashboard runs under its Content-Security-Policy, and a remote image in markdown never loads", async ({
  page,
}) => {
  const outside = await countingServer();
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  try {
    const key = uniqueKey("CSP");
    await api.project.create.mutate({
      name: `Csp ${key}`,
      rootDir: mkdtempSync(join(tmpdir(), "maestro-e2e-csp-")),
      key,
    });
    const response = await page.goto(`/projects/${key}/steering`);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response?.headers()["x-frame-options"]).toBe("DENY");

    await page.getByLabel("New document name").fill("leak");
    await page.getByRole("button", { name: "Add document" }).click();
    const editor = page.getByRole("region", { name: "leak.md" });
    await editor.getByRole("textbox", { name: "leak.md" }).fill(`# Leak\n\n![tracker](${outside.url}/pixel.png)\n`);
    const image = editor.getByRole("region", { name: "Preview" }).getByRole("img", { name: "tracker" });
    await expect(image).toBeVisible();
    await expect.poll(() => violations.some((text) => text.includes(outside.url))).toBe(true);
    expect(outside.hits).toEqual([]);
    // The app itself needs nothing the policy refuses.
    expect(violations.filter((text) => !text.includes(outside.url))).toEqual([]);
  } finally {
    outside.server.close();
  }
});
