(function () {
  "use strict";
  var raw = JSON.parse(document.getElementById("tx-data").textContent);

  // Tooltips are DOM elements filled with textContent: names and quotes are shown as text, never parsed
  // as HTML, whatever the vis-network version does with string titles.
  function tip(text) {
    var div = document.createElement("div");
    div.className = "tx-tip";
    div.textContent = text;
    return div;
  }
  raw.nodes.forEach(function (n) { n.tip = n.title; n.title = tip(n.title); });
  raw.edges.forEach(function (e) { e.tip = e.title; e.title = tip(e.title); });

  var nodes = new vis.DataSet(raw.nodes);
  var edges = new vis.DataSet(raw.edges);
  var container = document.getElementById("tx-network");
  // Start empty so the stabilisation handlers below are attached before the data (and the layout) come.
  var network = new vis.Network(container, { nodes: new vis.DataSet(), edges: new vis.DataSet() }, raw.options);
  window.tongxinNetwork = network;
  window.tongxinData = { nodes: nodes, edges: edges, highlight: raw.highlight, view: raw.view };
  window.tongxinStabilized = false;

  var loading = document.getElementById("tx-loading");
  var progress = document.getElementById("tx-progress");
  var details = document.getElementById("tx-details");

  function done() {
    if (window.tongxinStabilized) { return; }
    network.setOptions({ physics: { enabled: false } });
    network.fit();
    window.tongxinStabilized = true;
    if (loading && loading.parentNode) { loading.parentNode.removeChild(loading); }
    document.dispatchEvent(new CustomEvent("tongxin:stabilized"));
  }

  network.on("stabilizationProgress", function (p) {
    if (progress) progress.textContent = Math.round((100 * p.iterations) / Math.max(1, p.total)) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  network.setData({ nodes: nodes, edges: edges });
  if (!raw.options.physics || raw.options.physics.enabled === false || nodes.length === 0) {
    window.setTimeout(done, 0);
  } else {
    window.setTimeout(done, raw.maxLayoutMs);  // never leave physics running
  }

  network.on("click", function (params) {
    var text = "点击节点或关系查看详情。";
    if (params.nodes.length) {
      text = nodes.get(params.nodes[0]).tip;
    } else if (params.edges.length) {
      text = edges.get(params.edges[0]).tip;
    }
    details.textContent = text;
  });
})();
