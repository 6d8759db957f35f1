#include "codegen/docs/html_style.h"

namespace model::codegen::docs {

const char* const kDocsCss = R"css(:root {
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --accent: #0b5fbd; --key: #7a3e00; --var: #8250df; --pass: #1a7f37; --fail: #cf222e;
  --head: #eef2f6;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
    --accent: #58a6ff; --key: #f0b072; --var: #d2a8ff; --pass: #3fb950; --fail: #f85149;
    --head: #1c2430;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header.page, main, footer.page { max-width: 90rem; margin: 0 auto; padding: 0 1.25rem; }
header.page { padding-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: 1rem; }
header.page h1 { margin: 0 0 .25rem; font-size: 1.9rem; letter-spacing: -.01em; }
header.page p { margin: 0; color: var(--muted); }
footer.page { color: var(--muted); font-size: .85rem; padding-top: 2rem; padding-bottom: 2rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
h2, h3 { scroll-margin-top: 1rem; }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
p { margin: .5rem 0; max-width: 60rem; }
code, .key { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: .86em; }
code { background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 0 .3em; white-space: nowrap; }
.key { color: var(--key); }
.key .w { white-space: nowrap; }
.key var { font-style: normal; color: var(--var); font-weight: 600; }
.muted { color: var(--muted); font-size: .88em; }
.pass, .fail { display: inline-block; font-weight: 600; font-size: .8em; padding: 0 .45em; border-radius: 1em; border: 1px solid; }
.pass { color: var(--pass); }
.fail { color: var(--fail); }
nav.toc { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1.25rem; margin: 1.5rem 0; }
nav.toc h2 { margin: 0 0 .25rem; border: 0; font-size: 1rem; padding: 0; }
nav.toc ol { margin: 0; padding-left: 1.25rem; }
nav.toc ol ol { display: flex; flex-wrap: wrap; gap: 0 .9rem; list-style: none; padding: 0; font-size: .9em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.25rem; margin: .5rem 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.scroll { overflow: auto; max-height: 80vh; border: 1px solid var(--line); border-radius: 8px; margin: .75rem 0 1.25rem; }
table { border-collapse: separate; border-spacing: 0; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .65rem; border-bottom: 1px solid var(--line); }
thead th { position: sticky; top: 0; z-index: 1; background: var(--head); font-weight: 600; white-space: nowrap; }
tbody th { font-weight: normal; }
tbody tr:last-child > td { border-bottom: 0; }
tbody tr:target > td { background: color-mix(in srgb, var(--accent) 12%, transparent); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td .line + .line { margin-top: .1rem; }
table.samples td.partition { background: var(--panel); border-right: 1px solid var(--line); }
table.samples tr.first > td { border-top: 2px solid var(--line); }
table.samples tbody tr:first-child > td { border-top: 0; }
dl.attrs { display: flex; flex-wrap: wrap; gap: .25rem .9rem; margin: 0; }
dl.attrs div { min-width: 0; }
dl.attrs dt { color: var(--muted); font-size: .75rem; line-height: 1.2; }
dl.attrs dd { margin: 0; font-size: .85rem; overflow-wrap: anywhere; }
.more { color: var(--muted); font-style: italic; }
figure.diagram { margin: 1rem 0; overflow: auto; border: 1px solid var(--line); border-radius: 8px; background: #fff; padding: .5rem; }
figure.diagram svg { max-width: 100%; height: auto; }
ul.warnings li { margin: .3rem 0; }
@media (max-width: 40rem) {
  body { font-size: 14px; }
  header.page, main, footer.page { padding: 0 .75rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .4rem; }
}
@media print {
  :root { --fg: #000; --muted: #444; --bg: #fff; --panel: #f3f3f3; --line: #bbb; --head: #eee; }
  body { font-size: 10pt; }
  nav.toc { display: none; }
  .scroll { overflow: visible; max-height: none; border: 0; }
  thead th { position: static; }
  h2, h3 { break-after: avoid; }
  tr, figure.diagram { break-inside: avoid; }
  a { color: inherit; }
}
)css";

}  // namespace model::codegen::docs
