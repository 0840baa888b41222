// Progressive enhancement only: every page works without it (sorting and filtering are
// also links and a form handled on the server).
"use strict";

function cellValue(row, index, numeric) {
  const text = row.cells[index].textContent.trim();
  return numeric ? parseFloat(text.replace(/[^0-9.-]/g, "")) || 0 : text.toLocaleLowerCase("vi");
}

function sortTable(table, header) {
  const index = Array.prototype.indexOf.call(header.parentNode.children, header);
  const numeric = header.dataset.sort === "num";
  // Numbers sort largest first (the most overdue agency on top), names A to Z; again: reversed.
  const wasDescending = header.getAttribute("aria-sort") === "descending";
  const wasAscending = header.getAttribute("aria-sort") === "ascending";
  const descending = numeric ? !wasDescending : wasAscending;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
    const order = numeric ? x - y : x.localeCompare(y, "vi");
    return descending ? -order : order;
  });
  rows.forEach((row) => body.appendChild(row));
  table.querySelectorAll("th[aria-sort]").forEach((th) => th.removeAttribute("aria-sort"));
  header.setAttribute("aria-sort", descending ? "descending" : "ascending");
}

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.sortable th[data-sort]").forEach((header) => {
    header.classList.add("js-sortable");
    header.tabIndex = 0;
    const go = (event) => {
      event.preventDefault();
      sortTable(header.closest("table"), header);
    };
    header.addEventListener("click", go);
    header.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") go(event);
    });
  });
  document.querySelectorAll("input[data-filter]").forEach((input) => {
    const rows = () => document.querySelectorAll(input.dataset.filter);
    const shown = document.querySelector("[data-shown]");
    input.addEventListener("input", () => {
      const wanted = fold(input.value.trim());
      let count = 0;
      rows().forEach((row) => {
        const match = fold(row.cells[0].textContent).includes(wanted);
        row.hidden = !match;
        if (match) count += 1;
      });
      if (shown) shown.textContent = shown.textContent.replace(/\d[\d.,]*/, String(count));
    });
  });
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll("tr[data-href]").forEach((row) => {
    row.classList.add("clickable");
    row.addEventListener("click", (event) => {
      if (event.target.closest("a, button, input")) return;
      window.location.href = row.dataset.href;
    });
  });
});
