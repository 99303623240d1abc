import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One figure of the bench: a measured value as a ratio to a baseline measured in the same run, against a goal. */
export interface Figure {
  id: string;
  measure: string;
  value: number;
  unit: string;
  baseline: { what: string; value: number; unit: string } | null;
  ratio: number;
  goal: { op: '>=' | '<='; value: number; text: string };
  pass: boolean;
  details?: Record<string, unknown>;
}

export function figure(f: Omit<Figure, 'ratio' | 'pass'> & { ratio?: number }): Figure {
  const ratio = f.ratio ?? (f.baseline ? f.value / f.baseline.value : Number.NaN);
  const pass = Number.isFinite(ratio) && (f.goal.op === '>=' ? ratio >= f.goal.value : ratio <= f.goal.value);
  return { ...f, ratio, pass };
}

export const atLeast = (value: number) => ({ op: '>=' as const, value, text: `≥ ${value}` });
export const atMost = (value: number, suffix = '') => ({ op: '<=' as const, value, text: `≤ ${value}${suffix}` });

const num = (v: number, unit: string) => {
  if (!Number.isFinite(v)) return 'n/a';
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
};

function rows(figures: Figure[]) {
  return figures.map((f) => ({
    id: f.id,
    measure: f.measure,
    value: num(f.value, f.unit),
    baseline: f.baseline ? `${f.baseline.what}: ${num(f.baseline.value, f.baseline.unit)}` : '—',
    ratio: Number.isFinite(f.ratio) ? f.ratio.toFixed(2) : 'n/a',
    goal: f.goal.text,
    result: f.pass ? 'pass' : 'FAIL',
  }));
}

export function printTable(figures: Figure[]): string {
  const table = rows(figures);
  const cols = ['id', 'measure', 'value', 'baseline', 'ratio', 'goal', 'result'] as const;
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...table.map((r) => r[c].length))])) as Record<
    (typeof cols)[number],
    number
  >;
  const line = (r: Record<(typeof cols)[number], string>) => cols.map((c) => r[c].padEnd(width[c])).join('  ');
  return [line(Object.fromEntries(cols.map((c) => [c, c])) as never), cols.map((c) => '-'.repeat(width[c])).join('  '), ...table.map(line)].join(
    '\n',
  );
}

export function markdownTable(figures: Figure[]): string {
  const head = '| id | measure | value | baseline (same run) | ratio | goal | result |\n|---|---|---|---|---|---|---|';
  return [head, ...rows(figures).map((r) => `| ${r.id} | ${r.measure} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.goal} | ${r.result} |`)].join(
    '\n',
  );
}

export interface RunInfo {
  startedAt: string;
  seconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    postgres: string;
    redis: string;
    /** The machine's 1-minute load average as the run began and ended: other work on it slows every figure. */
    loadAverage: { atStart: number; atEnd: number };
  };
  commit: string;
  dataSets: Record<
    string,
    { database: string; proposals: number; generatedAt?: string; generationSeconds?: number; counts?: Record<string, number> }
  >;
  notes: string[];
}

export function writeResults(dir: string, info: RunInfo, figures: Figure[]): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const md = join(dir, 'latest.md');
  writeFileSync(json, `${JSON.stringify({ ...info, figures }, null, 2)}\n`);
  const sets = Object.entries(info.dataSets)
    .map(
      ([name, s]) =>
        `- ${name}: \`${s.database}\`, ${s.proposals.toLocaleString('en')} proposals${s.generationSeconds ? `, generated in ${s.generationSeconds} s` : ''}${
          s.counts
            ? ` (${Object.entries(s.counts)
                .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
                .join(', ')})`
            : ''
        }`,
    )
    .join('\n');
  writeFileSync(
    md,
    [
      `# Bench results`,
      '',
      `Run ${info.startedAt} (${Math.round(info.seconds)} s) at commit \`${info.commit}\` on ${info.machine.cpus} × ${info.machine.cpuModel}, ${info.machine.memoryGiB} GiB, Node ${info.machine.node}, PostgreSQL ${info.machine.postgres}, Redis ${info.machine.redis}; 1-minute load average ${info.machine.loadAverage.atStart.toFixed(1)} at the start, ${info.machine.loadAverage.atEnd.toFixed(1)} at the end. Each figure is a ratio to a baseline measured in the same run.`,
      '',
      markdownTable(figures),
      '',
      'Data sets:',
      sets,
      ...(info.notes.length ? ['', 'Notes:', ...info.notes.map((n) => `- ${n}`)] : []),
      '',
    ].join('\n'),
  );
  return { json, md };
}

const README_START = '<!-- bench:table:start -->';
const README_END = '<!-- bench:table:end -->';

/** Puts the run's table between the README's bench markers (the Performance section), if it has them. */
export function updateReadme(readme: string, info: RunInfo, figures: Figure[]): boolean {
  if (!existsSync(readme)) return false;
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return false;
  const when = `Last run: ${info.startedAt.slice(0, 10)}, ${info.machine.cpus} cores, 1-minute load average ${info.machine.loadAverage.atStart.toFixed(1)} at its start (\`bench/results/latest.md\` has the details).`;
  writeFileSync(readme, `${text.slice(0, start + README_START.length)}\n${markdownTable(figures)}\n\n${when}\n${text.slice(end)}`);
  return true;
}
