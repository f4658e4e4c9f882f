// Timeline: filter by type and participant. Marks of other rows fade in the chart (each mark is a link to its
// record, which names it) and leave the list below.
(function () {
  "use strict";
  var facets = JSON.parse(document.getElementById("facets").textContent);
  var kind = document.getElementById("filter-kind");
  var who = document.getElementById("filter-participant");
  var count = document.getElementById("filter-count");
  function keep(href) {
    var f = facets[href];
    if (!f) return true;
    return (!kind.value || f.kind === kind.value) && (!who.value || f.participants.indexOf(who.value) >= 0);
  }
  function apply() {
    var shown = 0;
    document.querySelectorAll("#timeline a").forEach(function (a) {
      var href = a.getAttribute("xlink:href") || a.getAttribute("href");
      a.classList.toggle("faded", !keep(href));
    });
    document.querySelectorAll("#timeline-list li").forEach(function (li) {
      var on = keep(li.getAttribute("data-href"));
      li.hidden = !on;
      if (on) shown += 1;
    });
    count.textContent = shown + " shown";
  }
  kind.addEventListener("change", apply);
  who.addEventListener("change", apply);
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
