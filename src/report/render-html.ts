// The report page: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched —
// its Content-Security-Policy forbids any request), readable from file:// and byte-identical for
// the same report data. Charts are drawn by render-svg.ts; everything else is plain markup. Pure
// of I/O.
import { chartOption, PALETTE } from "./chart-option.js";
import { renderSvg } from "./render-svg.js";
import type {
  ApprovalView,
  CalibrationSection,
  Chart,
  Check,
  PlansSection,
  PrivacySection,
  ReportData,
  RunSection,
  Series,
  ShapeSection,
} from "./report-data.js";

const SECTIONS = [
  ["shape", "Data shape"],
  ["calibration", "Calibration"],
  ["plans", "Plans"],
  ["privacy", "Privacy"],
  ["run", "Run"],
] as const;

export function renderHtml(data: ReportData): string {
  const s = data.sections;
  const body = [
    s.shape ? shapeHtml(s.shape) : "",
    s.calibration ? calibrationHtml(s.calibration) : "",
    s.plans ? plansHtml(s.plans) : "",
    s.privacy ? privacyHtml(s.privacy) : "",
    s.run ? runHtml(s.run) : "",
  ].join("\n");
  const nav = SECTIONS.filter(([key]) => s[key] !== undefined)
    .map(([key, label]) => `<a href="#${key}">${label}${navBadge(data, key)}</a>`)
    .join("");
  const status =
    data.summary.failed + data.summary.findings === 0
      ? `<span class="badge pass">${data.summary.checks} checks pass</span>`
      : `<span class="badge fail">${data.summary.failed} of ${data.summary.checks} checks fail${data.summary.findings ? `, ${data.summary.findings} PII finding(s)` : ""}</span>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(data.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top">
<div class="wrap">
<div class="brand">seedband report</div>
<h1>${esc(data.title)}</h1>
<div class="status">${status}</div>
<nav>${nav}</nav>
${data.omitted.length ? `<p class="omitted">Not in this report: ${data.omitted.map(esc).join("; ")}.</p>` : ""}
</div>
</header>
<main class="wrap">
${body}
</main>
</body>
</html>
`;
}

function navBadge(data: ReportData, key: (typeof SECTIONS)[number][0]): string {
  if (key === "shape" && data.sections.shape) {
    const failed = data.sections.shape.checks.filter((c) => !c.pass).length;
    return failed ? ` <span class="dot fail">${failed}</span>` : ` <span class="dot pass">✓</span>`;
  }
  if (key === "privacy" && data.sections.privacy) {
    const p = data.sections.privacy;
    return p.findings.length || p.approval.status !== "approved"
      ? ` <span class="dot warn">!</span>`
      : ` <span class="dot pass">✓</span>`;
  }
  return "";
}

function shapeHtml(s: ShapeSection): string {
  const failed = s.checks.filter((c) => !c.pass);
  return section(
    "shape",
    "Data shape",
    `The band's database measured against its spec: fan-outs, text lengths, time profiles, value mixes and null rates, each with the tolerance its check uses.`,
    [
      facts([
        ["band", `${s.band} (seed ${s.seed})`],
        ["database", s.database],
        ["fingerprint", s.fingerprint.slice(0, 16)],
        ["spec", s.spec],
        [
          "rows",
          Object.entries(s.rows)
            .map(([t, n]) => `${t} ${n.toLocaleString("en-US")}`)
            .join(" · "),
        ],
        [
          "checks",
          failed.length === 0
            ? `${s.checks.length}, all pass`
            : `${failed.length} of ${s.checks.length} fail: ${failed.map((c) => c.check).join("; ")}`,
        ],
      ]),
      grid(s.charts),
      notes(s.notes),
    ],
  );
}

function calibrationHtml(s: CalibrationSection): string {
  const rows = s.fits.map(
    (f) =>
      `<tr><td><code>${esc(f.path)}</code></td><td>${esc(f.distribution)}</td><td>${esc(params(f.params))}</td><td class="num">${f.n.toLocaleString("en-US")}</td><td class="num">${f.statistic ? `${f.statistic.name.toUpperCase()} ${f.statistic.value}${f.statistic.critical !== undefined ? ` <small>(5% critical ${f.statistic.critical})</small>` : ""}` : "—"}</td></tr>`,
  );
  return section(
    "calibration",
    "Calibration",
    `What \`seedband calibrate\` fits to the metrics, drawn against them, with each fit's goodness of fit.`,
    [
      facts([
        ["metrics", s.metrics],
        ["template", s.template],
        ["fits", String(s.fits.length)],
      ]),
      grid(s.charts),
      table(["spec path", "distribution", "parameters", "n", "goodness of fit"], rows),
      s.kept.length
        ? `<h3>Kept from the template</h3><ul class="kept">${s.kept.map((k) => `<li>${esc(k)}</li>`).join("")}</ul>`
        : "",
    ],
  );
}

