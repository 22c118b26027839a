/* The star toggles a bookmark in place (the form still works without JavaScript), and the
   Genvägar menu closes with Escape or a click outside it. */
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function updateMenu(data) {
    var list = document.querySelector("[data-bookmark-list]");
    if (!list) return;
    var existing = list.querySelector('li[data-page-id="' + data.page.id + '"]');
    if (data.bookmarked && !existing) {
      var item = document.createElement("li");
      item.setAttribute("data-page-id", data.page.id);
      var link = document.createElement("a");
      link.href = data.page.url;
      link.textContent = data.page.title;
      item.appendChild(link);
      var before = Array.prototype.find.call(list.children, function (other) {
        return other.textContent.trim().localeCompare(data.page.title, "sv") > 0;
      });
      list.insertBefore(item, before || null);
    } else if (!data.bookmarked && existing) {
      existing.parentNode.removeChild(existing);
    }
    var empty = document.querySelector("[data-bookmark-empty]");
    if (empty) empty.hidden = list.children.length > 0;
  }

  function showState(pageId, data) {
    var forms = document.querySelectorAll("[data-bookmark-form]");
    Array.prototype.forEach.call(forms, function (form) {
      var input = form.querySelector('input[name="page"]');
      if (!input || input.value !== String(pageId)) return;
      var button = form.querySelector("button.star");
      button.setAttribute("aria-pressed", data.bookmarked ? "true" : "false");
      button.title = data.label;
      form.querySelector("[data-star-label]").textContent = data.label;
      form.querySelector(".star__icon").textContent = data.bookmarked ? "\u2605" : "\u2606";
    });
  }

  function announce(form, text) {
    var status = form.querySelector("[data-star-status]");
    if (status) status.textContent = text;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-bookmark-form]") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button.star");
    if (button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
    })
      .then(function (response) {
        return response.json().then(
          function (data) { return { ok: response.ok, status: response.status, data: data }; },
          function () { return { ok: false, status: response.status, data: null }; }
        );
      })
      .then(function (result) {
        button.removeAttribute("aria-busy");
        if (result.ok) {
          showState(result.data.page.id, result.data);
          updateMenu(result.data);
          announce(form, result.data.status);
        } else if (result.data && result.data.error) {
          announce(form, result.data.error);
        } else {
          form.submit(); // let the server answer as it does without JavaScript
        }
      })
      .catch(function () {
        button.removeAttribute("aria-busy");
        form.submit();
      });
  });

  function openMenus() {
    return document.querySelectorAll("details[data-shortcuts-menu][open]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    Array.prototype.forEach.call(openMenus(), function (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });

  document.addEventListener("click", function (event) {
    Array.prototype.forEach.call(openMenus(), function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });
})();
