/* Bulle: small improvements of the pages, each one optional. */

/* Material's search box is a dialog without a name: give it the name of its field. */
(function () {
  "use strict";
  var dialog = document.querySelector(".md-search[role=dialog]");
  var field = dialog && dialog.querySelector("input[aria-label]");
  if (field && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", field.getAttribute("aria-label"));
  }
})();

/* Material's menu button of small screens is a <label>, out of reach of the
 * keyboard: put a real button, named in the site's language, in its place. */
(function () {
  "use strict";
  var label = document.querySelector('label.md-header__button[for="__drawer"]');
  var toggle = document.getElementById("__drawer");
  var name = document.querySelector('meta[name="bulle:menu"]');
  if (!label || !toggle || !name) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className + " bulle-menu";
  button.setAttribute("aria-label", name.content);
  button.innerHTML = label.innerHTML;  // Material's icon
  function sync() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
  button.addEventListener("click", function () { toggle.click(); });
  toggle.addEventListener("change", sync);
  label.replaceWith(button);
  sync();
})();

/* Filters of the project list, without reloading the page.
 * Without JavaScript each filter is a link to a page listing the matching
 * projects; with it, filters combine (phase + theme + cohort) in place and
 * the address keeps them (?phase=…&theme=…&cohort=…) for sharing. Only the
 * full list (not the per-filter pages) holds every card, so only it filters. */
(function () {
  "use strict";
  var nav = document.querySelector("[data-bulle-filters]");
  if (!nav || !window.URLSearchParams || !history.replaceState) return;
  var facets = ["phase", "theme", "cohort"];
  var state = {};
  var params = new URLSearchParams(location.search);
  facets.forEach(function (facet) { state[facet] = params.get(facet) || ""; });

  function matches(card) {
    return (!state.phase || card.dataset.phase === state.phase) &&
      (!state.theme || (" " + card.dataset.themes + " ").indexOf(" " + state.theme + " ") >= 0) &&
      (!state.cohort || card.dataset.cohort === state.cohort);
  }

  function apply() {
    var shown = 0;
    document.querySelectorAll(".bulle-card").forEach(function (card) {
      var ok = matches(card);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    document.querySelectorAll("[data-bulle-group]").forEach(function (group) {
      group.hidden = !group.querySelector(".bulle-card:not([hidden])");
    });
    var none = document.querySelector("[data-bulle-none]");
    if (none) none.hidden = shown > 0;
    nav.querySelectorAll("a[data-facet]").forEach(function (link) {
      var on = state[link.dataset.facet] === link.dataset.value;
      if (on) link.setAttribute("aria-current", link.dataset.value ? "page" : "true");
      else link.removeAttribute("aria-current");
    });
    var status = document.querySelector("[data-bulle-status]");
    var key = shown > 1 ? "bulleShown" : shown === 1 ? "bulleShownOne" : "bulleShownNone";
    var text = nav.dataset[key] || "{count}";
    if (status) status.textContent = text.replace("{count}", shown);
  }

  var status = document.createElement("p");
  status.className = "bulle-sr";
  status.setAttribute("role", "status");
  status.dataset.bulleStatus = "";
  nav.appendChild(status);

  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-facet]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    state[link.dataset.facet] = link.dataset.value;
    var query = new URLSearchParams();
    facets.forEach(function (facet) { if (state[facet]) query.set(facet, state[facet]); });
    var text = query.toString();
    history.replaceState(null, "", location.pathname + (text ? "?" + text : ""));
    apply();
  });

  apply();
})();
