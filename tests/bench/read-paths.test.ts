// `npm run bench`: request throughput of the main read paths, as ratios against /health measured in the same run.
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

const ROUNDS = 300;
let t: TestApp;

async function measure(url: string, cookie?: string): Promise<number> {
  for (let i = 0; i < 20; i++) await t.request({ method: 'GET', url, cookie });
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    const res = await t.request({ method: 'GET', url, cookie });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  }
  return (performance.now() - started) / ROUNDS;
}

it('measures read paths against /health', async () => {
  t = await createTestApp();
  const coordinator = await t.login('coordinator@demo.kz');
  try {
    const baseline = await measure('/api/v1/health');
    const rows: Array<[string, number]> = [];
    for (const [name, url, cookie] of [
      ['dashboard', '/api/v1/dashboard'],
      ['district proposals', '/api/v1/proposals?district=auezov'],
      [
        'meeting detail',
        `/api/v1/meetings/${(await t.request({ method: 'GET', url: '/api/v1/meetings?district=auezov&status=closed' })).json().items[0].id}`,
      ],
      ['my assignments (coordinator)', '/api/v1/assignments?mine=true', coordinator],
    ] as Array<[string, string, string?]>) {
      rows.push([name, await measure(url, cookie)]);
    }
    console.log(`baseline /health: ${baseline.toFixed(2)} ms per request (${ROUNDS} requests)`);
    for (const [name, ms] of rows) console.log(`${name.padEnd(30)} ${ms.toFixed(2)} ms  ratio ${(ms / baseline).toFixed(1)}x baseline`);
  } finally {
    await t.close();
  }
}, 300_000);
