import type { Inventory, InventoryOperation } from '../model/index.js';
import { describeAuth, describePiiField, type Exposure, exposureOf, isUnauthenticated } from './inventory-format.js';

/** Options of the HTML page. */
export interface HtmlInventoryOptions {
  title?: string;
  /** ISO timestamp shown in the header; left out when absent so output stays reproducible. */
  generatedAt?: string;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const EXPOSURE_LABEL: Record<Exposure, string> = { phi: 'PHI', pii: 'PII', none: 'none' };

/** Endpoints by exposure and auth, as an inline SVG bar chart (no script needed to read it). */
function renderChart(operations: readonly InventoryOperation[]): string {
  const groups: Exposure[] = ['phi', 'pii', 'none'];
  const counts = groups.map((g) => {
    const ops = operations.filter((op) => exposureOf(op) === g);
    const open = ops.filter(isUnauthenticated).length;
    return { g, open, secured: ops.length - open };
  });
  const max = Math.max(1, ...counts.map((c) => c.open + c.secured));
  const barWidth = 360;
  const rowHeight = 34;
  const bars = counts
    .map((c, i) => {
      const y = 24 + i * rowHeight;
      const wOpen = Math.round((c.open / max) * barWidth);
      const wSecured = Math.round((c.secured / max) * barWidth);
      return [
        `<text x="0" y="${y + 15}" class="axis">${EXPOSURE_LABEL[c.g]}</text>`,
        `<rect x="60" y="${y}" width="${wOpen}" height="22" class="open"><title>${EXPOSURE_LABEL[c.g]}, no auth: ${c.open}</title></rect>`,
        `<rect x="${60 + wOpen}" y="${y}" width="${wSecured}" height="22" class="secured"><title>${EXPOSURE_LABEL[c.g]}, secured: ${c.secured}</title></rect>`,
        `<text x="${66 + wOpen + wSecured}" y="${y + 15}" class="count">${c.open} no auth · ${c.secured} secured</text>`,
      ].join('');
    })
    .join('');
  const height = 24 + groups.length * rowHeight + 10;
  return `<svg role="img" aria-label="Endpoints by exposure and auth" width="640" height="${height}" viewBox="0 0 640 ${height}">
<text x="0" y="14" class="title">Endpoints by exposure and auth</text>${bars}
<rect x="440" y="2" width="12" height="12" class="open"/><text x="456" y="12" class="axis">no auth</text>
<rect x="520" y="2" width="12" height="12" class="secured"/><text x="536" y="12" class="axis">secured</text></svg>`;
}

function renderRow(op: InventoryOperation): string {
  const exposure = exposureOf(op);
  const open = isUnauthenticated(op);
  const fields = op.pii
    .map((f) => `<li>${escapeHtml(describePiiField(f))} <span class="conf">${f.confidence.toFixed(2)}</span></li>`)
    .join('');
  const search = [op.method, op.path, op.sources.join(' '), describeAuth(op), ...op.pii.map(describePiiField)]
    .join(' ')
    .toLowerCase();
  return `<tr data-method="${op.method}" data-path="${escapeHtml(op.path)}" data-sources="${op.sources.join(' ')}" data-auth="${open ? 'none' : 'secured'}" data-exposure="${exposure}" data-fields="${op.pii.length}" data-search="${escapeHtml(search)}">
<td class="method">${op.method}</td><td class="path"><code>${escapeHtml(op.path)}</code></td><td>${op.sources.map((s) => `<span class="tag ${s}">${s}</span>`).join(' ')}</td>
<td class="${open ? 'warn' : ''}">${escapeHtml(describeAuth(op))}</td><td><span class="exp ${exposure}">${EXPOSURE_LABEL[exposure]}</span></td><td>${fields ? `<ul>${fields}</ul>` : ''}</td></tr>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328}h1{font-size:20px;margin:0 0 4px}
.meta{color:#57606a;margin-bottom:16px}.controls{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
input,select{font:inherit;padding:4px 6px}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f6f8fa}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
ul{margin:0;padding-left:16px}code{font-size:13px}.tag{font-size:12px;border-radius:8px;padding:1px 6px;background:#ddf4ff}
.tag.implemented{background:#dafbe1}.tag.observed{background:#fff8c5}.exp{font-weight:600}.exp.phi{color:#a40e26}.exp.pii{color:#9a6700}
.warn{color:#a40e26;font-weight:600}.conf{color:#57606a;font-size:12px}svg .open{fill:#cf222e}svg .secured{fill:#2da44e}
svg text{font:12px system-ui,sans-serif;fill:#1f2328}svg .title{font-weight:600}#shown{color:#57606a}`;

// Sorting and filtering only; the table and chart are complete without script.
const SCRIPT = `(function(){
var tbody=document.querySelector('tbody');var rows=Array.prototype.slice.call(tbody.rows);
var q=document.getElementById('filter'),view=document.getElementById('source'),pii=document.getElementById('pii'),auth=document.getElementById('auth');
function apply(){var text=q.value.trim().toLowerCase(),s=view.value,p=pii.value,a=auth.value,n=0;
rows.forEach(function(r){var ok=(!text||r.dataset.search.indexOf(text)>=0)&&(!s||r.dataset.sources.split(' ').indexOf(s)>=0)
&&(!p||(p==='any'?r.dataset.exposure!=='none':r.dataset.exposure===p))&&(!a||r.dataset.auth===a);r.hidden=!ok;if(ok)n++;});
document.getElementById('shown').textContent=n+' of '+rows.length+' operations';}
[q,view,pii,auth].forEach(function(el){el.addEventListener('input',apply);el.addEventListener('change',apply);});
var rank={phi:0,pii:1,none:2};
Array.prototype.forEach.call(document.querySelectorAll('th[data-key]'),function(th){th.addEventListener('click',function(){
var key=th.dataset.key,dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
Array.prototype.forEach.call(document.querySelectorAll('th'),function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir===1?'ascending':'descending');
rows.sort(function(x,y){var a=x.dataset[key],b=y.dataset[key];if(key==='exposure'){a=rank[a];b=rank[b];}else if(key==='fields'){a=+a;b=+b;}
return (a<b?-1:a>b?1:0)*dir;});rows.forEach(function(r){tbody.appendChild(r);});});});
apply();})();`;

/**
 * A self-contained HTML page of the inventory: inline CSS and script, no external URL (a CSP forbids any), so it
 * works offline and as a CI artifact. Sortable columns, a text filter, filters by view, exposure and auth, and an
 * SVG chart of endpoints by exposure and auth.
 */
export function renderInventoryHtml(inventory: Inventory, options: HtmlInventoryOptions = {}): string {
  const title = options.title ?? 'API inventory';
  const ops = inventory.operations;
  const withPii = ops.filter((op) => op.pii.length > 0).length;
  const phi = ops.filter((op) => exposureOf(op) === 'phi').length;
  const openPii = ops.filter((op) => op.pii.length > 0 && isUnauthenticated(op)).length;
  const generated = options.generatedAt ? ` · generated ${escapeHtml(options.generatedAt)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<div class="meta">${ops.length} operations · ${withPii} with PII · ${phi} with PHI · ${openPii} exposing PII without auth${generated}</div>
${renderChart(ops)}
<div class="controls">
<input id="filter" type="search" placeholder="Filter by path, field, category…" aria-label="Filter">
<select id="source" aria-label="View"><option value="">All views</option><option value="documented">documented</option><option value="implemented">implemented</option><option value="observed">observed</option></select>
<select id="pii" aria-label="Exposure"><option value="">Any exposure</option><option value="any">PII or PHI</option><option value="phi">PHI</option><option value="pii">PII only</option><option value="none">No PII</option></select>
<select id="auth" aria-label="Auth"><option value="">Any auth</option><option value="none">No auth</option><option value="secured">Secured</option></select>
<span id="shown"></span></div>
<table><thead><tr><th data-key="method">Method</th><th data-key="path">Path</th><th data-key="sources">Views</th><th data-key="auth">Auth</th><th data-key="exposure">Exposure</th><th data-key="fields">PII/PHI fields</th></tr></thead>
<tbody>
${ops.map(renderRow).join('\n')}
</tbody></table>
<script>${SCRIPT}</script>
</body></html>
`;
}
