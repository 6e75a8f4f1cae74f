import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInventoryHtml } from '../../src/report/index.js';
import { clinicInventory } from './inventory-fixture.js';

/** Debian's browser on PATH (`chromium`, or `chromium-browser` on older releases); never a downloaded one. */
function findChromium(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean))
    for (const name of ['chromium', 'chromium-browser']) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}
const CHROMIUM = findChromium() ?? '';
const hasChromium = CHROMIUM !== '';
if (!hasChromium)
  console.warn(
    'SKIPPED: the HTML inventory browser test — no chromium or chromium-browser on PATH (apt-get install chromium)',
  );

describe('HTML inventory page', () => {
  const html = renderInventoryHtml(clinicInventory(), { title: 'Clinic API <inventory>' });

  it('is self-contained: no external URL at all', () => {
    expect(html).not.toMatch(/\b(?:src|href)\s*=/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Clinic API &lt;inventory&gt;');
  });

  describe.skipIf(!hasChromium)('in headless Chromium', () => {
    // biome-ignore lint/suspicious/noExplicitAny: playwright-core types are loaded lazily
    let browser: any;
    // biome-ignore lint/suspicious/noExplicitAny: see above
    let page: any;
    const requests: string[] = [];

    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      page = await browser.newPage();
      page.on('request', (r: { url: () => string }) => {
        if (!r.url().startsWith('data:') && !r.url().startsWith('about:')) requests.push(r.url());
      });
      await page.setContent(html, { waitUntil: 'load' });
    });
    afterAll(async () => {
      await browser?.close();
    });

    const visiblePaths = async (): Promise<string[]> =>
      page.$$eval('tbody tr:not([hidden])', (rows: { dataset: { path?: string } }[]) =>
        rows.map((r) => r.dataset.path ?? ''),
      );

    it('renders every operation and the chart, fetching nothing', async () => {
      expect(await visiblePaths()).toEqual(['/patients/{id}', '/patients', '/search/a,"b"', '/tags/a|b']);
      expect(await page.locator('svg rect.open').count()).toBeGreaterThan(0);
      expect(await page.textContent('#shown')).toBe('4 of 4 operations');
      expect(requests).toEqual([]);
    });

    it('hides rows as the user types in the filter', async () => {
      await page.fill('#filter', 'ssn');
      expect(await visiblePaths()).toEqual(['/patients/{id}']);
      await page.fill('#filter', '');
      expect(await visiblePaths()).toHaveLength(4);
    });

    it('filters by view, exposure and auth', async () => {
      await page.selectOption('#source', 'observed');
      expect(await visiblePaths()).toEqual(['/patients', '/search/a,"b"']);
      await page.selectOption('#pii', 'any');
      expect(await visiblePaths()).toEqual(['/patients']);
      await page.selectOption('#source', '');
      await page.selectOption('#pii', '');
      await page.selectOption('#auth', 'none');
      expect(await visiblePaths()).toEqual(['/patients/{id}']);
      await page.selectOption('#auth', '');
    });

    it('sorts when a column header is clicked', async () => {
      await page.click('th[data-key="path"]');
      expect(await visiblePaths()).toEqual(['/patients', '/patients/{id}', '/search/a,"b"', '/tags/a|b']);
      await page.click('th[data-key="path"]');
      expect(await visiblePaths()).toEqual(['/tags/a|b', '/search/a,"b"', '/patients/{id}', '/patients']);
    });
  });
});
