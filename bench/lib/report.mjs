// bench/results/<timestamp>.json (every round) and a Markdown summary (printed, and written to
// bench/results/latest.md).
import fs from 'node:fs';
import path from 'node:path';

const fmt = (x) => (x === undefined || x === null || Number.isNaN(x) ? '—' : String(x));
const verdictOf = (r) => {
  if (r.gate === 'control' || r.gate === 'info') return 'report';
  return r.pass ? 'PASS' : 'FAIL';
};

export function markdown(report) {
  const lines = [];
  const { meta } = report;
  lines.push(`# Bench ${meta.mode} — ${meta.startedAt}`);
  lines.push('');
  lines.push(
    `Node ${meta.env.node}, PostgreSQL ${meta.env.pg}, ${meta.env.cpus} CPUs; tiers ${meta.tiers
      .map((t) => `${t.tier} = ${t.cases} cases`)
      .join(
        ', ',
      )}; ${meta.rounds} counted rounds (round 0 discarded) after warm-up; took ${meta.durationS} s.`,
  );
  lines.push('');
  lines.push(
    '| test | tier | A | B | A p50/p99 ms | B p50/p99 ms | B÷A p50: median (min–max) | p99 ratio | gate | result |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of report.results.filter((x) => x.rounds)) {
    const gate =
      r.gate === 'control' || r.gate === 'info'
        ? r.gate
        : `≤ ${r.threshold}${r.p99_threshold ? ` (p99 ≤ ${r.p99_threshold})` : ''}${
            r.regression
              ? `; regression ≤ ${r.regression.threshold}: ${r.regression.pass ? 'pass' : 'fail'}`
              : ''
          }`;
    lines.push(
      `| ${r.test} | ${r.tier} | ${r.a} | ${r.b} | ${r.a_p50} / ${r.a_p99} | ${r.b_p50} / ${r.b_p99} | ` +
        `**${r.median_ratio}** (${r.min_ratio}–${r.max_ratio}), +${r.median_added_ms} ms | ${r.median_p99_ratio} | ${gate} | ${verdictOf(r)}${r.load_fallback ? ' ⚠ host busy' : ''} |`,
    );
  }
  const statements = report.results.filter((x) => x.by_page_size);
  if (statements.length) {
    lines.push('');
    lines.push('| SQL statements per gateway list request | tier | page 10 | page 50 | page 100 | result |');
    lines.push('|---|---|---|---|---|---|');
    for (const s of statements) {
      const cell = (n) => {
        const v = s.by_page_size[n];
        return `${v.driver.join('/')}${v.pg_stat_statements !== undefined ? ` (pg_stat_statements ${v.pg_stat_statements})` : ''}`;
      };
      lines.push(
        `| statements | ${s.tier} | ${cell(10)} | ${cell(50)} | ${cell(100)} | ${s.pass ? 'PASS' : 'FAIL'} |`,
      );
    }
    const kinds = statements[0].by_page_size[50].kinds;
    lines.push('');
    lines.push(
      `Statements of one page-50 request: ${Object.entries(kinds)
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ')}.`,
    );
  }
  const explains = report.results.filter((x) => x.checks);
  if (explains.length) {
    lines.push('');
    lines.push('| EXPLAIN (ANALYZE) | tier | statement | ms | plan | result |');
    lines.push('|---|---|---|---|---|---|');
    for (const e of explains)
      for (const c of e.checks)
        lines.push(
          `| plan | ${e.tier} | ${c.name} | ${fmt(c.execution_ms)} | ${c.nodes.join(' → ')} | ${c.pass ? 'PASS' : 'FAIL'} |`,
        );
  }
  if (report.experiments.length) {
    lines.push('');
    lines.push('Experiments (where the gateway time goes):');
    lines.push('');
    for (const x of report.experiments) {
      const { name, tier, ...data } = x;
      lines.push(`- **${name}** [${tier}]: \`${JSON.stringify(data)}\``);
    }
  }
  lines.push('');
  const failed = report.gates.filter((g) => !g.pass);
  lines.push(
    `Correctness gates: ${report.gates.length - failed.length}/${report.gates.length} passed${
      failed.length ? ` — FAILED: ${failed.map((g) => `${g.name} [${g.tier}] (${g.detail})`).join('; ')}` : ''
    }.`,
  );
  return lines.join('\n') + '\n';
}

export function writeReport(report, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.meta.startedAt.replace(/[:.]/g, '-');
  const json = path.join(dir, `${stamp}${report.meta.mode === 'quick' ? '-quick' : ''}.json`);
  fs.writeFileSync(
    json,
    JSON.stringify(report, (k, v) => (v === Infinity ? null : v), 2),
  );
  const md = markdown(report);
  fs.writeFileSync(path.join(dir, 'latest.md'), md);
  return { json, md };
}
