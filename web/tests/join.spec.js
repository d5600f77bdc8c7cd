// An operator new to the site joins MANRS: sign up, log in, claim AS3333,
// fail to verify, put the token into the aut-num, `manrs irr load`, verify,
// declare, and see declared beside measured; then search, and the per-AS
// page against the API. Screenshots of every page go to the artefacts.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const artifacts = process.env.MANRS_WEB_ARTIFACTS || 'test-results';
const shots = path.join(artifacts, 'screenshots');
mkdirSync(shots, { recursive: true });
const shot = (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

const email = `noc-${Date.now()}@example.net`;
const password = 'correct horse battery staple';

test('join, prove, declare, compare', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.locator('.hero h1')).toContainText('ASes measured');
  await expect(page.locator('canvas[data-chart="readiness"]')).toHaveAttribute('data-rendered', 'true');
  await shot(page, 'overview');

  // Sign up and log in.
  await page.getByRole('link', { name: 'Join MANRS' }).click();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await shot(page, 'signup');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.locator('.flash')).toContainText('account created');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/account/);

  // Claim, and fail to verify: the token is not in the IRR yet.
  await page.getByPlaceholder('AS64500').fill('AS3333');
  await page.getByRole('button', { name: 'Claim' }).click();
  const token = (await page.locator('#claim-3333 .token').textContent()).replace('remarks: ', '').trim();
  expect(token).toMatch(/^MANRS-VERIFY-[0-9a-f]{32}$/);
  await page.locator('#claim-3333').getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('.error')).toContainText('not in the loaded IRR');
  await shot(page, 'claim-unverified');

  // The operator updates the aut-num in its registry; the next load has it.
  const rpsl = path.join(process.env.MANRS_WORK, 'autnum-3333.rpsl');
  writeFileSync(rpsl, ['aut-num:  AS3333', 'as-name:  RIPE-NCC-AS', `remarks:  MANRS ${token}`,
    'import:   from AS1299 accept ANY', 'export:   to AS1299 announce AS3333',
    'mnt-by:   RIPE-NCC-MNT', 'source:   RIPE', ''].join('\n'));
  const files = process.env.MANRS_IRR_FILES.split('\n').filter(Boolean);
  execFileSync(process.env.MANRS_BIN, ['irr', 'load', '-q', '--db', process.env.MANRS_IRR_DB,
    '--source', 'RIPE', ...files, rpsl], { stdio: 'inherit' });
  await page.waitForTimeout(1100);  // the server looks at the snapshot at most once a second
  await page.locator('#claim-3333').getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('#claim-3333 .pill')).toHaveText('proven via irr');

  // Declare three actions, with a note.
  const claim = page.locator('#claim-3333');
  for (const action of ['filtering', 'coordination', 'global_validation']) {
    await claim.locator(`input[value="${action}"]`).check();
  }
  await claim.locator('textarea[name="note_filtering"]').fill('Prefix filters built from IRR and RPKI for every customer');
  await shot(page, 'declare');
  await claim.getByRole('button', { name: 'Save declaration' }).click();
  await expect(page.locator('.flash')).toContainText('saved');

  // Declared beside measured, on the AS page and in the API.
  await page.goto('/as/3333');
  const api = await (await request.get('/api/v1/participants/3333')).json();
  expect(api.declared).toEqual(['filtering', 'coordination', 'global_validation']);
  for (const [action, measured] of Object.entries(api.measured)) {
    const row = page.locator(`tr[data-action="${action}"]`);
    await expect(row.locator('.pill')).toHaveText(measured.label);
    await expect(row.locator('td').nth(1)).toHaveText(api.declared.includes(action) ? 'declared' : 'not declared');
  }
  for (const gap of api.gaps) await expect(page.locator('#declared + .panel')).toContainText(gap.gap);

  // The per-AS page shows the same numbers as /api/v1/as/3333.
  const report = await (await request.get('/api/v1/as/3333')).json();
  const kv = page.locator('td:has-text("Announced prefixes") + td');
  await expect(kv).toHaveText(String(report.announced_prefixes));
  await expect(page.locator('body')).toContainText(`valid ${report.rpki.valid} (`);
  await expect(page.locator('body')).toContainText(`over ${report.announced_prefixes} announced`);
  for (const p of report.prefixes) await expect(page.locator('body')).toContainText(p.prefix);
  await shot(page, 'as-3333');

  // Participants, and the CSV.
  await page.goto('/participants');
  await expect(page.locator('a[href="/as/3333"]')).toBeVisible();
  await shot(page, 'participants');
  const csv = await (await request.get('/participants.csv')).text();
  expect(csv.split('\n')[1]).toMatch(/^3333,/);

  // Search: by name (PeeringDB), by prefix, by number (straight to the page).
  await page.goto('/');
  await page.getByLabel('Search').fill('RIPE NCC');
  await page.getByLabel('Search').press('Enter');
  await expect(page.locator('main table')).toContainText('AS3333');
  await shot(page, 'search-name');
  await page.goto('/search?q=193.0.0.0/21');
  await expect(page.locator('main table')).toContainText('RPKI valid');
  await shot(page, 'search-prefix');
  await page.getByLabel('Search').first().fill('AS3333');
  await page.getByLabel('Search').first().press('Enter');
  await expect(page).toHaveURL(/\/as\/3333$/);
});
