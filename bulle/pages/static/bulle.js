/* Bulle: small improvements of the pages, each one optional. */

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

/* Search page: Pagefind's index, fetched piece by piece as words are typed.
 * A large site has several indexes (data-bulle-search-more: their folders in the
 * bundle), merged here into one search.
 * The form also works as a plain GET form (?q=…), so a query can be shared. */
(function () {
  "use strict";
  var form = document.querySelector("[data-bulle-search]");
  if (!form || !window.URLSearchParams) return;
  var input = form.querySelector("input[name=q]");
  var list = document.querySelector("[data-bulle-search-results]");
  var status = document.querySelector("[data-bulle-search-status]");
  var labels = document.querySelector("[data-bulle-search-labels]").dataset;
  var bundle = new URL(form.dataset.bulleSearch, location.href);
  var loading = null;
  var latest = 0;

  function engine() {
    if (!loading) {
      loading = import(bundle.href + "pagefind.js").then(function (pagefind) {
        // Results come as paths from the site's root: keep them under this site's own path.
        var options = { baseUrl: new URL("../", bundle).pathname };
        var more = (form.dataset.bulleSearchMore || "").split(" ").filter(Boolean);
        return pagefind.options(options).then(function () {
          return Promise.all(more.map(function (folder) {
            return pagefind.mergeIndex(new URL(folder, bundle).pathname, options);
          }));
        }).then(function () {
          return pagefind;
        });
      });
    }
    return loading;
  }

  function say(template, query, count) {
    return template.replace("{query}", query).replace("{count}", count);
  }

  function show(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = labels.searching;
    engine().then(function (pagefind) {
      return pagefind.debouncedSearch(query, {}, 200);
    }).then(function (search) {
      if (!search || ticket !== latest) return null;
      var shown = search.results.slice(0, 20);
      return Promise.all(shown.map(function (result) { return result.data(); })).then(function (items) {
        if (ticket !== latest) return;
        list.replaceChildren.apply(list, items.map(function (item) {
          var li = document.createElement("li");
          var link = document.createElement("a");
          link.href = item.url;
          link.textContent = (item.meta && item.meta.title) || item.url;
          var heading = document.createElement("h2");
          heading.className = "bulle-search__title";
          heading.appendChild(link);
          var excerpt = document.createElement("p");
          excerpt.className = "bulle-search__excerpt";
          excerpt.innerHTML = item.excerpt;  // Pagefind escapes the text and adds <mark> only
          li.append(heading, excerpt);
          return li;
        }));
        var count = search.results.length;
        status.textContent = say(count === 0 ? labels.none : count === 1 ? labels.one : labels.many,
                                 query, count);
      });
    }).catch(function () { status.textContent = ""; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", location.pathname + "?q=" + encodeURIComponent(input.value));
    show(input.value);
  });
  input.addEventListener("input", function () { show(input.value); });
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    show(query);
  }
})();
