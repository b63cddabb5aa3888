/*
 * Bulle's additions to Decap CMS, loaded by admin/index.html after Decap itself.
 *
 * "bulle-liens": the project's links, written as the YAML mapping that Bulle's
 * checker expects ("Libellé: https://adresse", one per line). Decap has no widget
 * for a label -> address mapping, and its list widget would write a list instead.
 * Plain ES5 with Decap's globals (CMS, h, createClass): no build step.
 */
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  if (!CMS || !h || !createClass) { return; }

  function toPairs(value) {
    if (!value) { return []; }
    var plain = typeof value.toJS === "function" ? value.toJS() : value;
    if (typeof plain !== "object" || Array.isArray(plain)) { return []; }
    return Object.keys(plain).map(function (label) {
      return [label, plain[label] == null ? "" : String(plain[label])];
    });
  }

  function toMapping(pairs) {
    var result = {};
    pairs.forEach(function (pair) {
      var label = pair[0].trim();
      if (label) { result[label] = pair[1].trim(); }
    });
    return result;
  }

  var LinksControl = createClass({
    getInitialState: function () { return { pairs: toPairs(this.props.value) }; },

    update: function (pairs) {
      this.setState({ pairs: pairs });
      this.props.onChange(toMapping(pairs));
    },

    edit: function (index, part, text) {
      var pairs = this.state.pairs.map(function (pair) { return pair.slice(); });
      pairs[index][part] = text;
      this.update(pairs);
    },

    render: function () {
      var self = this;
      var rows = this.state.pairs.map(function (pair, index) {
        return h("div", { key: index, className: "bulle-link-row",
                          style: { display: "flex", gap: "8px", marginBottom: "8px" } },
          h("input", { type: "text", value: pair[0], placeholder: "Site du service",
                       "aria-label": "Libellé du lien " + (index + 1),
                       className: self.props.classNameWrapper, style: { flex: "1" },
                       onChange: function (event) { self.edit(index, 0, event.target.value); } }),
          h("input", { type: "url", value: pair[1], placeholder: "https://…",
                       "aria-label": "Adresse du lien " + (index + 1),
                       className: self.props.classNameWrapper, style: { flex: "2" },
                       onChange: function (event) { self.edit(index, 1, event.target.value); } }),
          h("button", { type: "button",
                        onClick: function () {
                          self.update(self.state.pairs.filter(function (_, i) { return i !== index; }));
                        } }, "Retirer"));
      });
      return h("div", { id: this.props.forID },
        rows,
        h("button", { type: "button",
                      onClick: function () { self.update(self.state.pairs.concat([["", ""]])); } },
          "Ajouter un lien"));
    }
  });

  var LinksPreview = function (props) {
    var pairs = toPairs(props.value);
    return h("ul", {}, pairs.map(function (pair, index) {
      return h("li", { key: index }, pair[0] + " : " + pair[1]);
    }));
  };

  CMS.registerWidget("bulle-liens", LinksControl, LinksPreview);
}());
