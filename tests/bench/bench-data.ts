// `npm run bench:data -- --proposals 1000000 [--force]`: fills DATABASE_URL (default: the bench database of that
// size, as `npm run bench` uses it) with a generated city, then rebuilds its read models.
import { parseArgs } from 'node:util';
import { benchDatabaseName, benchServerUrl, ensureCity } from './data/databases.ts';

const LOAD_GOAL_SECONDS = 180;

const { values } = parseArgs({
  options: { proposals: { type: 'string', default: '1000000' }, force: { type: 'boolean', default: false } },
  allowPositionals: false,
});
const proposals = Number(values.proposals);
const url = process.env.DATABASE_URL ?? benchServerUrl(benchDatabaseName(proposals));
const shown = new URL(url);
shown.password = shown.password ? '***' : '';

try {
  const result = await ensureCity(url, proposals, { force: values.force });
  if (!result.generated) {
    console.log(
      `${shown} already holds the ${proposals.toLocaleString('en')}-proposal set (generated ${result.marker.generatedAt}); --force makes it again`,
    );
  } else {
    const { seconds, counts } = result.report!;
    console.log(
      `\n${Object.entries(counts)
        .map(([table, n]) => `  ${table.padEnd(20)} ${n.toLocaleString('en').padStart(12)}`)
        .join('\n')}`,
    );
    console.log(
      `\ngenerated in ${seconds.toFixed(1)} s (goal: under ${LOAD_GOAL_SECONDS} s${seconds <= LOAD_GOAL_SECONDS ? ', met' : ', MISSED'}) into ${shown}`,
    );
  }
} catch (err) {
  console.error(`bench:data failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
