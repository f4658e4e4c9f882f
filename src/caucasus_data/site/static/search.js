// Search: every word typed must occur in an entry's title or text, compared as quotes are everywhere in this
// project (Unicode NFC, white space folded) and without regard to case.
(function () {
  "use strict";
  var index = window.CAUCASUS_SEARCH || [];
  var input = document.getElementById("q");
  var results = document.getElementById("results");
  var status = document.getElementById("search-status");
  var LIMIT = 100;
  function fold(s) { return s.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase(); }
  function run() {
    var terms = fold(input.value).split(" ").filter(Boolean);
    results.textContent = "";
    if (!terms.length || fold(input.value).length < 2) { status.textContent = "Type at least two letters."; return; }
    var hits = index.filter(function (e) { return terms.every(function (t) { return e.f.indexOf(t) >= 0; }); });
    status.textContent = hits.length + (hits.length === 1 ? " match" : " matches") + (hits.length > LIMIT ? ", the first " + LIMIT + " shown" : "");
    hits.slice(0, LIMIT).forEach(function (e) {
      var li = document.createElement("li"), a = document.createElement("a"), kind = document.createElement("span");
      a.href = e.u;
      a.textContent = e.t;
      kind.className = "id";
      kind.textContent = " " + e.k;
      li.appendChild(a);
      li.appendChild(kind);
      if (e.x) {
        var p = document.createElement("p");
        p.textContent = e.x.length > 300 ? e.x.slice(0, 299) + "…" : e.x;
        li.appendChild(p);
      }
      results.appendChild(li);
    });
  }
  input.addEventListener("input", run);
  document.getElementById("search-form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { input.value = asked; }
  run();
})();
