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
    var boxes = function () { return all.form.querySelectorAll('input[type=checkbox][name="' + all.dataset.selectAll + '"]'); };
    all.addEventListener("change", function () { boxes().forEach(function (b) { b.checked = all.checked; }); });
  });
})();