function plansHtml(s: PlansSection): string {
  const ms = (x?: { medianMs: number }) => (x ? `${x.medianMs} ms` : "—");
  const buf = (x?: { buffers: number }) => (x ? x.buffers.toLocaleString("en-US") : "—");
  const pct = (x: number | null) => (x === null ? "—" : `${x}%`);
  const compare = s.before !== undefined;
  const rows = s.rows.map((r) =>
    compare
      ? `<tr><td>${esc(r.query)}</td><td>${esc(r.key)}</td><td class="num">${ms(r.before)}</td><td class="num">${ms(r.after)}</td><td class="num">${pct(r.timeReductionPct)}</td><td class="num">${buf(r.before)}</td><td class="num">${buf(r.after)}</td><td class="num">${pct(r.bufferReductionPct)}</td><td>${r.planChanged === null ? (r.before ? "only before" : "only after") : r.planChanged ? '<span class="badge warn">changed</span>' : "same"}</td></tr>`
      : `<tr><td>${esc(r.query)}</td><td>${esc(r.key)}</td><td class="num">${ms(r.after)}</td><td class="num">${buf(r.after)}</td></tr>`,
  );
  const head = compare
    ? [
        "query",
        "case",
        "median before",
        "median after",
        "time −%",
        "buffers before",
        "buffers after",
        "buffers −%",
        "plan",
      ]
    : ["query", "case", "median", "buffers"];
  const diffs = s.diffs
    .map(
      (d) =>
        `<div class="plan"><div class="plan-head"><b>${esc(d.query)}</b> [${esc(d.key)}] ${compare ? (d.changed ? '<span class="badge warn">plan changed</span>' : '<span class="badge">same plan</span>') : ""}</div><pre>${d.lines
          .map(
            (l) =>
              `<span class="${l.startsWith("+ ") ? "add" : l.startsWith("- ") ? "del" : "keep"}">${esc(l)}</span>`,
          )
          .join("")}</pre></div>`,
    )
    .join("\n");
  return section(
    "plans",
    "Plans",
    compare
      ? `\`seedband baseline compare\` as pictures: each query case's median time and shared buffers before and after, and the plan tree diffs (− before, + after).`
      : `The baselines' median times, shared buffers and plans per query case.`,
    [
      facts([
        ...(compare ? ([["before", s.before!]] as Array<[string, string]>) : []),
        [compare ? "after" : "baselines", s.after],
        ["band", s.band],
      ]),
      grid(s.charts),
      table(head, rows),
      notes(s.notes),
      `<h3>${compare ? "Plan trees" : "Plans"}</h3><div class="plans">${diffs}</div>`,
    ],
  );
}

function privacyHtml(s: PrivacySection): string {
  const p = s.privacy;
  const models = s.models.map(
    (m) =>
      `<tr><td>${esc(m.model)}</td><td class="num">${m.rows.toLocaleString("en-US")}</td><td class="num">${m.relations}</td><td class="num">${m.fields}</td><td class="num">${m.buckets}</td><td class="num">${m.suppressed}</td><td class="num">${m.tokens}</td></tr>`,
  );
  const findings = s.findings.length
    ? table(
        ["where", "type", "masked preview"],
        s.findings.map(
          (f) =>
            `<tr><td><code>${esc(f.path)}</code></td><td>${esc(f.type)}</td><td><code>${esc(f.preview)}</code></td></tr>`,
        ),
      )
    : `<p class="clean"><span class="badge pass">pii check: clean</span> No personal data found in the metrics (profile metrics).</p>`;
  return section(
    "privacy",
    "Privacy",
    `What the metrics file contains, for whoever signs it off: aggregates only — counts per bucket (buckets under k entities suppressed), HMAC tokens in place of identifiers, optional Laplace noise.`,
    [
      facts([
        ["metrics", s.metrics],
        ["SHA-256", s.sha256],
        ["window", `${s.window.start.slice(0, 10)} → ${s.window.end.slice(0, 10)} (${s.window.days} days)`],
        ["k", String(p.k)],
        [
          "epsilon",
          p.epsilon === null ? "none (no noise)" : `ε = ${p.epsilon} (Laplace scale ${p.laplaceScale})`,
        ],
        ["tokens", p.tokens],
        ["suppressed buckets", p.suppressedBuckets.toLocaleString("en-US")],
      ]),
      approvalHtml(s.approval),
      grid(s.charts),
      table(["model", "rows", "relations", "fields", "buckets", "suppressed", "tokens"], models),
      `<h3>pii check</h3>${findings}`,
    ],
  );
}

