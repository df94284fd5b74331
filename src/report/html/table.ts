/** Sortable HTML tables: a header row of typed columns, body cells carrying `data-sort` keys. */
import { esc } from './format.js';

export interface Column {
  label: string;
  type: 'num' | 'text';
  title?: string;
}

export interface Cell {
  /** Already-escaped markup. */
  html: string;
  /** What sorting compares; the cell's text when absent. */
  sort?: string;
  cls?: string;
}

/** Escaped text as a cell. */
export function cell(content: string, sort?: string, cls?: string): Cell {
  return { html: esc(content), ...(sort === undefined ? {} : { sort }), ...(cls ? { cls } : {}) };
}

function td(c: Cell): string {
  const sort = c.sort === undefined ? '' : ` data-sort="${esc(c.sort)}"`;
  const cls = c.cls ? ` class="${esc(c.cls)}"` : '';
  return `<td${cls}${sort}>${c.html}</td>`;
}

/** A table the page's script makes sortable (click a header); plain and readable without script. */
export function sortableTable(id: string, columns: Column[], rows: { cells: Cell[]; cls?: string }[], caption?: string): string {
  const head = columns
    .map((c) => `<th scope="col" data-type="${c.type}"${c.title ? ` title="${esc(c.title)}"` : ''}>${esc(c.label)}</th>`)
    .join('');
  const body = rows.map((r) => `<tr${r.cls ? ` class="${esc(r.cls)}"` : ''}>${r.cells.map(td).join('')}</tr>`).join('\n');
  const cap = caption ? `<caption>${esc(caption)}</caption>` : '';
  return `<div class="table-wrap"><table id="${esc(id)}" class="sortable">${cap}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

/** The page's only script: click (or Enter on) a header to sort by that column; again to reverse. */
export const SORT_SCRIPT = `(function () {
  function key(td) { return td ? (td.hasAttribute('data-sort') ? td.getAttribute('data-sort') : td.textContent.trim()) : ''; }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.classList.add('js-sortable');
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    heads.forEach(function (th, col) {
      th.tabIndex = 0;
      function sort() {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var num = th.getAttribute('data-type') === 'num';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          if (x === '' || y === '') return x === y ? 0 : (x === '' ? 1 : -1);
          var c = num ? Number(x) - Number(y) : x.localeCompare(y);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  });
})();`;
