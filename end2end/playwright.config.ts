import { defineConfig } from '@playwright/test';

// The specs drive Debian's Chromium (no browser download) against the real server: the
// debug server binary built by `make e2e`, a fresh SQLite database with the demo data, and
// the release client in ../dist.
const port = Number(process.env.E2E_PORT ?? 3100);
const server = process.env.AFTERSALES_BIN ?? '../target/debug/aftersales';
const dataDir = process.env.E2E_DATA_DIR ?? '../target/e2e-data';

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./support/last_words.ts']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `rm -rf ${dataDir} && mkdir -p ${dataDir} && ${server}`,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
      APP_ADDR: `127.0.0.1:${port}`,
      DEMO_DATA: 'true',
      // Two years of past orders, so the performance pages have months to show.
      DEMO_HISTORY_ORDERS: '600',
      STATIC_DIR: '../dist',
      RUST_LOG: 'warn',
      // As behind the load balancer in production: arrange steps give each customer they
      // register an address of their own (support/data.ts); the browser's own requests carry
      // none and count as 127.0.0.1.
      TRUST_FORWARDED_FOR: 'true',
    },
  },
});
