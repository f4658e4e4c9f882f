// Source pages: selecting a highlighted passage opens the record it backs. Where passages overlap, the
// records quoting the selected point are listed instead, so none is hidden under another.
(function () {
  "use strict";
  var raw = document.getElementById("raw");
  var menu = document.getElementById("mark-menu");
  if (!raw || !menu) return;

  function covering(el) {
    var found = [], seen = {};
    for (var node = el; node && node !== raw; node = node.parentElement) {
      if (node.tagName !== "MARK") continue;
      var id = node.id ? node.id.replace(/^evidence-/, "") : node.getAttribute("data-evidence");
      if (!id || seen[id]) continue;
      seen[id] = true;
      found.push({ id: id, href: node.getAttribute("data-record") + "#evidence-" + id, title: node.title });
    }
    return found;
  }

  function close() { menu.hidden = true; menu.textContent = ""; }

  function open(el) {
    var found = covering(el);
    if (!found.length) return;
    if (found.length === 1) { window.location.href = found[0].href; return; }
    menu.textContent = "";
    var heading = document.createElement("p");
    heading.textContent = found.length + " records quote this passage:";
    menu.appendChild(heading);
    var list = document.createElement("ul");
    found.forEach(function (f) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = f.href;
      link.textContent = f.title + " (" + f.id + ")";
      item.appendChild(link);
      list.appendChild(item);
    });
    menu.appendChild(list);
    var box = el.getBoundingClientRect();
    menu.style.top = (window.scrollY + box.bottom + 4) + "px";
    menu.style.left = Math.max(4, Math.min(window.scrollX + box.left, window.innerWidth - 320)) + "px";
    menu.hidden = false;
    list.querySelector("a").focus();
  }

  raw.addEventListener("click", function (event) {
    if (event.target.closest("a")) return;
    var mark = event.target.closest("mark");
    if (mark) { event.preventDefault(); open(mark); }
  });
  raw.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.tagName === "MARK") {
      event.preventDefault();
      open(event.target);
    }
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  document.addEventListener("click", function (event) {
    if (!menu.hidden && !menu.contains(event.target) && !event.target.closest("mark")) close();
  });
})();