function approvalHtml(a: ApprovalView): string {
  if (a.status === "none")
    return `<div class="approval none"><span class="badge warn">not approved</span> No approval record beside the file. Sign-off: <code>seedband approve ${esc(a.record ?? "metrics.json")} --by NAME</code>.</div>`;
  if (a.status === "invalid")
    return `<div class="approval invalid"><span class="badge fail">approval record invalid</span> ${esc(a.record ?? "")}: ${esc(a.reason ?? "")}</div>`;
  const who = `by <b>${esc(a.approvedBy ?? "")}</b> on ${esc(a.approvedAt ?? "")}, expires ${esc(a.expiresAt ?? "")}`;
  return a.status === "approved"
    ? `<div class="approval ok"><span class="badge pass">approved</span> ${who}; the file's SHA-256 matches the record (<code>${esc(a.record ?? "")}</code>).</div>`
    : `<div class="approval changed"><span class="badge fail">changed since approval</span> ${who}; the record approved SHA-256 <code>${esc((a.sha256 ?? "").slice(0, 16))}…</code>, the file differs.</div>`;
}

function runHtml(s: RunSection): string {
  return section(
    "run",
    "Run",
    `The run record of the seed that built this database: its stages' timings and the rows it loaded.`,
    [
      facts([
        ["command", `seedband ${s.command} ${s.band} (seed ${s.seed})${s.reused ? ", reused" : ""}`],
        ["status", s.status],
        ["started", s.startedAt],
        ...(s.finishedAt ? ([["finished", s.finishedAt]] as Array<[string, string]>) : []),
        ["total", `${s.durations.total ?? 0} s`],
        ...(s.provider
          ? ([
              ["server", `${s.provider}${s.serverVersion ? `, PostgreSQL ${s.serverVersion}` : ""}`],
            ] as Array<[string, string]>)
          : []),
        ...(s.threads !== undefined
          ? ([["generator threads", String(s.threads)]] as Array<[string, string]>)
          : []),
        ...(s.seedbandVersion ? ([["seedband", s.seedbandVersion]] as Array<[string, string]>) : []),
      ]),
      grid(s.charts),
    ],
  );
}

function section(id: string, title: string, lede: string, parts: string[]): string {
  return `<section id="${id}">
<h2>${title}</h2>
<p class="lede">${esc(lede).replace(/`([^`]+)`/g, "<code>$1</code>")}</p>
${parts.filter(Boolean).join("\n")}
</section>`;
}

function grid(charts: Chart[]): string {
  return `<div class="grid">\n${charts.map(figure).join("\n")}\n</div>`;
}

function figure(chart: Chart): string {
  const failed = chart.checks.filter((c) => !c.pass).length;
  const badge = chart.checks.length
    ? failed
      ? `<span class="badge fail">${failed} fail</span>`
      : `<span class="badge pass">pass</span>`
    : "";
  return `<figure class="chart${chart.wide ? " wide" : ""}" id="chart-${chart.id}" data-chart="${chart.id}">
<figcaption><div class="title">${esc(chart.title)} ${badge}</div>${chart.subtitle ? `<div class="sub">${esc(chart.subtitle)}</div>` : ""}</figcaption>
<div class="legend">${chart.series.map((series, i) => legendKey(series, i)).join("")}</div>
${renderSvg(chartOption(chart), `c-${chart.id}`)}
${chart.checks.length ? `<ul class="checks">${chart.checks.map(checkItem).join("")}</ul>` : ""}
${chart.note ? `<p class="note">${esc(chart.note)}</p>` : ""}
</figure>`;
}

/** A legend entry; its data attributes let a test find the series' marks in the SVG. */
function legendKey(s: Series, index: number): string {
  const color = PALETTE[s.tone % PALETTE.length];
  return `<span class="key" data-series="${index}" data-style="${s.style}" data-color="${color}"><i class="sw ${s.style}" style="--c:${color}"></i>${esc(s.name)}</span>`;
}

function checkItem(c: Check): string {
  return `<li class="${c.pass ? "pass" : "fail"}"><span class="mark">${c.pass ? "✓" : "✗"}</span> ${esc(c.check)}: <b>${c.measured}</b> <span class="exp">(expected ${c.expected} ± ${c.tolerance})</span>${c.detail ? ` <span class="detail">${esc(c.detail)}</span>` : ""}</li>`;
}

function facts(items: Array<[string, string]>): string {
  return `<dl class="facts">${items.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join("")}</dl>`;
}

function table(head: string[], rows: string[]): string {
  return `<div class="table"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function notes(items: string[]): string {
  return items.length
    ? `<ul class="notes">${items.map((n) => `<li>${esc(n).replace(/`([^`]+)`/g, "<code>$1</code>")}</li>`).join("")}</ul>`
    : "";
}

function params(p: Record<string, number | string | Record<string, number>>): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`)
    .join(" ");
}

