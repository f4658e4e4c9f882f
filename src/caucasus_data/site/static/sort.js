// Tables: a button in each column heading sorts the rows by that column (again to reverse). Numbers and
// ISO dates sort by value, the rest as text; an empty cell sorts last either way.
(function () {
  "use strict";
  var collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      var button = th.querySelector("button");
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        button.textContent = th.textContent;
        th.textContent = "";
        th.appendChild(button);
      }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          if (!x || !y) return (!x) - (!y);
          return ascending ? collator.compare(x, y) : collator.compare(y, x);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
