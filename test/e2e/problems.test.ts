// End to end, in real Chromium against a plain Node server: what the harness counts as a problem on a
// page. Large answers are read as streams and sent with `Cache-Control: no-store` (the host's API does
// both); Chromium's DevTools protocol reports about half such reads as aborted although the page got
// every byte. Those reads must not count as problems, and a body cut short must.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable, launchChromium, recordProblems, skipWithoutChromium } from './harness.js';

const BYTES = 8 * 2 ** 20;
const CHUNK = 2 ** 20;
const READS = 12;

let server: Server | undefined;
let browser: Browser | undefined;
let origin = '';

/** `/answer` sends BYTES in chunks, no-store; `/cut` stops halfway and closes the connection. */
function startServer(): Promise<Server> {
  const body = Buffer.alloc(BYTES, 7);
  const answering = createServer((req, res) => {
    if (req.url === '/') return void res.end('<!doctype html><title>problems</title>');
    const cut = req.url === '/cut';
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': BYTES, 'Cache-Control': 'no-store' });
    let at = 0;
    const next = (): void => {
      if (cut && at >= BYTES / 2) return void res.destroy();
      if (at >= BYTES) return void res.end();
      const chunk = body.subarray(at, at + CHUNK);
      at += chunk.length;
      if (res.write(chunk)) setImmediate(next);
      else res.once('drain', next);
    };
    next();
  });
  return new Promise((resolve) => answering.listen(0, '127.0.0.1', () => resolve(answering)));
}

/** Reads `path` through a stream reader, as the app reads large answers; the bytes counted, or the error. */
function readAsStream(page: Page, path: string): Promise<number | string> {
  return page.evaluate(async (url) => {
    try {
      const response = await fetch(url, { method: 'POST', body: '{}' });
      const reader = response.body!.getReader();
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return bytes;
        bytes += value.byteLength;
      }
    } catch (error) {
      return String(error);
    }
  }, `${origin}${path}`);
}

beforeAll(async () => {
  if (chromiumUnavailable() !== null) return;
  server = await startServer();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe("the harness's problems", () => {
  it('are none for no-store answers read to their end as streams, and name a body cut short', async (ctx) => {
    skipWithoutChromium(ctx);
    const page = await browser!.newPage();
    const problems = recordProblems(page);
    await page.goto(`${origin}/`);
    const read: (number | string)[] = [];
    for (let i = 0; i < READS; i++) read.push(await readAsStream(page, '/answer'));
    expect(read).toEqual(Array.from({ length: READS }, () => BYTES));
    expect(problems).toEqual([]);

    expect(await readAsStream(page, '/cut')).toMatch(/network error/i);
    const cutShort = /^request failed: POST .*\/cut \(net::ERR_CONTENT_LENGTH_MISMATCH\)$/;
    await expect.poll(() => problems.some((problem) => cutShort.test(problem))).toBe(true);
    // Chromium also logs the failed load to the console; nothing names the answers read to their end.
    expect(problems.filter((problem) => !/\/cut\b|ERR_CONTENT_LENGTH_MISMATCH/.test(problem))).toEqual([]);
    await page.close();
  }, 60_000);
});
