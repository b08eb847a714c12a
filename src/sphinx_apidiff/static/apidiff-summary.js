/* sphinx-apidiff: sort and filter the apidiff-summary tables. No dependencies.
   Without this script the table is complete and readable; with it, a search box, a category
   choice and sortable column headers are added above/in each table. */
(function () {
  "use strict";
  var WORDS = {
    en: { filter: "Filter", all: "All categories", shown: "{n} of {m} shown", sort: "Sort by" },
    zh: { filter: "筛选", all: "全部类别", shown: "显示 {n} / {m}", sort: "排序：" }
  };
  var lang = (document.documentElement.lang || "en").toLowerCase().slice(0, 2);
  var words = WORDS[lang] || WORDS.en;

  function text(el) {
    return (el.textContent || "").replace(/\s+/g, " ").trim();
  }

  /* a cell's value, without the column name it carries for phones (.apidiff-cell-head) */
  function value(cell) {
    var head = cell.querySelector(".apidiff-cell-head");
    var all = text(cell);
    return head ? all.slice(text(head).length).trim() : all;
  }

  /* a category paragraph says "usage differs (1 renamed, ...)" (or "用法不一致（1 个改名）"):
     the words, then the kinds in their own element, whatever brackets the language uses */
  function categories(tr) {
    return Array.prototype.map.call(tr.querySelectorAll(".apidiff-category"), function (p) {
      var words = text(p);
      var kinds = p.querySelector(".apidiff-kinds");
      return kinds ? words.slice(0, words.length - text(kinds).length).trim() : words;
    });
  }

  /* the box a table scrolls in, and the rubric naming its module when the summary is grouped */
  function boxOf(table) {
    return table.closest(".apidiff-scroll") || table;
  }

  function rubricOf(box) {
    var before = box.previousElementSibling;
    return before && before.classList.contains("apidiff-summary-group") ? before : null;
  }

  /* one search box and category choice for the tables of one summary (one per module when it
     is grouped): the count is over all of them, and a module with no row shown is hidden */
  function setup(tables, anchor) {
    tables = tables.filter(function (table) {
      var ok = table.tHead && table.tHead.rows[0] && table.tBodies[0] &&
        !table.getAttribute("data-apidiff-ready");
      if (ok) table.setAttribute("data-apidiff-ready", "1");
      return ok;
    });
    if (!tables.length) return;
    var rows = [];
    tables.forEach(function (table) {
      rows = rows.concat(Array.prototype.slice.call(table.tBodies[0].rows));
    });

    var controls = document.createElement("div");
    controls.className = "apidiff-summary-controls";
    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = words.filter;
    search.setAttribute("aria-label", words.filter);
    var select = document.createElement("select");
    select.setAttribute("aria-label", words.all);
    var all = document.createElement("option");
    all.value = "";
    all.textContent = words.all;
    select.appendChild(all);
    var seen = {};
    rows.forEach(function (tr) {
      categories(tr).forEach(function (c) { seen[c] = true; });
    });
    Object.keys(seen).sort().forEach(function (c) {
      var option = document.createElement("option");
      option.value = c;
      option.textContent = c;
      select.appendChild(option);
    });
    var count = document.createElement("span");
    count.className = "apidiff-summary-count";
    count.setAttribute("aria-live", "polite");
    controls.appendChild(search);
    controls.appendChild(select);
    controls.appendChild(count);
    anchor.parentNode.insertBefore(controls, anchor);

    function apply() {
      var query = search.value.toLowerCase();
      var category = select.value;
      var shown = 0;
      rows.forEach(function (tr) {
        var ok = (!query || text(tr).toLowerCase().indexOf(query) >= 0) &&
          (!category || categories(tr).indexOf(category) >= 0);
        tr.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = words.shown.replace("{n}", shown).replace("{m}", rows.length);
      if (tables.length > 1) {
        tables.forEach(function (table) {
          var any = Array.prototype.some.call(table.tBodies[0].rows, function (tr) {
            return !tr.hidden;
          });
          var box = boxOf(table);
          var rubric = rubricOf(box);
          box.hidden = !any;
          if (rubric) rubric.hidden = !any;
        });
      }
    }
    search.addEventListener("input", apply);
    select.addEventListener("change", apply);
    apply();

    tables.forEach(sortable);
  }

  /* sortable column headers: each table sorts its own rows */
  function sortable(table) {
    var head = table.tHead.rows[0];
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    Array.prototype.forEach.call(head.cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "apidiff-sort";
      var holder = th.querySelector("p") || th; /* the header's text, into the button */
      while (holder.firstChild) button.appendChild(holder.firstChild);
      button.setAttribute("aria-label", words.sort + " " + text(button));
      holder.appendChild(button);
      th.setAttribute("aria-sort", "none");
      var numeric = th.classList.contains("apidiff-col-changed");
      button.addEventListener("click", function () {
        var order = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        Array.prototype.forEach.call(head.cells, function (other) {
          other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", order);
        var sign = order === "ascending" ? 1 : -1;
        var keyed = rows.map(function (tr, n) {
          var shown = value(tr.cells[column]);
          var key = numeric ? parseFloat(shown) : shown.toLowerCase();
          return { tr: tr, n: n, key: key, blank: shown === "" || shown === "—" || key !== key };
        });
        keyed.sort(function (a, b) {
          if (a.blank !== b.blank) return a.blank ? 1 : -1; /* empty cells last, both ways */
          if (a.key < b.key) return -sign;
          if (a.key > b.key) return sign;
          return a.n - b.n;
        });
        keyed.forEach(function (k) { body.appendChild(k.tr); });
      });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".apidiff-summary-groups"), function (g) {
      setup(Array.prototype.slice.call(g.querySelectorAll("table.apidiff-summary")), g);
    });
    Array.prototype.forEach.call(document.querySelectorAll("table.apidiff-summary"), function (t) {
      setup([t], boxOf(t));
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
