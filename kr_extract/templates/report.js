// kr-extract review report: sorting and filtering. It reads the page and changes only
// classes, attributes and the text of a counter; it never writes HTML.
"use strict";

(function () {
  function sortValue(row, index) {
    const cell = row.cells[index];
    if (!cell) return "";
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  }

  function isNumber(text) {
    return text !== "" && Number.isFinite(Number(text));
  }

  function compare(a, b) {
    if (a === "" || b === "") return a === b ? 0 : (a === "" ? 1 : -1);  // blanks last
    if (isNumber(a) && isNumber(b)) return Number(a) - Number(b);
    return a.localeCompare(b, "th");
  }

  function makeSortable(table) {
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach(function (th, index) {
      const button = th.querySelector("button.sort");
      if (!button) return;
      button.addEventListener("click", function () {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort(function (r1, r2) {
          const order = compare(sortValue(r1, index), sortValue(r2, index));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function setUpFilters() {
    const table = document.getElementById("documents");
    const form = document.getElementById("filters");
    if (!table || !form) return;
    const text = document.getElementById("filter-text");
    const status = document.getElementById("filter-status");
    const formType = document.getElementById("filter-form");
    const issues = document.getElementById("filter-issues");
    const count = document.getElementById("shown-count");
    function apply() {
      const needle = text.value.trim().toLowerCase();
      let shown = 0;
      for (const row of table.tBodies[0].rows) {
        const show = (!needle || row.textContent.toLowerCase().includes(needle)) &&
          (!status.value || row.dataset.status === status.value) &&
          (!formType.value || row.dataset.form === formType.value) &&
          (!issues.value || Number(row.dataset[issues.value]) > 0);
        row.hidden = !show;
        if (show) shown += 1;
      }
      count.textContent = String(shown);
    }
    [text, status, formType, issues].forEach(function (control) {
      control.addEventListener("input", apply);
      control.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function setUpLineFilter() {
    const box = document.getElementById("only-noted");
    if (!box) return;
    box.addEventListener("change", function () {
      document.body.classList.toggle("only-noted", box.checked);
    });
    box.closest("label").hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable").forEach(makeSortable);
    setUpFilters();
    setUpLineFilter();
    document.documentElement.dataset.reportScript = "ready";
  });
})();
