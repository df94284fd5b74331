/** The page's stylesheet: system fonts only, light and dark palettes, charts styled by class. */
export const STYLE = `
:root { color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --band: #f6f8fa; --panel: #f6f8fa;
  --better: #1a7f37; --worse: #cf222e; --unclear: #6e7781;
  --m0: #4477aa; --m1: #ee7733; --m2: #228833; --m3: #aa3377; --m4: #66ccee; --m5: #ccbb44; --m6: #bbbbbb; }
@media (prefers-color-scheme: dark) { :root {
  --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --line: #30363d; --band: #161b22; --panel: #161b22;
  --better: #3fb950; --worse: #f85149; --unclear: #8d96a0;
  --m0: #6fa0d8; --m1: #ff9955; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 64px; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 36px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h5 { margin: 8px 0 4px; font-size: 13px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.muted { color: var(--muted); } .better { color: var(--better); } .worse { color: var(--worse); } .unclear { color: var(--unclear); }
.sub { color: var(--muted); margin: 0 0 16px; }
.partial { border-left: 4px solid var(--unclear); padding: 4px 10px; margin: 8px 0; }
.intro { color: var(--muted); margin: 4px 0 10px; max-width: 780px; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border: 1px solid var(--line); border-radius: 9px; color: var(--muted); }
.held-out { font-weight: 600; }
.headline { border: 1px solid var(--line); border-left: 6px solid var(--unclear); border-radius: 6px; padding: 12px 18px; background: var(--panel); }
.headline-better { border-left-color: var(--better); } .headline-worse { border-left-color: var(--worse); }
.headline .eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .06em; font-size: 12px; color: var(--muted); }
.headline .big { margin: 2px 0; font-size: 34px; font-weight: 700; } .headline .unit { font-size: 18px; font-weight: 400; }
.headline .ci { font-size: 18px; font-weight: 400; color: var(--muted); }
.headline .verdict { font-size: 16px; margin: 4px 0 8px; } .scopes { margin: 0; padding-left: 18px; }
.gate { margin-top: 16px; border-radius: 6px; padding: 4px 18px 12px; border: 1px solid var(--line); }
.gate.pass h2 { color: var(--better); } .gate.fail h2 { color: var(--worse); } .gate h2 { border: 0; margin-top: 8px; }
tr.pass td:first-child { color: var(--better); } tr.fail td:first-child { color: var(--worse); font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 4px 0 6px; font-size: 12.5px; color: var(--muted); }
.legend i { display: inline-block; width: 12px; height: 10px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
.legend i.m0 { background: var(--m0); } .legend i.m1 { background: var(--m1); } .legend i.m2 { background: var(--m2); }
.legend i.m3 { background: var(--m3); } .legend i.m4 { background: var(--m4); } .legend i.m5 { background: var(--m5); } .legend i.m6 { background: var(--m6); }
.legend i.ho { background: var(--fg); } .legend i.seen { border: 1.5px solid var(--fg); }
.legend i.better { background: var(--better); } .legend i.worse { background: var(--worse); } .legend i.unclear { background: var(--unclear); }
.chart { display: block; max-width: 100%; height: auto; font-size: 12px; }
.chart text { fill: var(--fg); } .chart text.muted, .chart text.tick, .chart text.axis-title { fill: var(--muted); }
.chart text.tick { font-size: 11px; } .chart text.strong { font-weight: 600; } .chart text.value { font-variant-numeric: tabular-nums; }
.chart .grid { stroke: var(--line); stroke-width: 1; } .chart .zero { stroke: var(--fg); stroke-width: 1.2; stroke-dasharray: 4 3; }
.chart .sep { stroke: var(--line); } .chart .band { fill: var(--band); }
.chart .mark.held-out { fill: var(--fg); } .chart .mark.seen { fill: none; stroke: var(--fg); stroke-width: 1.5; }
.chart .better { fill: var(--better); } .chart .worse { fill: var(--worse); } .chart .unclear { fill: var(--unclear); }
.chart .point { stroke: var(--bg); stroke-width: 1.5; } .chart .diamond { stroke: var(--bg); stroke-width: 1; }
.chart .bar.baseline, .chart .m0 { fill: var(--m0); } .chart .bar.candidate, .chart .m1 { fill: var(--m1); }
.chart .m2 { fill: var(--m2); } .chart .m3 { fill: var(--m3); } .chart .m4 { fill: var(--m4); } .chart .m5 { fill: var(--m5); } .chart .m6 { fill: var(--m6); }
.chart text.baseline-text, .chart text.m0-text { fill: var(--m0); } .chart text.candidate-text, .chart text.m1-text { fill: var(--m1); }
.chart .whisker { stroke: var(--fg); stroke-width: 1.2; }
.chart .iqr { fill-opacity: .28; stroke-width: 1.2; } .chart .iqr.m0 { stroke: var(--m0); } .chart .iqr.m1 { stroke: var(--m1); }
.chart .range { stroke: var(--muted); stroke-width: 1; } .chart .median { stroke: var(--fg); stroke-width: 2; }
.chart .dot { stroke: var(--bg); stroke-width: 1; }
.line-chart .series.m0 { --c: var(--m0); } .line-chart .series.m1 { --c: var(--m1); } .line-chart .series.m2 { --c: var(--m2); }
.line-chart .series.m3 { --c: var(--m3); } .line-chart .series.m4 { --c: var(--m4); } .line-chart .series.m5 { --c: var(--m5); } .line-chart .series.m6 { --c: var(--m6); }
.line-chart .series path.line { fill: none; stroke: var(--c); stroke-width: 2; } .line-chart .series path.ci-band { fill: var(--c); fill-opacity: .16; stroke: none; }
.line-chart .series line.whisker { stroke: var(--c); stroke-opacity: .6; } .line-chart .series circle.point { fill: var(--c); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 6px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { font-weight: 600; background: var(--panel); position: sticky; top: 0; }
td.num { text-align: right; } tr.secondary td { color: var(--muted); } tr.secondary td.better, tr.secondary td.worse { opacity: .85; }
td.better { color: var(--better); font-weight: 600; } td.worse { color: var(--worse); font-weight: 600; }
table.split td:last-child { white-space: normal; min-width: 240px; }
table.gate-rules td:nth-child(2), table.gate-rules td:nth-child(3) { white-space: normal; min-width: 9em; } table.gate-rules td:last-child { white-space: normal; min-width: 16em; }
table.js-sortable th { cursor: pointer; user-select: none; } table.js-sortable th:hover { color: var(--m0); }
table.js-sortable th::after { content: "↕"; color: var(--muted); font-weight: 400; font-size: .8em; margin-left: 2px; }
table.js-sortable th[aria-sort="ascending"]::after { content: "▲"; color: var(--fg); } table.js-sortable th[aria-sort="descending"]::after { content: "▼"; color: var(--fg); }
details { margin: 6px 0; } summary { cursor: pointer; }
details.task-flips { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; }
details.flip { margin-left: 8px; border-left: 3px solid var(--line); padding-left: 10px; }
details.flip.fixed { border-left-color: var(--better); } details.flip.broken { border-left-color: var(--worse); }
.kind { font-weight: 600; text-transform: uppercase; font-size: 11px; } .kind.fixed { color: var(--better); } .kind.broken { color: var(--worse); }
pre.text { white-space: pre-wrap; word-break: break-word; background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; margin: 2px 0; }
pre.prompt { max-height: 16em; overflow: auto; } pre.small { font-size: 11px; }
.answers { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.score { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 3px; border: 1px solid var(--line); margin: 1px 0; }
.score.key { font-weight: 600; } .score.ok.key { border-color: var(--better); color: var(--better); } .score.bad.key { border-color: var(--worse); color: var(--worse); }
nav { margin-top: 14px; }
.claims { border: 1px solid var(--line); border-radius: 6px; padding: 10px 18px 12px; background: var(--panel); margin-bottom: 16px; }
.claims .eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .06em; font-size: 12px; color: var(--muted); }
.claims .verdict { font-size: 16px; margin: 4px 0 8px; } .claims table { background: var(--bg); }
.claims tr.claim td { border-bottom: 0; padding-top: 8px; vertical-align: middle; } .claims tr.claim-how td { white-space: normal; color: var(--muted); font-size: 12px; padding-top: 0; }
.claims tr.claim-axis-row td { border-bottom: 0; padding-bottom: 0; } .claims td.axis-note { white-space: normal; text-align: right; color: var(--muted); font-size: 11.5px; }
.claims svg.claim-axis, .claims svg.claim-strip { overflow: visible; }
@media (max-width: 760px) {
  .claims { padding: 10px 10px 12px; }
  .claims-table thead { display: none; }
  .claims-table, .claims-table tbody { display: block; }
  .claims-table tr.claim { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 10px; padding-top: 8px; }
  .claims-table tr.claim td { display: block; padding: 0 4px; }
  .claims-table td.claim-name { flex: 1 1 12em; white-space: normal; }
  .claims-table td.claim-verdict { order: 1; margin-left: auto; }
  .claims-table td[data-label] { order: 2; text-align: left; }
  .claims-table td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: 11.5px; }
  .claims-table td.claim-drawing { order: 3; flex-basis: 100%; }
  .claims-table tr.claim-how, .claims-table tr.claim-how td { display: block; }
  .claims-table tr.claim-axis-row { display: block; } .claims-table tr.claim-axis-row td { display: none; }
  .claims-table tr.claim-axis-row td.claim-drawing { display: block; padding: 0 4px; }
}
.badge { display: inline-block; padding: 1px 9px; border-radius: 10px; font-weight: 600; font-size: 12.5px; border: 1px solid currentColor; }
.badge.better { color: var(--better); } .badge.worse { color: var(--worse); } .badge.unclear { color: var(--unclear); } .badge.unmeasured { color: var(--muted); border-style: dashed; font-weight: 400; }
.chart .point.unmeasured { fill: var(--muted); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;