function esc(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

const CSS = `
:root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;--pass:#15803d;--fail:#b91c1c;--warn:#b45309}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
.wrap{max-width:1240px;margin:0 auto;padding:0 24px}
header.top{background:#0f172a;color:#e2e8f0;padding:20px 0 0}
header.top .brand{font-size:12px;letter-spacing:.12em;text-transform:uppercase;color:#93c5fd}
header.top h1{margin:2px 0 6px;font-size:22px;font-weight:600;color:#fff}
header.top .status{margin-bottom:10px}
header.top .omitted{margin:0 0 10px;font-size:12px;color:#94a3b8}
nav{display:flex;gap:4px;flex-wrap:wrap}
nav a{color:#cbd5e1;text-decoration:none;padding:8px 14px;border-radius:6px 6px 0 0;font-weight:500}
nav a:hover{background:#1e293b;color:#fff}
.dot{display:inline-block;min-width:18px;padding:0 5px;border-radius:9px;font-size:11px;text-align:center;color:#fff}
.dot.pass{background:var(--pass)}.dot.fail{background:var(--fail)}.dot.warn{background:var(--warn)}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:24px 0;padding:8px 24px 20px}
section h2{font-size:20px;margin:14px 0 2px}
section h3{font-size:15px;margin:22px 0 8px}
.lede{color:var(--muted);margin:0 0 14px;max-width:900px}
code{font:12px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;background:#f1f5f9;padding:1px 4px;border-radius:4px}
.facts{display:flex;flex-wrap:wrap;gap:8px 28px;margin:0 0 16px;padding:12px 16px;background:#f8fafc;border:1px solid var(--line);border-radius:8px}
.facts div{min-width:0}.facts dt{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.facts dd{margin:0;font-weight:500;word-break:break-all}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:16px}
figure.chart{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px 14px 10px;background:#fff;min-width:0}
figure.chart.wide{grid-column:1/-1}
figure.chart svg{display:block;width:100%;height:auto;max-width:640px}
figure.chart.wide svg{max-width:1160px}
figcaption .title{font-weight:600}
figcaption .sub{color:var(--muted);font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:#334155;margin:6px 0 2px}
.key{display:inline-flex;align-items:center;gap:6px}
.sw{display:inline-block;width:14px;height:10px;background:var(--c);border-radius:2px}
.sw.line,.sw.steps{height:3px;border-radius:2px}
.sw.points{width:8px;height:8px;border-radius:50%}
.badge{display:inline-block;font-size:11px;font-weight:600;padding:1px 8px;border-radius:10px;background:#e2e8f0;color:#334155;vertical-align:1px}
.badge.pass{background:#dcfce7;color:var(--pass)}.badge.fail{background:#fee2e2;color:var(--fail)}.badge.warn{background:#fef3c7;color:var(--warn)}
ul.checks{list-style:none;margin:6px 0 0;padding:0;font-size:12px}
ul.checks li{padding:2px 0}
ul.checks .mark{font-weight:700}
ul.checks li.pass .mark{color:var(--pass)}ul.checks li.fail{color:var(--fail)}
ul.checks .exp,ul.checks .detail{color:var(--muted)}
.note{font-size:12px;color:var(--muted);margin:4px 0 0}
ul.notes,ul.kept{color:var(--muted);font-size:12px;margin:14px 0 0;padding-left:18px}
.table{overflow-x:auto;margin:14px 0}
table{border-collapse:collapse;font-size:12.5px;width:100%}
th,td{text-align:left;padding:5px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600;background:#f8fafc}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.approval{padding:10px 14px;border-radius:8px;margin:0 0 16px;border:1px solid var(--line)}
.approval.ok{background:#f0fdf4;border-color:#bbf7d0}.approval.changed,.approval.invalid{background:#fef2f2;border-color:#fecaca}.approval.none{background:#fffbeb;border-color:#fde68a}
.plans{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:12px}
.plan{border:1px solid var(--line);border-radius:8px;overflow:hidden}
.plan-head{padding:6px 10px;background:#f8fafc;border-bottom:1px solid var(--line);font-size:13px}
.plan pre{margin:0;padding:8px 10px;font:12px/1.45 ui-monospace,"DejaVu Sans Mono",monospace;overflow-x:auto}
.plan pre span{display:block}
.plan .add{background:#ecfdf5;color:#065f46}.plan .del{background:#fef2f2;color:#991b1b}
.clean{margin:0}
`;
