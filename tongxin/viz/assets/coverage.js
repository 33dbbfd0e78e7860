(function () {
  "use strict";
  var table = document.getElementById("tx-coverage");
  var headers = table.tHead.rows[0].cells;
  var body = table.tBodies[0];
  function key(row, col, numeric) {
    var v = row.cells[col].getAttribute("data-value") || "";
    if (!numeric) { return v; }
    var n = parseFloat(v);
    return isNaN(n) ? -Infinity : n;
  }
  function sortBy(col) {
    var th = headers[col];
    var numeric = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    for (var i = 0; i < headers.length; i++) { headers[i].removeAttribute("aria-sort"); }
    th.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col, numeric), y = key(b, col, numeric);
      var c = numeric ? (x - y) : String(x).localeCompare(String(y), "zh-Hans-CN");
      return c !== 0 ? sign * c : (a.rowIndex - b.rowIndex);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(headers, function (th, col) {
    th.querySelector("button").addEventListener("click", function () { sortBy(col); });
  });
})();
