// Live countdowns for deadlines and notice windows. The server decides; this only displays.
// The words come from <body data-countdown-left/-closed> in the page's language (base.html).
(function () {
  function render(el) {
    var end = new Date(el.getAttribute("data-deadline"));
    var ms = end - new Date();
    if (isNaN(ms)) return;
    var words = document.body.dataset;
    if (ms <= 0) { el.textContent = words.countdownClosed || ""; return; }
    var d = Math.floor(ms / 86400000), h = Math.floor(ms / 3600000) % 24, m = Math.floor(ms / 60000) % 60;
    el.textContent = (words.countdownLeft || "{d} {h} {m}").replace("{d}", d).replace("{h}", h).replace("{m}", m);
  }
  function tick() { document.querySelectorAll(".countdown[data-deadline]").forEach(render); }
  tick();
  setInterval(tick, 30000);
})();

// A desk's "select all" box ticks every row box of its form; the server re-checks each row.
(function () {
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    // form.elements also holds the boxes tied to the form by their form="" attribute (rows of a table
    // that has other forms in it, such as the panel page's per-expert reminders).
    var boxes = function () {
      return Array.prototype.filter.call(all.form.elements, function (b) {
        return b.type === "checkbox" && b.name === all.dataset.selectAll;
      });
    };
    all.addEventListener("change", function () { boxes().forEach(function (b) { b.checked = all.checked; }); });
  });
})();

// Scoring page on a narrow screen: the dossier and the scoring form behind two tabs (the CSS decides
// when the tabs show; at desktop width both panes stand side by side and the tabs stay hidden).
(function () {
  var split = document.getElementById("score-split");
  var tabs = document.querySelector(".split-tabs");
  if (!split || !tabs) return;
  var buttons = tabs.querySelectorAll("[role=tab]");
  function show(which) {
    split.setAttribute("data-show", which);
    buttons.forEach(function (b) {
      b.setAttribute("aria-selected", b.getAttribute("aria-controls") === "split-" + which ? "true" : "false");
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { show(b.getAttribute("aria-controls").replace("split-", "")); window.scrollTo(0, split.offsetTop - 60); });
  });
  tabs.hidden = false;
  // After a save, a refusal or a deviation prompt the form is what needs attention.
  show(document.querySelector("#deviation-prompt, .messages li") ? "scoring" : "dossier");
})();

// A table that scrolls sideways in its own box (phones) can be scrolled from the keyboard too:
// the box takes focus (WCAG 2.1.1) when, and only when, it really overflows.
(function () {
  function mark() {
    document.querySelectorAll("table.data, .table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) { box.setAttribute("tabindex", "0"); }
      else if (box.getAttribute("tabindex") === "0") { box.removeAttribute("tabindex"); }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();

// A background job's page (an export being built) reloads itself every two seconds until the job
// is done or failed; without scripts the page offers a refresh link instead.
(function () {
  var pending = document.querySelector("[data-reload-while-pending]");
  if (!pending) return;
  window.setTimeout(function () { window.location.reload(); }, 2000);
})();
