// Autocomplete for the search box: suggestions from /api/sok/autocomplete/ in a <datalist>;
// choosing a suggestion's title opens that page. Without JavaScript the box still searches.
(function () {
  "use strict";
  document.querySelectorAll("form.search-box[data-autocomplete-url]").forEach(function (form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector("datalist");
    var urls = {};
    var timer = null;
    var controller = null;
    if (!input || !list) return;
    input.addEventListener("input", function () {
      var value = input.value.trim();
      if (urls[value]) {
        window.location.href = urls[value];
        return;
      }
      clearTimeout(timer);
      if (value.length < 2) return;
      timer = setTimeout(function () {
        if (controller) controller.abort();
        controller = new AbortController();
        var url = form.dataset.autocompleteUrl + "?q=" + encodeURIComponent(value);
        fetch(url, { credentials: "same-origin", signal: controller.signal })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            urls = {};
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              option.label = item.kind_label;
              urls[item.title] = item.url;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  });
})();
