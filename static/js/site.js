// Live countdowns for deadlines and notice windows. The server decides; this only displays.
(function () {
  function render(el) {
    var end = new Date(el.getAttribute("data-deadline"));
    var ms = end - new Date();
    if (isNaN(ms)) return;
    if (ms <= 0) { el.textContent = "已截止 closed"; return; }
    var d = Math.floor(ms / 86400000), h = Math.floor(ms / 3600000) % 24, m = Math.floor(ms / 60000) % 60;
    el.textContent = "剩余 " + d + " 天 " + h + " 小时 " + m + " 分 (" + d + "d " + h + "h " + m + "m left)";
  }
  function tick() { document.querySelectorAll(".countdown[data-deadline]").forEach(render); }
  tick();
  setInterval(tick, 30000);
})();
