// Events map: a vector world (no tile server: the app is offline) and clustered markers by type.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) return;
  var colours = JSON.parse(document.getElementById("colours").textContent);
  var status = document.getElementById("map-status");
  var map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([30, 30], 2);

  function text(tag, value, cls) {
    var node = document.createElement(tag);
    node.textContent = value == null ? "" : String(value);  // textContent: never parsed as HTML
    if (cls) node.className = cls;
    return node;
  }

  fetch(el.dataset.world).then(function (r) { return r.json(); }).then(function (topo) {
    var land = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(land, { interactive: false, style: { color: "#8a9bab", weight: 0.6, fillColor: "#f2efe6", fillOpacity: 1 } })
      .addTo(map).bringToBack();
  });

  fetch(el.dataset.geojson).then(function (r) {
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.json();
  }).then(function (fc) {
    // Clusters take the colour of their most frequent event type.
    var cluster = L.markerClusterGroup({ maxClusterRadius: 40, iconCreateFunction: function (c) {
      var counts = {}, best = null;
      c.getAllChildMarkers().forEach(function (m) {
        var t = m.options.title; counts[t] = (counts[t] || 0) + 1;
        if (best === null || counts[t] > counts[best] || (counts[t] === counts[best] && t < best)) best = t;
      });
      var n = c.getChildCount();
      return L.divIcon({ className: "event-cluster", iconSize: [30, 30],
        html: '<span style="background:' + (colours[best] || "#888") + '">' + n + "</span>" });
    } });
    fc.features.forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      var icon = L.divIcon({ className: "event-marker", iconSize: [14, 14],
        html: '<span class="dot" style="background:' + (colours[p.type] || "#888") + '"></span>' });
      var marker = L.marker([c[1], c[0]], { icon: icon, title: p.type });
      marker.bindPopup(function () {
        var box = document.createElement("div");
        box.appendChild(text("strong", p.type + (p.date ? " · " + p.date : "")));
        box.appendChild(text("div", (p.source || "?") + " → " + (p.target || "?") + " · " + (p.place || "")));
        box.appendChild(text("div", p.sentence, "evidence"));
        var a = text("a", "open event");
        a.href = "/events/" + encodeURIComponent(p.id);
        box.appendChild(a);
        return box;
      });
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);
    if (fc.features.length) map.fitBounds(cluster.getBounds(), { maxZoom: 6, padding: [30, 30] });
    status.textContent = fc.features.length + " located events on the map.";
    el.dataset.markers = String(fc.features.length);
  }).catch(function (err) {
    status.textContent = "Could not load events: " + err.message;
  });
})();
