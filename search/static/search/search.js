// Autocomplete: suggestions from the JSON endpoint into the datalist; the form works without it.
(function () {
  var input = document.querySelector("input[data-autocomplete-url]");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (!q) { list.innerHTML = ""; return; }
    timer = setTimeout(function () {
      fetch(input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          data.suggestions.forEach(function (s) {
            var option = document.createElement("option");
            option.value = s.title;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();

// Ticking a facet re-runs the search (no inline handlers: the site's CSP forbids them).
document.querySelectorAll(".facet input[type=checkbox]").forEach(function (box) {
  box.addEventListener("change", function () { box.form.submit(); });
});
