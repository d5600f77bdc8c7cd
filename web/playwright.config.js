// Playwright on Debian's Chromium (never `npx playwright install`): the
// server is started by tests/web_playwright_test.sh, which passes its URL.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests',
  workers: 1,
  timeout: 60000,
  outputDir: `${process.env.MANRS_WEB_ARTIFACTS || 'test-results'}/playwright`,
  use: {
    baseURL: process.env.MANRS_URL,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
